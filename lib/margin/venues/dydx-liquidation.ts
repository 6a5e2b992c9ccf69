import type { LiquidationProcedure } from "./liquidation-procedure-types";

/** dYdX help centre "Liquidations on dYdX Chain" (fillable price, maximum liquidation penalty 1.5 %). */
export const DYDX_LIQUIDATIONS_URL = "https://help.dydx.exchange/en/articles/8580691-liquidations-on-dydx-chain";
/** v4-chain LiquidationsConfig (max_liquidation_fee_ppm, position and subaccount block limits). */
export const DYDX_LIQUIDATIONS_CONFIG_URL = "https://github.com/dydxprotocol/v4-chain/blob/main/proto/dydxprotocol/clob/liquidations_config.proto";

/**
 * dYdX v4: positions of an account below maintenance are closed by protocol liquidation orders at a
 * "fillable price"; the account pays a liquidation penalty of up to 1.5 % (to the insurance fund),
 * never more than the value left in the account.
 *
 * @example
 * ```ts
 * DYDX_LIQUIDATION.kind === "full-close" && DYDX_LIQUIDATION.maxPenaltyRate; // 0.015
 * ```
 */
export const DYDX_LIQUIDATION: LiquidationProcedure = {
  id: "dydx-full-close",
  venue: "dYdX",
  name: "dYdX full close with liquidation penalty",
  asOf: "2026-11-28",
  summary: "Closes the positions of an account below maintenance; a penalty of up to 1.5 % of the closed notional goes to the insurance fund, never more than the equity left.",
  kind: "full-close",
  maxPenaltyRate: 0.015,
  sources: [
    {
      rule: "Accounts below maintenance margin have positions closed by protocol-generated liquidation orders at a calculated Fillable Price; a subaccount may be partially or fully closed as the liquidations configuration sets",
      url: DYDX_LIQUIDATIONS_URL,
    },
    { rule: "Maximum Liquidation Penalty 1.5 %; up to the entire remaining value of the account may be taken as penalty; the engine tries to leave funds in accounts of positive value", url: DYDX_LIQUIDATIONS_URL },
    { rule: "max_liquidation_fee_ppm: the maximum liquidation fee, 100 % to the insurance fund; position and subaccount block limits", url: DYDX_LIQUIDATIONS_CONFIG_URL },
  ],
  assumptions: [
    "Full close: MarginLab closes every position at once (the live block limits, which can split a large liquidation over blocks, are not modelled).",
    "The penalty is taken as 1.5 % of the closed notional, capped at the equity left after the fills.",
    "Fills at the slippage assumption stand in for the protocol's fillable price.",
  ],
};
