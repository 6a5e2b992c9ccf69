import type { Underlying } from "@/lib/market/types";

/**
 * Result types of the predictive-margin forecast (lib/risk/forecast): what the worker returns and
 * the panel shows (components reach them through lib/engine/client/queries.ts). Every figure is a
 * model estimate, never a venue's number. USD unless named otherwise; vols are annualised fractions
 * (daily variance × 365).
 *
 * @packageDocumentation
 */

export type RegimeLabelOut = "calm" | "normal" | "stressed";

export interface GarchOut {
  omega: number;
  alpha: number;
  beta: number;
  standardErrors: { omega: number; alpha: number; beta: number } | null;
  logLikelihood: number;
  persistence: number;
  /** √(365·ω/(1 − α − β)) */
  longRunAnnualVol: number;
  converged: boolean;
}

/** The vol forecast of one underlying. */
export interface VolForecastOut {
  underlying: Underlying;
  /** returns in the fit and the dates they span */
  returns: number;
  fromIso: string;
  toIso: string;
  /** multi-day returns across data gaps inside the window */
  gaps: number;
  ewma: { lambda: number; nextAnnualVol: number };
  /** null when GARCH was not fitted (see garchMessage) */
  garch: GarchOut | null;
  /** why GARCH is not used (too little history, …): EWMA drives the simulation instead */
  garchMessage: string | null;
  /** the model driving the simulation */
  model: "garch" | "ewma";
  /** per horizon: the model's, the implied ATM and the blended average vol over the next `days` days */
  termStructure: { days: number; modelAnnualVol: number; impliedAnnualVol: number; blendedAnnualVol: number }[];
  /** weight of the historical model in the blend (the rest: implied) */
  blendWeight: number;
  regime: { label: RegimeLabelOut; percentile: number; calmBelow: number; stressedAbove: number };
}

/** Distribution of a USD figure across paths at one horizon. */
export interface Band {
  p5: number;
  median: number;
  p95: number;
}

export interface HorizonOut {
  days: number;
  im: Band;
  mm: Band;
  equity: Band;
  /** collateral-volatility multiplier of the dynamic haircuts at this horizon */
  collateralVolMultiplier: number;
}

export interface ProbabilityOut {
  days: number;
  /** P(equity < IM at some revaluation day ≤ days), with the IM check's equity */
  marginCall: number;
  /** P(equity < MM at some revaluation day ≤ days) */
  liquidation: number;
  /** Monte Carlo standard errors √(p(1 − p)/paths) */
  marginCallSe: number;
  liquidationSe: number;
}

export interface CoverageOut {
  days: number;
  /** band of the forecast (e.g. 0.90 for 5 %–95 %) */
  nominal: number;
  observations: number;
  /** share of days the realised IM / MM fell inside the forecast band */
  imInside: number;
  mmInside: number;
  /** Kupiec test of the IM band's misses against 1 − nominal */
  imKupiecPValue: number;
}

export interface EngineCheckOut {
  points: number;
  /** max |surface − engine| over the checked paths (USD) */
  maxAbsImError: number;
  maxAbsMmError: number;
  maxAbsEquityError: number;
  /** relative to today's IM */
  maxRelImError: number;
}

export interface ForecastReport {
  /** today (day 0) under the rulebook; initialEquity is the equity the IM check uses (after IM-side haircuts) */
  today: { equity: number; initialEquity: number; im: number; mm: number };
  horizons: HorizonOut[];
  probabilities: ProbabilityOut[];
  vols: VolForecastOut[];
  coverage: CoverageOut[];
  engineCheck: EngineCheckOut;
  /** engine calls (computeSubAccount) the report made: today, the surfaces, the check */
  engineCalls: number;
  paths: number;
  seed: number;
  maxHorizonDays: number;
  /** days at which the book is revalued under its rulebook */
  revaluationDays: number[];
  history: { source: "sample" | "live"; label: string; attribution: string };
  /** every model and assumption in words, for the UI */
  assumptions: string[];
  warnings: string[];
}
