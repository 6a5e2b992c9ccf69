import { findExpiry, yearsBetween } from "@/lib/market/snapshot";
import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import { sviImpliedVol } from "@/lib/quant/svi";
import type { SubAccount } from "@/lib/workspace/schema";
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
 */
export function toSrmPortfolio(sub: SubAccount, snapshot: MarketSnapshot): { ok: true; portfolio: SrmPortfolio; refs: SrmPositionRef[] } | { ok: false; error: string } {
  if (sub.positions.some((p) => p.kind === "future")) return { ok: false, error: "Derive lists no dated futures (this sub-account holds some)" };
  let cashUsd = 0;
  const markets = new Map<Underlying, SrmMarket>();
  const market = (u: Underlying): SrmMarket => {
    let m = markets.get(u);
    if (!m) {
      m = { underlying: u, spot: snapshot.underlyings[u].spot, spotConfidence: 1, perp: null, basePosition: 0, expiries: [] };
      markets.set(u, m);
    }
    return m;
  };
  for (const c of sub.collateral) {
    const u = COLLATERAL_UNDERLYING[c.asset];
    if (!u) cashUsd += c.amount * snapshot.collateralPrices[c.asset];
    else market(u).basePosition += (c.amount * snapshot.collateralPrices[c.asset]) / snapshot.underlyings[u].spot;
  }
  const landed: { u: Underlying; expiry: string | null; option: number; size: number }[] = [];
  for (const p of sub.positions) {
    const m = market(p.underlying);
    if (p.kind === "perp") {
      landed.push({ u: p.underlying, expiry: null, option: -1, size: p.size });
      const price = snapshot.underlyings[p.underlying].perpMark;
      m.perp ??= { size: 0, price, confidence: 1, unrealizedPnlUsd: 0 };
      m.perp.size += p.size;
      m.perp.unrealizedPnlUsd += p.size * (price - p.entryPrice);
      continue;
    }
    if (p.kind !== "option") continue;
    const slice = findExpiry(snapshot, p.underlying, p.expiry);
    if (!slice) return { ok: false, error: `${p.underlying} expiry ${p.expiry} is not in the market snapshot` };
    const years = yearsBetween(snapshot.asOf, slice.expiryIso);
    let e = m.expiries.find((x) => x.id === p.expiry);
    if (!e) {
      e = { id: p.expiry, years, forward: slice.forward, confidence: 1, options: [] };
      m.expiries.push(e);
    }
    const vol = years > 0 ? sviImpliedVol(slice.svi, Math.log(p.strike / slice.forward), years) : 0;
    landed.push({ u: p.underlying, expiry: p.expiry, option: e.options.length, size: p.size });
    e.options.push({ strike: p.strike, isCall: p.optionType === "call", amount: p.size, vol });
    cashUsd -= p.size * p.entryPrice;
  }
  const ordered = UNDERLYINGS.flatMap((u) => (markets.has(u) ? [markets.get(u)!] : []));
  const refs: SrmPositionRef[] = landed.map((l) => {
    const m = markets.get(l.u)!;
    const market = ordered.indexOf(m);
    return l.expiry === null ? { kind: "perp", market, size: l.size } : { kind: "option", market, expiry: m.expiries.findIndex((x) => x.id === l.expiry), option: l.option };
  });
  return { ok: true, portfolio: { cashUsd, stablePrice: snapshot.collateralPrices.USDC, markets: ordered }, refs };
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
    chartPoints: 61,
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
