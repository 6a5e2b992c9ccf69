import type { MarketScenario } from "@/lib/market/scenario";
import { UNDERLYINGS } from "@/lib/market/types";
import type { WhatIf } from "./schema";

/**
 * The market scenario of the what-if sliders: spot ×(1 + move/100) per underlying, the vol shift
 * on every underlying, days forward and the collateral-volatility multiplier.
 *
 * @example
 * ```ts
 * whatIfScenario({ ...NO_WHAT_IF, spotMovePct: { BTC: -20, ETH: 0, SOL: 0 } }).moves.BTC; // { spotFactor: 0.8, volShiftPts: 0 }
 * ```
 */
export function whatIfScenario(w: WhatIf): MarketScenario {
  const moves: MarketScenario["moves"] = {};
  for (const u of UNDERLYINGS) moves[u] = { spotFactor: 1 + w.spotMovePct[u] / 100, volShiftPts: w.volShiftPts };
  return { moves, daysForward: w.daysForward, collateralVolMultiplier: w.collateralVolMultiplier };
}
