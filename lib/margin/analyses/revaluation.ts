import { shiftSnapshot } from "@/lib/market/scenario";
import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import { chartFactors } from "@/lib/margin/models/per-position";
import { referenceVol } from "@/lib/market/reference-vol";
import { liquidationAlong, withTouchOdds } from "./liquidation";
import type { ChartSeries, LiquidationDistance, SubAccountResult } from "@/lib/margin/result-types";
import type { MarketShift } from "@/lib/margin/valuation/position-value";

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

/**
 * Liquidation distances (one underlying at a time and all together) and the equity/margin chart of
 * a model that can only be evaluated as a whole (portfolio margin, Derive's standard manager): each
 * point re-runs `figuresAt` on a snapshot shifted by the what-if and the move.
 */
export function analyseByRevaluation(args: {
  sub: SubAccount;
  snapshot: MarketSnapshot;
  shiftOf: (u: Underlying) => MarketShift;
  figuresAt: (snapshot: MarketSnapshot) => AccountFigures | null;
  steps?: { down: number; up: number };
  chartPoints: number;
  lite: boolean;
  positionUnderlyings: Set<Underlying>;
}): RevaluationAnalysis {
  const { sub, snapshot, shiftOf, figuresAt, steps, chartPoints } = args;
  const active = UNDERLYINGS.filter((u) => args.positionUnderlyings.has(u) || sub.collateral.some((c) => COLLATERAL_UNDERLYING[c.asset] === u && c.amount > 0));
  const analysed = args.lite ? [] : active;
  const moved = (u: Underlying | "all", f: number) =>
    shiftSnapshot(snapshot, Object.fromEntries(UNDERLYINGS.map((x) => [x, { ...shiftOf(x), spotFactor: shiftOf(x).spotFactor * (u === "all" || u === x ? f : 1) }])));
  const surplusAt = (u: Underlying | "all", f: number) => figuresAt(moved(u, f))?.surplus ?? -1;
  const liquidation: LiquidationDistance[] = [];
  const chart: ChartSeries[] = [];
  for (const u of analysed) {
    const spot = snapshot.underlyings[u].spot * shiftOf(u).spotFactor;
    const liq = withTouchOdds(liquidationAlong(u, spot, (f) => surplusAt(u, f), steps), Math.max(0, referenceVol(snapshot, u) + shiftOf(u).volShiftPts / 100));
    liquidation.push(liq);
    const points = chartFactors([liq], chartPoints).flatMap((f) => {
      const o = figuresAt(moved(u, f));
      return o ? [{ price: spot * f, movePct: (f - 1) * 100, equity: o.equity, mm: o.mm, im: o.im }] : [];
    });
    chart.push({ underlying: u, spot, points });
  }
  let liquidationTogether: SubAccountResult["liquidationTogether"] = null;
  if (analysed.length > 0) {
    const t = liquidationAlong("BTC", 1, (f) => surplusAt("all", f), steps);
    liquidationTogether = { state: t.state, downMovePct: t.down?.movePct ?? null, upMovePct: t.up?.movePct ?? null };
  }
  return { liquidation, liquidationTogether, chart };
}
