import { beat } from "@/lib/quant/heartbeat";
import { stopPoint } from "@/lib/quant/stop-point";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import { yearsBetween } from "@/lib/market/snapshot";
import { instrumentName } from "@/lib/workspace/instrument-name";
import type { SubAccount } from "@/lib/workspace/schema";
import { jointReturns, type PriceHistory } from "../history/returns";
import { cholesky, EWMA_LAMBDA, ewmaCovariance } from "../scenarios";
import { VOL_RULE_TEXT } from "../var-report";
import { kupiec } from "../kupiec";
import { coverageOf, coverageWindows, type HistoricalModel } from "./coverage";
import { exposedUnderlyings, forwardMargin, REVALUATION_DAYS } from "./forward-margin";
import { SURFACE_NODES } from "./margin-surface";
import { checkForecastOptions, type ForecastOptions } from "./request";
import { correlationOf, type PathModel } from "./simulate";
import type { CoverageOut, ForecastReport, VolForecastOut } from "./types";
import { BLEND_WEIGHT, volForecast } from "./vol-forecast";
import { CALM_BELOW, STRESSED_ABOVE } from "./regime";

/**
 * Predictive margin of one sub-account (issue 15, part 2): the volatility forecast per underlying,
 * the forward distribution of its margin under its own rulebook, the probabilities of a margin call
 * and of liquidation, and the forecast check on the history. Pure; runs in the analysis worker.
 * Every figure is a model estimate, labelled as such (the `assumptions` lines).
 *
 * @packageDocumentation
 */

/** Rolling windows of the forecast check (about a year of days). */
export const COVERAGE_WINDOWS = 250;
/** Draws per day of the forecast check's band. */
export const COVERAGE_DRAWS = 400;
/** Central band of the forecasts (5 %–95 %). */
export const BAND = 0.9;
/** Days of the forecast check. */
const COVERAGE_DAYS = [1, 7] as const;
/** Seed offset of the forecast check's draws (independent of the paths). */
const COVERAGE_SEED_OFFSET = 7919;
/** Extra quantiles (in σ) of the forecast-check draws the surface must cover. */
const COVER_SIGMAS = [-4, -1.645, 1.645, 4];

/**
 * Expiries of the book within the horizon, one line per expiry: those contracts settle (cash, at
 * the simulated price: lib/market/scenario.ts rolls an expired forward to the spot) and leave the
 * margin from that day on.
 */
export function expiringWithin(sub: SubAccount, snapshot: MarketSnapshot, days: number): string[] {
  const byExpiry = new Map<string, { day: number; names: string[] }>();
  for (const p of sub.positions) {
    if (p.kind === "perp") continue;
    const e = snapshot.underlyings[p.underlying].expiries.find((x) => x.id === p.expiry);
    if (!e) continue;
    const day = yearsBetween(snapshot.asOf, e.expiryIso) * 365;
    if (day > days) continue;
    const key = `${p.underlying} ${e.id}`;
    const g = byExpiry.get(key) ?? { day, names: [] };
    g.names.push(instrumentName(p));
    byExpiry.set(key, g);
  }
  return [...byExpiry.entries()]
    .sort((x, y) => x[1].day - y[1].day)
    .map(([key, g]) => {
      const list = g.names.length <= 3 ? g.names.join(", ") : `${g.names.slice(0, 3).join(", ")} and ${g.names.length - 3} more`;
      return `${key} expires on day ${Math.round(Math.max(0, g.day) * 10) / 10} (${list}): from then on it is settled at the simulated price and no longer margined.`;
    });
}

/**
 * The forecast report, or a message for bad input (bad options, no history for an underlying the
 * book holds, a rulebook that refuses the book). `onProgress` receives the fraction done;
 * `baseCollateralVolMultiplier` is the what-if's "collateral volatility ×k" (scales every day's).
 */
export function forecastReport(sub: SubAccount, snapshot: MarketSnapshot, history: PriceHistory, o: ForecastOptions, onProgress?: (fraction: number) => void, baseCollateralVolMultiplier = 1): ForecastReport | string {
  const bad = checkForecastOptions(o);
  if (bad) return bad;
  const warnings: string[] = [...expiringWithin(sub, snapshot, o.maxHorizonDays)];
  const us = exposedUnderlyings(sub);
  const vols: VolForecastOut[] = [];
  const models: PathModel[] = [];
  const historical: HistoricalModel[] = [];
  for (const u of us) {
    beat();
    stopPoint(); // nothing of this loop is kept outside it
    const v = volForecast(history, snapshot, u, o.lookbackReturns, o.maxHorizonDays);
    if (typeof v === "string") return `Cannot forecast ${u}: ${v}`;
    vols.push(v.out);
    if (v.out.garchMessage) warnings.push(v.out.garchMessage);
    models.push({ params: v.sim.params, nextVariance: v.sim.nextVariance });
    const byDay = new Map<number, number>();
    for (let i = 0; i < v.sim.endDay.length; i++) byDay.set(v.sim.endDay[i]!, v.sim.variances[i]!);
    historical.push({ params: v.sim.modelParams, varianceByEndDay: byDay });
  }
  let corr: Float64Array = new Float64Array(0);
  let joint: ReturnType<typeof jointReturns> | null = null;
  if (us.length > 0) {
    joint = jointReturns(history, us, o.lookbackReturns);
    if (typeof joint === "string") return joint;
    corr = correlationOf(ewmaCovariance(joint), us.length);
  }
  if (us.length > 1) warnings.push("Cross-asset moves use today's EWMA correlation of series from different sources and sampling times: correlations are approximate.");
  const chol = cholesky(corr, us.length);

  // The forecast check's windows first: the surfaces of days 1 and 7 must cover their moves.
  const coverDays = COVERAGE_DAYS.filter((d) => d <= o.maxHorizonDays);
  const windows = new Map<number, ReturnType<typeof coverageWindows>>();
  const extraValues = new Map<number, Float64Array[]>();
  if (joint && typeof joint !== "string") {
    for (const h of coverDays) {
      beat();
      stopPoint(); // nothing of this loop is kept outside it
      const w = coverageWindows(joint, us, historical, h, COVERAGE_WINDOWS);
      windows.set(h, w);
      extraValues.set(
        h,
        us.map((_, k) => {
          const per = 1 + COVER_SIGMAS.length;
          const ex = new Float64Array(w.n * per);
          for (let i = 0; i < w.n; i++) {
            ex[i * per] = w.realised[i * us.length + k]!;
            COVER_SIGMAS.forEach((s, j) => (ex[i * per + 1 + j] = s * Math.sqrt(w.variance[i * us.length + k]!)));
          }
          return ex;
        }),
      );
    }
  }
  const fwd = forwardMargin(
    sub,
    snapshot,
    { us, models, corr, maxHorizonDays: o.maxHorizonDays, paths: o.paths, seed: o.seed, extraValues, baseCollateralVolMultiplier },
    onProgress ? (f) => onProgress(0.97 * f) : undefined,
  );
  if (typeof fwd === "string") return fwd;

  const coverage: CoverageOut[] = [];
  for (const h of coverDays) {
    const w = windows.get(h);
    const s = fwd.surfaces[fwd.days.indexOf(h)];
    if (!w || !s || w.n === 0) continue;
    const c = coverageOf(s, w, chol, COVERAGE_DRAWS, o.seed + COVERAGE_SEED_OFFSET, BAND);
    coverage.push({ days: h, nominal: BAND, observations: c.observations, imInside: c.imInside, mmInside: c.mmInside, imKupiecPValue: kupiec(c.observations, c.imMisses, 1 - BAND).pValue });
  }
  if (us.length > 0 && coverage.length === 0) warnings.push("Too little joint history to check the forecast on past days.");
  onProgress?.(1);
  const hist = { source: history.source, label: history.label, attribution: history.attribution };
  return {
    today: fwd.today,
    horizons: fwd.horizons,
    probabilities: fwd.probabilities,
    vols,
    coverage,
    engineCheck: fwd.engineCheck,
    engineCalls: fwd.engineCalls,
    paths: o.paths,
    seed: o.seed,
    maxHorizonDays: o.maxHorizonDays,
    revaluationDays: fwd.days,
    history: hist,
    assumptions: assumptionLines(us),
    warnings,
  };
}

function assumptionLines(us: readonly Underlying[]): string[] {
  return [
    `Estimates, not the venue's figures: margin is the rulebook's, applied by MarginLab to simulated markets.`,
    `Volatility: EWMA λ = ${EWMA_LAMBDA} (RiskMetrics 1996) and GARCH(1,1) fitted by Gaussian maximum likelihood (Bollerslev 1986) on daily-equivalent log returns (a gap of d days counts as d days of variance); GARCH needs 250 returns, else EWMA is used.`,
    `ASSUMPTION — blend: the simulated variance is scaled so its average over the horizon is ${BLEND_WEIGHT} × the model's + ${1 - BLEND_WEIGHT} × the snapshot's ATM implied variance for that horizon.`,
    `Regime: the next-day forecast's percentile among the model's own conditional variances over the look-back; calm below the ${CALM_BELOW * 100}th, stressed above the ${STRESSED_ABOVE * 100}th percentile (MarginLab convention).`,
    `Paths: joint daily log returns with GARCH variances and today's EWMA correlation (constant conditional correlation), seeded; ${VOL_RULE_TEXT}`,
    `Revaluation on days ${REVALUATION_DAYS.join(", ")} (up to the horizon): probabilities are first passages over these days and today, so beyond day 7 they are lower bounds.`,
    `Margin per path: the engine (applyScenario with the days forward, then the rulebook) at ${SURFACE_NODES} quantile nodes (and 0) per underlying and day on each underlying's sub-book, summed and interpolated; the engine check recomputes some paths on the whole book.`,
    `ASSUMPTION — dynamic haircuts: collateral vol follows each path's implied vol (vol rule) and the forecast's term structure through one collateral-vol multiplier per day (value-weighted over coin collateral).`,
    `Forecast check: today's book revalued on past moves; the band uses the historical model alone (no past implied vols), today's correlation, ${COVERAGE_DRAWS} draws a day.`,
    ...(us.length === 0 ? ["The book has no market exposure: its margin does not move with the market."] : []),
  ];
}
