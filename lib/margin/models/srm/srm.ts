/**
 * Derive standard risk manager (SRM): per-position margin in cross mode, with max-loss netting of
 * the options of one expiry.
 *
 * Per market (underlying):
 *  - perp: −|size|·perp price·rate (+ IM oracle contingency);
 *  - options, per expiry: the better (larger, i.e. less negative) of
 *      · Σ isolated margins (short call MM = mark + 7.5 %·S, IM = mark + max(15 % − OTM, 10 %)·S;
 *        short put MM = mark + max(7.5 %·S, 7.5 %·|mark|) per contract, IM = min(…, 1.05·MM); longs 0), and
 *      · max loss: the worst settlement payoff at 0 and at every strike of the expiry, plus
 *        unpairedScale·forward·netCalls when net calls are short (unbounded upside);
 *    plus an IM oracle contingency on the expiry's short contracts;
 *  - base asset: +marginFactor·value (× imScale for IM, minus an IM oracle contingency);
 *  - unrealised perp P&L and cash count in full; IM subtracts a depeg penalty when the stablecoin
 *    trades below its threshold.
 * The sum is Derive's "net margin": a surplus, negative = short of margin. In MarginLab's
 * convention it splits into requirements (positive USD: perps, options, oracle and depeg charges)
 * and a margin balance (cash + unrealised perp P&L + base-asset credit): net = balance − requirement.
 *
 * @packageDocumentation
 */

import { beat } from "@/lib/quant/heartbeat";
import { b76Price } from "@/lib/quant/black76-batch";
import type { SrmMarketParams, SrmParams } from "./params";

export interface SrmOption {
  strike: number;
  isCall: boolean;
  /** signed contracts: positive long */
  amount: number;
  /** implied vol (fraction) */
  vol: number;
}

export interface SrmExpiry {
  id: string;
  /** time to expiry in years (≤ 0: expired, marked at intrinsic) */
  years: number;
  forward: number;
  /** min of the forward and vol feeds' confidences of this expiry */
  confidence: number;
  options: SrmOption[];
}

export interface SrmMarket {
  underlying: string;
  spot: number;
  spotConfidence: number;
  perp: { size: number; price: number; confidence: number; unrealizedPnlUsd: number } | null;
  /** base asset held (coins, ≥ 0) */
  basePosition: number;
  expiries: SrmExpiry[];
}

export interface SrmPortfolio {
  cashUsd: number;
  stablePrice: number;
  markets: SrmMarket[];
}

/** Margin parts of one expiry (Derive sign: negative = required). */
export interface SrmExpiryResult {
  id: string;
  markUsd: number;
  isolatedMm: number;
  isolatedIm: number;
  maxLossMm: number;
  maxLossIm: number;
  /** max(isolated, max loss) */
  mm: number;
  im: number;
  oracleIm: number;
  netCalls: number;
  shortContracts: number;
}

export interface SrmMarketResult {
  underlying: string;
  perpMm: number;
  perpIm: number;
  perpOracleIm: number;
  expiries: SrmExpiryResult[];
  /** Σ expiries (without the oracle parts) */
  optionMm: number;
  optionIm: number;
  baseMm: number;
  /** includes the base oracle contingency */
  baseIm: number;
  depegIm: number;
  unrealizedPnlUsd: number;
  markUsd: number;
  /** market net margin (Derive sign) */
  mm: number;
  im: number;
}

export interface SrmResult {
  /** Derive's net margins: surplus, negative = short of margin (= balance − requirement) */
  mmNet: number;
  imNet: number;
  /** requirements, positive USD: perps, options (isolated or max loss, marks included), oracle and depeg charges */
  mmUsd: number;
  imUsd: number;
  /** what counts toward them: cash + unrealised perp P&L + base-asset credit (IM: scaled, less its oracle charge) */
  marginBalanceMmUsd: number;
  marginBalanceImUsd: number;
  /** mark-to-market: cash + option marks + base value (in stable) + unrealised perp P&L */
  mtmUsd: number;
  markets: SrmMarketResult[];
}

export type SrmOutcome = { ok: true; result: SrmResult } | { ok: false; error: string };

function oracleCharge(threshold: number, confidence: number, factor: number, notional: number): number {
  if (threshold === 0 || !(confidence < threshold)) return 0;
  return (1 - confidence) * factor * notional;
}

/**
 * Settlement payoff per contract of one option at `price` (its intrinsic value).
 *
 * @param o - the option (strike, type)
 * @param price - settlement price
 * @returns max(price − K, 0) for a call, max(K − price, 0) for a put
 *
 * @example
 * ```ts
 * settlementPayoff({ strike: 100, isCall: false, amount: -1, vol: 0.5 }, 80); // 20
 * ```
 */
export function settlementPayoff(o: Pick<SrmOption, "strike" | "isCall">, price: number): number {
  const diff = price - o.strike;
  if (o.isCall) return diff > 0 ? diff : 0;
  return diff < 0 ? -diff : 0;
}

/** Payoff of the expiry's options if it settles at `price`, floored at 0 from above (a loss ≤ 0). */
function settlementLoss(options: readonly SrmOption[], price: number): number {
  let payoff = 0;
  for (const o of options) {
    const diff = price - o.strike;
    if (o.isCall && diff > 0) payoff += diff * o.amount;
    else if (!o.isCall && diff < 0) payoff -= diff * o.amount;
  }
  return payoff < 0 ? payoff : 0;
}

/**
 * Isolated margin of one short option (Derive sign: negative = required), mark included.
 * Short call MM = mark + mmCallSpotReq·S·amount, IM = mark + imRate·S·amount; short put
 * MM = mark + min(mmPutSpotReq·S·amount, mmPutMtmReq·mark), IM = min(mark + imRate·S·amount, MM·mmOffsetScale);
 * imRate = max(maxSpotReq − OTM ratio, minSpotReq). Longs: 0.
 *
 * @param o - the option (amount < 0 for a short)
 * @param mark - amount × price per contract
 * @param spot - spot price
 * @param p - the market's option parameters
 * @returns its MM and IM terms
 *
 * @example
 * ```ts
 * shortOptionIsolated({ strike: 1500, isCall: true, amount: 1, vol: 1 }, 100, 1500, p); // { mm: 0, im: 0 } (long)
 * ```
 */
export function shortOptionIsolated(o: SrmOption, mark: number, spot: number, p: SrmMarketParams["option"]): { mm: number; im: number } {
  if (o.amount >= 0) return { mm: 0, im: 0 };
  const otm = o.isCall ? (o.strike > spot ? (o.strike - spot) / spot : 0) : spot > o.strike ? (spot - o.strike) / spot : 0;
  const imRate = p.maxSpotReq > otm && p.maxSpotReq - otm > p.minSpotReq ? p.maxSpotReq - otm : p.minSpotReq;
  if (o.isCall) return { mm: mark + p.mmCallSpotReq * spot * o.amount, im: imRate * spot * o.amount + mark };
  const mm = Math.min(p.mmPutSpotReq * spot * o.amount, p.mmPutMtmReq * mark) + mark;
  return { mm, im: Math.min(imRate * spot * o.amount + mark, mm * p.mmOffsetScale) };
}

/**
 * Mark (amount × Black-76 price, undiscounted as Derive marks) of one option of an expiry.
 *
 * @param e - the expiry (forward, years)
 * @param o - the option
 * @returns amount·price
 *
 * @example
 * ```ts
 * optionMark({ id: "e", years: 0, forward: 100, confidence: 1, options: [] }, { strike: 90, isCall: true, amount: 2, vol: 0.5 }); // 20
 * ```
 */
export function optionMark(e: Pick<SrmExpiry, "years" | "forward">, o: SrmOption): number {
  const sqrtT = e.years > 0 ? Math.sqrt(e.years) : 0;
  return o.amount * b76Price(e.forward, o.strike, o.vol * sqrtT, 1, o.isCall);
}

function expiryMargin(e: SrmExpiry, spot: number, p: SrmMarketParams["option"]): Omit<SrmExpiryResult, "oracleIm"> {
  const sqrtT = e.years > 0 ? Math.sqrt(e.years) : 0;
  let isolatedMm = 0;
  let isolatedIm = 0;
  let markUsd = 0;
  let maxLoss = settlementLoss(e.options, 0);
  let netCalls = 0;
  let shortContracts = 0;
  for (const o of e.options) {
    const mark = o.amount * b76Price(e.forward, o.strike, o.vol * sqrtT, 1, o.isCall);
    markUsd += mark;
    maxLoss = Math.min(maxLoss, settlementLoss(e.options, o.strike));
    if (o.isCall) netCalls += o.amount;
    if (o.amount >= 0) continue;
    shortContracts -= o.amount;
    const iso = shortOptionIsolated(o, mark, spot, p);
    isolatedMm += iso.mm;
    isolatedIm += iso.im;
  }
  const unpaired = netCalls < 0 ? e.forward * netCalls : 0;
  const maxLossMm = maxLoss + p.unpairedMmScale * unpaired;
  const maxLossIm = maxLoss + p.unpairedImScale * unpaired;
  return {
    id: e.id,
    markUsd,
    isolatedMm,
    isolatedIm,
    maxLossMm,
    maxLossIm,
    mm: Math.max(isolatedMm, maxLossMm),
    im: Math.max(isolatedIm, maxLossIm),
    netCalls,
    shortContracts,
  };
}

function validate(p: SrmPortfolio): string | null {
  const bad = (x: number) => !Number.isFinite(x);
  if (bad(p.cashUsd)) return "cash must be a finite number";
  if (!(p.stablePrice > 0) || bad(p.stablePrice)) return "stablecoin price must be a positive finite number";
  for (const m of p.markets) {
    if (VALID_MARKETS.has(m)) continue;
    if (!(m.spot > 0) || bad(m.spot)) return `${m.underlying}: spot price is missing or not positive (${m.spot})`;
    if (bad(m.spotConfidence) || bad(m.basePosition) || m.basePosition < 0) return `${m.underlying}: spot confidence and base position must be finite (base ≥ 0)`;
    if (m.perp && (bad(m.perp.size) || bad(m.perp.unrealizedPnlUsd) || bad(m.perp.confidence) || (m.perp.size !== 0 && !(m.perp.price > 0)))) {
      return `${m.underlying} perp: size, price, confidence and P&L must be finite (price > 0)`;
    }
    for (const e of m.expiries) {
      if (bad(e.years) || bad(e.confidence)) return `${m.underlying} ${e.id}: time to expiry and confidence must be finite numbers`;
      if (!(e.forward > 0) || bad(e.forward)) return `${m.underlying} ${e.id}: forward price is missing or not positive`;
      for (const o of e.options) {
        if (bad(o.amount) || bad(o.strike) || o.strike < 0) return `${m.underlying} ${e.id}: option strike (≥ 0) and amount must be finite`;
        if (bad(o.vol) || o.vol < 0) return `${m.underlying} ${e.id} ${o.strike}: implied vol is missing or negative (${o.vol})`;
      }
    }
    VALID_MARKETS.add(m);
  }
  return null;
}

/** Markets already checked by {@link validate} (adapters hand the same objects to every step of a search; never changed in place). */
const VALID_MARKETS = new WeakSet<SrmMarket>();

/** Expiry margins computed while their expiry objects live (adapters return the same object for the same inputs). */
const EXPIRY_MEMO = new WeakMap<SrmExpiry, { spot: number; params: SrmMarketParams["option"]; result: Omit<SrmExpiryResult, "oracleIm"> }>();

/**
 * {@link expiryMargin}, remembered per expiry object, spot and parameter object: a liquidation
 * search moves one underlying at a time, and the other markets' expiries are the same objects
 * (lib/margin/models/derive-standard.ts). Expiry objects are never changed in place.
 */
function expiryMarginOnce(e: SrmExpiry, spot: number, params: SrmMarketParams["option"]): Omit<SrmExpiryResult, "oracleIm"> {
  const hit = EXPIRY_MEMO.get(e);
  if (hit && hit.spot === spot && hit.params === params) return hit.result;
  const result = expiryMargin(e, spot, params);
  EXPIRY_MEMO.set(e, { spot, params, result });
  return result;
}

/**
 * Margin of a portfolio under Derive's standard manager.
 *
 * @param portfolio - markets (perp, base asset, option expiries), cash and stablecoin price
 * @param params - SRM parameters (e.g. DERIVE_STANDARD.srm, lib/margin/venues/derive.ts, live; or the
 *   fixtures' unit-test ones, SRM_FIXTURE_PARAMS in tools/conformance/srm-check.ts)
 * @returns net margins (Derive sign), requirements (MarginLab sign) and every part per market and expiry
 *
 * @example
 * ```ts
 * // derive-srm fixture Test1 with the fixtures' parameters: short 1 ETH 1500 call, spot 1500 → IM net −304.37, MM net −191.87
 * const r = computeSrm({ cashUsd: 0, stablePrice: 1, markets: [{ underlying: "ETH", spot: 1500, spotConfidence: 1,
 *   perp: null, basePosition: 0, expiries: [{ id: "e", years: 500400 / 31536000, forward: 1500.8332793109938,
 *   confidence: 1, options: [{ strike: 1500, isCall: true, amount: -1, vol: 1.0478844940849863 }] }] }] }, SRM_FIXTURE_PARAMS);
 * ```
 */
export function computeSrm(portfolio: SrmPortfolio, params: SrmParams): SrmOutcome {
  beat();
  const problem = validate(portfolio);
  if (problem) return { ok: false, error: problem };
  const depegMult = portfolio.stablePrice < params.depeg.threshold ? (params.depeg.threshold - portfolio.stablePrice) * params.depeg.factor : 0;
  const markets: SrmMarketResult[] = [];
  let mmUsd = 0;
  let imUsd = 0;
  let balanceMm = portfolio.cashUsd;
  let balanceIm = portfolio.cashUsd;
  let mtmUsd = portfolio.cashUsd;
  for (const m of portfolio.markets) {
    const p = params.markets[m.underlying] ?? params.defaultMarket;
    const perp = m.perp && m.perp.size !== 0 ? m.perp : null;
    let perpMm = 0;
    let perpIm = 0;
    let perpOracleIm = 0;
    if (perp) {
      const notional = Math.abs(perp.size) * perp.price;
      perpMm = -notional * p.perp.mmRate;
      perpIm = -notional * p.perp.imRate;
      perpOracleIm = -oracleCharge(p.oracle.perpThreshold, Math.min(perp.confidence, m.spotConfidence), p.oracle.factor, m.spot * Math.abs(perp.size));
    }
    const expiries: SrmExpiryResult[] = m.expiries.map((e) => {
      const r = expiryMarginOnce(e, m.spot, p.option);
      const conf = Math.min(m.spotConfidence, e.confidence);
      return { ...r, oracleIm: -oracleCharge(p.oracle.optionThreshold, conf, p.oracle.factor, m.spot * r.shortContracts) };
    });
    const optionMm = expiries.reduce((s, e) => s + e.mm, 0);
    const optionIm = expiries.reduce((s, e) => s + e.im, 0);
    const optionOracle = expiries.reduce((s, e) => s + e.oracleIm, 0);
    const markUsd = expiries.reduce((s, e) => s + e.markUsd, 0);
    const baseNotional = m.basePosition * m.spot;
    const baseMm = baseNotional * p.base.marginFactor;
    let baseIm = baseMm * p.base.imScale;
    if (baseIm !== 0) baseIm -= oracleCharge(p.oracle.baseThreshold, m.spotConfidence, p.oracle.factor, baseNotional);
    const shorts = (perp ? Math.abs(perp.size) : 0) + expiries.reduce((s, e) => s + e.shortContracts, 0);
    const depegIm = -shorts * depegMult * m.spot;
    const unrealizedPnlUsd = m.perp ? m.perp.unrealizedPnlUsd : 0;
    const mm = perpMm + optionMm + baseMm + unrealizedPnlUsd;
    const im = perpIm + perpOracleIm + optionIm + optionOracle + baseIm + unrealizedPnlUsd + depegIm;
    mmUsd -= perpMm + optionMm;
    imUsd -= perpIm + perpOracleIm + optionIm + optionOracle + depegIm;
    balanceMm += unrealizedPnlUsd + baseMm;
    balanceIm += unrealizedPnlUsd + baseIm;
    mtmUsd += markUsd + unrealizedPnlUsd + baseNotional / portfolio.stablePrice;
    markets.push({ underlying: m.underlying, perpMm, perpIm, perpOracleIm, expiries, optionMm, optionIm, baseMm, baseIm, depegIm, unrealizedPnlUsd, markUsd, mm, im });
  }
  return {
    ok: true,
    result: {
      mmNet: balanceMm - mmUsd,
      imNet: balanceIm - imUsd,
      mmUsd,
      imUsd,
      marginBalanceMmUsd: balanceMm,
      marginBalanceImUsd: balanceIm,
      mtmUsd,
      markets,
    },
  };
}
