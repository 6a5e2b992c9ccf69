/**
 * Implied vol from a raw SVI slice the way Derive's vol feed reads it (lyra-utils SVI.getVol):
 * k = ln(K/F) clamped to ±4·√(a + b·σ), w = a + b·(ρ(k − m) + √((k − m)² + σ²)) capped at a
 * maximum total variance, vol = √(w/τ).
 *
 * The cap: lyra-utils' current SVI library caps w at 144; the reference model that generated the
 * PM2 fixtures caps it at 20 (fixture test_45: a slice with σ = 200 gives w ≈ 33.4 but
 * MarkVol² · τ = 20.000…). {@link DERIVE_MAX_TOTAL_VARIANCE} is therefore 20.
 *
 * @packageDocumentation
 */

import type { SviParams } from "@/lib/quant/svi";

/** Total-variance cap of the reference model (see the module documentation). */
export const DERIVE_MAX_TOTAL_VARIANCE = 20;

/** k bound scale: |k| ≤ K_BOUND_SCALE·√(a + b·σ). */
const K_BOUND_SCALE = 4;

/**
 * Derive-style SVI implied vol at a strike.
 *
 * Defined results for degenerate input (never NaN): strike ≤ 0 → 0; forward ≤ 0 or τ ≤ 0 → 0;
 * negative total variance (where Derive's feed reverts) → 0.
 *
 * @param strike - strike K
 * @param svi - raw SVI parameters of the slice
 * @param forward - the forward the slice was fitted on
 * @param tauYears - the slice's time to expiry τ in years
 * @param maxTotalVariance - cap on w (default {@link DERIVE_MAX_TOTAL_VARIANCE})
 * @returns annualised implied vol (0.5 = 50 %)
 *
 * @example
 * ```ts
 * // Derive PM2 fixture test_13: the 100k call's MarkVol 0.453803924321583
 * deriveSviVol(100_000, { a: 0.002138900837067276, b: 0.041639765820381208, rho: -0.290894349076049536,
 *   m: -0.026351062568175804, sigma: 0.062563079314213912 }, 95776.67392708939, 0.02520611364789);
 * ```
 */
export function deriveSviVol(strike: number, svi: SviParams, forward: number, tauYears: number, maxTotalVariance = DERIVE_MAX_TOTAL_VARIANCE): number {
  if (!(strike > 0) || !(forward > 0) || !(tauYears > 0)) return 0;
  const floorVar = svi.a + svi.b * svi.sigma;
  const bound = floorVar > 0 ? K_BOUND_SCALE * Math.sqrt(floorVar) : 0;
  let k = Math.log(strike / forward);
  if (k > bound) k = bound;
  else if (k < -bound) k = -bound;
  const km = k - svi.m;
  let w = svi.a + svi.b * (svi.rho * km + Math.sqrt(km * km + svi.sigma * svi.sigma));
  if (!(w > 0)) return 0;
  if (w > maxTotalVariance) w = maxTotalVariance;
  return Math.sqrt(w / tauYears);
}
