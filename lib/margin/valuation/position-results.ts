import { UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { instrumentName } from "@/lib/workspace/instrument-name";
import type { Requirement } from "@/lib/margin/rules/requirement";
import type { GreekTotals, PositionResult } from "@/lib/margin/result-types";
import { positionGreeks, preparePosition, valuePosition, type PositionGreeks, type PreparedPosition, type Valuation } from "./position-value";

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
  return { delta: g.delta, gamma: g.gamma, vega: g.vega, theta: g.theta, cashDelta: g.delta * spot, cashGamma: 0.5 * g.gamma * spot * spot * 1e-4 };
}

/** Sum of Greek totals. */
export function addGreeks(a: GreekTotals, b: GreekTotals): GreekTotals {
  return { delta: a.delta + b.delta, gamma: a.gamma + b.gamma, vega: a.vega + b.vega, theta: a.theta + b.theta, cashDelta: a.cashDelta + b.cashDelta, cashGamma: a.cashGamma + b.cashGamma };
}

/** A position resolved and valued on one underlying market (the valuation, Greeks and requirement when first asked for). */
interface PositionValues {
  market: MarketSnapshot["underlyings"][Underlying];
  asOf: string;
  prepared: PreparedPosition | string;
  valuation?: Valuation;
  greeks?: PositionGreeks;
  /**
   * The requirement under the rules named by `requirementKey` (a rulebook): a function of the
   * position, its valuation and the rules only, so the same resolved position under the same rules
   * has the same requirement.
   */
  requirementKey?: object;
  requirement?: Requirement;
}

/**
 * The last resolution of each position object: comparisons revalue the same positions many times
 * (a curve moves one underlying, the largest-extra-position search moves none), and a position whose
 * underlying market object and as-of time are the ones of last time has the same values (positions
 * and markets are never changed in place; the scenario code returns the same market object for the
 * same move).
 */
const LAST_VALUES = new WeakMap<Position, PositionValues>();

function valuesOn(pos: Position, snapshot: MarketSnapshot): PositionValues {
  const market = snapshot.underlyings[pos.underlying];
  const last = LAST_VALUES.get(pos);
  if (last && last.market === market && last.asOf === snapshot.asOf) return last;
  const fresh: PositionValues = { market, asOf: snapshot.asOf, prepared: preparePosition(pos, snapshot) };
  LAST_VALUES.set(pos, fresh);
  return fresh;
}

const NAMES = new WeakMap<Position, string>();

/** {@link instrumentName}, once per position object. */
function nameOf(pos: Position): string {
  let name = NAMES.get(pos);
  if (name === undefined) NAMES.set(pos, (name = instrumentName(pos)));
  return name;
}

/** A running Σ of position Greeks (one per underlying per call: no object per position added). */
type GreekSum = { -readonly [K in keyof GreekTotals]: GreekTotals[K] };

/**
 * Resolves a sub-account's positions against the (scenario) snapshot and values each: mark, P&L,
 * Greeks (per position and summed per underlying) and its requirement under `requirement`
 * (models without per-position requirements pass one that returns zeros). With `withGreeks` false
 * (the models' figures-only option) the Greeks are left at 0 and not computed.
 */
export function describePositions(sub: SubAccount, market: MarketSnapshot, requirement: (p: PreparedPosition, v: Valuation) => Requirement, withGreeks = true, requirementKey?: object): PositionsView {
  const warnings: string[] = [];
  const prepared: PreparedPosition[] = [];
  const values: PositionValues[] = [];
  for (const pos of sub.positions) {
    const known = valuesOn(pos, market);
    const p = known.prepared;
    if (typeof p === "string") warnings.push(`${nameOf(pos)} is left out: ${p}.`);
    else {
      prepared.push(p);
      values.push(known);
    }
  }
  const byUnderlying = new Map<Underlying, PreparedPosition[]>(UNDERLYINGS.map((u) => [u, []]));
  for (const p of prepared) byUnderlying.get(p.underlying)!.push(p);
  // Σ Greeks per underlying, summed in position order (the same additions as one object per step)
  const sums: Partial<Record<Underlying, GreekSum>> = {};
  const positions: PositionResult[] = new Array<PositionResult>(prepared.length);
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i]!;
    const known = values[i]!;
    const v = (known.valuation ??= valuePosition(p));
    let req: Requirement;
    if (requirementKey === undefined) req = requirement(p, v);
    else if (known.requirementKey === requirementKey) req = known.requirement!;
    else {
      req = requirement(p, v);
      known.requirementKey = requirementKey;
      known.requirement = req;
    }
    const sum = (sums[p.underlying] ??= { ...ZERO_GREEKS });
    let withCash = ZERO_GREEKS;
    if (withGreeks) {
      const perCoin = (known.greeks ??= positionGreeks(p, v));
      withCash = withCashGreeks({ delta: p.size * perCoin.delta, gamma: p.size * perCoin.gamma, vega: p.size * perCoin.vega, theta: p.size * perCoin.theta }, v.spot);
      sum.delta += withCash.delta;
      sum.gamma += withCash.gamma;
      sum.vega += withCash.vega;
      sum.theta += withCash.theta;
      sum.cashDelta += withCash.cashDelta;
      sum.cashGamma += withCash.cashGamma;
    }
    positions[i] = {
      id: p.position.id,
      name: nameOf(p.position),
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
  }
  return { prepared, byUnderlying, positions, greeks: sums, warnings };
}
