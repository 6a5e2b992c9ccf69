/**
 * Timing helpers shared by the Node benchmark scripts (no assertions: they print figures).
 */

/** Median of a non-empty list (the upper middle for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall-clock milliseconds of `runs` calls of `fn`, after one warm-up call (JIT). */
export function time(runs: number, fn: () => void): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}
