import type { Underlying } from "@/lib/market/types";

/**
 * Liquidation fill prices: an assumption of MarginLab, shown as such in the UI.
 *
 * A liquidation order of notional N (USD: |size| × mark) fills at a price worse than the mark by the
 * fraction s = IMPACT_AT_LIQUIDITY × √(N / L), capped at {@link MAX_SLIPPAGE}: the square-root law of
 * market impact (impact grows with the square root of size relative to depth; Almgren et al. 2005,
 * Tóth et al. 2011), with L the liquidity parameter — the notional whose liquidation moves the price
 * by {@link IMPACT_AT_LIQUIDITY} (1 %). Closing a long sells at mark × (1 − s); closing a short buys
 * at mark × (1 + s). The slippage cost is s × N. Options use the premium notional (|size| × option
 * mark) against one options liquidity parameter.
 *
 * @packageDocumentation
 */

/** Slippage at N = L: 1 %. */
export const IMPACT_AT_LIQUIDITY = 0.01;
/** No fill is worse than half the mark. */
export const MAX_SLIPPAGE = 0.5;

/** ASSUMPTION: USD notional of a perp/future liquidation that moves the price 1 %, per underlying (not a venue figure). */
export const DEFAULT_LIQUIDITY_USD: Record<Underlying, number> = { BTC: 20_000_000, ETH: 10_000_000, SOL: 2_000_000 };
/** ASSUMPTION: the same for options, on the premium notional. */
export const DEFAULT_OPTION_LIQUIDITY_USD = 500_000;

export const SLIPPAGE_FORMULA = "fill = mark × (1 ∓ s), s = 1 % × √(N / L), at most 50 %; N = |size| × mark (options: premium), L = liquidity parameter";

/** The liquidity parameters in use. */
export interface Liquidity {
  linearUsd: Record<Underlying, number>;
  optionUsd: number;
}

/** Default liquidity scaled by `multiplier` (2 = twice as deep). */
export function liquidityOf(multiplier = 1): Liquidity {
  return {
    linearUsd: { BTC: DEFAULT_LIQUIDITY_USD.BTC * multiplier, ETH: DEFAULT_LIQUIDITY_USD.ETH * multiplier, SOL: DEFAULT_LIQUIDITY_USD.SOL * multiplier },
    optionUsd: DEFAULT_OPTION_LIQUIDITY_USD * multiplier,
  };
}

/**
 * Fill of a liquidation order closing `sizeClosed` coins (signed: negative closes a long) at `mark`.
 *
 * @example
 * ```ts
 * // close a 100-coin long at 100: N = 10,000, L = 1,000,000 → s = 1 % × √0.01 = 0.1 %
 * liquidationFill(-100, 100, 1_000_000); // { fillPrice: 99.9, slippageUsd: 10, slippageFraction: 0.001 }
 * ```
 */
export function liquidationFill(sizeClosed: number, mark: number, liquidityUsd: number): { fillPrice: number; slippageUsd: number; slippageFraction: number } {
  const notional = Math.abs(sizeClosed) * Math.abs(mark);
  const s = notional > 0 && liquidityUsd > 0 ? Math.min(MAX_SLIPPAGE, IMPACT_AT_LIQUIDITY * Math.sqrt(notional / liquidityUsd)) : 0;
  // Selling (closing a long, sizeClosed < 0) gets less; buying back a short pays more.
  const fillPrice = sizeClosed < 0 ? mark * (1 - s) : mark * (1 + s);
  return { fillPrice, slippageUsd: s * notional, slippageFraction: s };
}
