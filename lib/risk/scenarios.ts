import { beat } from "@/lib/quant/heartbeat";
import { stopPoint } from "@/lib/quant/stop-point";
import { mulberry32 } from "@/lib/quant/prng";
import type { Underlying } from "@/lib/market/types";
import { horizonReturns, type JointReturns } from "./history/returns";
import { NU, U_INDEX, type Scenarios } from "./book";
import { volShiftFor } from "./vol-rule";

/**
 * Market scenarios for the risk measures, each a set of per-underlying log returns over the horizon
 * with implied vols moved by the vol-beta rule (./vol-rule.ts):
 * - **historical**: the overlapping h-observation returns of the history (./history/returns.ts);
 * - **filtered historical** (Hull & White 1998; Barone-Adesi et al. 1999): each daily return divided
 *   by its EWMA volatility forecast (λ = 0.94, RiskMetrics 1996) and multiplied by today's, then
 *   summed over h consecutive days;
 * - **Monte Carlo**: joint normal or Student-t (ν = 5, scaled to unit variance) draws with today's
 *   EWMA covariance × h, from a seeded PRNG (Mulberry32).
 * A multi-day return (across a gap of d days) counts as d days of variance: its daily-equivalent is r/√d.
 *
 * @packageDocumentation
 */

/** RiskMetrics decay factor for daily data. */
export const EWMA_LAMBDA = 0.94;
/** Returns used to seed the EWMA recursion (their mean square). */
export const EWMA_SEED_RETURNS = 30;
/** Degrees of freedom of the Student-t Monte Carlo. */
export const STUDENT_T_DOF = 5;

/** Scenarios from per-underlying log-return arrays of equal length. */
export function scenariosFrom(underlyings: readonly Underlying[], returns: Partial<Record<Underlying, Float64Array>>, n: number): Scenarios {
  const logReturn = new Float64Array(n * NU);
  const volShiftPts = new Float64Array(n * NU);
  for (const u of underlyings) {
    const r = returns[u]!;
    const k = U_INDEX[u];
    for (let s = 0; s < n; s++) {
      logReturn[s * NU + k] = r[s]!;
      volShiftPts[s * NU + k] = volShiftFor(u, r[s]!);
    }
  }
  return { n, logReturn, volShiftPts };
}

/** Historical scenarios over h joint observations from (the last returns of) a joint history. */
export function historicalScenarios(joint: JointReturns, h: number): Scenarios {
  const hr = horizonReturns(joint, h);
  return scenariosFrom(joint.underlyings, hr.logReturns, hr.endDay.length);
}

/**
 * EWMA variance forecasts of a daily-equivalent return series x (= r/√span): v[t] is the forecast
 * for x[t] made before it (v[0] = mean of the first {@link EWMA_SEED_RETURNS} squares); v[n] is
 * today's forecast. v[t+1] = λ·v[t] + (1 − λ)·x[t]².
 */
export function ewmaVariances(x: Float64Array, lambda = EWMA_LAMBDA): Float64Array {
  const n = x.length;
  const v = new Float64Array(n + 1);
  const m = Math.min(n, EWMA_SEED_RETURNS);
  let seed = 0;
  for (let i = 0; i < m; i++) seed += x[i]! * x[i]!;
  v[0] = m > 0 ? seed / m : 0;
  for (let t = 0; t < n; t++) v[t + 1] = lambda * v[t]! + (1 - lambda) * x[t]! * x[t]!;
  return v;
}

function dailyEquivalent(joint: JointReturns, u: Underlying): Float64Array {
  const r = joint.logReturns[u]!;
  const x = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) x[i] = r[i]! / Math.sqrt(joint.spanDays[i]!);
  return x;
}

/**
 * The joint history with every return rescaled to today's EWMA volatility: r*[t] = x[t]·σ_today/σ[t]
 * (x = daily-equivalent return, σ[t] its forecast). The recursion runs over all of `full`; the last
 * `keep` rescaled returns are returned (as one-day returns).
 */
export function filteredReturns(full: JointReturns, keep: number): JointReturns {
  const n = full.endDay.length;
  const k = Math.min(keep, n);
  const logReturns: Partial<Record<Underlying, Float64Array>> = {};
  for (const u of full.underlyings) {
    const x = dailyEquivalent(full, u);
    const v = ewmaVariances(x);
    const today = Math.sqrt(v[n]!);
    const out = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const t = n - k + i;
      const sd = Math.sqrt(v[t]!);
      out[i] = sd > 0 ? (x[t]! * today) / sd : 0;
    }
    logReturns[u] = out;
  }
  return { underlyings: full.underlyings, endDay: full.endDay.slice(n - k), spanDays: new Int32Array(k).fill(1), logReturns };
}

/** Today's EWMA covariance matrix (daily, of daily-equivalent log returns), k × k row-major. */
export function ewmaCovariance(full: JointReturns, lambda = EWMA_LAMBDA): Float64Array {
  const us = full.underlyings;
  const k = us.length;
  const xs = us.map((u) => dailyEquivalent(full, u));
  const n = full.endDay.length;
  const cov = new Float64Array(k * k);
  const m = Math.min(n, EWMA_SEED_RETURNS);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let t = 0; t < m; t++) s += xs[a]![t]! * xs[b]![t]!;
      let c = m > 0 ? s / m : 0;
      for (let t = 0; t < n; t++) c = lambda * c + (1 - lambda) * xs[a]![t]! * xs[b]![t]!;
      cov[a * k + b] = c;
    }
  return cov;
}

/** Lower Cholesky factor of a k × k symmetric positive semi-definite matrix (zero pivots kept at 0). */
export function cholesky(m: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = m[i * k + j]!;
      for (let p = 0; p < j; p++) s -= l[i * k + p]! * l[j * k + p]!;
      if (i === j) l[i * k + i] = s > 0 ? Math.sqrt(s) : 0;
      else l[i * k + j] = l[j * k + j]! > 0 ? s / l[j * k + j]! : 0;
    }
  return l;
}

/** Standard normal draws from a uniform PRNG (Box–Muller, both variates used). */
export function normalSource(seed: number): () => number {
  const u = mulberry32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const u1 = 1 - u(); // (0, 1]
    const r = Math.sqrt(-2 * Math.log(u1));
    const th = 2 * Math.PI * u();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
}

/**
 * Monte Carlo scenarios: `paths` joint log returns over h days, N(0, h·Σ) or a multivariate
 * Student-t with ν = {@link STUDENT_T_DOF} scaled to the same covariance (z·√((ν−2)/W), W ~ χ²_ν),
 * Σ = `cov` over `underlyings`. Same seed → same scenarios.
 */
export function monteCarloScenarios(underlyings: readonly Underlying[], cov: Float64Array, h: number, paths: number, seed: number, dist: "normal" | "t"): Scenarios {
  const k = underlyings.length;
  const l = cholesky(cov, k);
  const z = normalSource(seed);
  const logReturn = new Float64Array(paths * NU);
  const volShiftPts = new Float64Array(paths * NU);
  const e = new Float64Array(k);
  const sqrtH = Math.sqrt(h);
  const nu = STUDENT_T_DOF;
  for (let s = 0; s < paths; s++) {
    beat();
    stopPoint(); // nothing of this loop is kept outside it
    for (let a = 0; a < k; a++) e[a] = z();
    let scale = sqrtH;
    if (dist === "t") {
      let w = 0;
      for (let j = 0; j < nu; j++) {
        const g = z();
        w += g * g;
      }
      scale *= Math.sqrt((nu - 2) / w);
    }
    for (let a = 0; a < k; a++) {
      let r = 0;
      for (let b = 0; b <= a; b++) r += l[a * k + b]! * e[b]!;
      r *= scale;
      const u = underlyings[a]!;
      logReturn[s * NU + U_INDEX[u]] = r;
      volShiftPts[s * NU + U_INDEX[u]] = volShiftFor(u, r);
    }
  }
  return { n: paths, logReturn, volShiftPts };
}
