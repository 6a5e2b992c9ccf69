import { COLLATERAL_UNDERLYING, UNDERLYINGS, type CollateralAsset, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import { shiftSnapshot } from "@/lib/market/shift";
import type { SubAccount } from "@/lib/portfolio/schema";
import type { ComputeOptions } from "./account";
import { chartFactors } from "./account";
import { collateralDailyVol, referenceVol } from "./collateral";
import { collateralValue as haircutValue } from "./haircuts";
import { haircutModels } from "./haircut-presets";
import { liquidationAlong, withTouchOdds } from "./liquidation";
import { computePortfolioMargin, type CollateralHaircuts } from "./pm/from-sub-account";
import { getPmProfile } from "./pm/profiles";
import { profileInfo } from "./registry";
import type { ChartSeries, CollateralResult, EngineResult, LiquidationDistance, SubAccountResult } from "./result-types";
import { describePositions } from "./position-results";
import { NO_SHIFT, type MarketShift } from "./valuation";
import { getVenueRuleProfile } from "./venue-profiles";

/** Fewer scan steps than per-position models: every step is a full scenario revaluation. */
const PM_LIQUIDATION_STEPS = { down: 66, up: 125 };
const PM_CHART_POINTS = 41;

/**
 * Portfolio (scenario) margin of a sub-account as a SubAccountResult, plus the scenario details.
 * What-if shifts are applied by shifting the snapshot (see shiftSnapshot). Collateral haircuts come
 * from the venue's standard profile (its counterpart), valued at the current price.
 */
export function computePortfolioSubAccount(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): EngineResult {
  const profile = getPmProfile(sub.profileId);
  if (!profile) return { ok: false, error: `"${sub.profileId}" is not a portfolio-margin profile` };
  const shiftOf = (u: Underlying): MarketShift => opts.shifts?.[u] ?? NO_SHIFT;
  const base = shiftSnapshot(snapshot, Object.fromEntries(UNDERLYINGS.map((u) => [u, shiftOf(u)])));
  const standard = getVenueRuleProfile(profileInfo(profile.id)?.counterpartId ?? "deribit-standard") ?? getVenueRuleProfile("deribit-standard")!;
  const volMultiplier = opts.collateralVolMultiplier ?? 1;
  const collateral: CollateralResult[] = sub.collateral.map((c) => {
    const price = base.collateralPrices[c.asset];
    const v = haircutValue(haircutModels(standard.haircuts, sub.haircutModel)[c.asset], c.amount, price, { dailyVol: collateralDailyVol(snapshot, c.asset), volMultiplier });
    return { asset: c.asset, amount: c.amount, price, marketValue: v.marketValueUsd, haircut: v.effectiveHaircut, collateralValue: v.collateralValueUsd };
  });
  const haircuts: CollateralHaircuts = Object.fromEntries(collateral.map((c) => [c.asset, c.haircut])) as Partial<Record<CollateralAsset, number>>;

  const run = (snap: MarketSnapshot) => computePortfolioMargin(sub, snap, { profile, collateralHaircuts: haircuts });
  const now = run(base);
  if (!now.ok) return now;
  const r = now.result;
  const view = describePositions(sub, snapshot, shiftOf, () => ({ im: 0, mm: 0 }));
  const warnings = [...view.warnings.filter((w) => !r.warnings.includes(w)), ...r.warnings];

  const activeUnderlyings = UNDERLYINGS.filter((u) => view.byUnderlying.get(u)!.length > 0 || sub.collateral.some((c) => COLLATERAL_UNDERLYING[c.asset] === u && c.amount > 0));
  const analysed = opts.lite ? [] : activeUnderlyings;
  const moved = (u: Underlying | "all", f: number) =>
    shiftSnapshot(
      snapshot,
      Object.fromEntries(UNDERLYINGS.map((x) => [x, { ...shiftOf(x), spotFactor: shiftOf(x).spotFactor * (u === "all" || u === x ? f : 1) }])),
    );
  const surplusAt = (u: Underlying | "all", f: number) => {
    const o = run(moved(u, f));
    return o.ok ? o.result.mmSurplus : -1;
  };
  const liquidation: LiquidationDistance[] = [];
  const chart: ChartSeries[] = [];
  for (const u of analysed) {
    const spot = base.underlyings[u].spot;
    const liq = withTouchOdds(liquidationAlong(u, spot, (f) => surplusAt(u, f), PM_LIQUIDATION_STEPS), Math.max(0, referenceVol(snapshot, u) + shiftOf(u).volShiftPts / 100));
    liquidation.push(liq);
    const points = chartFactors([liq], PM_CHART_POINTS).flatMap((f) => {
      const o = run(moved(u, f));
      return o.ok ? [{ price: spot * f, movePct: (f - 1) * 100, equity: o.result.mtm, mm: o.result.mm, im: o.result.im }] : [];
    });
    chart.push({ underlying: u, spot, points });
  }
  let liquidationTogether: SubAccountResult["liquidationTogether"] = null;
  if (analysed.length > 0) {
    const t = liquidationAlong("BTC", 1, (f) => surplusAt("all", f), PM_LIQUIDATION_STEPS);
    liquidationTogether = { state: t.state, downMovePct: t.down?.movePct ?? null, upMovePct: t.up?.movePct ?? null };
  }
  const { engine: _engine, ...details } = r;
  const collateralValue = collateral.reduce((s, c) => s + c.collateralValue, 0);
  const result: SubAccountResult = {
    id: sub.id,
    mode: "portfolio",
    profile: { id: profile.id, name: profile.name, version: profile.version, asOf: profile.asOf },
    snapshotId: snapshot.id,
    collateral,
    collateralMarketValue: collateral.reduce((s, c) => s + c.marketValue, 0),
    collateralValue,
    pnlUsd: view.positions.reduce((s, p) => s + p.pnlUsd, 0),
    equity: r.mtm,
    im: r.im,
    mm: r.mm,
    freeCollateral: r.imSurplus,
    marginRatio: r.mtm > 0 ? r.mm / r.mtm : null,
    status: r.status,
    grossNotionalUsd: view.positions.reduce((s, p) => s + p.notionalUsd, 0),
    positions: view.positions,
    greeks: view.greeks,
    liquidation,
    liquidationTogether,
    chart,
    warnings,
    portfolio: details,
    perPositionRequirements: false,
  };
  return { ok: true, result };
}
