import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import { prepareRiskBook, revalue, totals, type RiskBook, type Scenarios } from "./book";
import { backtest, BACKTEST_WINDOW } from "./backtest";
import { gapsIn, isoDay, jointReturns, type JointReturns, type PriceHistory } from "./history/returns";
import { checkConfidence, checkScenarioCount, components, varEs, varStandardError } from "./measures";
import { ewmaCovariance, filteredReturns, historicalScenarios, monteCarloScenarios, STUDENT_T_DOF } from "./scenarios";
import type { RiskMeasure, RiskMethod, RiskReport } from "./types";
import { VOL_BETA } from "./vol-rule";

/** Inputs of a risk report (validated by the worker API; checked again here with messages). */
export interface RiskOptions {
  /** liquidation horizon, calendar days (2–10); the 1-day figures are always computed */
  horizonDays: number;
  varConfidence: number;
  esConfidence: number;
  /** the last this many joint daily returns are the historical scenarios */
  lookbackReturns: number;
  mcPaths: number;
  seed: number;
}

export const DEFAULT_RISK_OPTIONS: RiskOptions = { horizonDays: 5, varConfidence: 0.99, esConfidence: 0.975, lookbackReturns: 1000, mcPaths: 10_000, seed: 20_261_120 };

export const HORIZON_DAYS = { min: 2, max: 10 } as const;
export const LOOKBACK_RETURNS = { min: 250, max: 6000 } as const;
export const MC_PATHS = { min: 1000, max: 100_000 } as const;

/** Above this many P&L cells per measure, incremental VaR is computed for the historical methods only. */
const INCREMENTAL_CELLS = 2_000_000;

export const VOL_RULE_TEXT = `Implied vols move with each return: ATM Δσ = −β·(100·log return) vol points (smile in proportion), β = ${(Object.keys(VOL_BETA) as Underlying[]).map((u) => `${u} ${VOL_BETA[u]}`).join(", ")} (MarginLab assumption).`;

function measure(method: RiskMethod, book: RiskBook, sc: Scenarios, o: RiskOptions, withIncremental: boolean, seed?: number): RiskMeasure {
  const nCol = book.columns.length;
  const pnl = revalue(book, sc);
  const total = totals(pnl, sc.n, nCol);
  const tail = varEs(total, o.varConfidence, o.esConfidence);
  const comps = components(pnl, total, book.columns, tail, o.varConfidence, withIncremental);
  const m: RiskMeasure = { method, horizonDays: book.horizonDays, varConfidence: o.varConfidence, esConfidence: o.esConfidence, var: tail.var, es: tail.es, scenarios: sc.n, components: comps };
  if (seed !== undefined) {
    m.seed = seed;
    m.standardError = varStandardError(tail.sortedLosses, o.varConfidence);
  }
  return m;
}

/** Checks the options; a message for the first problem, else null. */
export function checkRiskOptions(o: RiskOptions): string | null {
  if (!Number.isInteger(o.horizonDays) || o.horizonDays < HORIZON_DAYS.min || o.horizonDays > HORIZON_DAYS.max)
    return `The liquidation horizon must be a whole number of days from ${HORIZON_DAYS.min} to ${HORIZON_DAYS.max}`;
  return checkConfidence(o.varConfidence, "VaR") ?? checkConfidence(o.esConfidence, "ES");
}

/**
 * VaR and ES of a sub-account's book on `base` (the market the user sees, what-if applied) over one
 * day and over the liquidation horizon, by full revaluation, with four scenario sets (historical,
 * filtered historical, Monte Carlo normal and Student-t), Euler components, incremental VaR and a
 * backtest of the 1-day historical VaR. Returns a message for bad input (never NaN figures).
 */
export function riskReport(sub: SubAccount, base: MarketSnapshot, history: PriceHistory, o: RiskOptions): RiskReport | string {
  const parts = riskReportInParts(sub, base, history, o);
  for (;;) {
    const step = parts.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link riskReport} in parts: the generator pauses (yields) after each measure, so the worker can
 * read its messages between them and stop a report the page no longer needs first (a more urgent
 * panel waits); its return value is the report. Every figure is the same as {@link riskReport}'s.
 */
export function* riskReportInParts(sub: SubAccount, base: MarketSnapshot, history: PriceHistory, o: RiskOptions): Generator<void, RiskReport | string, void> {
  const bad = checkRiskOptions(o);
  if (bad) return bad;
  const book1 = prepareRiskBook(sub, base, 1);
  if (typeof book1 === "string") return book1;
  const bookH = prepareRiskBook(sub, base, o.horizonDays);
  if (typeof bookH === "string") return bookH;
  const warnings: string[] = [];
  const exposed = book1.underlyings;
  // A book with no market exposure still gets dates (and zero risk) from BTC's history.
  const factors: Underlying[] = exposed.length > 0 ? exposed : ["BTC"];
  const full = jointReturns(history, factors);
  if (typeof full === "string") return full;
  const n = full.endDay.length;
  const keep = Math.min(n, Math.max(1, Math.floor(o.lookbackReturns)));
  const window: JointReturns = sliceLast(full, keep);
  const hCount = keep - o.horizonDays + 1;
  const short = checkScenarioCount(keep, o.varConfidence, "1-day VaR") ?? checkScenarioCount(hCount, o.varConfidence, `${o.horizonDays}-day VaR`) ?? checkScenarioCount(keep, o.esConfidence, "1-day ES");
  if (short) return `${short} (history of ${factors.join(", ")}: ${n} joint daily returns, ${keep} in the look-back)`;
  if (keep < o.lookbackReturns) warnings.push(`Only ${keep} joint daily returns of ${factors.join(", ")} exist: the look-back is shorter than the ${o.lookbackReturns} asked.`);
  if (exposed.length > 1) warnings.push("Cross-asset moves come from series of different sources and sampling times: correlations are approximate.");

  const cellsH = book1.columns.length * Math.max(keep, o.mcPaths);
  const incrementalMc = cellsH <= INCREMENTAL_CELLS;
  const measures: RiskMeasure[] = [];
  for (const book of [book1, bookH]) {
    const h = book.horizonDays;
    measures.push(measure("historical", book, historicalScenarios(window, h), o, true));
    yield;
    measures.push(measure("filtered-historical", book, historicalScenarios(filteredReturns(full, keep), h), o, true));
    yield;
  }
  const cov = ewmaCovariance(full);
  for (const book of [book1, bookH]) {
    const h = book.horizonDays;
    measures.push(measure("monte-carlo-normal", book, monteCarloScenarios(factors, cov, h, o.mcPaths, o.seed, "normal"), o, incrementalMc, o.seed));
    yield;
    measures.push(measure("monte-carlo-t", book, monteCarloScenarios(factors, cov, h, o.mcPaths, o.seed, "t"), o, incrementalMc, o.seed));
    yield;
  }
  if (!incrementalMc) warnings.push(`Incremental VaR is shown for the historical methods only with ${book1.columns.length} positions × ${o.mcPaths} paths.`);

  // Backtest: the book as it is today, 1-day historical VaR over a rolling year, on the look-back plus a warm-up year.
  const btJoint = sliceLast(full, Math.min(n, keep + BACKTEST_WINDOW));
  const bt = historicalScenarios(btJoint, 1);
  const btPnl = totals(revalue(book1, bt), bt.n, book1.columns.length);
  const bTest = backtest(btPnl, btJoint.endDay, o.varConfidence);

  return {
    history: {
      source: history.source,
      label: history.label,
      attribution: history.attribution,
      underlyings: factors,
      fromIso: isoDay(window.endDay[0]! - window.spanDays[0]!),
      toIso: isoDay(window.endDay[keep - 1]!),
      returns: keep,
      gaps: gapsIn(window),
    },
    horizonDays: o.horizonDays,
    volRule: `${VOL_RULE_TEXT} Filtered historical: EWMA λ = 0.94; Monte Carlo: EWMA covariance, normal and Student-t (ν = ${STUDENT_T_DOF}), ${o.mcPaths.toLocaleString("en-US")} paths, seed ${o.seed}. P&L over h days includes h days of time decay; multi-day returns across data gaps are kept as such.`,
    measures,
    backtest: bTest,
    baseValueUsd: book1.baseValueUsd,
    warnings,
  };
}

/** The last `k` returns of a joint history. */
export function sliceLast(j: JointReturns, k: number): JointReturns {
  const n = j.endDay.length;
  const from = n - Math.min(k, n);
  const logReturns: JointReturns["logReturns"] = {};
  for (const u of j.underlyings) logReturns[u] = j.logReturns[u]!.slice(from);
  return { underlyings: j.underlyings, endDay: j.endDay.slice(from), spanDays: j.spanDays.slice(from), logReturns };
}
