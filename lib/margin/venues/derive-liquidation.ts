import type { LiquidationProcedure } from "./liquidation-procedure-types";

/** Derive "Liquidation Parameters" page (auction parameters: buffer 1.15, start 0.95, cut-off 0.70, 15 min / 12 h). */
export const DERIVE_LIQUIDATION_PARAMS_URL = "https://docs.derive.xyz/liquidation-parameters.md";
/** Derive "Liquidations" page (another version of the table: buffer 1.2, start 0.98). */
export const DERIVE_LIQUIDATIONS_URL = "https://docs.derive.xyz/liquidations-2.md";

/**
 * Derive: a Dutch auction of the sub-account. Bidders buy a share of the whole sub-account at a
 * discount to its mark-to-market (starting at 95 %, falling linearly to 70 % over 15 minutes, then to 0
 * over 12 hours); the share sold is what brings the buffer margin, MtM + 1.15 × (maintenance margin −
 * MtM), back to zero.
 *
 * @example
 * ```ts
 * DERIVE_LIQUIDATION.kind === "auction" && DERIVE_LIQUIDATION.startFactor; // 0.95
 * ```
 */
export const DERIVE_LIQUIDATION: LiquidationProcedure = {
  id: "derive-auction",
  venue: "Derive",
  name: "Derive Dutch-auction liquidation",
  asOf: "2026-11-28",
  summary: "Auctions a share of the sub-account at a discount to its mark-to-market (95 % falling to 70 % in 15 min) until equity is back at 1.15 × maintenance; insolvent accounts are taken whole.",
  kind: "auction",
  bufferScale: 1.15,
  startFactor: 0.95,
  fastCutoffFactor: 0.7,
  fastSeconds: 900,
  slowSeconds: 43_200,
  sources: [
    { rule: "BUFFER_SCALE 1.15: Buffer Margin = MtM + BUFFER_SCALE × (Maintenance Margin − MtM)", url: DERIVE_LIQUIDATION_PARAMS_URL },
    { rule: "INITIAL_DISCOUNT_FACTOR 0.95 (bidders pay 95 % of mark-to-market); THRESHOLD_DISCOUNT_FACTOR 0.70 after SHORT_DURATION 900 s; then to 0 over LONG_DURATION 43,200 s", url: DERIVE_LIQUIDATION_PARAMS_URL },
    { rule: "An older version of the same table: BUFFER_SCALE 1.2, INITIAL_DISCOUNT_FACTOR 0.98", url: DERIVE_LIQUIDATIONS_URL },
  ],
  assumptions: [
    "Derive publishes two versions of the auction table (1.15 / 0.95 and 1.2 / 0.98); MarginLab uses the 'Liquidation Parameters' page (1.15 / 0.95).",
    "Bids arrive at the start of the auction: the share is sold at 95 % of its mark-to-market (the discount is the cost; no order-book slippage).",
    "The share sold is the smallest that brings equity to 1.15 × MM under the sub-account's rulebook (found by bisection through the margin engine).",
    "Insolvent sub-accounts (equity ≤ 0): taken whole, the shortfall to the Security Module.",
  ],
};
