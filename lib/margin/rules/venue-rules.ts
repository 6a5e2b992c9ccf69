/**
 * Per-position margin rule families of real venues, as plain data plus the functions that apply
 * them (margin-models.md §2.1–2.2). A venue profile (venue-profiles.ts) picks one family per
 * underlying for linear contracts (perps, futures) and one for short options.
 *
 * All requirements are positive USD amounts for the whole position (not per coin).
 *
 * @packageDocumentation
 */

import { linearRequirement, shortOptionRequirement, type Requirement } from "./deribit-family";

/**
 * One tier of a tiered (risk-limit / margin-tier) linear rule. A position whose notional N
 * (= |size|·mark, USD) satisfies previous `upToNotionalUsd` < N ≤ `upToNotionalUsd` falls in this
 * tier (the first tier starts at 0); the last tier also takes every N above it, so give it
 * `upToNotionalUsd: Infinity`.
 */
export interface LinearTier {
  /** upper end of the tier's notional range, USD (inclusive) */
  upToNotionalUsd: number;
  /** the most leverage allowed in the tier: IM = N / leverage with leverage ≤ this */
  maxLeverage: number;
  /**
   * USD subtracted from rate·N so MM is continuous across tiers:
   * d₀ = 0, dₙ = dₙ₋₁ + upToₙ₋₁·(rateₙ − rateₙ₋₁) (Hyperliquid "Margin tiers"; Bybit "Margin
   * parameters" use the same recursion). {@link tieredRule} fills it in; {@link tierDeductions}
   * computes it.
   */
  deductionUsd: number;
  /**
   * Maintenance rate of the tier. Optional: defaults to 1/(2·maxLeverage), Hyperliquid's rule
   * ("half the initial margin rate at max leverage"). Venues that publish their own rate per
   * tier (Bybit) set it explicitly. (An addition to the brief's shape; omitting it changes nothing.)
   */
  mmRate?: number;
}

/** Futures/perp rule families. */
export type LinearRule =
  /** Deribit: rate = base + perCoin·|size|, capped at maxRate; requirement = rate·|size|·mark */
  | { kind: "size-scaled"; imBase: number; mmBase: number; imPerCoin: number; mmPerCoin: number; maxRate: number }
  /**
   * Hyperliquid / Bybit: IM = N / leverage (leverage ≤ the tier's max; default = the tier's max);
   * MM = rate·N − deduction of the tier N falls in. Tiers ascending by `upToNotionalUsd`.
   */
  | { kind: "tiered"; tiers: LinearTier[]; leverage?: number }
  /**
   * dYdX v4: IMF = min(imfBase + max(0, (OI − lower)/(upper − lower))·(1 − imfBase), 1);
   * IM = |size·P|·IMF, MM = |size·P|·mmf. `oiUpperUsd` = 0 disables the open-interest scaling,
   * as in the protocol (v4-chain x/perpetuals LiquidityTier.GetAdjustedInitialMarginPpm).
   */
  | { kind: "oi-scaled"; imfBase: number; mmf: number; oiLowerUsd: number; oiUpperUsd: number; openInterestUsd: number };

/** Short-option rule families (requirements of a short; long options need none: premium paid up front). */
export type ShortOptionRule =
  /** Deribit / Aevo standard: see {@link shortOptionRequirement} in standard-rules.ts */
  | { kind: "deribit-family"; imOtmBase: number; imFloor: number; mmCallSpotRate: number; mmPutSpotRate: number; mmPutMarkRate: number }
  /**
   * Bybit unified account, cross (margin-models.md §2.2):
   * MM = [max(mmSpotRate·S, mmMarkRate·mark) + mark + feeSpotRate·S]·qty;
   * IM = max[(max(imOtmBase·S − OTM, imFloor·S) + max(entry, mark))·qty, MM].
   */
  | { kind: "bybit"; mmSpotRate: number; mmMarkRate: number; feeSpotRate: number; imOtmBase: number; imFloor: number }
  /** the venue lists no options */
  | { kind: "unsupported" };

/** Inputs of {@link shortOptionRuleRequirement} (all USD per coin except `qty`). */
export interface ShortOptionInputs {
  isCall: boolean;
  /** index (spot) price */
  spot: number;
  strike: number;
  /** option mark price */
  mark: number;
  /** average entry price of the short (used by Bybit's IM) */
  entry: number;
  /** |size| of the short, in coins */
  qty: number;
}

/**
 * Maintenance rate of a tier: its explicit `mmRate`, else 1/(2·maxLeverage) (Hyperliquid:
 * 50x → 1%, 20x → 2.5%, 3x → 16.7%).
 *
 * @param tier - the tier (only `maxLeverage` and `mmRate` are read)
 * @returns the maintenance rate (fraction of notional)
 *
 * @example
 * ```ts
 * tierMaintenanceRate({ maxLeverage: 40 }); // 0.0125
 * ```
 */
export function tierMaintenanceRate(tier: Pick<LinearTier, "maxLeverage" | "mmRate">): number {
  return tier.mmRate ?? 1 / (2 * tier.maxLeverage);
}

/**
 * Maintenance deductions that make tiered MM continuous: d₀ = 0,
 * dₙ = dₙ₋₁ + upToₙ₋₁·(rateₙ − rateₙ₋₁) (Hyperliquid docs, "Margin tiers").
 *
 * @param tiers - tiers ascending by `upToNotionalUsd` (deductions, if present, are ignored)
 * @returns one deduction per tier, USD
 *
 * @example
 * ```ts
 * // Hyperliquid BTC: 40x to 150M, 20x above → d₁ = 150M·(2.5% − 1.25%) = 1,875,000
 * tierDeductions([{ upToNotionalUsd: 150e6, maxLeverage: 40 }, { upToNotionalUsd: Infinity, maxLeverage: 20 }]); // [0, 1875000]
 * ```
 */
export function tierDeductions(tiers: readonly Pick<LinearTier, "upToNotionalUsd" | "maxLeverage" | "mmRate">[]): number[] {
  const out: number[] = [];
  let deduction = 0;
  let prevRate = 0;
  let prevUpTo = 0;
  tiers.forEach((tier, i) => {
    const rate = tierMaintenanceRate(tier);
    if (i > 0) deduction += prevUpTo * (rate - prevRate);
    out.push(deduction);
    prevRate = rate;
    prevUpTo = tier.upToNotionalUsd;
  });
  return out;
}

/**
 * Builds a tiered rule with the continuity deductions filled in.
 *
 * @param tiers - tiers ascending by `upToNotionalUsd` (the last one usually `Infinity`)
 * @param leverage - chosen leverage (optional; default = each tier's max)
 * @returns a `{ kind: "tiered" }` rule
 *
 * @example
 * ```ts
 * const hlBtc = tieredRule([{ upToNotionalUsd: 150e6, maxLeverage: 40 }, { upToNotionalUsd: Infinity, maxLeverage: 20 }]);
 * linearRuleRequirement(hlBtc, 1, 100_000); // { im: 2,500, mm: 1,250 }
 * ```
 */
export function tieredRule(tiers: readonly Omit<LinearTier, "deductionUsd">[], leverage?: number): Extract<LinearRule, { kind: "tiered" }> {
  const deductions = tierDeductions(tiers);
  const built = tiers.map((t, i) => ({ ...t, deductionUsd: deductions[i] ?? 0 }));
  return leverage === undefined ? { kind: "tiered", tiers: built } : { kind: "tiered", tiers: built, leverage };
}

/**
 * Open-interest-adjusted initial margin fraction of a dYdX v4 rule:
 * min(imfBase + max(0, (OI − lower)/(upper − lower))·(1 − imfBase), 1); the base IMF when
 * `oiUpperUsd` ≤ 0 (scaling disabled) or OI ≤ lower; 1 when OI ≥ upper.
 *
 * @param rule - an oi-scaled rule
 * @returns the IMF in [imfBase, 1]
 *
 * @example
 * ```ts
 * // halfway between the caps: 0.05 + 0.5·0.95 = 0.525
 * openInterestImf({ kind: "oi-scaled", imfBase: 0.05, mmf: 0.03, oiLowerUsd: 40e6, oiUpperUsd: 100e6, openInterestUsd: 70e6 }); // 0.525
 * ```
 */
export function openInterestImf(rule: Extract<LinearRule, { kind: "oi-scaled" }>): number {
  const { imfBase, oiLowerUsd: lower, oiUpperUsd: upper, openInterestUsd: oi } = rule;
  if (!(upper > 0) || !(oi > lower)) return imfBase;
  if (oi >= upper) return 1;
  const scale = (oi - lower) / (upper - lower);
  return Math.min(imfBase + scale * (1 - imfBase), 1);
}

/** Index of the tier a notional falls in (the last tier takes everything above it). */
function tierIndex(tiers: readonly LinearTier[], notional: number): number {
  for (let i = 0; i < tiers.length; i++) {
    if (notional <= tiers[i]!.upToNotionalUsd) return i;
  }
  return tiers.length - 1;
}

/**
 * Initial and maintenance requirement (USD) of a linear position (perp / future) under a rule.
 *
 * - size-scaled: as standard-rules.ts `linearRequirement` (rate = base + perCoin·|size|, ≤ maxRate).
 * - tiered: N = |size|·mark in tier n: MM = max(rateₙ·N − dₙ, 0), IM = max(N / L, MM) with
 *   L = min(leverage ?? maxLeverageₙ, maxLeverageₙ), at least 1. The MM floor never binds for
 *   tiers whose rates rise with notional, and IM ≥ MM already holds for them (N/L ≥ 2·rateₙ·N
 *   under the 1/(2·maxLeverage) rule); both floors only guard against inconsistent data.
 *   No tiers at all → IM = MM = N (1x).
 * - oi-scaled: IM = N·IMF(OI) ({@link openInterestImf}), MM = N·mmf.
 *
 * @param rule - rule family and parameters
 * @param size - signed position size in coins (sign ignored)
 * @param mark - mark price, USD per coin
 * @returns `{ im, mm }` in USD
 *
 * @example
 * ```ts
 * // dYdX large-cap style, OI scaling off: N = 2·3,000 = 6,000 → IM 120, MM 72
 * linearRuleRequirement({ kind: "oi-scaled", imfBase: 0.02, mmf: 0.012, oiLowerUsd: 0, oiUpperUsd: 0, openInterestUsd: 0 }, -2, 3_000);
 * ```
 */
export function linearRuleRequirement(rule: LinearRule, size: number, mark: number): Requirement {
  switch (rule.kind) {
    case "size-scaled":
      return linearRequirement(rule, size, mark, rule.maxRate);
    case "tiered": {
      const notional = Math.abs(size) * mark;
      const tier = rule.tiers[tierIndex(rule.tiers, notional)];
      if (!tier) return { im: notional, mm: notional };
      const mm = Math.max(tierMaintenanceRate(tier) * notional - tier.deductionUsd, 0);
      const leverage = Math.max(1, Math.min(rule.leverage ?? tier.maxLeverage, tier.maxLeverage));
      return { im: Math.max(notional / leverage, mm), mm };
    }
    case "oi-scaled": {
      const notional = Math.abs(size * mark);
      return { im: notional * openInterestImf(rule), mm: notional * rule.mmf };
    }
  }
}

/**
 * Initial and maintenance requirement (USD) of a SHORT option position under a rule, or null
 * when the venue lists no options.
 *
 * - deribit-family: `shortOptionRequirement` of standard-rules.ts (per coin) × qty; `entry` unused.
 * - bybit: MM = [max(mmSpot·S, mmMark·mark) + mark + fee·S]·qty,
 *   IM = max[(max(imOtmBase·S − OTM, imFloor·S) + max(entry, mark))·qty, MM],
 *   OTM = max(K − S, 0) for a call, max(S − K, 0) for a put.
 *
 * @param rule - rule family and parameters
 * @param p - option and position inputs (`qty` = |size| of the short, coins)
 * @returns `{ im, mm }` in USD, or null for `{ kind: "unsupported" }`
 *
 * @example
 * ```ts
 * // Bybit help worked check: BTC 20,250, short 1 × 18,500 put, mark 290, entry 280
 * shortOptionRuleRequirement({ kind: "bybit", mmSpotRate: 0.03, mmMarkRate: 0.03, feeSpotRate: 0.002, imOtmBase: 0.15, imFloor: 0.1 },
 *   { isCall: false, spot: 20_250, strike: 18_500, mark: 290, entry: 280, qty: 1 }); // { im: 2,315, mm: 938 }
 * ```
 */
export function shortOptionRuleRequirement(rule: ShortOptionRule, p: ShortOptionInputs): Requirement | null {
  switch (rule.kind) {
    case "unsupported":
      return null;
    case "deribit-family": {
      const perCoin = shortOptionRequirement(rule, p.isCall, p.spot, p.strike, p.mark);
      return { im: perCoin.im * p.qty, mm: perCoin.mm * p.qty };
    }
    case "bybit": {
      const { spot, mark, qty } = p;
      const otm = p.isCall ? Math.max(p.strike - spot, 0) : Math.max(spot - p.strike, 0);
      const mm = (Math.max(rule.mmSpotRate * spot, rule.mmMarkRate * mark) + mark + rule.feeSpotRate * spot) * qty;
      const im = Math.max((Math.max(rule.imOtmBase * spot - otm, rule.imFloor * spot) + Math.max(p.entry, mark)) * qty, mm);
      return { im, mm };
    }
  }
}
