import { beat } from "@/lib/quant/heartbeat";
import { nelderMead } from "./nelder-mead";

/**
 * GARCH(1,1) of daily log returns, fitted by (Gaussian) maximum likelihood.
 *
 * Model (T. Bollerslev, "Generalized autoregressive conditional heteroskedasticity", Journal of
 * Econometrics 31 (1986) 307–327): x_t = √h_t·z_t, z_t ~ N(0, 1) i.i.d.,
 *   h_{t+1} = ω + α·x_t² + β·h_t,   ω > 0, α ≥ 0, β ≥ 0, α + β < 1 (covariance stationary),
 * zero mean (daily crypto returns: the mean is negligible next to the volatility — the RiskMetrics
 * convention, J.P. Morgan/Reuters, RiskMetrics Technical Document, 4th ed., 1996, §5.2.1).
 * The recursion starts at h_1 = mean of x² over the sample (a common choice, e.g. Hamilton, Time
 * Series Analysis, 1994, §21.1 discusses it; the start matters little for long samples).
 * Log-likelihood: ℓ = −½·Σ_t [ln 2π + ln h_t + x_t²/h_t].
 *
 * Fitting: Nelder–Mead (./nelder-mead.ts) on unconstrained variables that keep every constraint
 * strictly: ω = v̄·e^{θ₀} (v̄ = mean x²), α + β = logistic(θ₁), α/(α + β) = logistic(θ₂); run twice
 * (a restart from the first optimum, as Nelder & Mead advise against false convergence).
 * Standard errors: the inverse of the observed information (numerical Hessian of −ℓ in ω, α, β,
 * central differences); null when the Hessian is not positive definite (an estimate on a bound).
 *
 * Multi-day returns across data gaps enter as daily equivalents x = r/√span (the convention of
 * lib/risk/scenarios.ts: a gap of d days is d days of variance).
 *
 * @packageDocumentation
 */

/** GARCH(1,1) parameters (daily variance units). */
export interface GarchParams {
  omega: number;
  alpha: number;
  beta: number;
}

/** A fitted GARCH(1,1). */
export interface GarchFit extends GarchParams {
  logLikelihood: number;
  /** standard errors of ω, α, β (null when the information matrix is not positive definite) */
  standardErrors: GarchParams | null;
  /** α + β */
  persistence: number;
  /** ω/(1 − α − β): the variance the forecast reverts to */
  longRunVariance: number;
  /** conditional variances: h[t] for x[t], h[n] = the forecast for the next day */
  variances: Float64Array;
  observations: number;
  converged: boolean;
}

/** Fewer returns than this: GARCH is not fitted (too little history), EWMA is used instead. */
export const GARCH_MIN_RETURNS = 250;

const LN_2PI = Math.log(2 * Math.PI);
/** Starting point of the search: α + β = 0.97, α = 0.08 (typical of daily financial returns). */
const START_PERSISTENCE = 0.97;
const START_ALPHA = 0.08;
/** Relative step of the numerical Hessian. */
const HESSIAN_REL_STEP = 1e-4;

/** Mean of x² (the sample second moment; the variance under the zero-mean assumption). */
export function meanSquare(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return x.length > 0 ? s / x.length : 0;
}

/**
 * Conditional variances of x under `p`, from h[0] = `h1` (default mean x²): length n + 1, the last
 * one is the forecast for the day after the sample.
 */
export function garchVariances(p: GarchParams, x: ArrayLike<number>, h1 = meanSquare(x)): Float64Array {
  const n = x.length;
  const h = new Float64Array(n + 1);
  h[0] = h1;
  for (let t = 0; t < n; t++) h[t + 1] = p.omega + p.alpha * x[t]! * x[t]! + p.beta * h[t]!;
  return h;
}

/**
 * Gaussian log-likelihood of x under `p` (h_1 = mean x²); −∞ when a variance is not positive.
 *
 * @example
 * ```ts
 * // x = [0.01, −0.02]: h1 = (0.0001 + 0.0004)/2 = 0.00025, h2 = ω + α·0.0001 + β·0.00025
 * garchLogLikelihood({ omega: 1e-5, alpha: 0.1, beta: 0.8 }, [0.01, -0.02]);
 * ```
 */
export function garchLogLikelihood(p: GarchParams, x: ArrayLike<number>): number {
  beat();
  const n = x.length;
  let h = meanSquare(x);
  let ll = 0;
  for (let t = 0; t < n; t++) {
    if (!(h > 0)) return -Infinity;
    const x2 = x[t]! * x[t]!;
    ll -= 0.5 * (LN_2PI + Math.log(h) + x2 / h);
    h = p.omega + p.alpha * x2 + p.beta * h;
  }
  return ll;
}

const logistic = (v: number) => 1 / (1 + Math.exp(-v));
const logit = (p: number) => Math.log(p / (1 - p));

function fromTheta(th: readonly number[], scale: number): GarchParams {
  const pers = logistic(th[1]!);
  const share = logistic(th[2]!);
  return { omega: scale * Math.exp(th[0]!), alpha: pers * share, beta: pers * (1 - share) };
}

/** Inverse of a symmetric 3 × 3 matrix (row-major), or null when it is singular. */
function inverse3(m: number[]): number[] | null {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!(Math.abs(det) > 0) || !Number.isFinite(det)) return null;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/** Standard errors from the numerical Hessian of −ℓ at `p` (null when not positive definite). */
export function garchStandardErrors(p: GarchParams, x: ArrayLike<number>): GarchParams | null {
  const v = [p.omega, p.alpha, p.beta];
  // relative steps, with a floor so a parameter at 0 still gets a step of its own scale
  const step = [Math.max(p.omega, 1e-3 * meanSquare(x)), Math.max(p.alpha, 1e-3), Math.max(p.beta, 1e-3)].map((t) => t * HESSIAN_REL_STEP);
  const nll = (w: number[]) => -garchLogLikelihood({ omega: w[0]!, alpha: w[1]!, beta: w[2]! }, x);
  const H = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = i; j < 3; j++) {
      const at = (si: number, sj: number) => {
        const w = v.slice();
        w[i] = w[i]! + si * step[i]!;
        w[j] = w[j]! + sj * step[j]!;
        return nll(w);
      };
      const val = i === j ? (at(1, 0) - 2 * nll(v) + at(-1, 0)) / (step[i]! * step[i]!) : (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * step[i]! * step[j]!);
      H[i * 3 + j] = val;
      H[j * 3 + i] = val;
    }
  const inv = inverse3(H);
  if (!inv || !(inv[0]! > 0 && inv[4]! > 0 && inv[8]! > 0)) return null;
  return { omega: Math.sqrt(inv[0]!), alpha: Math.sqrt(inv[4]!), beta: Math.sqrt(inv[8]!) };
}

/**
 * Maximum-likelihood GARCH(1,1) of x, or a message when the series is too short
 * (< {@link GARCH_MIN_RETURNS}) or has no variance.
 */
export function fitGarch(x: ArrayLike<number>): GarchFit | string {
  const n = x.length;
  if (n < GARCH_MIN_RETURNS) return `${n} daily returns are too few to fit GARCH(1,1) by maximum likelihood (at least ${GARCH_MIN_RETURNS} needed)`;
  const scale = meanSquare(x);
  if (!(scale > 0)) return "The price history does not move: no volatility to fit";
  const objective = (th: number[]) => -garchLogLikelihood(fromTheta(th, scale), x);
  const th0 = [Math.log(1 - START_PERSISTENCE), logit(START_PERSISTENCE), logit(START_ALPHA / START_PERSISTENCE)];
  const first = nelderMead(objective, th0, { step: 0.5, fTol: 1e-9, xTol: 1e-7, maxIterations: 2000 });
  const second = nelderMead(objective, first.x, { step: 0.1, fTol: 1e-10, xTol: 1e-8, maxIterations: 2000 });
  const best = second.f <= first.f ? second : first;
  const p = fromTheta(best.x, scale);
  const persistence = p.alpha + p.beta;
  return {
    ...p,
    logLikelihood: -best.f,
    standardErrors: garchStandardErrors(p, x),
    persistence,
    longRunVariance: p.omega / (1 - persistence),
    variances: garchVariances(p, x),
    observations: n,
    converged: second.converged,
  };
}

/**
 * Expected variance of day k = 1…days after the sample: E[h_{T+k}] = V_L + (α+β)^{k−1}·(h_{T+1} − V_L)
 * (Bollerslev 1986; e.g. Hull, Options, Futures and Other Derivatives, §23.4), V_L = ω/(1 − α − β).
 * With α + β = 1 (EWMA as an integrated GARCH) the forecast is flat at h_{T+1}.
 */
export function garchTermStructure(p: GarchParams, nextVariance: number, days: number): Float64Array {
  const out = new Float64Array(days);
  const pers = p.alpha + p.beta;
  if (!(pers < 1)) return out.fill(nextVariance);
  const vl = p.omega / (1 - pers);
  let decay = 1;
  for (let k = 0; k < days; k++) {
    out[k] = vl + decay * (nextVariance - vl);
    decay *= pers;
  }
  return out;
}

/** Mean of the first `days` values of a term structure (the average daily variance over the horizon). */
export function averageVariance(term: ArrayLike<number>, days: number): number {
  let s = 0;
  const d = Math.min(days, term.length);
  for (let k = 0; k < d; k++) s += term[k]!;
  return d > 0 ? s / d : 0;
}
