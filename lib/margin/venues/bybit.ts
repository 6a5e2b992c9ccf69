/**
 * Bybit: unified trading account, cross margin (per position), as plain data. Venues change
 * parameters often: where a figure disagrees with the venue's current page, the venue wins
 * (margin-models.md, introduction).
 *
 * @packageDocumentation
 */

import type { HaircutQuantityTier } from "@/lib/margin/collateral/haircuts";
import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import { tieredRule, type TieredRule } from "@/lib/margin/rules/linear";

/**
 * Bybit BTCUSDT (USDT perpetual, cross and isolated) risk-limit tiers: risk limit (USD), max
 * leverage, maintenance margin rate — Bybit "Margin Parameters" page
 * (bybit.com/en/announcement-info/margin-parameters). Deductions follow from the page's
 * recursion (tieredRule); bybit.test.ts checks them against the page's published column.
 */
const BYBIT_BTCUSDT_TIERS: ReadonlyArray<readonly [riskLimitUsd: number, maxLeverage: number, mmRate: number]> = [
  [2_000_000, 100, 0.005],
  [2_600_000, 90, 0.0056],
  [3_200_000, 80, 0.0063],
  [3_800_000, 75, 0.0067],
  [4_400_000, 70, 0.0071],
  [5_000_000, 65, 0.0077],
  [5_600_000, 55, 0.0091],
  [8_500_000, 50, 0.01],
  [10_000_000, 45, 0.013],
  [14_000_000, 40, 0.015],
  [20_000_000, 35, 0.016],
  [28_000_000, 30, 0.02],
  [38_000_000, 25, 0.025],
  [50_000_000, 20, 0.029],
  [55_000_000, 19, 0.03],
  [60_000_000, 18, 0.035],
  [65_000_000, 17, 0.036],
  [70_000_000, 16, 0.038],
  [75_000_000, 15, 0.04],
  [80_000_000, 14, 0.045],
];

const BYBIT_BTC_RULE: TieredRule = tieredRule(BYBIT_BTCUSDT_TIERS.map(([upToNotionalUsd, maxLeverage, mmRate]) => ({ upToNotionalUsd, maxLeverage, mmRate })));

/** Bybit's help article "Understanding Collateral Value Ratios in Unified Trading Account" (the address it was read at, a Bybit help-centre mirror). */
export const BYBIT_COLLATERAL_URL = "https://testnet.bytick.com/en/help-center/article/Assets-Collateral-Value-Ratio-List-UTA";
/** Bybit's help article on isolated-mode liquidation prices in the Unified Trading Account (the address it was read at). */
export const BYBIT_ISOLATED_LIQUIDATION_URL = "https://bybit.nl/nl-NL/help-center/article/Liquidation-Price-Calculation-under-Isolated-Mode-Unified-Trading-Account";

/**
 * BTC collateral value ratio by coin quantity, as Bybit's collateral article tabulates it in its
 * example ({@link BYBIT_COLLATERAL_URL}): 0–10 BTC 0.98, >10–20 0.95, >20–30 0.9, >30–40 0.85,
 * >40–50 0.8, >50 0. The article introduces the table with "Assume the tiered value rates … are
 * shown as follows"; the live ratios sit on Bybit's Margin Specification page (see notes).
 */
export const BYBIT_BTC_COLLATERAL_TIERS: HaircutQuantityTier[] = [
  { upToQty: 10, ratio: 0.98 },
  { upToQty: 20, ratio: 0.95 },
  { upToQty: 30, ratio: 0.9 },
  { upToQty: 40, ratio: 0.85 },
  { upToQty: 50, ratio: 0.8 },
  { upToQty: null, ratio: 0 },
];

/**
 * Bybit unified trading account, cross margin.
 * Short options: margin-models.md §2.2 (Bybit help, "Comparison of spread strategies in cross
 * margin and portfolio margin"). Perps: BTCUSDT risk-limit tiers (sourced); ETH and SOL reuse
 * them (assumption, see notes). Bybit's portfolio margin is not modelled here: a switch to portfolio
 * mode moves to Deribit-style PM.
 *
 * @example
 * ```ts
 * linearRuleRequirement(BYBIT_CROSS.linear.BTC, 100, 90_000); // tier 9: { im: 200,000, mm: 71,000 }
 * ```
 */
export const BYBIT_CROSS: PerPositionRulebook = {
  model: "per-position",
  id: "bybit-cross",
  venue: "Bybit",
  name: "Bybit unified account (cross)",
  version: "1.1.0",
  asOf: "2026-11-28",
  sources: [
    "Bybit help centre — Comparison of spread strategies in cross margin and portfolio margin (short option MM/IM, worked check BTC 20,250 short 18,500 put → MM 938, IM 2,315), via margin-models.md §2.2",
    "bybit.com/en/announcement-info/margin-parameters — BTCUSDT risk-limit tiers: risk limit, max leverage, maintenance margin rate and deduction; IM = position value / leverage, MM = position value × MMR − deduction",
    `${BYBIT_COLLATERAL_URL} — collateral value ratios tiered by coin quantity (example table BTC 0.98 / 0.95 / 0.9 / 0.85 / 0.8 / 0, USDT 1); only positive balances`,
    `${BYBIT_ISOLATED_LIQUIDATION_URL} — isolated liquidation price: LP = entry ∓ (IM − MM)/qty (∓ extra margin/qty), IM and MM on the position value at entry`,
    "Bybit help centre — Bankruptcy Price (USDT Contract): 1 BTC long at 10,000, 50x → bankruptcy 9,800",
  ],
  notes: [
    "Short options: the published cross-margin formula; 'OTM' is max(K − S, 0) for calls and max(S − K, 0) for puts, S = index price; the 0.2%·S term is the fee add-on in MM.",
    "Perps BTC: the BTCUSDT (USDT perpetual) table as captured from Bybit's Margin Parameters page; capture date not shown on the page, so re-verify. USDC perpetuals (BTCPERP) have their own table.",
    "Perps BTC: positions above the last risk limit (80,000,000 USD) are not allowed on Bybit; MarginLab extends tier 20 (14x, 4.5%) above it.",
    "Perps ETH and SOL: MarginLab assumption — the BTCUSDT ladder is reused; Bybit's ETHUSDT/SOLUSDT ladders were not verified and are likely stricter (smaller risk limits).",
    "Tier boundaries: a notional equal to a risk limit falls in that (lower) tier, as Bybit's 'risk limit' reads.",
    "Collateral BTC: quantity-tiered ratios 0.98 / 0.95 / 0.9 / 0.85 / 0.8 / 0 per 10 BTC — the table Bybit's collateral article uses in its example ('Assume the tiered value rates …'); the live ratios are on Bybit's Margin Specification page, which MarginLab could not read: assumption.",
    "Collateral USDT: ratio 1, from the same example table (assumption, as above). USDC at par.",
    "Collateral ETH 5 % and SOL 15 % static haircuts: MarginLab defaults, not Bybit's (quantity-tiered) ratios: assumption.",
    "Isolated liquidation (named convention 'entry-value'): Bybit's published formula charges maintenance on the position value at entry, so the liquidation price is entry ∓ (allocation − MM at entry)/qty; its examples: long 1 BTC at 10,000, 50x, MMR 0.5 % → 9,850; short 1 BTC at 8,000, 40x → 8,160 (as quoted in issue 11; fees to close left out, as the examples do).",
    "wstETH: MarginLab assumption — yield-bearing, valued through ETH (static 5%) with a further 5% de-peg haircut (effective 9.75%); Bybit's own treatment not verified.",
  ],
  modes: ["isolated", "cross"],
  counterpartId: "bybit-pm",
  linear: { BTC: BYBIT_BTC_RULE, ETH: BYBIT_BTC_RULE, SOL: BYBIT_BTC_RULE },
  shortOptions: { kind: "bybit", mmSpotRate: 0.03, mmMarkRate: 0.03, feeSpotRate: 0.002, imOtmBase: 0.15, imFloor: 0.1 },
  haircuts: {
    USDC: { kind: "static", haircut: 0 },
    USDT: { kind: "static", haircut: 0 },
    BTC: { kind: "quantity-tiered", tiers: BYBIT_BTC_COLLATERAL_TIERS },
    ETH: { kind: "static", haircut: 0.05 },
    SOL: { kind: "static", haircut: 0.15 },
    wstETH: { kind: "yield-bearing", base: { kind: "static", haircut: 0.05 }, depegHaircut: 0.05 },
  },
  lists: { futures: true, options: true },
  isolatedMaintenanceOn: "entry-value",
};
