import { UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import type { Requirement } from "@/lib/margin/rules/deribit-family";
import type { GreekTotals, PositionResult } from "@/lib/margin/result-types";
import { instrumentName, preparePosition, valuePosition, type MarketShift, type PreparedPosition, type Valuation } from "./position-value";

export interface PositionsView {
  prepared: PreparedPosition[];
  byUnderlying: Map<Underlying, PreparedPosition[]>;
  positions: PositionResult[];
  greeks: Partial<Record<Underlying, GreekTotals>>;
  warnings: string[];
}

/**
 * Resolves a sub-account's positions against the snapshot and values each at the current (shifted)
 * market: mark, P&L, spot Greeks (per position and summed per underlying) and its requirement
 * under `requirement` (models without per-position requirements pass one that returns zeros).
 */
export function describePositions(
  sub: SubAccount,
  snapshot: MarketSnapshot,
  shiftOf: (u: Underlying) => MarketShift,
  requirement: (p: PreparedPosition, v: Valuation) => Requirement,
): PositionsView {
  const warnings: string[] = [];
  const prepared: PreparedPosition[] = [];
  for (const pos of sub.positions) {
    const p = preparePosition(pos, snapshot);
    if (typeof p === "string") warnings.push(`${instrumentName(pos)} is left out: ${p}.`);
    else prepared.push(p);
  }
  const byUnderlying = new Map<Underlying, PreparedPosition[]>(UNDERLYINGS.map((u) => [u, []]));
  for (const p of prepared) byUnderlying.get(p.underlying)!.push(p);
  const greeks: Partial<Record<Underlying, GreekTotals>> = {};
  const positions: PositionResult[] = prepared.map((p) => {
    const v = valuePosition(p, shiftOf(p.underlying));
    const req = requirement(p, v);
    const g = { delta: p.size * v.delta, gamma: p.size * v.gamma, vega: p.size * v.vega, theta: p.size * v.theta };
    const t = (greeks[p.underlying] ??= { delta: 0, gamma: 0, vega: 0, theta: 0, cashDelta: 0, cashGamma: 0 });
    t.delta += g.delta;
    t.gamma += g.gamma;
    t.vega += g.vega;
    t.theta += g.theta;
    t.cashDelta += g.delta * v.spot;
    t.cashGamma += 0.5 * g.gamma * v.spot * v.spot * 1e-4;
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
      greeks: g,
      isolated: null,
    };
  });
  return { prepared, byUnderlying, positions, greeks, warnings };
}
