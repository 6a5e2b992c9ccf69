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

/** Deribit's notice of 11 January 2022: BTC 2 % / 1 % + 0.005 %·size(BTC), ETH 2 % / 1 % + 0.0004 %·size(ETH), IM / MM. */
export const DERIBIT_2022_MARGIN_NOTICE_URL = "https://support.deribit.com/hc/en-us/articles/25944826427293-11-January-2022";
/** Deribit's "Linear Perpetual" support page: the source of the BTC and SOL linear rates and of the index basis. */
export const DERIBIT_LINEAR_PERPETUAL_URL = "https://support.deribit.com/hc/en-us/articles/25944738177565-Linear-Perpetual";

/**
 * Deribit linear (USDC-settled) perpetual rates, computed on the index price
 * ({@link DERIBIT_LINEAR_PERPETUAL_URL}: "This is done on the index price of the underlying
 * currency"): BTC_USDC IM = 2 % + 0.005 %·size(BTC), MM = 1 % + 0.005 %·size; SOL_USDC
 * IM = 4 % + 0.0005 %·size(SOL), MM = 2 % + 0.0005 %·size. ETH 2 % / 1 % + 0.0004 % per ETH
 * ({@link DERIBIT_2022_MARGIN_NOTICE_URL}; not on the linear page: see notes).
 * Rates never exceed 100 % (`maxRate` 1: a linear requirement is at most the notional).
 */
export const DERIBIT_LINEAR: Record<Underlying, SizeScaledRule> = {
  BTC: { kind: "size-scaled", imBase: 0.02, mmBase: 0.01, imPerCoin: 0.00005, mmPerCoin: 0.00005, maxRate: 1, priceBasis: "index" },
  ETH: { kind: "size-scaled", imBase: 0.02, mmBase: 0.01, imPerCoin: 0.000004, mmPerCoin: 0.000004, maxRate: 1, priceBasis: "index" },
  SOL: { kind: "size-scaled", imBase: 0.04, mmBase: 0.02, imPerCoin: 0.000005, mmPerCoin: 0.000005, maxRate: 1, priceBasis: "index" },
};

/** Deribit's "Cross-collateral specifications" support page: haircuts apply to the initial margin. */
export const DERIBIT_CROSS_COLLATERAL_URL = "https://support.deribit.com/hc/en-us/articles/25944777203869-Cross-collateral-specifications";

/** Deribit's notice of the stETH change (effective 13 January 2026): stETH in ETH's risk bucket, haircut 15 % → 7.5 %. */
export const DERIBIT_STETH_NOTICE_URL = "https://insights.deribit.com/exchange-updates/portfolio-margin-improvements-for-steth-and-cross-collateral-haircuts";

/**
 * Static collateral haircuts (fraction of market value removed). wstETH: 7.5 %, Deribit's stETH
 * haircut since 13 January 2026 ({@link DERIBIT_STETH_NOTICE_URL}); the others are MarginLab
 * defaults (see DERIBIT_STANDARD notes).
 */
export const DERIBIT_STANDARD_HAIRCUTS: Record<CollateralAsset, number> = { USDC: 0, USDT: 0.02, BTC: 0.05, ETH: 0.05, SOL: 0.15, wstETH: 0.075 };

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
  version: "1.2.0",
  asOf: "2026-11-28",
  sources: [
    `${DERIBIT_LINEAR_PERPETUAL_URL} — linear perpetual IM/MM rates for BTC_USDC and SOL_USDC with worked examples, computed on the index price`,
    `${DERIBIT_2022_MARGIN_NOTICE_URL} — ETH IM 2 % + 0.0004 %·size(ETH), MM 1 % + 0.0004 %·size (and the BTC rates the Linear Perpetual page repeats)`,
    "support.deribit.com — Options margin (short call/put IM and MM)",
    `${DERIBIT_STETH_NOTICE_URL} — stETH cross-collateral haircut 7.5 % from 13 January 2026`,
    `${DERIBIT_CROSS_COLLATERAL_URL} — cross-collateral haircuts apply to the initial margin (IM)`,
  ],
  notes: [
    "Linear perps are margined on the index (spot) price, as Deribit's Linear Perpetual page says; the perp mark only enters the P&L.",
    "ETH linear rates (2 % / 1 % + 0.0004 % per ETH) come from Deribit's 11 January 2022 notice, which sets them for its (inverse) futures; the Linear Perpetual page shows BTC and SOL only, so their use for ETH_USDC is an assumption.",
    "Dated futures use the perpetual rates: assumption (the Linear Perpetual page covers perpetuals).",
    "Deribit quotes its option rules in coin; MarginLab applies them to linear USD-settled contracts.",
    `wstETH haircut 7.5 %: Deribit's stETH cross-collateral haircut (standard and portfolio) since 13 January 2026, ${DERIBIT_STETH_NOTICE_URL}; MarginLab treats wstETH as Deribit's stETH (assumption) and moves it with ETH, as that notice puts stETH in ETH's risk bucket.`,
    "Haircuts of USDT, BTC, ETH and SOL are MarginLab defaults, not Deribit's figures: its Cross-collateral specifications page (support.deribit.com/hc/en-us/articles/25944777203869) lists them, but its table could not be read: assumption.",
    `Haircuts apply to the initial-margin side only (haircutAppliesTo "initial"), as Deribit's Cross-collateral specifications say ('For the purposes of calculating the initial margin (IM), some cross collateral currencies may have a haircut applied', ${DERIBIT_CROSS_COLLATERAL_URL}): equity counts collateral at market value against MM and for the liquidation price; the IM check uses the equity after haircuts.`,
  ],
  modes: ["isolated", "cross"],
  counterpartId: "deribit-style-pm",
  linear: DERIBIT_LINEAR,
  shortOptions: { kind: "deribit-family", imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.075, mmPutSpotRate: 0.075, mmPutMarkRate: 0.075 },
  haircuts: staticHaircuts(DERIBIT_STANDARD_HAIRCUTS),
  haircutAppliesTo: "initial",
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
