import { findExpiry, yearsBetween } from "@/lib/market/snapshot";
import { CHART_POINTS } from "@/lib/market/limits";
import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import { sviImpliedVol } from "@/lib/quant/svi";
import { LruMap } from "@/lib/quant/lru-map";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { underlyingMarketId } from "@/lib/market/scenario";
import { positionsByUnderlying } from "./positions-by-underlying";
import type { DeriveStandardRulebook } from "@/lib/margin/rulebook";
import { computeSrm, type SrmMarket, type SrmPortfolio, type SrmResult } from "./srm/srm";
import type { SrmPositionRef } from "./srm/attribution";
import { analyseByRevaluation } from "@/lib/margin/analyses/revaluation";
import { describePositions } from "@/lib/margin/valuation/position-results";
import { preparePosition, valuePosition } from "@/lib/margin/valuation/position-value";
import type { CollateralResult, EngineResult } from "@/lib/margin/result-types";
import type { ModelContext } from "./model-context";
import { assembleResult } from "./sub-account-result";

/**
 * A MarginLab sub-account as Derive's standard manager sees it: stablecoins and option premiums as
 * cash, coin collateral as base assets of its market (wstETH as its ETH value), perps with their
 * unrealised P&L, options per expiry with the snapshot's SVI vol. Derive lists no dated futures.
 * Each underlying's market is built once per input (see {@link marketPart}).
 */
export function toSrmPortfolio(sub: SubAccount, snapshot: MarketSnapshot): { ok: true; portfolio: SrmPortfolio; refs: SrmPositionRef[] } | { ok: false; error: string } {
  const split = positionsByUnderlying(sub);
  if (split.hasFutures) return { ok: false, error: "Derive lists no dated futures (this sub-account holds some)" };
  const parts = new Map<Underlying, MarketPart>();
  let cashUsd = 0;
  for (const c of sub.collateral) if (!COLLATERAL_UNDERLYING[c.asset]) cashUsd += c.amount * snapshot.collateralPrices[c.asset];
  const named = [...sub.collateral.flatMap((c) => COLLATERAL_UNDERLYING[c.asset] ?? []), ...split.order];
  for (const u of named) {
    if (parts.has(u)) continue;
    const part = marketPart(u, split.of[u], split.key[u], snapshot, sub.collateral);
    if (typeof part === "string") return { ok: false, error: part };
    parts.set(u, part);
  }
  const present = UNDERLYINGS.flatMap((u) => (parts.has(u) ? [parts.get(u) as MarketPart] : []));
  for (const x of present) cashUsd += x.premiumCashUsd;
  const ordered = present.map((x) => x.market);
  let refs: SrmPositionRef[] | null = null;
  const refsOf = (): SrmPositionRef[] =>
    (refs ??= sub.positions.flatMap((p, i): SrmPositionRef[] => {
      const part = parts.get(p.underlying) as MarketPart;
      const l = part.landed[split.local[i] as number];
      if (!l) return [];
      const market = ordered.indexOf(part.market);
      return [l.expiry === null ? { kind: "perp", market, size: l.size } : { kind: "option", market, expiry: l.expiry, option: l.option }];
    }));
  return {
    ok: true,
    portfolio: { cashUsd, stablePrice: snapshot.collateralPrices.USDC, markets: ordered },
    get refs() {
      return refsOf();
    },
  };
}

/** One underlying's market as Derive sees it, where its positions landed, and its premium cash. */
interface MarketPart {
  market: SrmMarket;
  /** per position of the underlying: its expiry index (null: the perp) and option index */
  landed: ({ expiry: number | null; option: number; size: number } | null)[];
  /** −Σ size × entry of its options */
  premiumCashUsd: number;
}

/** Markets built recently, by their inputs (see {@link marketPart}). */
const MARKET_PART_ENTRIES = 1_024;
const MARKET_PARTS = new LruMap<string, MarketPart>(MARKET_PART_ENTRIES);

/**
 * One underlying's market, remembered by its inputs: the underlying's market object (never changed
 * in place; the scenario code returns the same object for the same move), the as-of time, the
 * positions' content and the coin collateral moving with it. A liquidation search that moves one
 * underlying then hands the manager the same objects for the others, whose expiry margins
 * lib/margin/models/srm/srm.ts does not compute again.
 */
function marketPart(u: Underlying, positions: readonly Position[], positionsKey: number, snapshot: MarketSnapshot, collateral: SubAccount["collateral"]): MarketPart | string {
  const um = snapshot.underlyings[u];
  const coins = collateral.filter((c) => COLLATERAL_UNDERLYING[c.asset] === u);
  const key = `${u}|${underlyingMarketId(um)}|${snapshot.asOf}|${positionsKey}|${coins.map((c) => `${c.asset}:${c.amount}:${snapshot.collateralPrices[c.asset]}`).join(",")}`;
  const hit = MARKET_PARTS.get(key);
  if (hit) return hit;
  const m: SrmMarket = { underlying: u, spot: um.spot, spotConfidence: 1, perp: null, basePosition: 0, expiries: [] };
  for (const c of coins) m.basePosition += (c.amount * snapshot.collateralPrices[c.asset]) / um.spot;
  const landed: MarketPart["landed"] = [];
  let premiumCashUsd = 0;
  for (const p of positions) {
    if (p.kind === "perp") {
      landed.push({ expiry: null, option: -1, size: p.size });
      const price = um.perpMark;
      m.perp ??= { size: 0, price, confidence: 1, unrealizedPnlUsd: 0 };
      m.perp.size += p.size;
      m.perp.unrealizedPnlUsd += p.size * (price - p.entryPrice);
      continue;
    }
    if (p.kind !== "option") {
      landed.push(null);
      continue;
    }
    const slice = findExpiry(snapshot, u, p.expiry);
    if (!slice) return `${u} expiry ${p.expiry} is not in the market snapshot`;
    const years = yearsBetween(snapshot.asOf, slice.expiryIso);
    let index = m.expiries.findIndex((x) => x.id === p.expiry);
    if (index < 0) {
      index = m.expiries.length;
      m.expiries.push({ id: p.expiry, years, forward: slice.forward, confidence: 1, options: [] });
    }
    const e = m.expiries[index] as SrmMarket["expiries"][number];
    const vol = years > 0 ? sviImpliedVol(slice.svi, Math.log(p.strike / slice.forward), years) : 0;
    landed.push({ expiry: index, option: e.options.length, size: p.size });
    e.options.push({ strike: p.strike, isCall: p.optionType === "call", amount: p.size, vol });
    premiumCashUsd -= p.size * p.entryPrice;
  }
  const part = { market: m, landed, premiumCashUsd };
  MARKET_PARTS.set(key, part);
  return part;
}

/**
 * Cross margin under Derive's standard manager (per-expiry max-loss netting of options) on the
 * scenario market.
 *
 * Derive measures its requirement against a margin balance (cash with premiums, perp P&L, base
 * assets at their margin factor) that leaves option marks out and charges them inside the
 * requirement. MarginLab shows equity at mark-to-market like every other model — collateral as
 * Derive credits it + Σ position P&L (the engine's marks) — and IM/MM measured against that
 * equity (equity − Derive's net margins), so free collateral (Derive's IM net margin), the MM
 * surplus, the status and the liquidation prices are Derive's own.
 */
export function computeDeriveStandard(ctx: ModelContext, rulebook: DeriveStandardRulebook): EngineResult {
  const { sub, market } = ctx;
  if (sub.mode !== "cross") return { ok: false, error: `${rulebook.name} is a cross-margin manager: choose cross mode (or Derive PM2 for portfolio)` };
  const run = (snap: MarketSnapshot) => {
    const p = toSrmPortfolio(sub, snap);
    return p.ok ? computeSrm(p.portfolio, rulebook.srm) : p;
  };
  const factorOf = (u: Underlying) => (rulebook.srm.markets[u] ?? rulebook.srm.defaultMarket).base.marginFactor;
  /** collateral as Derive credits it + Σ position P&L, on a market */
  const equityOn = (snap: MarketSnapshot) => {
    let e = 0;
    for (const c of sub.collateral) {
      const u = COLLATERAL_UNDERLYING[c.asset];
      e += c.amount * snap.collateralPrices[c.asset] * (u ? factorOf(u) : 1);
    }
    for (const pos of sub.positions) {
      const p = preparePosition(pos, snap);
      if (typeof p !== "string") e += p.size * (valuePosition(p).mark - pos.entryPrice);
    }
    return e;
  };
  /** Derive's figures re-expressed against the mark-to-market equity (see above) */
  const figures = (r: SrmResult, equity: number) => ({ equity, mm: equity - r.mmNet, im: equity - r.imNet, surplus: r.mmNet });
  const now = run(market);
  if (!now.ok) return now;
  const r = now.result;
  const f = figures(r, equityOn(market));
  const view = describePositions(sub, market, () => ({ im: 0, mm: 0 }), !ctx.figuresOnly);
  const collateral: Omit<CollateralResult, "annualYieldUsd" | "yieldApr">[] = sub.collateral.map((c) => {
    const price = market.collateralPrices[c.asset];
    const u = COLLATERAL_UNDERLYING[c.asset];
    const factor = u ? factorOf(u) : 1;
    return { asset: c.asset, amount: c.amount, price, marketValue: c.amount * price, haircut: 1 - factor, collateralValue: c.amount * price * factor, marginalRatio: factor };
  });
  const analysis = analyseByRevaluation({
    ctx,
    figuresAt: (snap) => {
      const o = run(snap);
      return o.ok ? figures(o.result, equityOn(snap)) : null;
    },
    // the liquidation search needs only Derive's MM net margin: no mark-to-market per step
    surplusAt: (snap) => {
      const o = run(snap);
      return o.ok ? o.result.mmNet : null;
    },
    // 61 points on the account's chart; comparisons that do not draw it ask for the fewest
    chartPoints: ctx.chartPoints === CHART_POINTS.min ? CHART_POINTS.min : 61,
    positionUnderlyings: new Set(view.positions.map((p) => p.underlying)),
  });
  const status = r.mmNet < 0 ? "liquidation" : r.imNet < 0 ? "below-initial" : "healthy";
  return assembleResult(ctx, {
    rulebook,
    collateral,
    collateralBasis: "margin-factor",
    view,
    equity: f.equity,
    im: f.im,
    mm: f.mm,
    freeCollateral: r.imNet,
    status,
    ...analysis,
    warnings: view.warnings,
    perPositionRequirements: false,
  });
}
