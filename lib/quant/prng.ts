/**
 * Mulberry32: a small, fast, seedable 32-bit PRNG (T. Ettinger, public domain), uniform in [0, 1).
 * Used where results must be reproducible (sampled attribution, Monte Carlo checks).
 * @example const rnd = mulberry32(42); rnd(); // same sequence for the same seed
 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
