/**
 * OKX: portfolio margin (risk units per underlying, MR1–MR9), as plain data. The model is
 * lib/margin/models/okx-pm. Where a figure disagrees with the venue's current page, the venue wins
 * (margin-models.md, introduction).
 *
 * @packageDocumentation
 */

import type { OkxPmRulebook } from "@/lib/margin/rulebook";
import type { OkxTier, OkxUnitParams } from "@/lib/margin/models/okx-pm/params";

/**
 * OKX, "OKX will further adjust portfolio margin parameters" (2 January 2025): MR1 and MR6 from
 * 6 January 2025, MR7 from 15 January 2025, MR4 and MR9 at once. Read at the mirror
 * https://okx-api.aperture.finance/help/okx-will-further-adjust-portfolio-margin-parameters (the
 * okx.com address is the mirror's path on okx.com).
 */
export const OKX_PM_PARAMETERS_2025_URL = "https://www.okx.com/help/okx-will-further-adjust-portfolio-margin-parameters";
/** The mirror the 2025 parameter notice was read at. */
export const OKX_PM_PARAMETERS_2025_MIRROR_URL = "https://okx-api.aperture.finance/help/okx-will-further-adjust-portfolio-margin-parameters";
/**
 * OKX, "Portfolio margin mode: cross-margin trading (Risk Unit Merge)" (3 December 2024, updated
 * 4 December 2025): risk units per underlying, MR1 price moves (BTC, ETH ±0/4/8/12 %; SOL among
 * ±0/6/12/18 %), MR1 takes the maximum loss, MR9 steps. Read in excerpts at OKX mirrors
 * (okx-api.aperture.finance/ru-eu/help/portfolio-margin-mode-cross-margin-trading-risk-unit-merge,
 * oyigwcn.biz help search).
 */
export const OKX_PM_RISK_UNIT_MERGE_URL = "https://www.okx.com/help/portfolio-margin-mode-cross-margin-trading-risk-unit-merge";
/**
 * OKX, "Multi-currency margin mode vs. Portfolio margin mode": "Derivatives MMR = Max {[Max (Spot
 * shock, Theta decay risk, Extreme move) + Basis risk + Vega risk + Interest rate risk + Stablecoin
 * depegging risk], Adjusted minimum charge}", "Initial margin requirement (IMR) 1.3 × MMR".
 */
export const OKX_MC_VS_PM_URL = "https://www.okx.com/help/vi-multi-currency-margin-mode-vs-portfolio-margin-mode";
/** OKX, "Portfolio margin mode: cross margin trading" (13-min read, 2023–2024): risk units, MMR per unit summed, IMR derived from MMR. */
export const OKX_PM_MODE_URL = "https://www.okx.com/help/v-portfolio-margin-mode-cross-margin-trading";
/**
 * OKX, "OKEx adjusts scaling-factor logic in Portfolio Margin mode" (December 2021): the MR7
 * multipliers apply tier by tier to the increment of the raw charge; worked example
 * MR7_adj = 10,000 + (30,000 − 10,000) × 2 = 50,000 USD.
 */
export const OKX_MR7_SCALING_URL = "https://www.okx.com/support/hc/en-us/articles/4417291853837-OKEx-adjusts-scaling-factor-logic-in-Portfolio-Margin-mode";
/** Third-party copy of the 2025 notice's MR7 table (the mirror's text of OKX's page stops at "Latest adjustments"). */
export const OKX_MR7_2025_COPY_URL = "https://scallope.com/6757.html";
/**
 * OKX, "OKX will update margin calculation rules for the portfolio margin mode" (25 November 2024):
 * MR9 (stablecoin de-peg) on cross-stablecoin hedges. Its worked MR9 example was read only in a
 * third-party copy, {@link OKX_MR9_EXAMPLE_COPY_URL}.
 */
export const OKX_PM_RULES_UPDATE_2024_URL = "https://www.okx.com/help/okx-will-update-margin-calculation-rules-for-the-portfolio-margin-mode";
/** Third-party copy of OKX's MR9 example: MR9 = 1M × 0.75 % + 4M × 1.75 % + 5M × 2.5 % = 202,500 USD. */
export const OKX_MR9_EXAMPLE_COPY_URL = "https://pastorq.com/13690.html";

/**
 * MR7 multipliers of the raw minimum charge for BTC and ETH before 15 January 2025 (USD tiers
 * [0–10,000] ×1, (10,000–70,000] ×2, (70,000–170,000] ×4, (170,000–300,000] ×6,
 * (300,000–470,000] ×8, (470,000–700,000] ×10, above ×12), {@link OKX_PM_PARAMETERS_2025_URL}.
 */
export const OKX_MR7_TIERS_BEFORE_2025: OkxTier[] = [
  { upToUsd: 10_000, value: 1 },
  { upToUsd: 70_000, value: 2 },
  { upToUsd: 170_000, value: 4 },
  { upToUsd: 300_000, value: 6 },
  { upToUsd: 470_000, value: 8 },
  { upToUsd: 700_000, value: 10 },
  { upToUsd: null, value: 12 },
];

/**
 * MR7 multipliers from 15 January 2025 ($0–250K ×1, 250K–500K ×2, 500K–1M ×4, 1M–2M ×6, 2M–3M ×8,
 * 3M–4M ×10, above ×12), as {@link OKX_MR7_2025_COPY_URL} copies OKX's table: see notes.
 */
export const OKX_MR7_TIERS_2025: OkxTier[] = [
  { upToUsd: 250_000, value: 1 },
  { upToUsd: 500_000, value: 2 },
  { upToUsd: 1_000_000, value: 4 },
  { upToUsd: 2_000_000, value: 6 },
  { upToUsd: 3_000_000, value: 8 },
  { upToUsd: 4_000_000, value: 10 },
  { upToUsd: null, value: 12 },
];

/** BTC and ETH from January 2025: MR1 ±0/4/8/12 % (was ±0/5/10/15 %), MR6 ±24 % (was ±30 %), MR4 5 % a year (was 7.5 %). */
const OKX_BTC_ETH_UNIT: OkxUnitParams = { spotMoves: [0, 0.04, 0.08, 0.12], extremeMove: 0.24, basisAnnual: 0.05, minChargeTiers: OKX_MR7_TIERS_2025 };

/**
 * SOL: MR1 ±0/6/12/18 % (the Risk Unit Merge page lists SOL in that group; the 2025 notice's MR1
 * group names LTC, BCH, … XRP), MR6 ±36 % (was ±40 %), MR4 15 % a year (was 22.5 %): SOL is named
 * in the notice's MR6 and MR4 groups.
 */
const OKX_SOL_UNIT: OkxUnitParams = { spotMoves: [0, 0.06, 0.12, 0.18], extremeMove: 0.36, basisAnnual: 0.15, minChargeTiers: OKX_MR7_TIERS_2025 };

/**
 * OKX portfolio margin: per risk unit MMR = max(max(MR1, MR2, MR6) + MR3 + MR4 + MR5 + MR9, MR7),
 * account MMR = Σ units, IMR = 1.3 × MMR. Parameters of January 2025.
 *
 * @example
 * ```ts
 * computeWithRulebook(sub, OKX_PM, SAMPLE_SNAPSHOT); // result.portfolio.okx.units[0].mr1 …
 * ```
 */
export const OKX_PM: OkxPmRulebook = {
  model: "okx-pm",
  id: "okx-pm",
  venue: "OKX",
  name: "OKX portfolio margin",
  version: "1.0.0",
  asOf: "2026-11-28",
  sources: [
    `${OKX_MC_VS_PM_URL} — MMR = max{[max(spot shock MR1, theta decay MR2, extreme move MR6) + basis MR4 + vega MR3 + interest rate MR5 + stablecoin de-peg MR9], adjusted minimum charge MR7}; IMR = 1.3 × MMR (read at an OKX mirror's help search)`,
    `${OKX_PM_PARAMETERS_2025_URL} — January 2025 parameters: MR1 BTC/ETH ±0/4/8/12 %, MR6 BTC/ETH ±24 %, SOL ±36 %, MR4 BTC/ETH 5 %, SOL 15 % a year, MR7 tiers before the change (read at the mirror ${OKX_PM_PARAMETERS_2025_MIRROR_URL})`,
    `${OKX_PM_RISK_UNIT_MERGE_URL} — risk units per underlying, MR1 takes the maximum loss of the price × implied-vol moves, SOL in the ±0/6/12/18 % group (read in excerpts at OKX mirrors)`,
    `${OKX_PM_MODE_URL} — MMR per risk unit summed into the portfolio MMR; IMR derived from MMR`,
    `${OKX_MR7_SCALING_URL} — MR7 multipliers applied tier by tier to the increment of the raw charge (worked example 50,000 USD)`,
    `${OKX_MR7_2025_COPY_URL} — MR7 tiers from 15 January 2025 (third-party copy of OKX's notice)`,
    `${OKX_PM_RULES_UPDATE_2024_URL} — MR9 stablecoin de-peg risk on cross-stablecoin hedges; example in the third-party copy ${OKX_MR9_EXAMPLE_COPY_URL}`,
  ],
  notes: [
    "MR7 tiers from 15 January 2025 (×1 to 250K, ×2 to 500K, ×4 to 1M, ×6 to 2M, ×8 to 3M, ×10 to 4M, ×12 above): read in a third-party copy of OKX's notice, the mirror's text of OKX's own page stopping at 'Latest adjustments': assumption until checked on okx.com.",
    "MR7 raw minimum charge: 0.1 % × |net perp + futures position| × spot + 0.1 % × net short option contracts × spot — MarginLab assumption: OKX's raw-charge formula was not found in the pages read. SOL uses the BTC/ETH tier table (assumption).",
    "MR1 implied-vol moves: OKX's table by time to expiry (points or percent) could be read only to its first row ('0 days: 30'); MarginLab moves every option's vol by ±30 % of itself with each spot move: assumption.",
    "MR6 extreme moves are applied with vol up and counted at full weight: assumption (not in the pages read).",
    "MR2 time value ('theta decay risk'): the loss of the options' value over 1 day with spot and smile unchanged: assumption on the horizon and method.",
    "MR3 vol span ('vega risk') and MR5 interest-rate risk: OKX's formulas were not found in the pages read; charged 0 and named in the breakdown: assumption.",
    "MR4 basis risk: annual rate × Σ expiries |net futures position × forward| × years to expiry (perps none): the rates are OKX's (January 2025), the formula a MarginLab assumption.",
    "MR9 stablecoin de-peg: MarginLab's contracts all settle in one stablecoin, so no cross-stablecoin hedge exists and MR9 is 0; the tiered arithmetic is implemented (okx-pm/tiers.ts) and checked against OKX's example (202,500 USD, via a third-party copy).",
    "Collateral sits outside the risk units (OKX's 'derivatives only' arrangement; spot-in-use hedging not modelled) and is valued after Deribit-style haircuts: OKX's discount-rate tiers were not read: assumption.",
    "MR8 (borrowing) is not charged: MarginLab accounts do not borrow.",
  ],
  modes: ["portfolio"],
  counterpartId: "deribit-standard",
  haircutsFrom: "deribit-standard",
  okx: {
    units: { BTC: OKX_BTC_ETH_UNIT, ETH: OKX_BTC_ETH_UNIT, SOL: OKX_SOL_UNIT },
    volShock: { rangeUp: 0.3, rangeDown: 0.3, shortTermPower: 0, longTermPower: 0, pivotDays: 30, dteFloorDays: 1, minVolUp: 0 },
    extremeVolShock: "up",
    thetaDays: 1,
    volSpan: null,
    interestRate: null,
    minChargeRates: { linear: 0.001, option: 0.001 },
    imToMm: 1.3,
  },
};
