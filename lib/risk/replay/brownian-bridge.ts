import { mulberry32 } from "@/lib/quant/prng";

/**
 * A seeded Brownian bridge in log price between known points (daily closes), sampled at equal
 * sub-steps (hours).
 *
 * Between two known log prices a (at step 0) and b (at step n), with per-step volatility σ:
 *   W_j = σ·(z_1 + … + z_j), z_i independent standard normals (Box–Muller on mulberry32),
 *   X_j = a + (b − a)·j/n + (W_j − (j/n)·W_n),  j = 0 … n,
 * the standard construction of a Brownian bridge from a random walk (e.g. Glasserman, *Monte Carlo
 * Methods in Financial Engineering*, §3.1): X_0 = a and X_n = b exactly (set, not computed), and in
 * between the path wanders with variance σ²·j·(n − j)/n around the straight line.
 *
 * @packageDocumentation
 */

/** Standard normal draws from a uniform source (Box–Muller; the second draw of each pair is kept for the next call). */
export function normalSource(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = uniform();
    while (u <= 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/**
 * Fills the bridge between consecutive knots. `knots[k]` is the log price at step `knotSteps[k]`
 * (ascending, first 0); returns the log price at every step 0 … last knot step. The same `shocks`
 * (one standard normal per step) may be shared by several underlyings to move them together.
 *
 * @param knots - log prices at the knots
 * @param knotSteps - step index of each knot (strictly increasing, first 0)
 * @param sigmaPerStep - σ of one step's log return
 * @param shocks - standard normals, one per step (index j is the shock of step j → j+1); length ≥ last knot step
 *
 * @example
 * ```ts
 * bridgePath([0, Math.log(0.9)], [0, 24], 0, new Float64Array(24)); // the straight line: step 12 = ln(0.9)/2
 * ```
 */
export function bridgePath(knots: readonly number[], knotSteps: readonly number[], sigmaPerStep: number, shocks: Float64Array): Float64Array {
  const last = knotSteps[knotSteps.length - 1]!;
  const out = new Float64Array(last + 1);
  out[0] = knots[0]!;
  for (let k = 0; k + 1 < knots.length; k++) {
    const s0 = knotSteps[k]!;
    const n = knotSteps[k + 1]! - s0;
    const a = knots[k]!;
    const b = knots[k + 1]!;
    let wn = 0;
    for (let j = 0; j < n; j++) wn += shocks[s0 + j]!;
    wn *= sigmaPerStep;
    let w = 0;
    for (let j = 1; j < n; j++) {
      w += sigmaPerStep * shocks[s0 + j - 1]!;
      out[s0 + j] = a + ((b - a) * j) / n + (w - (j / n) * wn);
    }
    out[s0 + n] = b;
  }
  return out;
}

/** `n` standard normals from a seed (mulberry32 + Box–Muller): the same seed, the same shocks. */
export function seededShocks(seed: number, n: number): Float64Array {
  const normal = normalSource(mulberry32(seed));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = normal();
  return out;
}
