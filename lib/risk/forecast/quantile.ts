/**
 * Quantiles of a sample: linear interpolation between order statistics (R's type 7, Hyndman & Fan,
 * "Sample quantiles in statistical packages", The American Statistician 50 (1996) 361–365):
 * Q(p) = x_(⌊h⌋) + (h − ⌊h⌋)·(x_(⌊h⌋+1) − x_(⌊h⌋)), h = (n − 1)·p, x sorted ascending (0-based).
 *
 * @example
 * ```ts
 * quantileSorted([1, 2, 3, 4], 0.5); // h = 1.5 → 2.5
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
