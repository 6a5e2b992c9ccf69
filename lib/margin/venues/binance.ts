/**
 * Binance: portfolio margin (Portfolio Margin Pro), a unified maintenance-margin account, as plain
 * data. Not scenario-based (margin-models.md §2.3): uniMMR = adjusted equity / Σ maintenance margin.
 *
 * @packageDocumentation
 */

import type { CollateralAsset } from "@/lib/market/types";
import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import { tieredRule, type TieredRule } from "@/lib/margin/rules/linear";
import { staticHaircuts } from "./collateral-sets";

/** Binance FAQ "Portfolio Margin Pro Maintenance Margin Ratio Calculation": uniMMR, its formulas and action bands. */
export const BINANCE_UNIMMR_URL = "https://binance.com/en-IN/support/faq/binance-portfolio-margin-pro-maintenance-margin-ratio-calculation-5e33af8e6ac04d57a1d0a3398e0a0752";
/** Binance FAQ "Portfolio Margin Pro Program: … Supported Collateral and Rates" (collateral rates, default 0.1). */
export const BINANCE_COLLATERAL_URL = "https://www.binance.com/en/support/faq/146ac090710a49f99c4732b00f8c09df";
/** Binance announcement "Updates to Leverage and Margin Tiers of Binance Futures Contracts (2021-03-18)": the BTCUSDT tiers. */
export const BINANCE_BTCUSDT_TIERS_URL = "https://www.binance.com/tr/support/announcement/86cf9aa472574b8cb2e05bb751c2a9a6";

/**
 * BTCUSDT perpetual tiers as Binance published them on 2021-03-18 ({@link BINANCE_BTCUSDT_TIERS_URL}):
 * position notional cap (USDT), max leverage, maintenance margin rate. The maintenance amount
 * ("cum") follows from the continuity recursion, as `futuresMM = |MMR·position·mark| − cum` needs.
 */
const BINANCE_BTCUSDT_TIERS: ReadonlyArray<readonly [upToNotionalUsd: number, maxLeverage: number, mmRate: number]> = [
  [50_000, 125, 0.004],
  [250_000, 100, 0.005],
  [1_000_000, 50, 0.01],
  [10_000_000, 20, 0.025],
  [20_000_000, 10, 0.05],
  [50_000_000, 5, 0.1],
  [100_000_000, 4, 0.125],
  [200_000_000, 3, 0.15],
  [300_000_000, 2, 0.25],
  [Infinity, 1, 0.5],
];

const BINANCE_BTC_RULE: TieredRule = tieredRule(BINANCE_BTCUSDT_TIERS.map(([upToNotionalUsd, maxLeverage, mmRate]) => ({ upToNotionalUsd, maxLeverage, mmRate })));

/**
 * Collateral haircuts (1 − collateral rate). BTC 0.05: the collateral FAQ's own example counts
 * 3 BTC at "3 BTC*0.95 = 2.85 BTC" ({@link BINANCE_COLLATERAL_URL}); USDT and USDC 0, ETH 0.05,
 * SOL 0.15: assumptions; wstETH 0.9: the FAQ's default rate 0.1 for assets its table does not show
 * (assumption that wstETH is not in it). See the notes.
 */
export const BINANCE_PM_HAIRCUTS: Record<CollateralAsset, number> = { USDC: 0, USDT: 0, BTC: 0.05, ETH: 0.05, SOL: 0.15, wstETH: 0.9 };

/** Binance's action bands ({@link BINANCE_UNIMMR_URL}): > 150 % free, 120–150 % reminder, 105–120 % reduce-only, ≤ 105 % liquidation. */
export const BINANCE_UNIMMR_BANDS = { reminderAt: 1.5, reduceOnlyAt: 1.2, liquidationAt: 1.05 } as const;

/**
 * Binance portfolio margin: Σ maintenance margin of the futures positions (their tiers), adjusted
 * equity with collateral rates, and the uniMMR action bands as MarginLab's requirements:
 * IM = 1.2 × Σ MM (new orders refused at or below it), MM = 1.05 × Σ MM (liquidation).
 *
 * @example
 * ```ts
 * linearRuleRequirement(BINANCE_PM.linear.BTC, 1, 100_000); // tier 2: MM = 0.005·100,000 − 50 = 450
 * ```
 */
export const BINANCE_PM: PerPositionRulebook = {
  model: "per-position",
  id: "binance-pm",
  venue: "Binance",
  name: "Binance portfolio margin (uniMMR)",
  version: "1.0.0",
  asOf: "2026-11-28",
  sources: [
    `${BINANCE_UNIMMR_URL} — uniMMR = Σ equity / Σ MM; Σ equity = Σ min(x·price·collateralRate, x·price); futuresMM_UM = |MMR·position·mark| − cum; bands > 150 % / 120–150 % / 105–120 % reduce-only / ≤ 105 % liquidation`,
    `${BINANCE_COLLATERAL_URL} — collateral rates (example: 3 BTC × 0.95 = 2.85 BTC); assets not listed: default rate 0.1`,
    `${BINANCE_BTCUSDT_TIERS_URL} — BTCUSDT perpetual tiers: notional cap, max leverage, maintenance margin rate`,
    "margin-models.md §2.3 (Binance PM: not scenario-based; uniMMR bands)",
  ],
  notes: [
    "No initial margin of its own (Binance: 'the initial margin requirement no longer applies'): MarginLab's IM is the reduce-only band, 1.2 × Σ MM, and its MM the liquidation band, 1.05 × Σ MM. uniMMR = equity / Σ MM = 1.05 / the margin ratio shown. The 150 % reminder band is not shown.",
    "At exactly 105 % Binance liquidates (uniMMR ≤ 105 %); MarginLab flags liquidation below it.",
    "BTC tiers: Binance's BTCUSDT table of 2021-03-18, the latest MarginLab could read; Binance has changed its tiers since (e.g. its June 2025 update): re-verify. ETH and SOL reuse the BTC tiers: assumption (their own tables are stricter).",
    "Collateral rates: since 11 September 2024 Binance tiers them by value; the live table could not be read. BTC 0.95 is the FAQ's own example; USDT and USDC 1, ETH 0.95 and SOL 0.85 are assumptions; wstETH at the default rate 0.1 for unlisted assets (assumption that it is unlisted).",
    "Margin loans (Σ MarginMM) and open-order losses are not modelled: MarginLab accounts hold no loans or orders.",
    "Binance portfolio margin covers futures and margin, not options: this rulebook lists no options.",
  ],
  modes: ["cross"],
  counterpartId: "deribit-style-pm",
  linear: { BTC: BINANCE_BTC_RULE, ETH: BINANCE_BTC_RULE, SOL: BINANCE_BTC_RULE },
  shortOptions: { kind: "unsupported" },
  haircuts: staticHaircuts(BINANCE_PM_HAIRCUTS),
  lists: { futures: true, options: false },
  uniMmrBands: { reduceOnlyAt: BINANCE_UNIMMR_BANDS.reduceOnlyAt, liquidationAt: BINANCE_UNIMMR_BANDS.liquidationAt },
};
