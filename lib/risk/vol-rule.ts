import { VOL_SHIFT_PTS } from "@/lib/market/limits";
import type { Underlying } from "@/lib/market/types";

/**
 * The vol-beta rule: how implied vols move with a historical or simulated return in the risk views
 * (VaR, Expected Shortfall, stress replays). A log return r of the underlying shifts its at-the-money
 * implied vol by Δσ = −β·(100·r) vol points (every strike in proportion: the one vol rule of
 * lib/market/scenario.ts), clamped to the what-if range (−100 … +300 points).
 *
 * β (vol points per 1 % log return) is a MarginLab assumption, set by eye from the named crash days:
 * BTC −15 % on 2022-06-13 came with DVOL up about 12–25 points, −7 % on 2024-08-05 with about 10.
 * β = 0.8 for BTC and ETH, 0.6 for SOL (whose listed vols already sit higher): −10 % → +8 points
 * (BTC). The rule is symmetric: a rally lowers vol by the same slope.
 *
 * @packageDocumentation
 */

/** Vol points per 1 % log return (negative sign applied in {@link volShiftFor}). */
export const VOL_BETA: Record<Underlying, number> = { BTC: 0.8, ETH: 0.8, SOL: 0.6 };

/**
 * ATM vol shift (vol points) for a log return of `u`.
 *
 * @example
 * ```ts
 * volShiftFor("BTC", Math.log(0.9)); // −0.8 × 100 × ln 0.9 ≈ +8.43 points
 * ```
 */
export function volShiftFor(u: Underlying, logReturn: number): number {
  const pts = -VOL_BETA[u] * 100 * logReturn;
  return Math.min(VOL_SHIFT_PTS.max, Math.max(VOL_SHIFT_PTS.min, pts));
}
