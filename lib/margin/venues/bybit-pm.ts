/**
 * Bybit: unified trading account, portfolio margin, as plain data for the shared scenario engine
 * (lib/margin/models/pm). MM = maximum loss over the stress scenarios + contingency components;
 * IM = MM × IM factor. Where a figure disagrees with the venue's current page, the venue wins
 * (margin-models.md, introduction).
 *
 * @packageDocumentation
 */

import type { PmScenario } from "@/lib/margin/models/pm/types";
import type { PortfolioRulebook } from "@/lib/margin/rulebook";

/** Bybit, "Comparison of Spread Strategies in Cross Margin and Portfolio Margin" (read at the Bybit Türkiye help centre). */
export const BYBIT_PM_SPREAD_EXAMPLE_URL = "https://bybit-tr.com/en-TR/help-center/article/?id=000001735";
/** The same article on bybit.com (its stored copy carries "Maximum Loss = ABS [min (P&L)] = 434.65 USDT, Contingency Component = 0"). */
export const BYBIT_PM_SPREAD_EXAMPLE_BYBIT_URL = "https://www.bybit.com/kk-KZ/help-center/article/Comparison-of-Spread-Strategies-in-Cross-Margin-and-Portfolio-Margin";
/** Bybit, "Margin Calculations under Portfolio Margin (Unified Trading Account)": stress testing of mark price and implied vol; MM = maximum loss + contingency. */
export const BYBIT_PM_METHOD_URL = "https://bybitglobal.com/en/help-center/article/Introduction-to-Portfolio-Margin";

/** The published example's figures (BTC 20,250; short 1 BTC-22JUL22-18500-P mark 290; long 1 BTC-22JUL22-20000-P mark 750). */
export const BYBIT_PM_SPREAD_EXAMPLE = { spot: 20_250, shortPut: { strike: 18_500, mark: 290 }, longPut: { strike: 20_000, mark: 750 }, pmMaintenance: 434.65, crossMaintenance: 938, crossInitial: 2_315 } as const;

/** Spot moves of the grid: −15 % … +15 % in 3 % steps (11 points; with three vol states, the published 33 scenarios). */
const BYBIT_PM_MOVES = [-0.15, -0.12, -0.09, -0.06, -0.03, 0, 0.03, 0.06, 0.09, 0.12, 0.15];

/**
 * Bybit portfolio margin (USDT/USDC derivatives of one underlying per risk unit). Structure from
 * {@link BYBIT_PM_METHOD_URL} and {@link BYBIT_PM_SPREAD_EXAMPLE_URL}: 33 scenarios of the
 * underlying's price × implied vol, MM = |min P&L| + contingency components, IM = MM × IM factor.
 * Its parameter table (price range, volatility percentages, IM factor, contingency factors) is an
 * image on the cited pages: every number of the grid is a MarginLab assumption, listed in `notes`.
 *
 * @example
 * ```ts
 * computeWithRulebook(sub, BYBIT_PM, SAMPLE_SNAPSHOT); // mm = worst of 33 scenarios
 * ```
 */
export const BYBIT_PM: PortfolioRulebook = {
  model: "portfolio",
  id: "bybit-pm",
  venue: "Bybit",
  name: "Bybit portfolio margin",
  version: "1.0.0",
  asOf: "2026-11-28",
  sources: [
    `${BYBIT_PM_METHOD_URL} — portfolio margin by stress testing the mark price and implied volatility; MM = maximum loss + contingency components; borrowing margin as in cross margin`,
    `${BYBIT_PM_SPREAD_EXAMPLE_URL} — bear put spread (BTC 20,250; short 18,500-P mark 290, long 20,000-P mark 750): 33 preset scenarios, maximum loss 434.65 USDT, contingency 0 → MM 434.65, against cross-margin MM 938 / IM 2,315 (also ${BYBIT_PM_SPREAD_EXAMPLE_BYBIT_URL})`,
  ],
  notes: [
    "Scenario grid: 11 spot moves (−15 % … +15 % in 3 % steps) × implied vol down / unchanged / up = the 33 scenarios Bybit names; the price range and vol percentages are MarginLab assumptions (Bybit shows them as a table image, not readable in the stored pages).",
    "Implied-vol moves: every option's vol ×(1 ± 30 %), flat across expiries: MarginLab assumption.",
    "IM = MM × IM factor; IM factor 1: MarginLab assumption (Bybit publishes the factor in its margin parameters, not read).",
    "Contingency components Bybit names — short options, vega spread, delta spread, perpetual/futures, USDT-USDC spread: their factors were not readable; the short-option one is 0 here because Bybit's published spread has contingency 0 and the shared engine counts naked shorts per strike (Bybit nets them, per its example); perps/futures 0; vega spread, delta spread and USDT-USDC spread not modelled: assumptions.",
    "The published 434.65 USDT cannot be reproduced from the published figures: the example gives neither the grid parameters, nor the time to the 22JUL22 expiry on the example's date, nor the options' implied vols.",
    "Collateral haircuts: those of Bybit cross margin (bybit-cross), charged inside the requirement as the scenario engine does.",
  ],
  modes: ["portfolio"],
  counterpartId: "bybit-cross",
  haircutsFrom: "bybit-cross",
  grid: {
    scenarios: BYBIT_PM_MOVES.flatMap((move) => (["down", "none", "up"] as const).map((volShock): PmScenario => ({ kind: "regular", spotShock: 1 + move, volShock, dampening: 1 }))),
    volShock: { rangeUp: 0.3, rangeDown: 0.3, shortTermPower: 0, longTermPower: 0, pivotDays: 30, dteFloorDays: 1, minVolUp: 0 },
    skewShock: null,
    lossFactors: { im: 1, mm: 1 },
    discountRateFloor: null,
    staticDiscount: null,
    basis: null,
    contingencies: { perp: { mm: 0, im: 0 }, nakedShortOption: { mm: 0, im: 0 }, oracle: null, peg: null },
  },
};
