/**
 * Least-squares calibration of one raw SVI slice to market implied vols.
 *
 * Method: Levenberg–Marquardt on the vol residuals σ_model(k) − σ_market(k), over a
 * re-parameterisation that makes every iterate satisfy the bounds checked by `validateSvi`:
 *
 *     ρ   = RHO_LIMIT·tanh(x_ρ)                         → |ρ| < 1
 *     b   = SLOPE_LIMIT/(1+|ρ|)·logistic(x_b)           → 0 ≤ b, b(1+|ρ|) ≤ 4
 *     σ   = SIGMA_FLOOR + e^{x_σ}                       → σ > 0
 *     m   = M_LIMIT·tanh(x_m / M_LIMIT)                 → m inside ±M_LIMIT (log-moneyness)
 *     a   = e^{x_w} − b·σ·√(1−ρ²)                       → min_k w(k) = e^{x_w} > 0
 *
 * so the minimum total variance is positive and the wings obey the slope bound by construction;
 * no step is ever rejected for leaving the feasible set. Several starting points derived from the
 * data (ATM level, wing slopes, location of the smile's minimum) are tried and the best fit kept.
 *
 * Total variance w = σ_BS²·T with T in 365-day years; k = ln(K/F).
 *
 * References: J. Gatheral, "A parsimonious arbitrage-free implied volatility parameterization"
 * (Global Derivatives, 2004); J. Gatheral, A. Jacquier, "Arbitrage-free SVI volatility surfaces",
 * Quantitative Finance 14(1), 2014; K. Levenberg (1944), D. Marquardt (1963).
 *
 * @packageDocumentation
 */
import { sviTotalVariance, validateSvi, type SviParams } from "./svi";

/** One market quote: log-forward-moneyness and its implied vol (0.5 = 50 %). */
export interface SviFitPoint {
  /** k = ln(K/F) */
  k: number;
  /** annualised implied volatility, as a fraction */
  vol: number;
  /** relative weight of the point in the least squares (default 1) */
  weight?: number;
}

/** The outcome of a calibration: parameters and the fit error, or why no fit was made. */
export type SviFitResult =
  | {
      ok: true;
      params: SviParams;
      /** root-mean-square of σ_model − σ_market over the points, in vol points (1 = 1 % vol) */
      rmseVolPts: number;
      /** largest |σ_model − σ_market| over the points, in vol points */
      maxAbsErrVolPts: number;
      /** number of quotes used */
      points: number;
      /** Levenberg–Marquardt iterations of the retained start */
      iterations: number;
    }
  | { ok: false; reason: string };

export interface SviFitOptions {
  /** iteration cap per starting point (default 200) */
  maxIterations?: number;
}

/** Fewest distinct strikes a five-parameter slice is fitted to. */
export const SVI_FIT_MIN_POINTS = 5;
/** |ρ| stays strictly below 1 by this margin (ρ = ±0.999 is already a degenerate smile). */
export const RHO_LIMIT = 0.999;
/** Rogers–Tehranchi bound on the steepest wing slope: b(1+|ρ|) ≤ 4. */
export const SLOPE_LIMIT = 4;
/** Smallest σ (curvature of the smile's vertex), in log-moneyness. */
export const SIGMA_FLOOR = 1e-4;
/** The vertex m is kept within ±M_LIMIT of the forward (e^3 ≈ 20× the forward). */
export const M_LIMIT = 3;
/** Relative decrease of the objective below which an iteration counts as converged. */
const CONVERGENCE_REL = 1e-13;
const LAMBDA_START = 1e-3;
const LAMBDA_MAX = 1e14;
/** Finite-difference step of the numerical Jacobian (in the transformed coordinates). */
const JACOBIAN_STEP = 1e-7;

const PARAMS = 5;

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function atanh(x: number): number {
  return 0.5 * Math.log((1 + x) / (1 - x));
}

/** Transformed coordinates → raw SVI parameters (always inside the bounds). */
function toParams(x: Float64Array): SviParams {
  const rho = RHO_LIMIT * Math.tanh(x[2]!);
  const b = (SLOPE_LIMIT / (1 + Math.abs(rho))) * logistic(x[1]!);
  const sigma = SIGMA_FLOOR + Math.exp(x[4]!);
  const m = M_LIMIT * Math.tanh(x[3]! / M_LIMIT);
  const wMin = Math.exp(x[0]!);
  const a = wMin - b * sigma * Math.sqrt(1 - rho * rho);
  return { a, b, rho, m, sigma };
}

/** Raw SVI parameters (already clamped inside the bounds) → transformed coordinates. */
function fromParams(p: { wMin: number; b: number; rho: number; m: number; sigma: number }): Float64Array {
  const rho = Math.max(-0.95, Math.min(0.95, p.rho)) / RHO_LIMIT;
  const bMax = SLOPE_LIMIT / (1 + Math.abs(rho * RHO_LIMIT));
  const bFrac = Math.max(1e-6, Math.min(0.95, p.b / bMax));
  const m = Math.max(-0.95 * M_LIMIT, Math.min(0.95 * M_LIMIT, p.m));
  return Float64Array.from([Math.log(Math.max(p.wMin, 1e-8)), logit(bFrac), atanh(rho), M_LIMIT * atanh(m / M_LIMIT), Math.log(Math.max(p.sigma - SIGMA_FLOOR, 1e-6))]);
}

interface Data {
  k: Float64Array;
  vol: Float64Array;
  sqrtW: Float64Array;
  years: number;
}

/** Weighted vol residuals of the coordinates x into `out`; returns ½‖r‖². */
function residuals(x: Float64Array, d: Data, out: Float64Array): number {
  const p = toParams(x);
  let f = 0;
  for (let i = 0; i < d.k.length; i++) {
    const w = sviTotalVariance(p, d.k[i]!);
    const model = w > 0 ? Math.sqrt(w / d.years) : 0;
    const r = d.sqrtW[i]! * (model - d.vol[i]!);
    out[i] = r;
    f += r * r;
  }
  return 0.5 * f;
}

/** Solves the symmetric positive-definite system A·x = b (n×n, row-major) by Cholesky; null if singular. */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let q = 0; q < j; q++) s -= l[i * n + q]! * l[j * n + q]!;
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let q = 0; q < i; q++) s -= l[i * n + q]! * y[q]!;
    y[i] = s / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let q = i + 1; q < n; q++) s -= l[q * n + i]! * x[q]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** Levenberg–Marquardt from one start; returns the final coordinates, objective and iterations. */
function levenbergMarquardt(x0: Float64Array, d: Data, maxIterations: number): { x: Float64Array; f: number; iterations: number } {
  const n = d.k.length;
  let x = Float64Array.from(x0);
  const r = new Float64Array(n);
  const rTrial = new Float64Array(n);
  const jac = new Float64Array(n * PARAMS);
  const jtj = new Float64Array(PARAMS * PARAMS);
  const jtr = new Float64Array(PARAMS);
  const damped = new Float64Array(PARAMS * PARAMS);
  const rhs = new Float64Array(PARAMS);
  let f = residuals(x, d, r);
  let lambda = LAMBDA_START;
  let it = 0;
  for (; it < maxIterations; it++) {
    // Numerical Jacobian by forward differences in the transformed coordinates.
    for (let j = 0; j < PARAMS; j++) {
      const h = JACOBIAN_STEP * Math.max(1, Math.abs(x[j]!));
      const xh = Float64Array.from(x);
      xh[j] = x[j]! + h;
      residuals(xh, d, rTrial);
      for (let i = 0; i < n; i++) jac[i * PARAMS + j] = (rTrial[i]! - r[i]!) / h;
    }
    jtj.fill(0);
    jtr.fill(0);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < PARAMS; p++) {
        const jp = jac[i * PARAMS + p]!;
        jtr[p] = jtr[p]! + jp * r[i]!;
        for (let q = 0; q <= p; q++) jtj[p * PARAMS + q] = jtj[p * PARAMS + q]! + jp * jac[i * PARAMS + q]!;
      }
    }
    for (let p = 0; p < PARAMS; p++) for (let q = p + 1; q < PARAMS; q++) jtj[p * PARAMS + q] = jtj[q * PARAMS + p]!;
    let improved = false;
    let fNew = f;
    let xNew = x;
    while (lambda < LAMBDA_MAX) {
      damped.set(jtj);
      for (let p = 0; p < PARAMS; p++) {
        const diag = jtj[p * PARAMS + p]!;
        damped[p * PARAMS + p] = diag + lambda * Math.max(diag, 1e-12);
        rhs[p] = -jtr[p]!;
      }
      const step = solveSpd(damped, rhs, PARAMS);
      if (step) {
        const xTrial = new Float64Array(PARAMS);
        for (let p = 0; p < PARAMS; p++) xTrial[p] = x[p]! + step[p]!;
        const fTrial = residuals(xTrial, d, rTrial);
        if (Number.isFinite(fTrial) && fTrial < f) {
          improved = true;
          fNew = fTrial;
          xNew = xTrial;
          r.set(rTrial);
          lambda = Math.max(lambda / 3, 1e-15);
          break;
        }
      }
      lambda *= 4;
    }
    if (!improved) break;
    const decrease = f - fNew;
    x = xNew;
    f = fNew;
    if (decrease <= CONVERGENCE_REL * (f + 1e-300) || f < 1e-30) {
      it++;
      break;
    }
  }
  return { x, f, iterations: it };
}

/** Starting points from the data: ATM level, wing slopes, vertex location and width. */
function startingPoints(d: Data): Float64Array[] {
  const n = d.k.length;
  let iMin = 0;
  let iAtm = 0;
  let kMin = Infinity;
  let kMax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (d.vol[i]! < d.vol[iMin]!) iMin = i;
    if (Math.abs(d.k[i]!) < Math.abs(d.k[iAtm]!)) iAtm = i;
    kMin = Math.min(kMin, d.k[i]!);
    kMax = Math.max(kMax, d.k[i]!);
  }
  const T = d.years;
  const wOf = (i: number) => d.vol[i]! * d.vol[i]! * T;
  // Index of the lowest and highest strike.
  let iLo = 0;
  let iHi = 0;
  for (let i = 0; i < n; i++) {
    if (d.k[i]! < d.k[iLo]!) iLo = i;
    if (d.k[i]! > d.k[iHi]!) iHi = i;
  }
  const wAtm = wOf(iAtm);
  const span = Math.max(kMax - kMin, 0.02);
  const left = d.k[iLo]! < d.k[iAtm]! ? (wOf(iLo) - wAtm) / (d.k[iLo]! - d.k[iAtm]!) : 0;
  const right = d.k[iHi]! > d.k[iAtm]! ? (wOf(iHi) - wAtm) / (d.k[iHi]! - d.k[iAtm]!) : 0;
  // For raw SVI the asymptotic slopes are b(ρ−1) on the left and b(ρ+1) on the right.
  let b0 = Math.max((right - left) / 2, 1e-3);
  let rho0 = (right + left) / (2 * b0);
  rho0 = Math.max(-0.9, Math.min(0.9, rho0));
  b0 = Math.min(b0, 3.5 / (1 + Math.abs(rho0)));
  const wLow = wOf(iMin);
  const starts: Float64Array[] = [];
  const vertices = [d.k[iMin]!, 0];
  const widths = [0.1 * span, 0.3 * span, 0.05];
  const rhos = [rho0, 0];
  for (const m of vertices) {
    for (const sigma of widths) {
      for (const rho of rhos) {
        starts.push(fromParams({ wMin: Math.max(0.5 * wLow, 1e-6), b: b0, rho, m, sigma: Math.max(sigma, 2 * SIGMA_FLOOR) }));
      }
    }
  }
  return starts;
}

/**
 * Fits one raw SVI slice (total variance, 365-day years) to implied vols by least squares in vol.
 *
 * Points with a non-finite k, a non-positive or non-finite vol or a non-positive weight are
 * ignored. At least SVI_FIT_MIN_POINTS distinct k are needed. The returned parameters always pass
 * `validateSvi` (b ≥ 0, |ρ| < 1, σ > 0, a + bσ√(1−ρ²) ≥ 0, b(1+|ρ|) ≤ 4); when the market smile
 * itself breaks a bound (e.g. a wing steeper than the slope limit) the fit stays on the bound and
 * the error reports the misfit.
 *
 * @param points - market quotes (k = ln(K/F), vol as a fraction)
 * @param years - time to expiry T in 365-day years (> 0)
 * @param options - iteration cap
 * @returns the parameters with RMSE and max error in vol points, or `{ ok: false, reason }`
 *
 * @example
 * ```ts
 * const truth = { a: 0.02, b: 0.1, rho: -0.3, m: 0.02, sigma: 0.15 };
 * const pts = [-0.4, -0.2, -0.1, 0, 0.1, 0.2, 0.4].map((k) => ({ k, vol: sviImpliedVol(truth, k, 0.25) }));
 * const fit = fitSviSlice(pts, 0.25);
 * if (fit.ok) fit.rmseVolPts; // ≈ 0 (exact data are reproduced)
 * ```
 */
export function fitSviSlice(points: readonly SviFitPoint[], years: number, options: SviFitOptions = {}): SviFitResult {
  if (!(years > 0) || !Number.isFinite(years)) return { ok: false, reason: `time to expiry must be positive (T = ${years} years)` };
  const usable = points.filter((p) => Number.isFinite(p.k) && Number.isFinite(p.vol) && p.vol > 0 && (p.weight === undefined || (Number.isFinite(p.weight) && p.weight > 0)));
  const distinct = new Set(usable.map((p) => p.k)).size;
  if (distinct < SVI_FIT_MIN_POINTS) {
    return { ok: false, reason: `${distinct} usable quote${distinct === 1 ? "" : "s"} (at least ${SVI_FIT_MIN_POINTS} distinct strikes with a positive implied vol are needed)` };
  }
  const d: Data = {
    k: Float64Array.from(usable, (p) => p.k),
    vol: Float64Array.from(usable, (p) => p.vol),
    sqrtW: Float64Array.from(usable, (p) => Math.sqrt(p.weight ?? 1)),
    years,
  };
  const maxIterations = options.maxIterations ?? 200;
  let best: { x: Float64Array; f: number; iterations: number } | null = null;
  for (const start of startingPoints(d)) {
    const run = levenbergMarquardt(start, d, maxIterations);
    if (Number.isFinite(run.f) && (best === null || run.f < best.f)) best = run;
  }
  if (!best) return { ok: false, reason: "the least-squares fit did not produce a finite error" };
  const params = toParams(best.x);
  const invalid = validateSvi(params);
  if (invalid) return { ok: false, reason: `the fitted slice is invalid: ${invalid}` };
  const err = sviFitError(params, usable, years);
  return { ok: true, params, rmseVolPts: err.rmseVolPts, maxAbsErrVolPts: err.maxAbsErrVolPts, points: usable.length, iterations: best.iterations };
}

/**
 * Fit error of an SVI slice against quotes: RMSE and max |σ_model − σ_market| in vol points
 * (unweighted, over every point given).
 *
 * @param params - SVI parameters
 * @param points - quotes (k = ln(K/F), vol as a fraction)
 * @param years - time to expiry in 365-day years
 * @returns `{ rmseVolPts, maxAbsErrVolPts }` (0 and 0 for no points)
 *
 * @example
 * ```ts
 * const flat = { a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1 }; // 20 % vol at T = 1
 * sviFitError(flat, [{ k: 0, vol: 0.21 }], 1); // { rmseVolPts: 1, maxAbsErrVolPts: 1 }
 * ```
 */
export function sviFitError(params: SviParams, points: readonly SviFitPoint[], years: number): { rmseVolPts: number; maxAbsErrVolPts: number } {
  if (points.length === 0) return { rmseVolPts: 0, maxAbsErrVolPts: 0 };
  let sq = 0;
  let max = 0;
  for (const p of points) {
    const w = sviTotalVariance(params, p.k);
    const model = w > 0 && years > 0 ? Math.sqrt(w / years) : 0;
    const e = (model - p.vol) * 100;
    sq += e * e;
    max = Math.max(max, Math.abs(e));
  }
  return { rmseVolPts: Math.sqrt(sq / points.length), maxAbsErrVolPts: max };
}
