import { beat } from "@/lib/quant/heartbeat";
import { stopPoint } from "@/lib/quant/stop-point";
import { isoDay } from "./history/returns";
import { kupiec } from "./kupiec";
import { varOnly } from "./measures";
import type { BacktestResult } from "./types";

/** Rolling window of the backtest's historical VaR (one trading year of daily returns). */
export const BACKTEST_WINDOW = 250;

/**
 * Backtest of a fixed book's 1-day historical VaR: on each day t after the first `window`, the VaR
 * from the book's P&L over the `window` days before t is compared with the P&L of day t (the book
 * as it is today revalued under day t's joint move: a hypothetical, "clean" P&L). Exceedances are
 * counted and tested with {@link kupiec}.
 */
export function backtest(pnl: Float64Array, endDay: Int32Array, confidence: number, window = BACKTEST_WINDOW): BacktestResult | null {
  const n = pnl.length;
  if (n <= window) return null;
  const points: BacktestResult["points"] = [];
  let exceed = 0;
  for (let t = window; t < n; t++) {
    beat();
    stopPoint(); // nothing of this loop is kept outside it
    const v = varOnly(pnl.subarray(t - window, t), confidence);
    const exceeded = -pnl[t]! > v;
    if (exceeded) exceed++;
    points.push({ iso: isoDay(endDay[t]!), pnl: pnl[t]!, var: v, exceeded });
  }
  return { windowDays: window, confidence, points, kupiec: kupiec(n - window, exceed, 1 - confidence) };
}
