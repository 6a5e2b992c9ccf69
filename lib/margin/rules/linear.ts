/**
 * Linear-contract (perp, dated future) rule families of real venues, as plain data plus the one
 * function that applies them (margin-models.md §2.1–2.2). A per-position rulebook
 * (lib/margin/rulebook.ts) picks one family per underlying.
 *
 * All requirements are positive USD amounts for the whole position (not per coin).
 *
 * @packageDocumentation
 */

import type { Requirement } from "./requirement";

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

/**
 * The price a perpetual's linear requirement is computed on: the contract's own mark price, or
 * the index (spot) price of the underlying (dated futures always use their mark). Deribit computes its linear-perp margin on the index price
 * (support.deribit.com/hc/en-us/articles/25944738177565-Linear-Perpetual: "This is done on the
 * index price of the underlying currency"); most venues use the mark.
 */
export type PriceBasis = "index" | "mark";

/** Futures/perp rule families, each with an optional price basis (default: the mark). */
export type LinearRule = LinearRuleFamily & { priceBasis?: PriceBasis };

/** Futures/perp rule families (their parameters). */
type LinearRuleFamily =
  /**
   * Deribit: rate = base + perCoin·|size in coins|, capped at maxRate (a linear requirement is at
   * most 100 % of notional: maxRate 1); requirement = rate·|size|·mark.
   */
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

/** The size-scaled family (Deribit, Aevo). */
export type SizeScaledRule = Extract<LinearRule, { kind: "size-scaled" }>;
/** The tiered family (Hyperliquid, Bybit). */
export type TieredRule = Extract<LinearRule, { kind: "tiered" }>;
/** The open-interest-scaled family (dYdX v4). */
export type OiScaledRule = Extract<LinearRule, { kind: "oi-scaled" }>;

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
export function tieredRule(tiers: readonly Omit<LinearTier, "deductionUsd">[], leverage?: number): TieredRule {
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
export function openInterestImf(rule: OiScaledRule): number {
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
 * - size-scaled: N·min(base + perCoin·|size|, maxRate), for IM and MM each.
 * - tiered: N = |size|·mark in tier n: MM = max(rateₙ·N − dₙ, 0), IM = max(N / L, MM) with
 *   L = min(leverage ?? maxLeverageₙ, maxLeverageₙ), at least 1. The MM floor never binds for
 *   tiers whose rates rise with notional, and IM ≥ MM already holds for them (N/L ≥ 2·rateₙ·N
 *   under the 1/(2·maxLeverage) rule); both floors only guard against inconsistent data.
 *   No tiers at all → IM = MM = N (1x).
 * - oi-scaled: IM = N·IMF(OI) ({@link openInterestImf}), MM = N·mmf.
 *
 * @param rule - rule family and parameters
 * @param size - signed position size in coins (sign ignored)
 * @param mark - the price the rule is computed on (its `priceBasis`: the mark, or the index), USD per coin
 * @returns `{ im, mm }` in USD
 *
 * @example
 * ```ts
 * // dYdX large-cap style, OI scaling off: N = 2·3,000 = 6,000 → IM 120, MM 72
 * linearRuleRequirement({ kind: "oi-scaled", imfBase: 0.02, mmf: 0.012, oiLowerUsd: 0, oiUpperUsd: 0, openInterestUsd: 0 }, -2, 3_000);
 * // Deribit-style BTC, 10 coins at 95,000: IM rate 0.02 + 0.00005·10 = 0.0205 → 19,475; MM 9,975
 * linearRuleRequirement({ kind: "size-scaled", imBase: 0.02, mmBase: 0.01, imPerCoin: 0.00005, mmPerCoin: 0.00005, maxRate: 1 }, 10, 95_000);
 * ```
 */
export function linearRuleRequirement(rule: LinearRule, size: number, mark: number): Requirement {
  switch (rule.kind) {
    case "size-scaled": {
      const abs = Math.abs(size);
      const notional = abs * mark;
      return {
        im: Math.min(rule.imBase + rule.imPerCoin * abs, rule.maxRate) * notional,
        mm: Math.min(rule.mmBase + rule.mmPerCoin * abs, rule.maxRate) * notional,
      };
    }
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
