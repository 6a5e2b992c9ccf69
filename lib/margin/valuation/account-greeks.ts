import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import type { AccountGreeks, CollateralResult, GreekTotals } from "@/lib/margin/result-types";
import { addGreeks, withCashGreeks, ZERO_GREEKS } from "./position-results";

/**
 * Account Greeks per underlying: the positions' Greeks plus the collateral that moves with the
 * underlying, counted as the model counts it. Collateral of price P moving 1:1 with spot S
 * (wstETH with ETH) has delta = amount·P/S·marginalRatio coins (marginalRatio = the part of a
 * small move that counts: 1 − the marginal haircut), no gamma, vega or theta.
 *
 * @example
 * ```ts
 * // 5 BTC at a 5 % static haircut, no positions: delta 4.75 BTC
 * ```
 */
export function accountGreeks(positions: Partial<Record<Underlying, GreekTotals>>, collateral: readonly CollateralResult[], market: MarketSnapshot): Partial<Record<Underlying, AccountGreeks>> {
  const out: Partial<Record<Underlying, AccountGreeks>> = {};
  for (const u of UNDERLYINGS) {
    const spot = market.underlyings[u].spot;
    let coins = 0;
    let moving = false;
    for (const c of collateral) {
      if (COLLATERAL_UNDERLYING[c.asset] !== u || c.amount === 0) continue;
      moving = true;
      coins += (c.amount * c.price * c.marginalRatio) / spot;
    }
    const pos = positions[u];
    if (!pos && !moving) continue;
    const col = withCashGreeks({ delta: coins, gamma: 0, vega: 0, theta: 0 }, spot);
    const p = pos ?? ZERO_GREEKS;
    out[u] = { positions: p, collateral: col, total: addGreeks(p, col) };
  }
  return out;
}
