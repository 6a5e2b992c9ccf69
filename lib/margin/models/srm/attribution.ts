/**
 * Attribution of Derive's standard-manager requirements (IM) to the positions.
 *
 * The SRM requirement is a sum of per-market terms: the perp's |net size|·price·rate (and its
 * oracle charge), per expiry max(Σ isolated short-option margins, max loss + unpaired-call charge)
 * (and an oracle charge on its short contracts), and a de-peg charge linear in |perp| + short
 * contracts. Every term is positively homogeneous of degree 1 in the position sizes and piecewise
 * linear, so the directional-derivative (Euler) allocation xᵢ·∂R/∂xᵢ is exact and coincides with
 * giving each term to the positions that drive it:
 *  - perp: sign(net)·size·price·rate per perp position (its oracle and de-peg parts alike);
 *  - an expiry on its isolated branch: each short option its own isolated margin;
 *  - an expiry on its max-loss branch: each option its payoff at the binding settlement price
 *    (the strike, or 0, where the expiry's options lose most), and each call its part
 *    unpairedScale·forward·amount of the unpaired-call charge when net calls are short;
 *  - oracle and de-peg charges on short contracts: each short its own contracts' part.
 * (Where both branches of an expiry tie, the isolated one is used: the sum is the same.)
 *
 * The incremental requirement (R − R without the position) is exact too: only the position's own
 * market term changes, so it is recomputed on a one-market portfolio holding that term alone.
 *
 * @packageDocumentation
 */

import { computeSrm, optionMark, settlementPayoff, shortOptionIsolated, type SrmExpiry, type SrmMarket, type SrmPortfolio } from "./srm";
import type { SrmParams } from "./params";

/** Where a position landed in an {@link SrmPortfolio}: its market (index), and for options its expiry and option index. */
export type SrmPositionRef = { kind: "perp"; market: number; size: number } | { kind: "option"; market: number; expiry: number; option: number };

/** Requirement (imUsd) attribution per position, in the order of the refs. */
export interface SrmAttribution {
  /** Euler share of the IM requirement (positive = needs margin) */
  euler: number[];
  /** imUsd − imUsd without the position */
  incremental: number[];
  /** imUsd of the position alone */
  standalone: number[];
  /** the IM requirement split (computeSrm's imUsd) */
  imUsd: number;
  /** Σ over markets of the base assets' MM credit less their IM credit (baseMm − baseIm): the collateral's part of an IM measured against equity */
  baseCreditGapIm: number;
}

export type SrmAttributionOutcome = { ok: true; attribution: SrmAttribution } | { ok: false; error: string };

function oracleCharge(threshold: number, confidence: number, factor: number, notional: number): number {
  if (threshold === 0 || !(confidence < threshold)) return 0;
  return (1 - confidence) * factor * notional;
}

/** Requirement of a one-market portfolio holding only the given perp size and expiries (no cash, no base). */
function termRequirement(portfolio: SrmPortfolio, params: SrmParams, m: SrmMarket, perpSize: number | null, expiries: SrmExpiry[]): number {
  const perp = perpSize === null || !m.perp ? null : { ...m.perp, size: perpSize, unrealizedPnlUsd: 0 };
  const r = computeSrm({ cashUsd: 0, stablePrice: portfolio.stablePrice, markets: [{ ...m, perp, basePosition: 0, expiries }] }, params);
  return r.ok ? r.result.imUsd : 0;
}

/**
 * Euler and incremental attribution of the SRM IM requirement (`imUsd` of computeSrm, positive
 * USD) to the positions the refs point at. The margin balance (cash, perp P&L, base assets) is not a
 * requirement and is not attributed here.
 *
 * @param portfolio - the SRM input (toSrmPortfolio)
 * @param params - SRM parameters
 * @param refs - where each position landed
 * @returns per-position shares (they sum to imUsd) and incremental requirements
 *
 * @example
 * ```ts
 * const m = toSrmPortfolio(sub, snapshot);
 * if (m.ok) srmAttribution(m.portfolio, DERIVE_STANDARD.srm, m.refs);
 * ```
 */
export function srmAttribution(portfolio: SrmPortfolio, params: SrmParams, refs: readonly SrmPositionRef[]): SrmAttributionOutcome {
  const whole = computeSrm(portfolio, params);
  if (!whole.ok) return whole;
  const depegMult = portfolio.stablePrice < params.depeg.threshold ? (params.depeg.threshold - portfolio.stablePrice) * params.depeg.factor : 0;
  const euler = new Array<number>(refs.length).fill(0);
  const incremental = new Array<number>(refs.length).fill(0);
  const standalone = new Array<number>(refs.length).fill(0);
  /** per market, per expiry: which branch binds and, on max loss, the settlement price */
  const branches = portfolio.markets.map((m, mi) =>
    m.expiries.map((e, ei) => {
      const r = whole.result.markets[mi]!.expiries[ei]!;
      if (r.isolatedIm >= r.maxLossIm) return { isolated: true, price: 0, losing: false, unpaired: false };
      // the settlement price the max loss is taken at: 0, then every strike in order (first minimum)
      let price = 0;
      let worst = payoffAt(e, 0);
      for (const o of e.options) {
        const v = payoffAt(e, o.strike);
        if (v < worst) {
          worst = v;
          price = o.strike;
        }
      }
      return { isolated: false, price, losing: worst < 0, unpaired: r.netCalls < 0 };
    }),
  );
  refs.forEach((ref, i) => {
    const m = portfolio.markets[ref.market]!;
    const p = params.markets[m.underlying] ?? params.defaultMarket;
    if (ref.kind === "perp") {
      if (!m.perp) return;
      const net = m.perp.size;
      const signed = Math.sign(net) * ref.size;
      const conf = Math.min(m.perp.confidence, m.spotConfidence);
      euler[i] = signed * m.perp.price * p.perp.imRate + oracleCharge(p.oracle.perpThreshold, conf, p.oracle.factor, m.spot * signed) + signed * depegMult * m.spot;
      incremental[i] = termRequirement(portfolio, params, m, net, []) - termRequirement(portfolio, params, m, net - ref.size, []);
      standalone[i] = termRequirement(portfolio, params, m, ref.size, []);
      return;
    }
    const e = m.expiries[ref.expiry]!;
    const o = e.options[ref.option]!;
    const b = branches[ref.market]![ref.expiry]!;
    let share = 0;
    if (b.isolated) share -= shortOptionIsolated(o, optionMark(e, o), m.spot, p.option).im;
    else {
      if (b.losing) share -= o.amount * settlementPayoff(o, b.price);
      if (b.unpaired && o.isCall) share -= p.option.unpairedImScale * e.forward * o.amount;
    }
    if (o.amount < 0) {
      share += oracleCharge(p.oracle.optionThreshold, Math.min(m.spotConfidence, e.confidence), p.oracle.factor, m.spot * -o.amount);
      share += -o.amount * depegMult * m.spot;
    }
    euler[i] = share;
    const without = { ...e, options: e.options.filter((_, k) => k !== ref.option) };
    incremental[i] = termRequirement(portfolio, params, m, null, [e]) - termRequirement(portfolio, params, m, null, [without]);
    standalone[i] = termRequirement(portfolio, params, m, null, [{ ...e, options: [o] }]);
  });
  const baseCreditGapIm = whole.result.markets.reduce((s, m) => s + (m.baseMm - m.baseIm), 0);
  return { ok: true, attribution: { euler, incremental, standalone, imUsd: whole.result.imUsd, baseCreditGapIm } };
}

/** Σ amount·payoff of an expiry's options at a settlement price. */
function payoffAt(e: SrmExpiry, price: number): number {
  let s = 0;
  for (const o of e.options) s += o.amount * settlementPayoff(o, price);
  return s;
}
