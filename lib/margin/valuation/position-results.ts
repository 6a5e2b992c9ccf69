import { UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import { instrumentName } from "@/lib/workspace/instrument-name";
import type { Requirement } from "@/lib/margin/rules/requirement";
import type { GreekTotals, PositionResult } from "@/lib/margin/result-types";
import { positionGreeks, preparePosition, valuePosition, type PreparedPosition, type Valuation } from "./position-value";

export interface PositionsView {
  prepared: PreparedPosition[];
  byUnderlying: Map<Underlying, PreparedPosition[]>;
  positions: PositionResult[];
  /** Σ position Greeks per underlying that has positions */
  greeks: Partial<Record<Underlying, GreekTotals>>;
  warnings: string[];
}

export const ZERO_GREEKS: GreekTotals = { delta: 0, gamma: 0, vega: 0, theta: 0, cashDelta: 0, cashGamma: 0 };

/** $ delta and $ gamma per 1 % move from delta and gamma at spot S (see GreekTotals). */
export function withCashGreeks(g: Omit<GreekTotals, "cashDelta" | "cashGamma">, spot: number): GreekTotals {
  return { ...g, cashDelta: g.delta * spot, cashGamma: 0.5 * g.gamma * spot * spot * 1e-4 };
}

/** Sum of Greek totals. */
export function addGreeks(a: GreekTotals, b: GreekTotals): GreekTotals {
  return { delta: a.delta + b.delta, gamma: a.gamma + b.gamma, vega: a.vega + b.vega, theta: a.theta + b.theta, cashDelta: a.cashDelta + b.cashDelta, cashGamma: a.cashGamma + b.cashGamma };
}

/**
 * Resolves a sub-account's positions against the (scenario) snapshot and values each: mark, P&L,
 * Greeks (per position and summed per underlying) and its requirement under `requirement`
 * (models without per-position requirements pass one that returns zeros). With `withGreeks` false
 * (the models' figures-only option) the Greeks are left at 0 and not computed.
 */
export function describePositions(sub: SubAccount, market: MarketSnapshot, requirement: (p: PreparedPosition, v: Valuation) => Requirement, withGreeks = true): PositionsView {
  const warnings: string[] = [];
  const prepared: PreparedPosition[] = [];
  for (const pos of sub.positions) {
    const p = preparePosition(pos, market);
    if (typeof p === "string") warnings.push(`${instrumentName(pos)} is left out: ${p}.`);
    else prepared.push(p);
  }
  const byUnderlying = new Map<Underlying, PreparedPosition[]>(UNDERLYINGS.map((u) => [u, []]));
  for (const p of prepared) byUnderlying.get(p.underlying)!.push(p);
  const greeks: Partial<Record<Underlying, GreekTotals>> = {};
  const positions: PositionResult[] = prepared.map((p) => {
    const v = valuePosition(p);
    const req = requirement(p, v);
    let withCash = ZERO_GREEKS;
    if (withGreeks) {
      const perCoin = positionGreeks(p, v);
      const g = { delta: p.size * perCoin.delta, gamma: p.size * perCoin.gamma, vega: p.size * perCoin.vega, theta: p.size * perCoin.theta };
      withCash = withCashGreeks(g, v.spot);
    }
    greeks[p.underlying] = addGreeks(greeks[p.underlying] ?? ZERO_GREEKS, withCash);
    return {
      id: p.position.id,
      name: instrumentName(p.position),
      kind: p.position.kind,
      underlying: p.underlying,
      size: p.size,
      entryPrice: p.position.entryPrice,
      mark: v.mark,
      iv: v.iv,
      notionalUsd: Math.abs(p.size) * v.spot,
      pnlUsd: p.size * (v.mark - p.position.entryPrice),
      im: req.im,
      mm: req.mm,
      greeks: withCash,
      isolated: null,
    };
  });
  return { prepared, byUnderlying, positions, greeks, warnings };
}
