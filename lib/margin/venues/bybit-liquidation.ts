import type { LiquidationProcedure } from "./liquidation-procedure-types";

/** Bybit's help article "Liquidation Process (USDT Contract)". */
export const BYBIT_LIQUIDATION_PROCESS_URL = "https://help.bybit.com/hc/en-us/articles/900000167723-Liquidation-Process-USDT-Contract-";
/** Bybit's help article "Liquidation Process (Inverse Contract)" (the same steps, with the bankruptcy-price settlement). */
export const BYBIT_LIQUIDATION_INVERSE_URL = "https://bybitglobal.com/en-US/help-center/HelpCenterKnowledge/bybitHC_Article?id=000001098&language=en_US";

/**
 * Bybit: tiered partial liquidation. A position in the second or a higher margin tier is reduced by a
 * fill-or-kill order of the difference between its value and the lower tier that meets the margin
 * requirement; a position in the lowest tier (or one that still cannot meet it) is taken over by the
 * liquidation engine at its bankruptcy price, the margin left going to the insurance fund.
 *
 * @example
 * ```ts
 * BYBIT_LIQUIDATION.kind; // "tiered"
 * ```
 */
export const BYBIT_LIQUIDATION: LiquidationProcedure = {
  id: "bybit-tiered",
  venue: "Bybit",
  name: "Bybit tiered partial liquidation",
  asOf: "2026-11-28",
  summary: "Cuts a large position down one risk-limit tier at a time until maintenance is met; in the lowest tier the position is taken over at its bankruptcy price (the margin left goes to the insurance fund).",
  kind: "tiered",
  tiersPerCut: 1,
  fees: { linear: { BTC: 0, ETH: 0, SOL: 0 }, option: 0 },
  sources: [
    { rule: "Lowest margin tier: cancel active orders; if maintenance is still not met, the position is closed at the bankruptcy price by the liquidation engine", url: BYBIT_LIQUIDATION_PROCESS_URL },
    {
      rule: "Second or higher tier: submit a FillOrKill order of the difference between the current position value and the lower margin tier value which satisfies the margin requirement; if still in liquidation, taken over at the bankruptcy price",
      url: BYBIT_LIQUIDATION_PROCESS_URL,
    },
    { rule: "If the system closes the position at a price better than the bankruptcy price, the remaining margin is contributed to the insurance fund", url: BYBIT_LIQUIDATION_INVERSE_URL },
  ],
  assumptions: [
    "Tiers are the risk-limit tiers of the sub-account's rulebook (bybit-cross: the BTCUSDT ladder, reused for ETH and SOL — itself an assumption of that rulebook).",
    "Bankruptcy-price takeover in a cross account: MarginLab closes every remaining position and the whole equity left goes to the insurance fund (shown as the fee of that event).",
    "Options have no risk-limit tiers: they are only closed by the final bankruptcy takeover.",
    "Trading fees on the fill-or-kill orders are left out; the fill-or-kill fills at the slippage assumption.",
  ],
};
