import type { LiquidationProcedure } from "./liquidation-procedure-types";

/** Hyperliquid's announcement of partial liquidations (20 % of positions above 100k USDC, 30 s cool-down, no clearance fee). */
export const HYPERLIQUID_PARTIAL_ANNOUNCEMENT_URL = "https://tginsight.xyz/channel/hyperliquid_announcements/post/307";
/** A wiki copy of Hyperliquid's "Liquidations" documentation (backstop below 2/3 of maintenance margin). */
export const HYPERLIQUID_LIQUIDATIONS_WIKI_URL = "https://hyperliquid-co.gitbook.io/wiki/architecture/hypercore/dex/clearinghouse/liquidations";
/** Hyperliquid's own documentation page (the text the wiki copy above reproduces; not read directly). */
export const HYPERLIQUID_LIQUIDATIONS_DOCS_URL = "https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations";

/**
 * Hyperliquid: market liquidation through the order book, partial for large positions (20 % of a
 * position above 100,000 USDC, then a 30-second cool-down during which market liquidations are for the
 * entire position), and a backstop: below two thirds of maintenance margin the liquidator vault takes
 * the cross positions and their margin. No clearance fee on liquidations.
 *
 * @example
 * ```ts
 * HYPERLIQUID_LIQUIDATION.kind === "partial-then-full" && HYPERLIQUID_LIQUIDATION.partialFraction; // 0.2
 * ```
 */
export const HYPERLIQUID_LIQUIDATION: LiquidationProcedure = {
  id: "hyperliquid-partial",
  venue: "Hyperliquid",
  name: "Hyperliquid partial liquidation and backstop",
  asOf: "2026-11-28",
  summary: "Positions above 100k USDC are liquidated 20 % at a time, then whole during a 30 s cool-down; below 2/3 of maintenance the backstop vault takes positions and margin. No clearance fee.",
  kind: "partial-then-full",
  largePositionUsd: 100_000,
  partialFraction: 0.2,
  cooldownSeconds: 30,
  backstopFractionOfMm: 2 / 3,
  fees: { linear: { BTC: 0, ETH: 0, SOL: 0 }, option: 0 },
  sources: [
    {
      rule: "For liquidatable positions larger than 100k USDC only 20 % of the position is sent as a market liquidation order; after a partial liquidation a 30-second cool-down, during which market liquidation orders are for the entire position; no clearance fee on liquidations",
      url: HYPERLIQUID_PARTIAL_ANNOUNCEMENT_URL,
    },
    {
      rule: "Backstop liquidation when account equity drops below 2/3 of maintenance margin: the liquidator vault takes all cross positions and margin (isolated: that position and its margin)",
      url: HYPERLIQUID_LIQUIDATIONS_WIKI_URL,
    },
    { rule: "Hyperliquid's own 'Liquidations' page (reproduced by the wiki above)", url: HYPERLIQUID_LIQUIDATIONS_DOCS_URL },
  ],
  assumptions: [
    "The backstop rule was read from a wiki copy of Hyperliquid's documentation, not from hyperliquid.gitbook.io directly.",
    "Hourly steps are far longer than the 30 s cool-down: within one step a first partial liquidation is followed, if still needed, by the whole position; at the next step a new 20 % slice is possible again.",
    "Backstop: the user loses all the equity left in the account (cross) or in the position (isolated); MarginLab applies it when equity is below 2/3 of MM at a step, before market liquidation.",
    "Positions are taken riskiest first (largest maintenance margin).",
  ],
};
