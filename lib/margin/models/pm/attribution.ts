/**
 * Attribution of a scenario-based portfolio margin (IM) to the positions, from ONE revaluation.
 *
 * The IM is
 *
 *   IM = (imLossFactor + pegAddOn)·Σ_books |worst loss_b| + Σ contingencies
 *
 * and every piece is a sum over positions (and collateral holdings) once the binding branch is
 * fixed: a scenario's P&L is Σ of each position's P&L in it (the static discount factor is the one
 * the expiry's total value takes, the skew scenarios' −|P&L| sign is the expiry's), the basis
 * contingency is Σ of each expiry's worse leg, naked shorts are Σ per naked strike of −amount, the
 * perp contingency is sign(net)·size·spot·rate, the oracle charges are linear in |amount|. So the
 * requirement is positively homogeneous of degree 1 in the position sizes and piecewise linear,
 * and Euler's theorem gives R = Σᵢ xᵢ·∂R/∂xᵢ: each position's share is
 *
 *   (imLossFactor + pegAddOn)·(−its P&L in its book's binding scenario or basis leg)
 *     + its part of each contingency term it drives.
 *
 * (M. Tasche, "Risk contributions and performance measurement", 1999: the Euler allocation is the
 * only one compatible with marginal (RORAC) performance measurement for homogeneous risk measures.)
 * The shares sum to the IM exactly (up to rounding): collateral that moves with a book and
 * collateral haircuts make a separate, collateral part. A position whose size is 0 gets 0. Where
 * two scenarios tie for the worst the engine's choice (the first) is used; the sum is unchanged.
 *
 * The same revaluation gives each position's incremental IM (IM − IM without it) exactly: only
 * its book changes, and that book's scenario P&L is the stored values minus the position's own.
 *
 * @packageDocumentation
 */

import { beat } from "@/lib/quant/heartbeat";
import { aggregateBook, collateralContingency, expiryUnitPrices, oracleCharge, pegLossFactorAddOn, planSlots, prepareExpiry, validatePmInput, type PreparedExpiry } from "./engine";
import type { PmPositionRef } from "./from-sub-account";
import type { PmBook, PmContingency, PmParams, PmPortfolio } from "./types";

/** Per-position attribution of a portfolio margin's IM (positions in the order of the refs). */
export interface PmAttribution {
  /** Euler share of the IM per position (0 for a position left out of the portfolio) */
  euler: number[];
  /** IM − IM without the position, per position (negative = a hedge) */
  incremental: number[];
  /** IM of the position margined alone (with the same collateral), per position */
  standalone: number[];
  /** the collateral's part: its P&L in the binding scenarios and its haircut and oracle charges */
  collateralIm: number;
  /** the IM the attribution splits (= computePm's imUsd up to rounding) */
  imUsd: number;
}

export type PmAttributionOutcome = { ok: true; attribution: PmAttribution } | { ok: false; error: string };

/** A book revalued per position: one row per input option (no merging). */
interface BookRows {
  book: PmBook;
  expiries: PreparedExpiry[];
  /** unit prices per expiry, slot-major: unit[j][slot·n + row] */
  unit: Float64Array[];
  /** row of each input option, per expiry: rowOf[j][optionIndex] */
  rowOf: Int32Array[];
  /** value[slot·nExp + j] = Σ rows amount·unit */
  value: Float64Array;
  /** strike group of each row, per expiry, and each group's net amount */
  group: Int32Array[];
  groupNet: Float64Array[];
}

function sumIm(cs: readonly PmContingency[]): number {
  let s = 0;
  for (const c of cs) s += c.imUsd;
  return s;
}

function revalueRows(book: PmBook, params: PmParams, plan: ReturnType<typeof planSlots>): BookRows {
  const needsSkew = params.skewShock !== null && params.scenarios.some((s) => s.volShock === "linear" || s.volShock === "abs");
  const expiries = book.expiries.map((e) => prepareExpiry(e, params, needsSkew, false));
  const nExp = expiries.length;
  const nSlots = plan.spot.length;
  const value = new Float64Array(nSlots * nExp);
  const unit: Float64Array[] = [];
  const rowOf: Int32Array[] = [];
  const group: Int32Array[] = [];
  const groupNet: Float64Array[] = [];
  for (let j = 0; j < nExp; j++) {
    beat();
    const e = expiries[j] as PreparedExpiry;
    const u = expiryUnitPrices(e, plan);
    unit.push(u);
    const rows = new Int32Array(e.src.options.length);
    for (let r = 0; r < e.n; r++) rows[e.source[r] as number] = r;
    rowOf.push(rows);
    for (let s = 0; s < nSlots; s++) {
      let v = 0;
      for (let r = 0; r < e.n; r++) v += (e.amount[r] as number) * (u[s * e.n + r] as number);
      value[s * nExp + j] = v;
    }
    // rows are sorted by strike: strike groups are runs
    const g = new Int32Array(e.n);
    const nets: number[] = [];
    for (let r = 0; r < e.n; r++) {
      if (r === 0 || e.strike[r] !== e.strike[r - 1]) nets.push(0);
      g[r] = nets.length - 1;
      nets[nets.length - 1]! += e.amount[r] as number;
    }
    group.push(g);
    groupNet.push(Float64Array.from(nets));
  }
  return { book, expiries, unit, rowOf, value, group, groupNet };
}

/**
 * Euler and incremental attribution of a PM portfolio's IM to the positions the refs point at.
 * Never throws: invalid input comes back as `{ ok: false }` (the engine's own validation).
 *
 * @param portfolio - the engine input (from toPmPortfolio)
 * @param params - PM parameters
 * @param refs - where each position landed (toPmPortfolio's `refs`); null = left out (share 0)
 * @returns per-position Euler shares and incremental IM, the collateral part and the IM split
 *
 * @example
 * ```ts
 * const m = toPmPortfolio(sub, snapshot);
 * if (m.ok) pmAttribution(m.portfolio, DERIVE_PM2.grid, m.refs); // shares sum (with collateralIm) to the IM
 * ```
 */
export function pmAttribution(portfolio: PmPortfolio, params: PmParams, refs: readonly PmPositionRef[]): PmAttributionOutcome {
  const problem = validatePmInput(portfolio, params);
  if (problem) return { ok: false, error: problem };
  const plan = planSlots(params);
  const c = params.contingencies;
  const lossFactor = params.lossFactors.im + pegLossFactorAddOn(portfolio.stablePrice, params);
  const n = refs.length;
  const euler = new Array<number>(n).fill(0);
  const incremental = new Array<number>(n).fill(0);
  const standalone = new Array<number>(n).fill(0);
  let collateralIm = 0;
  let imUsd = 0;
  /** IM of each book holding its collateral only (what a position of another book is margined with) */
  const collateralOnly: number[] = [];

  const byBook: number[][] = portfolio.books.map(() => []);
  refs.forEach((ref, i) => {
    if (ref) byBook[ref.book]!.push(i);
  });

  portfolio.books.forEach((book, bi) => {
    const rows = revalueRows(book, params, plan);
    const { expiries, unit, rowOf, value } = rows;
    const nExp = expiries.length;
    const whole = aggregateBook(book, params, plan, expiries, value);
    const bookIm = (worstLossUsd: number, cs: readonly PmContingency[]) => lossFactor * -worstLossUsd + sumIm(cs);
    const wholeIm = bookIm(whole.result.worstLossUsd, whole.contingencies);
    imUsd += wholeIm;
    const bare = { ...book, perp: null };
    const alone = aggregateBook(bare, params, plan, [], new Float64Array(0));
    collateralOnly.push(bookIm(alone.result.worstLossUsd, alone.contingencies));
    /** IM of this book holding one position (and its collateral): prepared expiry and values of that position only */
    const aloneIm = (b: PmBook, e: PreparedExpiry | null, v: Float64Array) => {
      const agg = aggregateBook(b, params, plan, e ? [e] : [], v);
      return bookIm(agg.result.worstLossUsd, agg.contingencies);
    };
    const nSlots = plan.spot.length;
    const perp = book.perp && book.perp.size !== 0 ? book.perp : null;
    const minConfidence = perp ? Math.min(book.spotConfidence, perp.confidence) : book.spotConfidence;
    const movingCollateralUsd = book.collaterals.reduce((s, col) => s + col.valueUsd, 0);

    // ---- Euler: the binding scenario (or basis legs), per position
    const w = whole.result.worstLossUsd;
    const src = whole.result.worstSource;
    /** loss share (−P&L) of each option row / futures per expiry in the binding branch */
    const optionLoss = (j: number, r: number, amount: number): number => {
      if (!(w < 0)) return 0;
      const e = expiries[j] as PreparedExpiry;
      const u = unit[j] as Float64Array;
      if (src.kind === "basis") {
        const b = params.basis;
        if (!b) return 0;
        const leg = basisLeg(e, j, value, nExp, plan.basisUp, plan.basisDown, b.spotUp, b.spotDown);
        if (leg === null) return 0;
        const factor = b.addFactor + b.multFactor * (e.src.years > 0 ? e.src.years : 0);
        return -amount * ((u[leg.slot * e.n + r] as number) - (u[r] as number)) * factor;
      }
      const sc = params.scenarios[src.index]!;
      const slot = plan.ofScenario[src.index] as number;
      const v = value[slot * nExp + j] as number;
      const sd = v >= 0 ? e.sdPos : e.sdNeg;
      const sign = skewFlip(sc.volShock, e, j, value, nExp, slot, sc.dampening);
      return -sign * amount * ((u[slot * e.n + r] as number) * sd - (u[r] as number)) * sc.dampening;
    };
    const futureLoss = (j: number, size: number): number => {
      if (!(w < 0)) return 0;
      const e = expiries[j] as PreparedExpiry;
      if (src.kind === "basis") {
        const b = params.basis;
        if (!b) return 0;
        const leg = basisLeg(e, j, value, nExp, plan.basisUp, plan.basisDown, b.spotUp, b.spotDown);
        if (leg === null) return 0;
        const factor = b.addFactor + b.multFactor * (e.src.years > 0 ? e.src.years : 0);
        return -size * e.src.forwardVariable * (leg.spot - 1) * factor;
      }
      const sc = params.scenarios[src.index]!;
      if (sc.volShock === "linear" || sc.volShock === "abs") return 0; // skew: futures do not move
      return -size * e.src.forwardVariable * (sc.spotShock - 1) * sc.dampening;
    };
    const spotLoss = (amountUsdPerMove: number): number => {
      if (!(w < 0) || src.kind === "basis") return 0;
      const sc = params.scenarios[src.index]!;
      return -amountUsdPerMove * (sc.spotShock - 1) * sc.dampening;
    };

    // collateral moving with the book: P&L share, haircut and oracle charges
    collateralIm += lossFactor * spotLoss(movingCollateralUsd);
    for (const col of book.collaterals) collateralIm += collateralContingency(col).imUsd + oracleCharge(Math.min(col.confidence, book.spotConfidence), col.valueUsd, params);

    // naked strikes of each expiry (as the engine counts them: per strike, calls and puts together)
    const nakedRate = book.spot * (c.nakedShortOption.mm + c.nakedShortOption.im);
    const perpRate = book.spot * (c.perp.mm + c.perp.im);

    for (const i of byBook[bi]!) {
      beat();
      const ref = refs[i]!;
      if (ref.kind === "perp") {
        const held = book.perp;
        if (!held) continue;
        // a perp whose positions net to 0 has no P&L and no charge: the engine drops it (all shares 0)
        if (perp) {
          const signed = Math.sign(perp.size) * ref.size;
          euler[i] = lossFactor * spotLoss(ref.size * perp.price) + signed * perpRate + oracleCharge(minConfidence, signed * book.spot, params);
        }
        const without = { ...book, perp: { ...held, size: held.size - ref.size } };
        const agg = aggregateBook(without, params, plan, expiries, value);
        incremental[i] = wholeIm - bookIm(agg.result.worstLossUsd, agg.contingencies);
        standalone[i] = aloneIm({ ...book, perp: { ...held, size: ref.size } }, null, new Float64Array(0)) - collateralOnly[bi]!;
        continue;
      }
      const j = ref.expiry;
      const e = expiries[j] as PreparedExpiry;
      if (ref.kind === "future") {
        euler[i] = lossFactor * futureLoss(j, ref.size);
        const changed = [...expiries];
        changed[j] = { ...e, src: { ...e.src, futuresAmount: e.src.futuresAmount - ref.size } };
        const agg = aggregateBook(book, params, plan, changed, value);
        incremental[i] = wholeIm - bookIm(agg.result.worstLossUsd, agg.contingencies);
        const only = { ...e, mtm: 0, nakedShorts: 0, grossContracts: 0, src: { ...e.src, futuresAmount: ref.size } };
        standalone[i] = aloneIm(bare, only, new Float64Array(nSlots)) - collateralOnly[bi]!;
        continue;
      }
      const r = rowOf[j]![ref.option] as number;
      const a = e.amount[r] as number;
      const g = rows.group[j]![r] as number;
      const net = rows.groupNet[j]![g] as number;
      const confidence = Math.min(minConfidence, e.src.confidence);
      euler[i] = lossFactor * optionLoss(j, r, a) + (net < 0 ? -a * nakedRate : 0) + oracleCharge(confidence, Math.abs(a) * book.spot, params);
      // without it: the expiry's values less its own, in every slot
      const u = unit[j] as Float64Array;
      const v2 = Float64Array.from(value);
      for (let s = 0; s < plan.spot.length; s++) v2[s * nExp + j] = (value[s * nExp + j] as number) - a * (u[s * e.n + r] as number);
      const netWithout = net - a;
      const changed = [...expiries];
      changed[j] = {
        ...e,
        mtm: v2[j] as number,
        nakedShorts: e.nakedShorts - (net < 0 ? -net : 0) + (netWithout < 0 ? -netWithout : 0),
        grossContracts: e.grossContracts - Math.abs(a),
      };
      const agg = aggregateBook(book, params, plan, changed, v2);
      incremental[i] = wholeIm - bookIm(agg.result.worstLossUsd, agg.contingencies);
      // alone: its own values in every slot, its own naked shorts and contracts, no futures
      const v1 = new Float64Array(nSlots);
      for (let s = 0; s < nSlots; s++) v1[s] = a * (u[s * e.n + r] as number);
      const only = { ...e, mtm: v1[0] as number, nakedShorts: a < 0 ? -a : 0, grossContracts: Math.abs(a), src: { ...e.src, futuresAmount: 0 } };
      standalone[i] = aloneIm(bare, only, v1) - collateralOnly[bi]!;
    }
  });
  // a position margined alone also carries every book's collateral and the static collateral
  const collateralBooks = collateralOnly.reduce((s, x) => s + x, 0);

  let staticOracle = 0;
  for (const col of portfolio.staticCollaterals) {
    collateralIm += collateralContingency(col).imUsd;
    staticOracle += oracleCharge(col.confidence, col.valueUsd, params);
  }
  collateralIm += staticOracle;
  const staticIm = sumIm(portfolio.staticCollaterals.map(collateralContingency)) + staticOracle;
  imUsd += staticIm;
  refs.forEach((ref, i) => {
    standalone[i] = ref ? standalone[i]! + collateralBooks + staticIm : collateralBooks + staticIm;
  });
  return { ok: true, attribution: { euler, incremental, standalone, collateralIm, imUsd } };
}

/** The basis contingency's worse leg of an expiry (as aggregateBook takes it), or null when neither loses. */
function basisLeg(e: PreparedExpiry, j: number, value: Float64Array, nExp: number, upSlot: number, downSlot: number, spotUp: number, spotDown: number): { slot: number; spot: number } | null {
  const fu = e.src.futuresAmount * e.src.forwardVariable;
  const up = (value[upSlot * nExp + j] as number) - e.mtm + fu * (spotUp - 1);
  const down = (value[downSlot * nExp + j] as number) - e.mtm + fu * (spotDown - 1);
  if (!(Math.min(up, down) < 0)) return null;
  return up <= down ? { slot: upSlot, spot: spotUp } : { slot: downSlot, spot: spotDown };
}

/** −1 when a skew scenario turned the expiry's P&L into −|P&L| (it was positive), else 1. */
function skewFlip(volShock: string, e: PreparedExpiry, j: number, value: Float64Array, nExp: number, slot: number, dampening: number): number {
  if (volShock !== "linear" && volShock !== "abs") return 1;
  const v = value[slot * nExp + j] as number;
  const pnl = (v * (v >= 0 ? e.sdPos : e.sdNeg) - e.mtm) * dampening;
  return pnl > 0 ? -1 : 1;
}
