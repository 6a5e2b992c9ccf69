import { cholesky, normalSource } from "../scenarios";
import type { GarchParams } from "./garch";

/**
 * Seeded Monte Carlo of joint daily log returns with GARCH(1,1) variances (constant conditional
 * correlation: T. Bollerslev, "Modelling the coherence in short-run nominal exchange rates: a
 * multivariate generalized ARCH model", Rev. Econ. Stat. 72 (1990) 498–505).
 *
 * Per path and day t = 1…D, for every underlying k: z = L·e (e i.i.d. N(0, 1) from Mulberry32 +
 * Box–Muller, lib/risk/scenarios.ts `normalSource`; L the Cholesky factor of the correlation),
 * r_k = √h_k·z_k, R_k += r_k (the cumulative log return: spot_t = spot_0·e^{R_k}), then
 * h_k ← ω_k + α_k·r_k² + β_k·h_k. The cumulative returns are kept at the revaluation days only.
 * Same seed and inputs → the same paths.
 *
 * @packageDocumentation
 */

/** One simulated underlying: its (blended) GARCH parameters and the variance of day 1. */
export interface PathModel {
  params: GarchParams;
  nextVariance: number;
}

/** Cumulative log returns at the revaluation days: value of path p, day index d, underlying k at (p·nDays + d)·nU + k. */
export interface PathSet {
  paths: number;
  days: readonly number[];
  nU: number;
  cum: Float64Array;
}

/** Paths between progress reports. */
const PROGRESS_EVERY = 250;

/**
 * Simulates `paths` paths to the last of `days` (ascending whole days ≥ 1) for the models
 * (correlation `corr`, nU × nU row-major). `onProgress` gets the fraction of paths done.
 */
export function simulatePaths(models: readonly PathModel[], corr: Float64Array, days: readonly number[], paths: number, seed: number, onProgress?: (fraction: number) => void): PathSet {
  const nU = models.length;
  const nDays = days.length;
  const last = days[nDays - 1] ?? 0;
  const cum = new Float64Array(paths * nDays * nU);
  const l = cholesky(corr, nU);
  const z = normalSource(seed);
  const e = new Float64Array(nU);
  const h = new Float64Array(nU);
  const R = new Float64Array(nU);
  for (let p = 0; p < paths; p++) {
    for (let k = 0; k < nU; k++) {
      h[k] = models[k]!.nextVariance;
      R[k] = 0;
    }
    let d = 0;
    for (let t = 1; t <= last; t++) {
      for (let k = 0; k < nU; k++) e[k] = z();
      for (let k = 0; k < nU; k++) {
        let zk = 0;
        for (let b = 0; b <= k; b++) zk += l[k * nU + b]! * e[b]!;
        const r = Math.sqrt(Math.max(0, h[k]!)) * zk;
        R[k] = R[k]! + r;
        const m = models[k]!.params;
        h[k] = m.omega + m.alpha * r * r + m.beta * h[k]!;
      }
      if (t === days[d]) {
        const o = (p * nDays + d) * nU;
        for (let k = 0; k < nU; k++) cum[o + k] = R[k]!;
        d++;
      }
    }
    if (onProgress && (p + 1) % PROGRESS_EVERY === 0) onProgress((p + 1) / paths);
  }
  onProgress?.(1);
  return { paths, days, nU, cum };
}

/** Correlation matrix of a covariance matrix (zero variances: correlation 0 off the diagonal, 1 on it). */
export function correlationOf(cov: Float64Array, k: number): Float64Array {
  const c = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      const d = Math.sqrt(cov[a * k + a]! * cov[b * k + b]!);
      c[a * k + b] = a === b ? 1 : d > 0 ? Math.max(-1, Math.min(1, cov[a * k + b]! / d)) : 0;
    }
  return c;
}
