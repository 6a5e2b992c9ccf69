/**
 * OKX's incremental tier tables: the MR7 minimum-charge multipliers and the MR9 stablecoin factors.
 * Both charge each slice of an amount at its own tier's value ("only incremental amount of the raw
 * margin from the previous tier will be adjusted based on the next tier", OKX, "OKEx adjusts
 * scaling-factor logic in Portfolio Margin mode",
 * https://www.okx.com/support/hc/en-us/articles/4417291853837-OKEx-adjusts-scaling-factor-logic-in-Portfolio-Margin-mode).
 *
 * @packageDocumentation
 */

import type { OkxTier } from "./params";

/**
 * Σ over tiers of (the slice of `amountUsd` inside the tier) × the tier's value. Tiers are in
 * ascending order; the last one should be unbounded (`upToUsd: null`) — an amount beyond a
 * bounded last tier is charged at that tier's value. A non-positive or non-finite amount is 0.
 *
 * @example
 * ```ts
 * // OKX's 2021 example: raw 30,000 USD on the BTC table [0–10,000] ×1, (10,000–70,000] ×2 → 50,000
 * incrementalTiers(30_000, [{ upToUsd: 10_000, value: 1 }, { upToUsd: 70_000, value: 2 }, { upToUsd: null, value: 4 }]); // 50,000
 * ```
 */
export function incrementalTiers(amountUsd: number, tiers: readonly OkxTier[]): number {
  if (!(amountUsd > 0) || !Number.isFinite(amountUsd) || tiers.length === 0) return 0;
  let total = 0;
  let lower = 0;
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i]!;
    const last = i === tiers.length - 1;
    const upper = t.upToUsd === null || last ? Infinity : t.upToUsd;
    const slice = Math.min(amountUsd, upper) - lower;
    if (slice > 0) total += slice * t.value;
    if (amountUsd <= upper) break;
    lower = upper;
  }
  return total;
}
