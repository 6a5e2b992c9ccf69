import { findExpiry, yearsBetween } from "@/lib/market/snapshot";
import { shiftSnapshot } from "@/lib/market/scenario";
import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import { sviImpliedVol } from "@/lib/quant/svi";
import type { SubAccount } from "@/lib/workspace/schema";
import type { ComputeOptions } from "./per-position";
import { DERIVE_STANDARD } from "@/lib/margin/models/srm/params";
import { computeSrm, type SrmMarket, type SrmPortfolio } from "@/lib/margin/models/srm/srm";
import { analyseByRevaluation } from "@/lib/margin/analyses/revaluation";
import { describePositions } from "@/lib/margin/valuation/position-results";
import type { CollateralResult, EngineResult, SubAccountResult } from "@/lib/margin/result-types";
import { NO_SHIFT, type MarketShift } from "@/lib/margin/valuation/position-value";

/**
 * A MarginLab sub-account as Derive's standard manager sees it: stablecoins and option premiums as
 * cash, coin collateral as base assets of its market (wstETH as its ETH value), perps with their
 * unrealised P&L, options per expiry with the snapshot's SVI vol. Derive lists no dated futures.
 */
export function toSrmPortfolio(sub: SubAccount, snapshot: MarketSnapshot): { ok: true; portfolio: SrmPortfolio } | { ok: false; error: string } {
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
  for (const p of sub.positions) {
    const m = market(p.underlying);
    if (p.kind === "perp") {
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
    e.options.push({ strike: p.strike, isCall: p.optionType === "call", amount: p.size, vol });
    cashUsd -= p.size * p.entryPrice;
  }
  return { ok: true, portfolio: { cashUsd, stablePrice: snapshot.collateralPrices.USDC, markets: UNDERLYINGS.flatMap((u) => (markets.has(u) ? [markets.get(u)!] : [])) } };
}

/**
 * Cross margin under Derive's standard manager (per-expiry max-loss netting of options). Equity is
 * the mark-to-market; IM/MM are the requirements; free collateral is Derive's IM net margin.
 */
export function computeDeriveStandardSubAccount(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): EngineResult {
  if (sub.mode !== "cross") return { ok: false, error: `${DERIVE_STANDARD.name} is a cross-margin manager: choose cross mode (or Derive PM2 for portfolio)` };
  const shiftOf = (u: Underlying): MarketShift => opts.shifts?.[u] ?? NO_SHIFT;
  const moved = (u: Underlying | "all" | null, f: number) =>
    shiftSnapshot(snapshot, Object.fromEntries(UNDERLYINGS.map((x) => [x, { ...shiftOf(x), spotFactor: shiftOf(x).spotFactor * (u === "all" || u === x ? f : 1) }])));
  const run = (snap: MarketSnapshot) => {
    const p = toSrmPortfolio(sub, snap);
    return p.ok ? computeSrm(p.portfolio, DERIVE_STANDARD) : p;
  };
  const base = moved(null, 1);
  const now = run(base);
  if (!now.ok) return now;
  const r = now.result;
  const view = describePositions(sub, snapshot, shiftOf, () => ({ im: 0, mm: 0 }));
  const collateral: CollateralResult[] = sub.collateral.map((c) => {
    const price = base.collateralPrices[c.asset];
    const u = COLLATERAL_UNDERLYING[c.asset];
    const factor = u ? (DERIVE_STANDARD.markets[u] ?? DERIVE_STANDARD.defaultMarket).base.marginFactor : 1;
    return { asset: c.asset, amount: c.amount, price, marketValue: c.amount * price, haircut: 1 - factor, collateralValue: c.amount * price * factor };
  });
  const { liquidation, liquidationTogether, chart } = analyseByRevaluation({
    sub,
    snapshot,
    shiftOf,
    figuresAt: (snap) => {
      const o = run(snap);
      return o.ok ? { surplus: o.result.mmNet, equity: o.result.marginBalanceMmUsd, im: o.result.imUsd, mm: o.result.mmUsd } : null;
    },
    chartPoints: 61,
    lite: opts.lite === true,
    positionUnderlyings: new Set(view.positions.map((p) => p.underlying)),
  });
  const status = r.mmNet < 0 ? "liquidation" : r.imNet < 0 ? "below-initial" : "healthy";
  const result: SubAccountResult = {
    id: sub.id,
    mode: "cross",
    profile: { id: DERIVE_STANDARD.id, name: DERIVE_STANDARD.name, version: DERIVE_STANDARD.version, asOf: DERIVE_STANDARD.asOf },
    snapshotId: snapshot.id,
    collateral,
    collateralMarketValue: collateral.reduce((s, c) => s + c.marketValue, 0),
    collateralValue: collateral.reduce((s, c) => s + c.collateralValue, 0),
    pnlUsd: view.positions.reduce((s, p) => s + p.pnlUsd, 0),
    // Derive's margin balance: cash (with premiums) + unrealised perp P&L + base-asset credit; MM is measured against it
    equity: r.marginBalanceMmUsd,
    im: r.imUsd,
    mm: r.mmUsd,
    freeCollateral: r.imNet,
    marginRatio: r.marginBalanceMmUsd > 0 ? r.mmUsd / r.marginBalanceMmUsd : null,
    status,
    grossNotionalUsd: view.positions.reduce((s, p) => s + p.notionalUsd, 0),
    positions: view.positions,
    greeks: view.greeks,
    liquidation,
    liquidationTogether,
    chart,
    warnings: view.warnings,
    perPositionRequirements: false,
  };
  return { ok: true, result };
}
