/**
 * Shared numeric tolerances and conventions of the quant layer.
 *
 * @packageDocumentation
 */

/**
 * Default relative tolerance used by the quant layer's own accuracy checks (1e-12).
 *
 * @example
 * ```ts
 * relErr(1 + 1e-13, 1) < PRECISION; // true
 * ```
 */
export const PRECISION = 1e-12;

/**
 * Calendar days per year used to turn year fractions into days (theta is per calendar day).
 *
 * @example
 * ```ts
 * const oneDay = 1 / DAYS_PER_YEAR; // in years
 * ```
 */
export const DAYS_PER_YEAR = 365;

/**
 * Relative error |got − want| / |want|.
 *
 * If `want` is exactly 0 the absolute error |got| is returned instead. If both are identical
 * (including equal infinities) the error is 0. If either is NaN, or `want` is infinite and
 * `got` is not equal to it, the error is `Infinity` (so that `relErr(...) < tol` fails loudly).
 *
 * @param got - the computed value
 * @param want - the reference value
 * @returns the relative error (or absolute error when `want === 0`)
 *
 * @example
 * ```ts
 * relErr(1.0000001, 1);   // ≈ 1e-7
 * relErr(3e-13, 0);       // 3e-13 (absolute, since want is 0)
 * ```
 */
export function relErr(got: number, want: number): number {
  if (got === want) return 0;
  if (Number.isNaN(got) || Number.isNaN(want) || !Number.isFinite(want)) return Infinity;
  const diff = Math.abs(got - want);
  if (want === 0) return diff;
  // |want| ≥ Number.MIN_VALUE > 0 here; the max() only documents the guard against a zero divisor.
  return diff / Math.max(Math.abs(want), Number.MIN_VALUE);
}
