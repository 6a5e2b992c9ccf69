import type { LiquidationProcedure } from "./liquidation-procedure-types";

/** Deribit's support article "Liquidations" (incremental auto-liquidation). */
export const DERIBIT_LIQUIDATIONS_URL = "https://support.deribit.com/hc/en-us/articles/25944769313309-Liquidations";
/** Deribit's older documentation page "Auto Liquidation" (futures first, then options; towards delta neutral). */
export const DERIBIT_AUTO_LIQUIDATION_URL = "https://www.deribit.com/docs/auto-liquidation/";
/** Deribit's documentation page with the fee schedule, including the liquidation fees paid to the insurance fund. */
export const DERIBIT_FEES_DOC_URL = "https://www.deribit.com/pages/docs";
/** Deribit's support article "Insurance Fund" (liquidation orders pay an extra fee into the fund). */
export const DERIBIT_INSURANCE_FUND_URL = "https://support.deribit.com/hc/en-us/articles/25944777576477-Insurance-Fund";

/**
 * Deribit: incremental auto-liquidation. While maintenance margin exceeds the margin balance, a part
 * of the position is closed in the market, futures first and then options so as to reduce risk;
 * liquidation stops as soon as maintenance is met again. Each liquidation fill pays a liquidation fee
 * to the insurance fund.
 *
 * @example
 * ```ts
 * DERIBIT_LIQUIDATION.kind; // "incremental"
 * ```
 */
export const DERIBIT_LIQUIDATION: LiquidationProcedure = {
  id: "deribit-incremental",
  venue: "Deribit",
  name: "Deribit incremental auto-liquidation",
  asOf: "2026-11-28",
  summary: "Closes a part of the riskiest position at a time (futures first, then options) until equity is back above maintenance; each fill pays a liquidation fee.",
  kind: "incremental",
  sliceFraction: 0.1,
  fees: { linear: { BTC: 0.005, ETH: 0.009, SOL: 0.005 }, option: 0.002 },
  sources: [
    { rule: "Incremental: 'the liquidation engine will first try to liquidate only a part of the position(s)'; it stops as soon as maintenance margin is below the margin balance again", url: DERIBIT_LIQUIDATIONS_URL },
    { rule: "Order: 'first liquidate future positions and after that liquidate any option positions, in such a way that the risk of the position will be reduced'", url: DERIBIT_AUTO_LIQUIDATION_URL },
    { rule: "Liquidation fees to the insurance fund: BTC futures and perpetual 0.5 %, ETH futures and perpetual 0.9 %, BTC and ETH options 0.2 %", url: DERIBIT_FEES_DOC_URL },
    { rule: "All liquidation orders are charged an extra fee on top of the default transaction fees, paid to the insurance fund", url: DERIBIT_INSURANCE_FUND_URL },
  ],
  assumptions: [
    "Slice size: Deribit does not publish how much each round closes today (its older page names 10 or 200 futures contracts and 1 option per round); MarginLab closes 10 % of the position's size (as it was at its first liquidation) per round.",
    "Fee rates come from Deribit's older documentation page; its current fee page was not read. SOL is not listed there: the BTC rate (0.5 %) is used.",
    "Fees are charged on the underlying notional (|size| × spot) of the closed part, options included; the cap of trading fees at 12.5 % of the option price is not applied to the liquidation fee.",
    "Within a position kind, the largest notional (perps/futures) or the largest maintenance margin (options) goes first: MarginLab's reading of 'riskiest'. Portfolio-margin delta hedging with new futures is not modelled.",
    "Trading (taker) fees on the liquidation fills are left out.",
  ],
};
