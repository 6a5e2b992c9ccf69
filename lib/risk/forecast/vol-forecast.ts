import { atmImpliedVol } from "@/lib/market/reference-vol";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import { gapsIn, isoDay, jointReturns, type PriceHistory } from "../history/returns";
import { EWMA_LAMBDA, ewmaVariances } from "../scenarios";
import { averageVariance, fitGarch, garchTermStructure, type GarchParams } from "./garch";
import { percentileOf, regimeOf, CALM_BELOW, STRESSED_ABOVE } from "./regime";
import type { VolForecastOut } from "./types";

/**
 * The volatility forecast of one underlying, and the variance process the Monte Carlo simulates.
 *
 * 1. Daily-equivalent log returns x = r/√span of the last `lookbackReturns` days of the history
 *    (a multi-day return across a data gap counts as `span` days of variance).
 * 2. EWMA, λ = 0.94 (RiskMetrics Technical Document, 1996, §5.2): v_{t+1} = λ·v_t + (1 − λ)·x_t²
 *    (lib/risk/scenarios.ts `ewmaVariances`, seeded with the mean square of the first 30 returns).
 * 3. GARCH(1,1) by maximum likelihood (./garch.ts) when there are ≥ 250 returns; otherwise the
 *    reason is given and EWMA drives the simulation as an integrated GARCH (ω = 0, α = 1 − λ, β = λ:
 *    the same recursion, a flat forecast).
 * 4. Implied: the snapshot's at-the-money (strike = spot) implied vol for a maturity of d days,
 *    interpolated in total variance between its SVI slices (lib/quant/svi `interpolatedVol`, the
 *    function lib/market/reference-vol.ts uses).
 * 5. **Blend (ASSUMPTION)**: over the simulation horizon H, the average daily variance is
 *    V_blend = w·V_model(H) + (1 − w)·V_implied(H), w = {@link BLEND_WEIGHT}; the model's variance
 *    process is scaled by c² = V_blend/V_model (ω and the next-day variance × c²; α, β unchanged —
 *    a GARCH scaled this way is again a GARCH whose returns are c × the original's). So the
 *    simulated paths keep the model's clustering and mean reversion and their H-day variance is the
 *    blend of history and market.
 * 6. Regime: the percentile of the next-day forecast among the model's in-sample conditional
 *    variances (./regime.ts).
 *
 * @packageDocumentation
 */

/** Weight of the historical model in the blend with the implied term structure (ASSUMPTION: an even blend). */
export const BLEND_WEIGHT = 0.5;
/** Horizons (days) of the term structure shown. */
export const TERM_DAYS = [1, 7, 30] as const;
const DAYS_PER_YEAR = 365;

/** The variance process simulated for one underlying (already blended). */
export interface SimulatedVariance {
  params: GarchParams;
  /** the historical model's own parameters (unblended: the forecast check's) */
  modelParams: GarchParams;
  /** variance of the first simulated day */
  nextVariance: number;
  /** x in the look-back (daily equivalents) and the model's conditional variances, for the forecast check */
  x: Float64Array;
  /** variances[i]: the model's variance of the return ending on endDay[i] (made the day before) */
  variances: Float64Array;
  endDay: Int32Array;
}

const annual = (dailyVariance: number) => Math.sqrt(Math.max(0, dailyVariance) * DAYS_PER_YEAR);

/**
 * Forecast of `u` (for display) and the blended variance process (for the simulation) over
 * `horizonDays`, or a message when there is no history at all.
 */
export function volForecast(history: PriceHistory, snapshot: MarketSnapshot, u: Underlying, lookbackReturns: number, horizonDays: number): { out: VolForecastOut; sim: SimulatedVariance } | string {
  const j = jointReturns(history, [u], lookbackReturns);
  if (typeof j === "string") return j;
  const r = j.logReturns[u]!;
  const n = r.length;
  if (n < 2) return `Too little price history for ${u}: ${n} daily return(s)`;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = r[i]! / Math.sqrt(j.spanDays[i]!);
  const ewma = ewmaVariances(x, EWMA_LAMBDA);
  const fit = fitGarch(x);
  const garch = typeof fit === "string" ? null : fit;
  const params: GarchParams = garch ?? { omega: 0, alpha: 1 - EWMA_LAMBDA, beta: EWMA_LAMBDA };
  const variances = garch ? garch.variances : ewma;
  const next = variances[n]!;
  const maxDays = Math.max(horizonDays, ...TERM_DAYS);
  const term = garchTermStructure(params, next, maxDays);
  const implied = (d: number) => atmImpliedVol(snapshot, u, d) ** 2 / DAYS_PER_YEAR;
  const blend = (d: number) => BLEND_WEIGHT * averageVariance(term, d) + (1 - BLEND_WEIGHT) * implied(d);
  const vModel = averageVariance(term, horizonDays);
  const c2 = vModel > 0 ? blend(horizonDays) / vModel : 0;
  // A history that never moves has no model variance: the implied alone then sets a flat variance.
  const sim: SimulatedVariance =
    vModel > 0
      ? { params: { omega: params.omega * c2, alpha: params.alpha, beta: params.beta }, modelParams: params, nextVariance: next * c2, x, variances, endDay: j.endDay }
      : { params: { omega: 0, alpha: 0, beta: 1 }, modelParams: params, nextVariance: (1 - BLEND_WEIGHT) * implied(horizonDays), x, variances, endDay: j.endDay };
  const pct = percentileOf(next, variances.subarray(1, n));
  const out: VolForecastOut = {
    underlying: u,
    returns: n,
    fromIso: isoDay(j.endDay[0]! - j.spanDays[0]!),
    toIso: isoDay(j.endDay[n - 1]!),
    gaps: gapsIn(j).length,
    ewma: { lambda: EWMA_LAMBDA, nextAnnualVol: annual(ewma[n]!) },
    garch: garch
      ? {
          omega: garch.omega,
          alpha: garch.alpha,
          beta: garch.beta,
          standardErrors: garch.standardErrors,
          logLikelihood: garch.logLikelihood,
          persistence: garch.persistence,
          longRunAnnualVol: annual(garch.longRunVariance),
          converged: garch.converged,
        }
      : null,
    garchMessage: typeof fit === "string" ? `${u}: ${fit}; EWMA (λ = ${EWMA_LAMBDA}) drives the forecast instead.` : null,
    model: garch ? "garch" : "ewma",
    termStructure: [...new Set([...TERM_DAYS, horizonDays])]
      .sort((a, b) => a - b)
      .map((d) => ({ days: d, modelAnnualVol: annual(averageVariance(term, d)), impliedAnnualVol: Math.sqrt(implied(d) * DAYS_PER_YEAR), blendedAnnualVol: annual(blend(d)) })),
    blendWeight: BLEND_WEIGHT,
    regime: { label: regimeOf(pct), percentile: pct, calmBelow: CALM_BELOW, stressedAbove: STRESSED_ABOVE },
  };
  return { out, sim };
}
