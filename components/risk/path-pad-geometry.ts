/**
 * Geometry of the replay panel's drawing pad (pure: no React), so it can be tested in Node.
 */

/** A point of a drawn path as the form holds it (text: the worker validates the numbers). */
export interface PadPoint {
  hour: string;
  factor: string;
}

/** The pad's spot axis: × today's spot, from a 70 % fall to a 60 % rise (typed points may go beyond). */
export const PAD_FACTOR_RANGE = { min: 0.3, max: 1.6 } as const;
/** Hours shown: at least a day, else the last point's hour rounded up to a multiple of 12. */
const MIN_PAD_HOURS = 24;

/** Hours the pad spans for these points. */
export function padHours(points: readonly PadPoint[]): number {
  const last = Math.max(0, ...points.map((p) => Number(p.hour)).filter(Number.isFinite));
  return Math.max(MIN_PAD_HOURS, Math.ceil((last * 1.25) / 12) * 12);
}

/**
 * Where a click on the pad puts a point: the hour (whole hours, ≥ 0) and the spot factor (two
 * decimals, within the pad's range), from the click's position in the plot area (0…1 each way).
 *
 * @example
 * ```ts
 * pointAt(0.5, 0.5, 48); // { hour: 24, factor: 0.95 }  (y = 0.5 is half-way between 1.6 and 0.3)
 * ```
 */
export function pointAt(xFrac: number, yFrac: number, hours: number): { hour: number; factor: number } {
  const x = Math.min(1, Math.max(0, xFrac));
  const y = Math.min(1, Math.max(0, yFrac));
  const factor = PAD_FACTOR_RANGE.max - y * (PAD_FACTOR_RANGE.max - PAD_FACTOR_RANGE.min);
  return { hour: Math.round(x * hours), factor: Math.round(factor * 100) / 100 };
}

/**
 * The drawn path with a point placed at `hour`: a point already at that hour is replaced, the list
 * stays in hour order, and points whose hour is not yet a number keep their place at the end.
 */
export function withPoint(points: readonly PadPoint[], p: { hour: number; factor: number }): PadPoint[] {
  const next: PadPoint = { hour: String(p.hour), factor: p.factor.toFixed(2) };
  const typed = points.filter((q) => Number.isFinite(Number(q.hour)) && q.hour.trim() !== "");
  const untyped = points.filter((q) => !typed.includes(q));
  const kept = typed.filter((q) => Number(q.hour) !== p.hour);
  return [...[...kept, next].sort((a, b) => Number(a.hour) - Number(b.hour)), ...untyped];
}
