import type { LiquidationDistance } from "@/lib/margin/result-types";
import { MAX_FACTOR, MIN_FACTOR } from "./liquidation";

/**
 * Spot factors of an equity/margin chart: n evenly spaced points over −50 %…+50 % widened to
 * show 10 % beyond every liquidation price, plus each liquidation price itself and the current spot;
 * or exactly `fixed` when the caller asked for its own grid (ComputeOptions.chartGrid).
 */
export function chartFactors(liq: LiquidationDistance[], n: number, fixed: readonly number[] | null = null): readonly number[] {
  if (fixed) return fixed;
  let lo = 0.5;
  let hi = 1.5;
  for (const l of liq) {
    if (l.down) lo = Math.min(lo, Math.max(MIN_FACTOR, (1 + l.down.movePct / 100) * 0.9));
    if (l.up) hi = Math.max(hi, Math.min(MAX_FACTOR, (1 + l.up.movePct / 100) * 1.1));
  }
  const factors: number[] = [];
  for (let i = 0; i < n; i++) factors.push(lo + ((hi - lo) * i) / (n - 1));
  for (const l of liq) {
    if (l.down) factors.push(1 + l.down.movePct / 100);
    if (l.up) factors.push(1 + l.up.movePct / 100);
  }
  factors.push(1);
  return [...new Set(factors)].sort((a, b) => a - b);
}
