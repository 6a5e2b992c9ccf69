/**
 * Deribit: Deribit-style standard margin (per position, isolated and cross) and Deribit-style
 * portfolio margin (scenario grid), as plain data. Where a figure disagrees with the venue's
 * current page, the venue wins (margin-models.md, introduction).
 *
 * @packageDocumentation
 */

import type { CollateralAsset, Underlying } from "@/lib/market/types";
import type { PmScenario } from "@/lib/margin/models/pm/types";
import type { PerPositionRulebook, PortfolioRulebook } from "@/lib/margin/rulebook";
import type { SizeScaledRule } from "@/lib/margin/rules/linear";
import { staticHaircuts } from "./collateral-sets";

/**
 * Deribit-style futures/perp rates, linear (USD) version: IM = 2% + 0.005%·size(BTC),
 * MM = 1% + 0.005%·size; ETH 0.0004% per ETH (margin-models.md §2.2, from support.deribit.com
 * "Futures margin"); SOL per-coin slope assumed (see DERIBIT_STANDARD notes). Rates never exceed
 * 100 % (`maxRate` 1: a linear requirement is at most the notional).
 */
export const DERIBIT_LINEAR: Record<Underlying, SizeScaledRule> = {
  BTC: { kind: "size-scaled", imBase: 0.02, mmBase: 0.01, imPerCoin: 0.00005, mmPerCoin: 0.00005, maxRate: 1 },
  ETH: { kind: "size-scaled", imBase: 0.02, mmBase: 0.01, imPerCoin: 0.000004, mmPerCoin: 0.000004, maxRate: 1 },
  SOL: { kind: "size-scaled", imBase: 0.02, mmBase: 0.01, imPerCoin: 0.0000002, mmPerCoin: 0.0000002, maxRate: 1 },
};

/** Static collateral haircuts (fraction of market value removed): MarginLab defaults, see DERIBIT_STANDARD notes. */
export const DERIBIT_STANDARD_HAIRCUTS: Record<CollateralAsset, number> = { USDC: 0, USDT: 0.02, BTC: 0.05, ETH: 0.05, SOL: 0.15, wstETH: 0.1 };

/**
 * Deribit-style standard margin, linear (USD) version.
 * Futures/perps: {@link DERIBIT_LINEAR}.
 * Short options (Deribit "Options margin"): call IM = max(0.15 − OTM/S, 0.10)·S + mark, MM = 0.075·S + mark;
 * put IM = max(max(0.15 − OTM/S, 0.10)·S + mark, MM), MM = max(0.075·S, 0.075·mark) + mark. Long options: premium only.
 *
 * @example
 * ```ts
 * linearRuleRequirement(DERIBIT_STANDARD.linear.BTC, 10, 95_000); // { im: 19,475, mm: 9,975 }
 * ```
 */
export const DERIBIT_STANDARD: PerPositionRulebook = {
  model: "per-position",
  id: "deribit-standard",
  venue: "Deribit",
  name: "Deribit-style standard",
  version: "1.0.0",
  asOf: "2026-11-20",
  sources: ["support.deribit.com — Futures margin (linear rates by size)", "support.deribit.com — Options margin (short call/put IM and MM)"],
  notes: [
    "Deribit quotes these rules in coin; MarginLab applies them to linear USD-settled contracts.",
    "SOL per-coin slope is a MarginLab assumption: the ETH slope scaled by the ETH/SOL price ratio (≈ 1/19).",
    "Collateral haircuts are MarginLab defaults for a multi-asset cross-collateral account, not published Deribit figures.",
  ],
  modes: ["isolated", "cross"],
  counterpartId: "deribit-style-pm",
  linear: DERIBIT_LINEAR,
  shortOptions: { kind: "deribit-family", imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.075, mmPutSpotRate: 0.075, mmPutMarkRate: 0.075 },
  haircuts: staticHaircuts(DERIBIT_STANDARD_HAIRCUTS),
  lists: { futures: true, options: true },
};

/** Deribit-style price range: ±16 % in 9 evenly spaced points. */
const DERIBIT_RANGE = 0.16;
const DERIBIT_MOVES = [-0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16];
/** Extended table moves (vol up only). */
const DERIBIT_EXTENDED = [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5];

/**
 * Deribit-style portfolio margin, modeled on published methodology (support.deribit.com
 * "Portfolio margin"), as of 2026-11-20. Only the published structure is from the venue; the
 * numbers the venue does not publish on that page are MarginLab assumptions, listed in `notes`.
 *
 * Grid (margin-models.md §2.3): price range ±16 % in 9 evenly spaced points × vol up / unchanged /
 * down; vol up σ' = max(σ·(1 + 0.5·(30/DTE)^p), 0.5), vol down σ' = σ·(1 − 0.25·(30/DTE)^p),
 * p = 0.30 under 30 days and 0.13 at or over; extended table −66 %, −33 %, +50 %, +100 %, +200 %,
 * +300 %, +400 %, +500 % with vol up only, counted at a dampened fraction of its P&L.
 * Collateral haircuts: those of {@link DERIBIT_STANDARD}.
 *
 * @example
 * ```ts
 * computePm(portfolio, DERIBIT_STYLE_PM.grid); // a long perp needs 16 % of its notional
 * ```
 */
export const DERIBIT_STYLE_PM: PortfolioRulebook = {
  model: "portfolio",
  id: "deribit-style-pm",
  venue: "Deribit",
  name: "Deribit-style portfolio margin",
  version: "1.0.0",
  asOf: "2026-11-20",
  sources: ["support.deribit.com — Portfolio margin (scenario grid, vol shocks, extended table)", "MarginLab docs/margin-models.md §2.3"],
  notes: [
    "Modeled on published methodology (support.deribit.com Portfolio margin), as of 2026-11-20; not the venue's own engine.",
    "Extended table fraction: each extended move counts at 16 %/|move| of its P&L (its loss scaled back to the ±16 % range), with a dampener of 1. Deribit applies a fraction and a dampener but the cited page does not give their values: MarginLab assumption.",
    "IM = 1.3 × MM (loss factors 1.3 and 1): MarginLab assumption, the cited page gives no ratio (OKX publishes 1.3 for its PM, margin-models.md §2.3).",
    "DTE floor of 1 day in the vol power law (30/DTE would diverge at expiry): MarginLab assumption.",
    "No contingencies, static discounts or basis charge: the new Deribit model removed the option and futures contingencies.",
  ],
  modes: ["portfolio"],
  counterpartId: "deribit-standard",
  haircutsFrom: "deribit-standard",
  grid: {
    scenarios: [
      ...DERIBIT_MOVES.flatMap((move) => (["down", "none", "up"] as const).map((volShock): PmScenario => ({ kind: "regular", spotShock: 1 + move, volShock, dampening: 1 }))),
      ...DERIBIT_EXTENDED.map((move): PmScenario => ({ kind: "tail", spotShock: 1 + move, volShock: "up", dampening: DERIBIT_RANGE / Math.abs(move) })),
    ],
    volShock: { rangeUp: 0.5, rangeDown: 0.25, shortTermPower: 0.3, longTermPower: 0.13, pivotDays: 30, dteFloorDays: 1, minVolUp: 0.5 },
    skewShock: null,
    lossFactors: { im: 1.3, mm: 1 },
    discountRateFloor: null,
    staticDiscount: null,
    basis: null,
    contingencies: {
      perp: { mm: 0, im: 0 },
      nakedShortOption: { mm: 0, im: 0 },
      oracle: null,
      peg: null,
    },
  },
};
