import { COLLATERAL_YIELD_APR } from "@/lib/margin/collateral/haircut-presets";
import type { AccountStatus, ChartSeries, CollateralBasis, CollateralResult, EngineResult, LiquidationDistance, PortfolioDetails, SubAccountResult } from "@/lib/margin/result-types";
import { accountGreeks } from "@/lib/margin/valuation/account-greeks";
import type { PositionsView } from "@/lib/margin/valuation/position-results";
import type { RulebookMeta } from "@/lib/margin/rulebook";
import type { ModelContext } from "./model-context";

/** What a model decides; everything else in a SubAccountResult follows from it. */
export interface ModelFigures {
  /** the rulebook applied (its id, name, version and date are shown beside the figures) */
  rulebook: Pick<RulebookMeta, "id" | "name" | "version" | "asOf">;
  collateral: Omit<CollateralResult, "annualYieldUsd" | "yieldApr">[];
  collateralBasis: CollateralBasis;
  view: Pick<PositionsView, "positions" | "greeks">;
  im: number;
  mm: number;
  /** equity − IM (cross, portfolio), unallocated collateral (isolated) */
  freeCollateral: number;
  status: AccountStatus;
  liquidation: LiquidationDistance[];
  liquidationTogether: SubAccountResult["liquidationTogether"];
  chart: ChartSeries[];
  warnings: string[];
  perPositionRequirements: boolean;
  /**
   * the model's own equity: collateral (as counted) + Σ position P&L; in isolated mode each loss
   * is capped at its allocation
   */
  equity: number;
  /**
   * Haircuts on the initial-margin side only (`haircutAppliesTo: "initial"`): the equity the IM
   * check uses (collateral after haircuts + P&L); `equity` is then the one MM and liquidation use
   */
  initialEquity?: number;
  portfolio?: PortfolioDetails;
}

/** Status from equity and requirements: below MM (or no equity against a requirement) liquidates. */
export function statusOf(equity: number, im: number, mm: number): AccountStatus {
  if (equity < mm || (equity <= 0 && mm > 0)) return "liquidation";
  if (equity < im) return "below-initial";
  return "healthy";
}

/**
 * The one place a SubAccountResult is assembled: totals, equity = collateral (as the model counts
 * it) + Σ position P&L, margin ratio and account Greeks (positions + collateral).
 */
export function assembleResult(ctx: ModelContext, f: ModelFigures): EngineResult {
  const collateral: CollateralResult[] = f.collateral.map((c) => {
    const yieldApr = COLLATERAL_YIELD_APR[c.asset] ?? 0;
    return { ...c, yieldApr, annualYieldUsd: c.marketValue * yieldApr };
  });
  const collateralValue = collateral.reduce((s, c) => s + c.collateralValue, 0);
  const pnlUsd = f.view.positions.reduce((s, p) => s + p.pnlUsd, 0);
  const equity = f.equity;
  const result: SubAccountResult = {
    id: ctx.sub.id,
    mode: ctx.sub.mode,
    profile: { id: f.rulebook.id, name: f.rulebook.name, version: f.rulebook.version, asOf: f.rulebook.asOf },
    snapshotId: ctx.snapshotId,
    collateral,
    collateralMarketValue: collateral.reduce((s, c) => s + c.marketValue, 0),
    collateralValue,
    collateralBasis: f.collateralBasis,
    pnlUsd,
    equity,
    im: f.im,
    mm: f.mm,
    freeCollateral: f.freeCollateral,
    marginRatio: equity > 0 ? f.mm / equity : null,
    status: f.status,
    grossNotionalUsd: f.view.positions.reduce((s, p) => s + p.notionalUsd, 0),
    positions: f.view.positions,
    greeks: accountGreeks(f.view.greeks, collateral, ctx.market),
    liquidation: f.liquidation,
    liquidationTogether: f.liquidationTogether,
    chart: f.chart,
    warnings: f.warnings,
    perPositionRequirements: f.perPositionRequirements,
    ...(f.initialEquity !== undefined ? { initialEquity: f.initialEquity } : {}),
    ...(f.portfolio ? { portfolio: f.portfolio } : {}),
  };
  return { ok: true, result };
}
