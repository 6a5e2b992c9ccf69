import type { Underlying } from "@/lib/market/types";

/**
 * Result types of the risk layer (lib/risk): the only part of it components import.
 * Sign convention: P&L is negative for a loss; VaR, ES and charges are positive USD losses.
 *
 * @packageDocumentation
 */

/** One column of the revaluation: a position, or collateral that moves with an underlying. */
export interface RiskColumn {
  id: string;
  name: string;
  kind: "position" | "collateral";
  underlying: Underlying;
}

export type RiskMethod = "historical" | "filtered-historical" | "monte-carlo-normal" | "monte-carlo-t";

/** Per column: Euler component VaR/ES (they sum to the totals) and incremental VaR. */
export interface RiskComponent {
  id: string;
  name: string;
  kind: RiskColumn["kind"];
  componentVar: number;
  componentEs: number;
  /** VaR of the book − VaR of the book without this column (negative: it hedges); null when not computed (very large books under Monte Carlo) */
  incrementalVar: number | null;
}

/** VaR and ES of one method over one horizon. */
export interface RiskMeasure {
  method: RiskMethod;
  horizonDays: number;
  varConfidence: number;
  esConfidence: number;
  /** USD, positive = loss */
  var: number;
  es: number;
  /** scenarios (historical) or paths (Monte Carlo) used */
  scenarios: number;
  /** Monte Carlo: the seed and the standard error of the VaR estimate (USD) */
  seed?: number;
  standardError?: number;
  components: RiskComponent[];
}

/** Which price history the figures use, and from when to when. */
export interface HistoryInUse {
  source: "sample" | "live";
  label: string;
  attribution: string;
  underlyings: Underlying[];
  fromIso: string;
  toIso: string;
  returns: number;
  /** returns across missing days inside the window (multi-day returns) */
  gaps: { endIso: string; spanDays: number }[];
}

export interface BacktestPoint {
  iso: string;
  pnl: number;
  /** the 1-day VaR predicted the day before (positive USD) */
  var: number;
  exceeded: boolean;
}

export interface KupiecResult {
  observations: number;
  exceedances: number;
  expected: number;
  /** likelihood-ratio statistic, χ²(1) under the null */
  lr: number;
  pValue: number;
  /** rejected at 5 % */
  rejected: boolean;
}

export interface BacktestResult {
  windowDays: number;
  confidence: number;
  points: BacktestPoint[];
  kupiec: KupiecResult;
}

export interface RiskReport {
  history: HistoryInUse;
  horizonDays: number;
  /** the vol-beta rule in words */
  volRule: string;
  measures: RiskMeasure[];
  backtest: BacktestResult | null;
  /** value of the book on the base market (positions at mark + collateral at market value) */
  baseValueUsd: number;
  warnings: string[];
}

/** One part of the Greeks-based margin of an underlying. */
export interface GreekCharge {
  part: "delta" | "gamma" | "vega" | "theta";
  usd: number;
  /** how it is computed, with the numbers */
  formula: string;
  /** the trade that zeroes it, or null when it is already 0 */
  hedge: string | null;
}

export interface GreeksMarginRow {
  underlying: Underlying;
  spot: number;
  /** spot shock (fraction) and vol shock (points) used, from the rulebook's grid */
  spotShock: number;
  volShockPts: number;
  charges: GreekCharge[];
  /** Σ of the charges (Taylor estimate of the worst loss) */
  taylorUsd: number;
  /** worst loss by full revaluation on the spot × vol grid (positive = loss) */
  fullRevaluationUsd: number;
}

export interface GreeksMarginReport {
  /** where the shock sizes come from */
  gridSource: string;
  horizonDays: number;
  rows: GreeksMarginRow[];
  taylorUsd: number;
  fullRevaluationUsd: number;
}

export interface StressVenueOutcome {
  profileId: string;
  name: string;
  mode: string;
  ok: boolean;
  error?: string;
  equityAfter?: number;
  mmAfter?: number;
  liquidated?: boolean;
}

export interface StressReplay {
  id: string;
  label: string;
  fromIso: string;
  toIso: string;
  /** per underlying: the move applied (fraction, −0.39 = −39 %) and the vol spike (points); null = no history that day */
  moves: Partial<Record<Underlying, { movePct: number; volShiftPts: number } | null>>;
  pnlUsd: number;
  /** under the sub-account's own rulebook */
  equityAfter: number | null;
  mmAfter: number | null;
  liquidated: boolean | null;
  venues: StressVenueOutcome[];
}

export interface StressReport {
  replays: StressReplay[];
  note: string;
}
