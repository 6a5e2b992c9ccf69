/**
 * First passage of Brownian motion with drift, and its use for "probability of touching the
 * liquidation price" (margin-models.md §4).
 *
 * For X_t = ν·t + σ·W_t (X_0 = 0) and a level a > 0, the running maximum M_T = max_{t≤T} X_t has
 *
 *   P(M_T ≥ a) = N((−a + νT)/(σ√T)) + e^{2νa/σ²}·N((−a − νT)/(σ√T)),
 *
 * obtained by integrating the density of the maximum of a drifted Brownian motion: S. E. Shreve,
 * *Stochastic Calculus for Finance II: Continuous-Time Models* (Springer 2004), §7.2
 * ("Maximum of Brownian motion with drift"), Corollary 7.2.2 — with σ = 1 there; scale a and ν by
 * 1/σ. Equivalently J. M. Harrison, *Brownian Motion and Stochastic Flow Systems* (Wiley 1985),
 * ch. 1, the first-passage-time distribution of (μ, σ) Brownian motion. A lower level b < 0 is the
 * same problem for −X (level |b|, drift −ν). With ν = 0 it reduces to the reflection principle,
 * 2·N(−a/(σ√T)).
 *
 * For a driftless GBM dS = σ·S·dW, ln S_t − ln S_0 is such an X with ν = −σ²/2 (Itô).
 *
 * @packageDocumentation
 */

import { erfcx, expNegHalfSq, normCdf } from "./normal";
import { DAYS_PER_YEAR } from "./precision";

/**
 * Probability that X_t = drift·t + sigma·W_t, started at 0, touches the level `b` within
 * `years` (continuous monitoring).
 *
 * With a = |b| and ν = drift·sign(b) (the drift towards the level):
 * P = N(−y) + e^{2νa/σ²}·N(−u), y = (a − νT)/(σ√T), u = (a + νT)/(σ√T)
 * (Shreve II §7.2, Corollary 7.2.2; Harrison 1985, ch. 1). The second term is evaluated as
 * ½·e^{−y²/2}·erfcx(u/√2) when u ≥ 0 (the identity 2νa/σ² − u²/2 = −y²/2), so that the
 * exponential never overflows against a vanishing normal tail.
 *
 * Edge cases: b = 0 → 1; |b| = ∞ or T = 0 (b ≠ 0) → 0; σ = 0 → 1 if ν·T ≥ a else 0; T = ∞ →
 * 1 if ν ≥ 0 else e^{2νa/σ²}. NaN for NaN inputs, a non-finite drift or σ, σ < 0 or T < 0.
 *
 * @param b - the level, in the units of X (e.g. a log-price distance)
 * @param drift - ν, drift of X per year
 * @param sigma - σ, volatility of X per √year (≥ 0)
 * @param years - horizon T in years (≥ 0)
 * @returns the touch probability in [0, 1]
 *
 * @example
 * ```ts
 * touchProbabilityLog(0.1, 0, 0.5, 0.04);  // 2·N(−0.1/(0.5·0.2)) = 2·N(−1) ≈ 0.3173
 * touchProbabilityLog(-0.1, 0, 0.5, 0.04); // same, by symmetry
 * ```
 */
export function touchProbabilityLog(b: number, drift: number, sigma: number, years: number): number {
  if (Number.isNaN(b) || Number.isNaN(years) || !Number.isFinite(drift) || !Number.isFinite(sigma)) return NaN;
  if (sigma < 0 || years < 0) return NaN;
  if (b === 0) return 1;
  const a = Math.abs(b);
  if (a === Infinity || years === 0) return 0;
  const nu = b > 0 ? drift : -drift;
  if (sigma === 0) return nu * years >= a ? 1 : 0;
  if (years === Infinity) return nu >= 0 ? 1 : Math.exp((2 * nu * a) / (sigma * sigma));
  const sT = sigma * Math.sqrt(years);
  const y = (a - nu * years) / sT;
  const u = (a + nu * years) / sT;
  const first = normCdf(-y);
  const second = u >= 0 ? 0.5 * expNegHalfSq(y) * erfcx(u * Math.SQRT1_2) : Math.exp((2 * nu * a) / (sigma * sigma)) * normCdf(-u);
  const p = first + second;
  return p >= 1 ? 1 : p > 0 ? p : 0;
}

/**
 * Probability that a driftless GBM (dS = σ S dW, so ln S has drift −σ²/2) touches `barrier`
 * within `years`, starting at `spot` — the chance of reaching a liquidation price within a
 * horizon, continuously monitored.
 *
 * This is {@link touchProbabilityLog} with b = ln(barrier/spot), drift −σ²/2, σ = annualVol
 * (Shreve II §7.2, Corollary 7.2.2; Harrison 1985, ch. 1). A barrier at spot gives 1; a barrier
 * of 0 (or ∞) gives 0 (a GBM never reaches either); σ = 0 gives 0 for any other barrier.
 *
 * @param spot - current price (> 0)
 * @param barrier - the price to touch (≥ 0)
 * @param annualVol - σ per √year (e.g. 0.6 = 60%)
 * @param years - horizon in years (e.g. 7/365)
 * @returns the touch probability in [0, 1]; NaN for invalid inputs (spot ≤ 0 or ∞, barrier < 0, σ < 0 or ∞, years < 0, NaN)
 *
 * @example
 * ```ts
 * // BTC at 100,000 with 60% vol: chance of touching 90,000 within 7 days
 * touchProbability(100_000, 90_000, 0.6, 7 / 365); // ≈ 0.216 (reflection alone, 2·N(−1.268), gives 0.205)
 * ```
 */
export function touchProbability(spot: number, barrier: number, annualVol: number, years: number): number {
  if (!(spot > 0) || spot === Infinity || !(barrier >= 0)) return NaN;
  if (barrier === spot) return Number.isFinite(annualVol) && annualVol >= 0 && years >= 0 ? 1 : NaN;
  return touchProbabilityLog(Math.log(barrier / spot), -0.5 * annualVol * annualVol, annualVol, years);
}

/**
 * |ln(barrier/spot)| in daily standard deviations: |ln(B/S)| / (σ·√(1/365)) — how many typical
 * one-day moves away a price is.
 *
 * @param spot - current price (> 0)
 * @param barrier - the other price (> 0)
 * @param annualVol - σ per √year (≥ 0)
 * @returns the distance (0 when barrier = spot; Infinity when σ = 0 and barrier ≠ spot); NaN for invalid inputs
 *
 * @example
 * ```ts
 * // 10% down at 60% vol: |ln 0.9| / (0.6/√365) = 0.10536 / 0.031405 ≈ 3.355
 * dailySigmaDistance(100_000, 90_000, 0.6); // ≈ 3.355
 * ```
 */
export function dailySigmaDistance(spot: number, barrier: number, annualVol: number): number {
  if (!(spot > 0) || !(barrier > 0) || !(annualVol >= 0)) return NaN;
  const a = Math.abs(Math.log(barrier / spot));
  if (a === 0) return 0;
  return a / (annualVol * Math.sqrt(1 / DAYS_PER_YEAR));
}
