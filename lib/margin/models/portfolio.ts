import { UNDERLYINGS, type CollateralAsset, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import { shiftSnapshot } from "@/lib/market/scenario";
import type { SubAccount } from "@/lib/workspace/schema";
import type { ComputeOptions } from "./per-position";
import { collateralDailyVol } from "@/lib/market/reference-vol";
import { collateralValue as haircutValue } from "@/lib/margin/collateral/haircuts";
import { haircutModels } from "@/lib/margin/collateral/haircut-presets";
import { analyseByRevaluation } from "@/lib/margin/analyses/revaluation";
import { computePortfolioMargin, type CollateralHaircuts } from "@/lib/margin/models/pm/from-sub-account";
import { getPmProfile } from "@/lib/margin/venues/pm-profiles";
import { profileInfo } from "@/lib/margin/venues/catalogue";
import type { CollateralResult, EngineResult, SubAccountResult } from "@/lib/margin/result-types";
import { describePositions } from "@/lib/margin/valuation/position-results";
import { NO_SHIFT, type MarketShift } from "@/lib/margin/valuation/position-value";
import { getVenueRuleProfile } from "@/lib/margin/venues/venue-profiles";

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

  const { liquidation, liquidationTogether, chart } = analyseByRevaluation({
    sub,
    snapshot,
    shiftOf,
    figuresAt: (snap) => {
      const o = run(snap);
      return o.ok ? { surplus: o.result.mmSurplus, equity: o.result.mtm, im: o.result.im, mm: o.result.mm } : null;
    },
    steps: PM_LIQUIDATION_STEPS,
    chartPoints: PM_CHART_POINTS,
    lite: opts.lite === true,
    positionUnderlyings: new Set(view.positions.map((p) => p.underlying)),
  });
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
