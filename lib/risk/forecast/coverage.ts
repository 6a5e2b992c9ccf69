import { beat } from "@/lib/quant/heartbeat";
import type { Underlying } from "@/lib/market/types";
import type { JointReturns } from "../history/returns";
import { normalSource } from "../scenarios";
import { garchTermStructure, type GarchParams } from "./garch";
import { evalSurface, type Surface } from "./margin-surface";
import { quantileSorted } from "./quantile";

/**
 * The forecast check: on the history, rolling, did the realised margin of today's book fall inside
 * the band the model forecast the day before?
 *
 * For each day t of the window and horizon h (1 or 7 joint days):
 * - forecast: per underlying the h-day variance Σ_{k<h} E_t[h_{t+k}]·span (the historical model's
 *   own conditional variance at t and its term structure — no implied vols exist for past days, so
 *   the check tests the historical model, not the blend); joint draws R = √var·(L·e) with today's
 *   correlation; the band is the 5 %–95 % quantiles of IM (and MM) over the draws, each draw valued
 *   on the margin surface of today's book at day h (./margin-surface.ts, the engine's figures);
 * - realised: the same surface at the cumulative log returns that actually followed;
 * - inside when band low ≤ realised ≤ band high.
 * The same draws e are used every day (common random numbers), so the check is seeded.
 * Seven-day windows overlap (one per day): their misses are not independent, which the Kupiec
 * p-value assumes — read it as indicative for 7 days.
 *
 * @packageDocumentation
 */

/** Share of observations inside [lo, hi] (both ends included); NaN for none. */
export function bandCoverage(realised: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  const n = realised.length;
  if (n === 0) return NaN;
  let inside = 0;
  for (let i = 0; i < n; i++) if (realised[i]! >= lo[i]! && realised[i]! <= hi[i]!) inside++;
  return inside / n;
}

/** Realised cumulative log returns and forecast variances of rolling windows (n × nU, row-major). */
export interface CoverageWindow {
  n: number;
  nU: number;
  /** ISO end day of each window */
  endDay: Int32Array;
  realised: Float64Array;
  variance: Float64Array;
}

/** The historical model of one underlying: its parameters and its conditional variance of the return ending on each day. */
export interface HistoricalModel {
  params: GarchParams;
  varianceByEndDay: Map<number, number>;
}

/**
 * The last `windows` rolling h-return windows of a joint history, with each underlying's forecast
 * variance made the day before the window opens. Windows whose first return has no model variance
 * (before the model's look-back) are skipped.
 */
export function coverageWindows(joint: JointReturns, us: readonly Underlying[], models: readonly HistoricalModel[], h: number, windows: number): CoverageWindow {
  const nRet = joint.endDay.length;
  const nU = us.length;
  const starts: number[] = [];
  for (let i = nRet - h; i >= 0 && starts.length < windows; i--) {
    if (models.every((m) => m.varianceByEndDay.has(joint.endDay[i]!))) starts.push(i);
  }
  starts.reverse();
  const n = starts.length;
  const realised = new Float64Array(n * nU);
  const variance = new Float64Array(n * nU);
  const endDay = new Int32Array(n);
  starts.forEach((i, w) => {
    endDay[w] = joint.endDay[i + h - 1]!;
    us.forEach((u, k) => {
      const r = joint.logReturns[u]!;
      const m = models[k]!;
      const term = garchTermStructure(m.params, m.varianceByEndDay.get(joint.endDay[i]!)!, h);
      let R = 0;
      let v = 0;
      for (let j = 0; j < h; j++) {
        R += r[i + j]!;
        v += term[j]! * joint.spanDays[i + j]!;
      }
      realised[w * nU + k] = R;
      variance[w * nU + k] = v;
    });
  });
  return { n, nU, endDay, realised, variance };
}

export interface CoverageCount {
  observations: number;
  imInside: number;
  mmInside: number;
  /** IM outside the band (count) */
  imMisses: number;
}

/**
 * Coverage of the `nominal` central band (0.9 → 5 %–95 %) over the windows, with `draws` joint
 * normal draws per day (Cholesky factor `chol` of the correlation, nU × nU), seeded.
 */
export function coverageOf(surface: Surface, win: CoverageWindow, chol: Float64Array, draws: number, seed: number, nominal: number): CoverageCount {
  const nU = win.nU;
  const z = normalSource(seed);
  const e = new Float64Array(draws * nU);
  for (let d = 0; d < draws; d++) {
    for (let k = 0; k < nU; k++) e[d * nU + k] = z();
  }
  // correlated standard draws, once
  const c = new Float64Array(draws * nU);
  for (let d = 0; d < draws; d++)
    for (let k = 0; k < nU; k++) {
      let s = 0;
      for (let b = 0; b <= k; b++) s += chol[k * nU + b]! * e[d * nU + b]!;
      c[d * nU + k] = s;
    }
  const lo = (1 - nominal) / 2;
  const hi = 1 - lo;
  const im = new Float64Array(draws);
  const mm = new Float64Array(draws);
  const R = new Float64Array(nU);
  const realIm = new Float64Array(win.n);
  const realMm = new Float64Array(win.n);
  const imLo = new Float64Array(win.n);
  const imHi = new Float64Array(win.n);
  const mmLo = new Float64Array(win.n);
  const mmHi = new Float64Array(win.n);
  for (let w = 0; w < win.n; w++) {
    beat();
    for (let d = 0; d < draws; d++) {
      for (let k = 0; k < nU; k++) R[k] = Math.sqrt(Math.max(0, win.variance[w * nU + k]!)) * c[d * nU + k]!;
      const f = evalSurface(surface, R);
      im[d] = f.im;
      mm[d] = f.mm;
    }
    im.sort();
    mm.sort();
    imLo[w] = quantileSorted(im, lo);
    imHi[w] = quantileSorted(im, hi);
    mmLo[w] = quantileSorted(mm, lo);
    mmHi[w] = quantileSorted(mm, hi);
    const real = evalSurface(surface, win.realised, w * nU);
    realIm[w] = real.im;
    realMm[w] = real.mm;
  }
  const imInside = bandCoverage(realIm, imLo, imHi);
  return { observations: win.n, imInside, mmInside: bandCoverage(realMm, mmLo, mmHi), imMisses: Math.round((1 - imInside) * win.n) };
}
