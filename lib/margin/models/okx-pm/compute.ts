/**
 * OKX portfolio margin of a sub-account: every risk unit's MR1–MR9 (risk-unit.ts), the account
 * MMR = Σ units' MMR, IMR = 1.3 × MMR; equity = collateral after the haircuts of the rulebook named
 * by `haircutsFrom` + the derivatives' mark-to-market. Collateral sits outside the risk units
 * (OKX's "derivatives only" arrangement).
 *
 * @packageDocumentation
 */

import type { MarketSnapshot } from "@/lib/market/types";
import { collateralDailyVol } from "@/lib/market/reference-vol";
import type { SubAccount } from "@/lib/workspace/schema";
import type { OkxPmRulebook } from "@/lib/margin/rulebook";
import { perPositionRulebook } from "@/lib/margin/venues/catalogue";
import { collateralValue as haircutValue, marginalCollateralRatio, type HaircutModel } from "@/lib/margin/collateral/haircuts";
import { haircutModels } from "@/lib/margin/collateral/haircut-presets";
import { analyseByRevaluation } from "@/lib/margin/analyses/revaluation";
import { describePositions } from "@/lib/margin/valuation/position-results";
import type { CollateralAsset } from "@/lib/market/types";
import type { CollateralResult, EngineResult, PortfolioDetails } from "@/lib/margin/result-types";
import type { ModelContext } from "@/lib/margin/models/model-context";
import { assembleResult, statusOf } from "@/lib/margin/models/sub-account-result";
import { computePortfolioMargin, type PortfolioMarginResult } from "@/lib/margin/models/pm/from-sub-account";
import { riskUnits, unitGrid, unitSubAccount, type UnitOutcome } from "./risk-unit";
import type { OkxPmBreakdown } from "./types";

const OKX_CHART_POINTS = 41;

/** The parts OKX publishes but MarginLab charges 0 (named in the UI). */
const NOT_MODELLED = ["MR3 vol span", "MR5 interest rate", "MR8 borrowing (MarginLab has no borrowing)", "MR9 stablecoin de-peg (one settlement stablecoin in MarginLab)"];

/** The account's OKX figures on one market (collateral valued at that market's prices). */
export interface OkxAccountFigures {
  units: UnitOutcome[];
  breakdown: OkxPmBreakdown;
  collateralValueUsd: number;
  /** premiums as cash + option marks + perp and futures P&L */
  derivativesMtmUsd: number;
  equity: number;
}

/**
 * MMR, IMR and equity of `sub` under `rulebook` on `market`, or a message.
 *
 * @example
 * ```ts
 * const f = okxAccountFigures(sub, SAMPLE_SNAPSHOT, OKX_PM, haircutModels(DERIBIT_STANDARD.haircuts, undefined), 1);
 * if (typeof f !== "string") f.breakdown.imr; // 1.3 × f.breakdown.mmr
 * ```
 */
export function okxAccountFigures(sub: SubAccount, market: MarketSnapshot, rulebook: OkxPmRulebook, haircuts: Record<CollateralAsset, HaircutModel>, volMultiplier: number): OkxAccountFigures | string {
  const o = riskUnits(sub, market, rulebook.okx);
  if (typeof o === "string") return o;
  const collateralValueUsd = sub.collateral.reduce(
    (s, c) => s + haircutValue(haircuts[c.asset], c.amount, market.collateralPrices[c.asset], { dailyVol: collateralDailyVol(market, c.asset), volMultiplier }).collateralValueUsd,
    0,
  );
  const derivativesMtmUsd = o.cashUsd + o.units.reduce((s, x) => s + x.mtmUsd, 0);
  const mmr = o.units.reduce((s, x) => s + x.breakdown.mmr, 0);
  const imToMm = rulebook.okx.imToMm;
  return {
    units: o.units,
    breakdown: { units: o.units.map((x) => x.breakdown), mmr, imr: imToMm * mmr, imToMm, notModelled: NOT_MODELLED },
    collateralValueUsd,
    derivativesMtmUsd,
    equity: collateralValueUsd + derivativesMtmUsd,
  };
}

/**
 * OKX portfolio margin of a sub-account on the scenario market (ModelContext), with the MR1–MR9
 * breakdown and the MR1 scenario grid of each risk unit for the UI.
 */
export function computeOkxPm(ctx: ModelContext, rulebook: OkxPmRulebook): EngineResult {
  const { sub, market } = ctx;
  const source = perPositionRulebook(rulebook.haircutsFrom);
  if (!source) return { ok: false, error: `${rulebook.name}: no haircut table "${rulebook.haircutsFrom}"` };
  const models = haircutModels(source.haircuts, sub.haircutModel);
  const figures = (m: MarketSnapshot) => okxAccountFigures(sub, m, rulebook, models, ctx.collateralVolMultiplier);
  const now = figures(market);
  if (typeof now === "string") return { ok: false, error: now };

  const collateral: Omit<CollateralResult, "annualYieldUsd" | "yieldApr">[] = sub.collateral.map((c) => {
    const price = market.collateralPrices[c.asset];
    const hctx = { dailyVol: collateralDailyVol(market, c.asset), volMultiplier: ctx.collateralVolMultiplier };
    const v = haircutValue(models[c.asset], c.amount, price, hctx);
    return {
      asset: c.asset,
      amount: c.amount,
      price,
      marketValue: v.marketValueUsd,
      haircut: v.effectiveHaircut,
      collateralValue: v.collateralValueUsd,
      marginalRatio: marginalCollateralRatio(models[c.asset], c.amount, price, hctx),
    };
  });
  const { mmr, imr } = now.breakdown;
  // the MR1/MR6 grid of each risk unit, in the scenario engine's UI shape (once, on this market)
  const rows: PortfolioMarginResult[] = [];
  for (const x of now.units) {
    const u = x.breakdown.underlying;
    const r = computePortfolioMargin(unitSubAccount(sub, u), market, { params: unitGrid(rulebook.okx.units[u], rulebook.okx) });
    if (!r.ok) return r;
    rows.push(r.result);
  }
  const equity = now.equity;
  const status = statusOf(equity, imr, mmr);
  const view = describePositions(sub, market, () => ({ im: 0, mm: 0 }), !ctx.figuresOnly);
  const engineWarnings = rows.flatMap((r) => r.warnings);
  const warnings = [...view.warnings, ...engineWarnings.filter((w) => !view.warnings.includes(w))];
  const analysis = analyseByRevaluation({
    ctx,
    figuresAt: (m) => {
      const f = figures(m);
      return typeof f === "string" ? null : { surplus: f.equity - f.breakdown.mmr, equity: f.equity, im: f.breakdown.imr, mm: f.breakdown.mmr };
    },
    chartPoints: Math.min(OKX_CHART_POINTS, ctx.chartPoints),
    positionUnderlyings: new Set(view.positions.map((p) => p.underlying)),
  });
  const mtmParts = rows.map((r) => r.mtmBreakdown);
  const sum = (k: keyof (typeof mtmParts)[number]) => mtmParts.reduce((s, x) => s + x[k], 0);
  const portfolio: PortfolioDetails = {
    subAccountId: sub.id,
    snapshotId: ctx.snapshotId,
    im: imr,
    mm: mmr,
    mtm: equity,
    imSurplus: equity - imr,
    mmSurplus: equity - mmr,
    status,
    lossFactors: { im: rulebook.okx.imToMm, mm: 1, pegAddOn: 0 },
    worstLoss: -now.units.reduce((s, o) => s + Math.max(o.breakdown.mr1, o.breakdown.mr2, o.breakdown.mr6), 0),
    contingencies: [],
    mtmBreakdown: { cash: sum("cash"), collateral: now.collateralValueUsd, perps: sum("perps"), futures: sum("futures"), options: sum("options") },
    underlyings: rows.flatMap((r) => r.underlyings),
    warnings,
    excluded: rows.flatMap((r) => r.excluded),
    okx: now.breakdown,
  };
  return assembleResult(ctx, {
    rulebook,
    collateral,
    collateralBasis: "after-haircuts",
    view,
    equity,
    im: imr,
    mm: mmr,
    freeCollateral: equity - imr,
    status,
    ...analysis,
    warnings,
    perPositionRequirements: false,
    portfolio,
  });
}
