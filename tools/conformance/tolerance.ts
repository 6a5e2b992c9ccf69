/**
 * Tolerances of the conformance checks against external fixtures.
 *
 * @packageDocumentation
 */

/** Relative tolerance for every checked quantity (the brief: 1e-8 relative). */
export const CONFORMANCE_REL_TOL = 1e-8;

/** Absolute tolerance used near zero, in USD (the brief: 1e-6 absolute). */
export const CONFORMANCE_ABS_TOL_USD = 1e-6;

/**
 * True when `got` matches `expected` within {@link CONFORMANCE_REL_TOL} relative or
 * {@link CONFORMANCE_ABS_TOL_USD} absolute (whichever is looser).
 *
 * @param got - computed value
 * @param expected - fixture value
 * @returns whether they agree
 *
 * @example
 * ```ts
 * withinTolerance(100.000000001, 100); // true (1e-11 relative)
 * withinTolerance(5e-7, 0);            // true (absolute, near zero)
 * withinTolerance(1.001, 1);           // false
 * ```
 */
export function withinTolerance(got: number, expected: number): boolean {
  if (!Number.isFinite(got) || !Number.isFinite(expected)) return false;
  const diff = Math.abs(got - expected);
  return diff <= CONFORMANCE_ABS_TOL_USD || diff <= CONFORMANCE_REL_TOL * Math.abs(expected);
}
