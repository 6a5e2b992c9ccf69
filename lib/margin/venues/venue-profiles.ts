/**
 * Venue rule profiles: which rule family (venue-rules.ts) and haircut model (haircuts.ts) each
 * venue uses, with the parameters as published. Plain data only; every profile names its
 * sources and, in `notes`, every assumption MarginLab makes where a venue publishes nothing
 * (or where the published figure was not verified).
 *
 * Venues change parameters often: each profile carries a version and the date its numbers were
 * last checked (`asOf`). Where a figure disagrees with the venue's current page, the venue wins
 * (margin-models.md, introduction).
 *
 * @packageDocumentation
 */

import type { CollateralAsset, Underlying } from "@/lib/market/types";
import type { HaircutModel } from "@/lib/margin/collateral/haircuts";
import { AEVO_STANDARD, DERIBIT_STANDARD, type StandardProfile } from "./standard-profiles";
import { tieredRule, type LinearRule, type ShortOptionRule } from "@/lib/margin/rules/venue-rules";

/** A venue's per-position rules and collateral haircuts, as plain data. */
export interface VenueRuleProfile {
  id: string;
  name: string;
  version: string;
  /** date the parameters were checked against the venue's published rules (ISO date) */
  asOf: string;
  sources: string[];
  /** every assumption, named */
  notes: string[];
  linear: Record<Underlying, LinearRule>;
  shortOptions: ShortOptionRule;
  haircuts: Record<CollateralAsset, HaircutModel>;
  /** which instrument kinds the venue lists (default: options unless shortOptions is "unsupported", futures yes) */
  lists?: { futures: boolean; options: boolean };
}

const AS_OF = "2026-11-24";

/** A collateral asset the venue does not accept: counts at 0. */
const NOT_ACCEPTED: HaircutModel = { kind: "static", haircut: 1 };

/** Collateral accepted by USDC-only perp venues (Hyperliquid, dYdX v4): USDC at par, nothing else. */
const USDC_ONLY_HAIRCUTS: Record<CollateralAsset, HaircutModel> = {
  USDC: { kind: "static", haircut: 0 },
  USDT: NOT_ACCEPTED,
  BTC: NOT_ACCEPTED,
  ETH: NOT_ACCEPTED,
  SOL: NOT_ACCEPTED,
  wstETH: NOT_ACCEPTED,
};

/** Static haircuts of a standard profile as haircut models. */
function staticHaircuts(h: Record<CollateralAsset, number>): Record<CollateralAsset, HaircutModel> {
  return {
    USDC: { kind: "static", haircut: h.USDC },
    USDT: { kind: "static", haircut: h.USDT },
    BTC: { kind: "static", haircut: h.BTC },
    ETH: { kind: "static", haircut: h.ETH },
    SOL: { kind: "static", haircut: h.SOL },
    wstETH: { kind: "static", haircut: h.wstETH },
  };
}

/**
 * Expresses an existing standard profile (profiles.ts) as rule families: size-scaled linear rules
 * with the profile's `maxLinearRate`, Deribit-family short-option rules, static haircuts. The
 * numbers are the same; `linearRuleRequirement` / `shortOptionRuleRequirement` then give the
 * same requirements as standard-rules.ts.
 *
 * @param p - a standard profile
 * @returns the same profile in the {@link VenueRuleProfile} shape (same id, version and date)
 *
 * @example
 * ```ts
 * standardProfileRules(DERIBIT_STANDARD).linear.BTC; // { kind: "size-scaled", imBase: 0.02, …, maxRate: 1 }
 * ```
 */
export function standardProfileRules(p: StandardProfile): VenueRuleProfile {
  const linear = (u: Underlying): LinearRule => ({ kind: "size-scaled", ...p.linear[u], maxRate: p.maxLinearRate });
  return {
    id: p.id,
    name: p.name,
    version: p.version,
    asOf: p.asOf,
    sources: [...p.sources],
    notes: [...p.notes, "Same numbers as profiles.ts, expressed as rule families (size-scaled linear, Deribit-family options, static haircuts)."],
    linear: { BTC: linear("BTC"), ETH: linear("ETH"), SOL: linear("SOL") },
    shortOptions: { kind: "deribit-family", ...p.shortOptions },
    haircuts: staticHaircuts(p.collateralHaircuts),
  };
}

/** Deribit-style standard margin (profiles.ts DERIBIT_STANDARD) as rule families. */
export const DERIBIT_STANDARD_RULES: VenueRuleProfile = standardProfileRules(DERIBIT_STANDARD);

/** Aevo-style standard margin (profiles.ts AEVO_STANDARD) as rule families. */
export const AEVO_STANDARD_RULES: VenueRuleProfile = standardProfileRules(AEVO_STANDARD);

/**
 * Bybit BTCUSDT (USDT perpetual, cross and isolated) risk-limit tiers: risk limit (USD), max
 * leverage, maintenance margin rate — Bybit "Margin Parameters" page
 * (bybit.com/en/announcement-info/margin-parameters). Deductions follow from the page's
 * recursion (tieredRule); venue-profiles.test.ts checks them against the page's published column.
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

const BYBIT_BTC_RULE: LinearRule = tieredRule(BYBIT_BTCUSDT_TIERS.map(([upToNotionalUsd, maxLeverage, mmRate]) => ({ upToNotionalUsd, maxLeverage, mmRate })));

/**
 * Bybit unified trading account, cross margin.
 * Short options: margin-models.md §2.2 (Bybit help, "Comparison of spread strategies in cross
 * margin and portfolio margin"). Perps: BTCUSDT risk-limit tiers (sourced); ETH and SOL reuse
 * them (assumption, see notes).
 */
export const BYBIT_CROSS_RULES: VenueRuleProfile = {
  id: "bybit-cross",
  name: "Bybit unified account (cross)",
  version: "1.0.0",
  asOf: AS_OF,
  sources: [
    "Bybit help centre — Comparison of spread strategies in cross margin and portfolio margin (short option MM/IM, worked check BTC 20,250 short 18,500 put → MM 938, IM 2,315), via margin-models.md §2.2",
    "bybit.com/en/announcement-info/margin-parameters — BTCUSDT risk-limit tiers: risk limit, max leverage, maintenance margin rate and deduction; IM = position value / leverage, MM = position value × MMR − deduction",
    "Bybit help centre — Understanding Collateral Value Ratios in Unified Trading Account (ratios tiered by coin quantity; only positive balances)",
  ],
  notes: [
    "Short options: the published cross-margin formula; 'OTM' is max(K − S, 0) for calls and max(S − K, 0) for puts, S = index price; the 0.2%·S term is the fee add-on in MM.",
    "Perps BTC: the BTCUSDT (USDT perpetual) table as captured from Bybit's Margin Parameters page; capture date not shown on the page, so re-verify. USDC perpetuals (BTCPERP) have their own table.",
    "Perps BTC: positions above the last risk limit (80,000,000 USD) are not allowed on Bybit; MarginLab extends tier 20 (14x, 4.5%) above it.",
    "Perps ETH and SOL: MarginLab assumption — the BTCUSDT ladder is reused; Bybit's ETHUSDT/SOLUSDT ladders were not verified and are likely stricter (smaller risk limits).",
    "Tier boundaries: a notional equal to a risk limit falls in that (lower) tier, as Bybit's 'risk limit' reads.",
    "Collateral: MarginLab defaults, not Bybit's ratios (Bybit tiers its collateral value ratios by coin quantity, which the USD-tiered model does not express): static haircuts USDC 0, USDT 2%, BTC 5%, ETH 5%, SOL 15%.",
    "wstETH: MarginLab assumption — yield-bearing, valued through ETH (static 5%) with a further 5% de-peg haircut (effective 9.75%); Bybit's own treatment not verified.",
  ],
  linear: { BTC: BYBIT_BTC_RULE, ETH: BYBIT_BTC_RULE, SOL: BYBIT_BTC_RULE },
  shortOptions: { kind: "bybit", mmSpotRate: 0.03, mmMarkRate: 0.03, feeSpotRate: 0.002, imOtmBase: 0.15, imFloor: 0.1 },
  haircuts: {
    USDC: { kind: "static", haircut: 0 },
    USDT: { kind: "static", haircut: 0.02 },
    BTC: { kind: "static", haircut: 0.05 },
    ETH: { kind: "static", haircut: 0.05 },
    SOL: { kind: "static", haircut: 0.15 },
    wstETH: { kind: "yield-bearing", base: { kind: "static", haircut: 0.05 }, depegHaircut: 0.05 },
  },
};

/**
 * Hyperliquid perps (cross): mainnet margin tiers from the Hyperliquid docs, MM rate = half the
 * IM rate at the tier's max leverage, deductions from the docs' recursion. No options.
 */
export const HYPERLIQUID_RULES: VenueRuleProfile = {
  lists: { futures: false, options: false },
  id: "hyperliquid",
  name: "Hyperliquid perps",
  version: "1.0.0",
  asOf: AS_OF,
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
};

/**
 * dYdX v4 (dYdX Chain) perps: liquidity-tier IMF/MMF, IMF scaled with open interest between
 * the tier's caps. No options.
 */
export const DYDX_RULES: VenueRuleProfile = {
  lists: { futures: false, options: false },
  id: "dydx",
  name: "dYdX v4 perps",
  version: "1.0.0",
  asOf: AS_OF,
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
  linear: {
    BTC: { kind: "oi-scaled", imfBase: 0.02, mmf: 0.012, oiLowerUsd: 0, oiUpperUsd: 0, openInterestUsd: 0 },
    ETH: { kind: "oi-scaled", imfBase: 0.02, mmf: 0.012, oiLowerUsd: 0, oiUpperUsd: 0, openInterestUsd: 0 },
    SOL: { kind: "oi-scaled", imfBase: 0.05, mmf: 0.03, oiLowerUsd: 40_000_000, oiUpperUsd: 100_000_000, openInterestUsd: 0 },
  },
  shortOptions: { kind: "unsupported" },
  haircuts: USDC_ONLY_HAIRCUTS,
};

/** Every venue rule profile, the two standard ones first. */
export const VENUE_RULE_PROFILES: readonly VenueRuleProfile[] = [DERIBIT_STANDARD_RULES, AEVO_STANDARD_RULES, BYBIT_CROSS_RULES, HYPERLIQUID_RULES, DYDX_RULES];

/**
 * Looks up a venue rule profile by id.
 *
 * @param id - profile id ("deribit-standard", "aevo-standard", "bybit-cross", "hyperliquid", "dydx")
 * @returns the profile, or undefined
 *
 * @example
 * ```ts
 * getVenueRuleProfile("hyperliquid")?.shortOptions.kind; // "unsupported"
 * ```
 */
export function getVenueRuleProfile(id: string): VenueRuleProfile | undefined {
  return VENUE_RULE_PROFILES.find((p) => p.id === id);
}
