/**
 * Hyperliquid: perps (cross, per position), as plain data. Venues change parameters often: where a
 * figure disagrees with the venue's current page, the venue wins (margin-models.md, introduction).
 *
 * @packageDocumentation
 */

import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import { tieredRule } from "@/lib/margin/rules/linear";
import { USDC_ONLY_HAIRCUTS } from "./collateral-sets";

/**
 * Hyperliquid perps (cross): mainnet margin tiers from the Hyperliquid docs, MM rate = half the
 * IM rate at the tier's max leverage, deductions from the docs' recursion. No options, no dated
 * futures. No portfolio rulebook: a switch to portfolio mode moves to Deribit-style PM.
 *
 * @example
 * ```ts
 * linearRuleRequirement(HYPERLIQUID.linear.BTC, 10, 100_000); // 40x tier: { im: 25,000, mm: 12,500 }
 * ```
 */
export const HYPERLIQUID: PerPositionRulebook = {
  model: "per-position",
  id: "hyperliquid",
  venue: "Hyperliquid",
  name: "Hyperliquid perps",
  version: "1.0.0",
  asOf: "2026-11-24",
  sources: [
    "hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers — mainnet tiers BTC 0–150M 40x, >150M 20x; ETH 0–100M 25x, >100M 15x; SOL 0–70M 20x, >70M 10x; MM = notional × rate − deduction, rate = IM rate at max leverage / 2",
    "margin-models.md §2.2 — Hyperliquid perps (IM = notional / leverage; 50x → 1%, 20x → 2.5%, 3x → 16.7%)",
  ],
  notes: [
    "Leverage: MarginLab uses each tier's maximum leverage (the most capital-efficient setting); a user-chosen lower leverage raises IM only.",
    "Tier boundaries: the docs' table reads '0–150M' and '>150M', so a notional of exactly 150M stays in the first tier; the API's marginTables list lower bounds that put it in the second. Only IM differs, and only at that exact point (MM is continuous).",
    "Hyperliquid lists no options: short options are unsupported.",
    "Collateral: perps margin is USDC only; every other asset counts 0 here (MarginLab modelling of the standard account, spot balances are not collateral).",
    "Partial liquidation (20% at a time for large positions) is not modelled.",
  ],
  modes: ["isolated", "cross"],
  counterpartId: "deribit-style-pm",
  linear: {
    BTC: tieredRule([
      { upToNotionalUsd: 150_000_000, maxLeverage: 40 },
      { upToNotionalUsd: Infinity, maxLeverage: 20 },
    ]),
    ETH: tieredRule([
      { upToNotionalUsd: 100_000_000, maxLeverage: 25 },
      { upToNotionalUsd: Infinity, maxLeverage: 15 },
    ]),
    SOL: tieredRule([
      { upToNotionalUsd: 70_000_000, maxLeverage: 20 },
      { upToNotionalUsd: Infinity, maxLeverage: 10 },
    ]),
  },
  shortOptions: { kind: "unsupported" },
  haircuts: USDC_ONLY_HAIRCUTS,
  lists: { futures: false, options: false },
};
