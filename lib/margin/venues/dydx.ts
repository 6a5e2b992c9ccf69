/**
 * dYdX: v4 (dYdX Chain) perps (cross, per position), as plain data. Venues change parameters
 * often: where a figure disagrees with the venue's current page, the venue wins (margin-models.md,
 * introduction).
 *
 * @packageDocumentation
 */

import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import { USDC_ONLY_HAIRCUTS } from "./collateral-sets";

/**
 * dYdX v4 (dYdX Chain) perps: liquidity-tier IMF/MMF, IMF scaled with open interest between
 * the tier's caps. No options, no dated futures. No portfolio rulebook: a switch to portfolio mode
 * moves to Deribit-style PM.
 *
 * @example
 * ```ts
 * linearRuleRequirement(DYDX.linear.BTC, -1, 100_000); // Large-Cap: { im: 2,000, mm: 1,200 }
 * ```
 */
export const DYDX: PerPositionRulebook = {
  model: "per-position",
  id: "dydx",
  venue: "dYdX",
  name: "dYdX v4 perps",
  version: "1.0.0",
  asOf: "2026-11-24",
  sources: [
    "margin-models.md §2.2 — dYdX v4 perps: IM = |size·P|·IMF, MM = |size·P|·MMF, IMF = min(base + max(0,(OI − lower)/(upper − lower))·(1 − base), 1)",
    "docs.dydx.community — Governance adjustable parameters, Markets: liquidity tier 0 (Large-Cap) initial_margin_ppm 20000 (IMF 0.02), maintenance_fraction_ppm 600000 (MMF = 0.6 × 0.02 = 0.012)",
    "dydx.forum/t/liquidity-tier-maintenance/2939 — Mid-Cap tier (SOL): initial_margin_ppm 50000, maintenance_fraction_ppm 600000, OI caps 40,000,000 / 100,000,000 USDC (quote quantums 4e13 / 1e14, 6 decimals)",
    "dydxprotocol/v4-chain x/perpetuals LiquidityTier.GetAdjustedInitialMarginPpm — upper cap 0 disables the OI scaling",
  ],
  notes: [
    "BTC and ETH: Large-Cap tier. Its open-interest caps are taken as 0/0 (scaling disabled), as in the v4-chain sample genesis — MarginLab assumption for the live chain.",
    "SOL: Mid-Cap tier as proposed in the governance post above; whether the live chain still uses it was not verified (assumption).",
    "openInterestUsd is a market input, set to 0 here (no scaling) — MarginLab assumption; feed the live open notional to see the OI-scaled IMF.",
    "dYdX lists no options: short options are unsupported.",
    "Collateral: USDC only; every other asset counts 0 here.",
  ],
  modes: ["isolated", "cross"],
  counterpartId: "deribit-style-pm",
  linear: {
    BTC: { kind: "oi-scaled", imfBase: 0.02, mmf: 0.012, oiLowerUsd: 0, oiUpperUsd: 0, openInterestUsd: 0 },
    ETH: { kind: "oi-scaled", imfBase: 0.02, mmf: 0.012, oiLowerUsd: 0, oiUpperUsd: 0, openInterestUsd: 0 },
    SOL: { kind: "oi-scaled", imfBase: 0.05, mmf: 0.03, oiLowerUsd: 40_000_000, oiUpperUsd: 100_000_000, openInterestUsd: 0 },
  },
  shortOptions: { kind: "unsupported" },
  haircuts: USDC_ONLY_HAIRCUTS,
  lists: { futures: false, options: false },
};
