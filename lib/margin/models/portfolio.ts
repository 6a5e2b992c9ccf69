import type { CollateralAsset } from "@/lib/market/types";
import { collateralDailyVol } from "@/lib/market/reference-vol";
import type { PortfolioRulebook } from "@/lib/margin/rulebook";
import { perPositionRulebook } from "@/lib/margin/venues/catalogue";
import { collateralValue as haircutValue } from "@/lib/margin/collateral/haircuts";
import { haircutModels } from "@/lib/margin/collateral/haircut-presets";
import { analyseByRevaluation } from "@/lib/margin/analyses/revaluation";
import { describePositions } from "@/lib/margin/valuation/position-results";
import type { CollateralResult, EngineResult } from "@/lib/margin/result-types";
import { computePortfolioFigures, computePortfolioMargin, type CollateralHaircuts } from "./pm/from-sub-account";
import { createPmBookCache, type PmBookCache } from "./pm/engine";
import type { ModelContext } from "./model-context";
import { assembleResult } from "./sub-account-result";

const PM_CHART_POINTS = 41;

/**
 * The collateral of a portfolio-margin sub-account at market value, and its haircuts (from the
 * per-position rulebook named by `haircutsFrom`), as the engine charges them.
 */
export function portfolioCollateral(
  ctx: Pick<ModelContext, "sub" | "market" | "collateralVolMultiplier">,
  rulebook: PortfolioRulebook,
): { ok: true; collateral: Omit<CollateralResult, "annualYieldUsd" | "yieldApr">[]; haircuts: CollateralHaircuts } | { ok: false; error: string } {
  const { sub, market } = ctx;
  const haircutSource = perPositionRulebook(rulebook.haircutsFrom);
  if (!haircutSource) return { ok: false, error: `${rulebook.name}: no haircut table "${rulebook.haircutsFrom}"` };
  const models = haircutModels(haircutSource.haircuts, sub.haircutModel);
  const collateral: Omit<CollateralResult, "annualYieldUsd" | "yieldApr">[] = sub.collateral.map((c) => {
    const price = market.collateralPrices[c.asset];
    const v = haircutValue(models[c.asset], c.amount, price, { dailyVol: collateralDailyVol(market, c.asset), volMultiplier: ctx.collateralVolMultiplier });
    // Counted at market value: the haircut is charged in the requirement, not deducted from equity.
    return { asset: c.asset, amount: c.amount, price, marketValue: v.marketValueUsd, haircut: v.effectiveHaircut, collateralValue: v.marketValueUsd, marginalRatio: 1 };
  });
  const haircuts: CollateralHaircuts = Object.fromEntries(collateral.map((c) => [c.asset, c.haircut])) as Partial<Record<CollateralAsset, number>>;
  return { ok: true, collateral, haircuts };
}

/**
 * One book cache per parameter set, kept between calls: liquidation searches and charts move one
 * underlying at a time, mode comparisons add one perp or move one spot, and an edit usually touches
 * one underlying — the other books are then not revalued again. The cache compares every input of a
 * book before reusing its result, so the figures are the engine's own (PmBookCache); it holds one
 * book per underlying.
 */
const BOOK_CACHES = new WeakMap<PortfolioRulebook["grid"], PmBookCache>();
function bookCacheFor(grid: PortfolioRulebook["grid"]): PmBookCache {
  let c = BOOK_CACHES.get(grid);
  if (!c) {
    c = createPmBookCache();
    BOOK_CACHES.set(grid, c);
  }
  return c;
}

/**
 * Portfolio (scenario) margin of a sub-account on the scenario market, with the scenario details.
 * Collateral is revalued inside the scenarios at market value (equity = the mark-to-market); its
 * haircuts, from the per-position rulebook named by `haircutsFrom`, are charged inside the
 * requirement as contingencies.
 */
export function computePortfolio(ctx: ModelContext, rulebook: PortfolioRulebook): EngineResult {
  const { sub, market } = ctx;
  const held = portfolioCollateral(ctx, rulebook);
  if (!held.ok) return held;
  const { collateral, haircuts } = held;

  const bookCache = bookCacheFor(rulebook.grid);
  const run = (snap: typeof market) => computePortfolioMargin(sub, snap, { params: rulebook.grid, collateralHaircuts: haircuts, bookCache });
  const now = run(market);
  if (!now.ok) return now;
  const r = now.result;
  const view = describePositions(sub, market, () => ({ im: 0, mm: 0 }), !ctx.figuresOnly);
  const warnings = [...view.warnings.filter((w) => !r.warnings.includes(w)), ...r.warnings];
  const analysis = analyseByRevaluation({
    ctx,
    figuresAt: (snap) => {
      const o = computePortfolioFigures(sub, snap, { params: rulebook.grid, collateralHaircuts: haircuts, bookCache });
      return o.ok ? { surplus: o.mmSurplus, equity: o.mtm, im: o.im, mm: o.mm } : null;
    },
    // at most the caller's chartPoints (the default, 41, is PM_CHART_POINTS): comparisons that do
    // not draw the chart ask for the fewest points; the liquidation search does not depend on it
    chartPoints: Math.min(PM_CHART_POINTS, ctx.chartPoints),
    positionUnderlyings: new Set(view.positions.map((p) => p.underlying)),
  });
  const { engine: _engine, ...details } = r;
  return assembleResult(ctx, {
    rulebook,
    collateral,
    collateralBasis: "market-value",
    view,
    equity: r.mtm,
    im: r.im,
    mm: r.mm,
    freeCollateral: r.imSurplus,
    status: r.status,
    ...analysis,
    warnings,
    perPositionRequirements: false,
    portfolio: details,
  });
}
