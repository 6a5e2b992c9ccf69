import { beat } from "@/lib/quant/heartbeat";
import { stopPoint } from "@/lib/quant/stop-point";
import type { RiskColumn, RiskComponent } from "./types";

/**
 * Value at Risk and Expected Shortfall of a set of equally likely scenarios, and their Euler
 * decomposition over the columns of a P&L matrix.
 *
 * Definitions (losses L = −P&L, n scenarios, sorted from the largest loss down):
 * - VaR_α = the k-th largest loss, k = ⌈n·(1 − α)⌉ (n = 1,000, α = 99 %: the 10th largest);
 * - ES_α = the mean of the k′ largest losses, k′ = ⌈n·(1 − α)⌉ (97.5 %: the 25 largest of 1,000).
 * Euler components: a column's component VaR is its own loss in the VaR scenario and its component
 * ES its mean loss over the ES tail, so the components sum exactly to VaR and ES (the historical
 * counterpart of x_i·∂VaR/∂x_i, Tasche 2000 / Hallerbach 2003). Incremental VaR of a column is
 * VaR(book) − VaR(book without it).
 *
 * @packageDocumentation
 */

/** Confidence levels outside this open interval are refused with a message. */
export const CONFIDENCE_RANGE = { min: 0.5, max: 0.9999 } as const;

/** Tolerance for ⌈n·(1−α)⌉: n·(1 − 0.99) with n = 1,000 is 10.000000000000009 in binary. */
const COUNT_EPS = 1e-9;

/** Fewest scenarios a VaR is computed from (a year of daily returns). */
export const MIN_SCENARIOS = 250;

/** Number of tail scenarios ⌈n·(1 − α)⌉. */
export function tailCount(n: number, confidence: number): number {
  return Math.max(1, Math.ceil(n * (1 - confidence) - COUNT_EPS));
}

/** A message when a confidence level is outside (0.5, 0.9999), else null. */
export function checkConfidence(confidence: number, what: string): string | null {
  if (!Number.isFinite(confidence) || !(confidence > CONFIDENCE_RANGE.min && confidence < CONFIDENCE_RANGE.max))
    return `${what} confidence must be between ${CONFIDENCE_RANGE.min * 100} % and ${CONFIDENCE_RANGE.max * 100} % (exclusive); got ${Number.isFinite(confidence) ? `${confidence * 100} %` : String(confidence)}`;
  return null;
}

/** A message when n scenarios are too few for a confidence level, else null. */
export function checkScenarioCount(n: number, confidence: number, what: string): string | null {
  if (n < MIN_SCENARIOS) return `Too little history for ${what}: ${n} scenarios, at least ${MIN_SCENARIOS} needed`;
  if (n * (1 - confidence) < 1 - COUNT_EPS) return `Too little history for ${what} at ${confidence * 100} %: ${n} scenarios, at least ${Math.ceil(1 / (1 - confidence) - COUNT_EPS)} needed`;
  return null;
}

export interface TailResult {
  var: number;
  es: number;
  /** scenario index of the VaR loss */
  varIndex: number;
  /** scenario indices of the ES tail (largest loss first) */
  esTail: Int32Array;
  /** losses sorted from the largest down */
  sortedLosses: Float64Array;
}

/**
 * VaR and ES of P&L scenarios (see the module comment for the definitions).
 *
 * @example
 * ```ts
 * // P&L −10, −5, −1, 0, 2 (n = 5), α = 0.6: k = ⌈5·0.4⌉ = 2 → VaR = 5; ES at 0.6: mean(10, 5) = 7.5
 * varEs(Float64Array.from([-10, -5, -1, 0, 2]), 0.6, 0.6); // { var: 5, es: 7.5, … }
 * ```
 */
export function varEs(pnl: Float64Array, varConfidence: number, esConfidence: number): TailResult {
  const n = pnl.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Largest loss (most negative P&L) first; ties by index, so the result is deterministic.
  order.sort((a, b) => pnl[a]! - pnl[b]! || a - b);
  const sortedLosses = new Float64Array(n);
  for (let i = 0; i < n; i++) sortedLosses[i] = 0 - pnl[order[i]!]!; // 0 − x: a zero P&L is a loss of +0, not −0
  const kv = Math.min(n, tailCount(n, varConfidence));
  const ke = Math.min(n, tailCount(n, esConfidence));
  let sum = 0;
  for (let i = 0; i < ke; i++) sum += sortedLosses[i]!;
  return { var: sortedLosses[kv - 1]!, es: sum / ke, varIndex: order[kv - 1]!, esTail: order.slice(0, ke), sortedLosses };
}

/** The VaR alone (an order statistic found by a sort of a copy). */
export function varOnly(pnl: Float64Array, confidence: number): number {
  const sorted = Float64Array.from(pnl).sort();
  return 0 - sorted[Math.min(pnl.length, tailCount(pnl.length, confidence)) - 1]!;
}

/**
 * Euler components and incremental VaR of each column of a row-major P&L matrix (n × columns)
 * whose row sums are `total`.
 */
export function components(pnl: Float64Array, total: Float64Array, columns: readonly RiskColumn[], tail: TailResult, varConfidence: number, withIncremental = true): RiskComponent[] {
  const nCol = columns.length;
  const n = total.length;
  const without = new Float64Array(n);
  return columns.map((col, c) => {
    beat();
    stopPoint(); // nothing of this loop is kept outside it
    let es = 0;
    for (let j = 0; j < tail.esTail.length; j++) es -= pnl[tail.esTail[j]! * nCol + c]!;
    if (withIncremental) for (let s = 0; s < n; s++) without[s] = total[s]! - pnl[s * nCol + c]!;
    return {
      id: col.id,
      name: col.name,
      kind: col.kind,
      componentVar: 0 - pnl[tail.varIndex * nCol + c]!,
      componentEs: es / tail.esTail.length,
      incrementalVar: withIncremental ? tail.var - varOnly(without, varConfidence) : null,
    };
  });
}

/**
 * Standard error of a VaR estimated from n independent draws: half the spread between the order
 * statistics √(n·p·(1−p)) ranks either side of the VaR rank (the binomial spread of the count of
 * losses above the true quantile, p = 1 − α).
 */
export function varStandardError(sortedLosses: Float64Array, confidence: number): number {
  const n = sortedLosses.length;
  const k = tailCount(n, confidence) - 1;
  const d = Math.max(1, Math.round(Math.sqrt(n * (1 - confidence) * confidence)));
  const lo = Math.max(0, k - d);
  const hi = Math.min(n - 1, k + d);
  return (sortedLosses[lo]! - sortedLosses[hi]!) / 2;
}
