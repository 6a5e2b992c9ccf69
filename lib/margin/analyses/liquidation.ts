import { brent } from "@/lib/quant/root";
import { beat } from "@/lib/quant/heartbeat";
import { stopPoint } from "@/lib/quant/stop-point";
import { dailySigmaDistance, touchProbability } from "@/lib/quant/first-passage";
import { DAYS_PER_YEAR } from "@/lib/quant/precision";
import type { Underlying } from "@/lib/market/types";
import type { LiquidationDistance, LiquidationPoint } from "@/lib/margin/result-types";

/** The search range of every liquidation distance: spot factor 0.01 (−99%) to 11 (+1000%). */
export const MIN_FACTOR = 0.01;
export const MAX_FACTOR = 11;
/**
 * How finely a liquidation search walks the spot: steps of `minStep` (a fraction of spot) near the
 * current spot, then `relStep` of the distance already covered (a geometric ladder, so the step
 * grows with the move), to the end of the search range. Brent's method then refines inside the
 * first step that brackets a breach, so the step sets only how narrow a breach can be and still be
 * seen (one that opens and closes again inside a step is missed), not how precise a found price is.
 */
export interface ScanResolution {
  minStep: number;
  relStep: number;
}

/**
 * Models whose evaluation at a moved spot is cheap (per-position rules: one position formula per
 * point): 0.5 % of spot out to ±25 %, then 2 % of the move (1 % at −50 %, 2 % at +100 %, 10 % at
 * +500 %). 120 points down, 237 up.
 */
export const FINE_SCAN: ScanResolution = { minStep: 0.005, relStep: 0.02 };

/**
 * Models that revalue the whole account at every point (portfolio margin, Derive's standard
 * manager, OKX's risk units): 0.5 % of spot out to ±5 %, then 10 % of the move (1.5 % at −15 %,
 * 3 % at −30 %, 5 % at +50 %). 42 points down, 66 up.
 */
export const WHOLE_ACCOUNT_SCAN: ScanResolution = { minStep: 0.005, relStep: 0.1 };

const FACTOR_TOL = 1e-12;

const LADDERS = new Map<string, readonly number[]>();

/** The spot factors of a search from 1 towards `to` (MIN_FACTOR or MAX_FACTOR), `to` last; built once per resolution. */
export function scanLadder(to: number, r: ScanResolution): readonly number[] {
  const key = `${to}|${r.minStep}|${r.relStep}`;
  const known = LADDERS.get(key);
  if (known) return known;
  const end = Math.abs(to - 1);
  const sign = Math.sign(to - 1);
  const factors: number[] = [];
  for (let d = 0; ;) {
    d += Math.max(r.minStep, r.relStep * d);
    if (d >= end * (1 - 1e-12)) break;
    factors.push(1 + sign * d);
  }
  factors.push(to);
  LADDERS.set(key, factors);
  return factors;
}

/**
 * First spot factor, walking from 1 along `ladder`, where the margin surplus g (equity − MM) turns
 * negative; refined with Brent's method inside the first step that brackets it.
 */
function firstBreach(g: (factor: number) => number, ladder: readonly number[]): number | null {
  let prevF = 1;
  let prevG = g(1);
  for (const f of ladder) {
    beat();
    stopPoint(); // between two complete evaluations
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
export function liquidationAlong(underlying: Underlying, spot: number, g: (factor: number) => number, resolution: ScanResolution = FINE_SCAN): LiquidationDistance {
  if (!(g(1) >= 0)) return { underlying, spot, state: "already", down: null, up: null };
  const point = (f: number | null): LiquidationPoint | null => (f === null ? null : { price: spot * f, movePct: (f - 1) * 100 });
  const down = point(firstBreach(g, scanLadder(MIN_FACTOR, resolution)));
  const up = point(firstBreach(g, scanLadder(MAX_FACTOR, resolution)));
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
