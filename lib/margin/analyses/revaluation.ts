import { applyScenario, NO_SCENARIO, withSpotFactor } from "@/lib/market/scenario";
import { referenceVol } from "@/lib/market/reference-vol";
import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import type { ModelContext } from "@/lib/margin/models/model-context";
import type { ChartSeries, LiquidationDistance, SubAccountResult } from "@/lib/margin/result-types";
import { chartFactors } from "./chart-grid";
import { liquidationAlong, WHOLE_ACCOUNT_SCAN, withTouchOdds } from "./liquidation";

/** What a whole-account model reports at one market state. */
export interface AccountFigures {
  /** equity − MM measured the model's way (negative = below maintenance) */
  surplus: number;
  equity: number;
  im: number;
  mm: number;
}

export interface RevaluationAnalysis {
  liquidation: LiquidationDistance[];
  liquidationTogether: SubAccountResult["liquidationTogether"];
  chart: ChartSeries[];
}

/** The scenario market with the spot of `u` (or of every underlying) ×f, through applyScenario. */
export function movedMarket(market: MarketSnapshot, u: Underlying | "all", f: number): MarketSnapshot {
  return f === 1 ? market : applyScenario(market, withSpotFactor(NO_SCENARIO, u, f));
}

/** Underlyings with positions or with collateral that moves with them. */
export function activeUnderlyings(ctx: ModelContext, positionUnderlyings: ReadonlySet<Underlying>): Underlying[] {
  return UNDERLYINGS.filter((u) => positionUnderlyings.has(u) || ctx.sub.collateral.some((c) => COLLATERAL_UNDERLYING[c.asset] === u && c.amount > 0));
}

/** The 30-day ATM implied vol of the scenario market, for distances in daily σ and touch odds. */
export function touchVol(ctx: ModelContext, u: Underlying): number {
  return Math.max(0, referenceVol(ctx.market, u));
}

/**
 * Liquidation distances (one underlying at a time and all together) and the equity/margin chart of
 * a model that can only be evaluated as a whole (portfolio margin, Derive's standard manager): each
 * point re-runs `figuresAt` on the scenario market with the spot moved by applyScenario.
 */
export function analyseByRevaluation(args: {
  ctx: ModelContext;
  figuresAt: (market: MarketSnapshot) => AccountFigures | null;
  /** equity − MM alone, when the model can give it for less than all figures (default: from figuresAt) */
  surplusAt?: (market: MarketSnapshot) => number | null;
  chartPoints: number;
  positionUnderlyings: ReadonlySet<Underlying>;
}): RevaluationAnalysis {
  const { ctx, figuresAt, chartPoints } = args;
  const analysed = ctx.lite ? [] : activeUnderlyings(ctx, args.positionUnderlyings);
  const surplusOf = args.surplusAt ?? ((m: MarketSnapshot) => figuresAt(m)?.surplus ?? null);
  const surplusAt = (u: Underlying | "all", f: number) => surplusOf(movedMarket(ctx.market, u, f)) ?? -1;
  const liquidation: LiquidationDistance[] = [];
  const chart: ChartSeries[] = [];
  for (const u of analysed) {
    const spot = ctx.market.underlyings[u].spot;
    const liq = withTouchOdds(
      liquidationAlong(u, spot, (f) => surplusAt(u, f), WHOLE_ACCOUNT_SCAN),
      touchVol(ctx, u),
    );
    liquidation.push(liq);
    const points = chartFactors([liq], chartPoints, ctx.chartGrid).flatMap((f) => {
      const o = figuresAt(movedMarket(ctx.market, u, f));
      return o ? [{ price: spot * f, movePct: (f - 1) * 100, equity: o.equity, mm: o.mm, im: o.im }] : [];
    });
    chart.push({ underlying: u, spot, points });
  }
  let liquidationTogether: SubAccountResult["liquidationTogether"] = null;
  if (analysed.length > 0) {
    const t = liquidationAlong("BTC", 1, (f) => surplusAt("all", f), WHOLE_ACCOUNT_SCAN);
    liquidationTogether = { state: t.state, downMovePct: t.down?.movePct ?? null, upMovePct: t.up?.movePct ?? null };
  }
  return { liquidation, liquidationTogether, chart };
}
