import { brent } from "@/lib/quant/root";
import { beat } from "@/lib/quant/heartbeat";
import { dailySigmaDistance, touchProbability } from "@/lib/quant/first-passage";
import { DAYS_PER_YEAR } from "@/lib/quant/precision";
import type { Underlying } from "@/lib/market/types";
import type { LiquidationDistance, LiquidationPoint } from "@/lib/margin/result-types";

/** The search range of every liquidation distance: spot factor 0.01 (−99%) to 11 (+1000%). */
export const MIN_FACTOR = 0.01;
export const MAX_FACTOR = 11;
/** scan steps: 0.5% of spot downward, 2% upward, then Brent refines inside the first bracket */
const DOWN_STEPS = 198;
const UP_STEPS = 500;
const FACTOR_TOL = 1e-12;

/**
 * First spot factor, walking from 1 towards `to`, where the margin surplus g (equity − MM) turns
 * negative; refined with Brent's method inside the first sub-interval that brackets it.
 */
function firstBreach(g: (factor: number) => number, to: number, steps: number): number | null {
  let prevF = 1;
  let prevG = g(1);
  for (let i = 1; i <= steps; i++) {
    beat();
    const f = 1 + ((to - 1) * i) / steps;
    const gf = g(f);
    if (gf < 0) {
      if (prevG === 0) return prevF;
      const r = brent(g, prevF, f, { tol: FACTOR_TOL, maxIter: 200 });
      return r ? r.root : f;
    }
    prevF = f;
    prevG = gf;
  }
  return null;
}

/**
 * Liquidation distance along one underlying, where g(factor) is equity − MM with the underlying's
 * spot multiplied by `factor` (others fixed). Liquidation means equity strictly below MM.
 */
export function liquidationAlong(underlying: Underlying, spot: number, g: (factor: number) => number, steps: { down: number; up: number } = { down: DOWN_STEPS, up: UP_STEPS }): LiquidationDistance {
  if (!(g(1) >= 0)) return { underlying, spot, state: "already", down: null, up: null };
  const point = (f: number | null): LiquidationPoint | null => (f === null ? null : { price: spot * f, movePct: (f - 1) * 100 });
  const down = point(firstBreach(g, MIN_FACTOR, steps.down));
  const up = point(firstBreach(g, MAX_FACTOR, steps.up));
  return { underlying, spot, state: down || up ? "found" : "none-in-range", down, up };
}

/**
 * Adds, to each liquidation price, the move in daily standard deviations and the probability of
 * touching it within 1 and 7 days (first passage of a driftless GBM at `annualVol`).
 */
export function withTouchOdds(l: LiquidationDistance, annualVol: number): LiquidationDistance {
  const annotate = (p: LiquidationPoint | null): LiquidationPoint | null =>
    p && annualVol > 0
      ? {
          ...p,
          dailySigmas: dailySigmaDistance(l.spot, p.price, annualVol),
          touch1d: touchProbability(l.spot, p.price, annualVol, 1 / DAYS_PER_YEAR),
          touch7d: touchProbability(l.spot, p.price, annualVol, 7 / DAYS_PER_YEAR),
        }
      : p;
  return { ...l, down: annotate(l.down), up: annotate(l.up) };
}
