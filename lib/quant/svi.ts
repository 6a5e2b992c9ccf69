/**
 * Raw SVI smiles (Gatheral 2004) and their interpolation across maturities.
 *
 * Raw SVI total implied variance at log-forward-moneyness k = ln(K/F):
 *
 *     w(k) = a + b·(ρ·(k − m) + √((k − m)² + σ²)),     implied vol = √(w/T).
 *
 * Reference: J. Gatheral, A. Jacquier, "Arbitrage-free SVI volatility surfaces",
 * Quantitative Finance 14(1), 2014, 59–71 (arXiv:1204.0646).
 *
 * @packageDocumentation
 */

/** Raw SVI parameters of one maturity slice (total-variance form). */
export interface SviParams {
  a: number;
  b: number;
  rho: number;
  m: number;
  sigma: number;
}

/** One maturity of a volatility surface: its time to expiry (years), forward and SVI smile. */
export interface SviSlice {
  years: number;
  forward: number;
  svi: SviParams;
}

const MAX = Number.MAX_VALUE;

/**
 * Raw SVI total implied variance w(k) = a + b(ρ(k−m) + √((k−m)²+σ²)).
 *
 * @param p - SVI parameters
 * @param k - log-forward-moneyness ln(K/F)
 * @returns total variance w (σ_BS²·T); may be negative for invalid parameters
 *
 * @example
 * ```ts
 * const p = { a: 0.04, b: 0.4, rho: -0.4, m: 0.05, sigma: 0.1 };
 * sviTotalVariance(p, 0.05); // a + b·σ = 0.08
 * ```
 */
export function sviTotalVariance(p: SviParams, k: number): number {
  const d = k - p.m;
  return p.a + p.b * (p.rho * d + Math.hypot(d, p.sigma));
}

/**
 * Black implied volatility √(w(k)/T) of an SVI slice.
 *
 * Guarded: returns 0 when T ≤ 0, when w(k) ≤ 0 and for NaN inputs; never NaN or Infinity
 * (saturates at Number.MAX_VALUE).
 *
 * @param p - SVI parameters
 * @param k - log-forward-moneyness ln(K/F)
 * @param years - the slice's time to expiry T in years
 * @returns annualised implied volatility (0.5 = 50 %)
 *
 * @example
 * ```ts
 * const p = { a: 0.04, b: 0.4, rho: -0.4, m: 0.05, sigma: 0.1 };
 * sviImpliedVol(p, 0.05, 0.5); // √(0.08/0.5) = 0.4
 * ```
 */
export function sviImpliedVol(p: SviParams, k: number, years: number): number {
  if (!(years > 0)) return 0;
  const ratio = sviTotalVariance(p, k) / years;
  if (!(ratio > 0)) return 0; // w ≤ 0, or NaN (e.g. overflowing parameters, ∞/∞)
  const v = Math.sqrt(ratio);
  return v > MAX ? MAX : v;
}

/**
 * Checks the basic validity conditions of a raw SVI slice.
 *
 * Conditions (all necessary, none sufficient for absence of butterfly arbitrage):
 *  1. all parameters finite;
 *  2. b ≥ 0;
 *  3. |ρ| < 1;
 *  4. σ > 0;
 *  5. a + b·σ·√(1−ρ²) ≥ 0 — the minimum of w over k is non-negative;
 *  6. b·(1+|ρ|) ≤ 4 — the steepest slope of w, max|∂w/∂k| = b(1+|ρ|), obeys the bound
 *     |∂w/∂k| ≤ 4 (Rogers & Tehranchi 2010, as used in Gatheral & Jacquier 2014). Roger Lee's
 *     moment formula gives the sharper asymptotic wing condition b(1±ρ) ≤ 2, which is NOT
 *     enforced here.
 *
 * @param p - SVI parameters
 * @returns null if valid, else a human-readable message naming the failed condition
 *
 * @example
 * ```ts
 * validateSvi({ a: 0.04, b: 0.4, rho: -0.4, m: 0.05, sigma: 0.1 }); // null
 * validateSvi({ a: 0.04, b: 0.4, rho: 1.2, m: 0, sigma: 0.1 });     // "SVI: |rho| must be < 1 (rho = 1.2)"
 * ```
 */
export function validateSvi(p: SviParams): string | null {
  const names = ["a", "b", "rho", "m", "sigma"] as const;
  for (const n of names) {
    if (!Number.isFinite(p[n])) return `SVI: parameter ${n} must be a finite number (${n} = ${p[n]})`;
  }
  if (!(p.b >= 0)) return `SVI: b must be ≥ 0 (b = ${p.b})`;
  if (!(Math.abs(p.rho) < 1)) return `SVI: |rho| must be < 1 (rho = ${p.rho})`;
  if (!(p.sigma > 0)) return `SVI: sigma must be > 0 (sigma = ${p.sigma})`;
  const minW = p.a + p.b * p.sigma * Math.sqrt(1 - p.rho * p.rho);
  if (!(minW >= 0)) return `SVI: minimum total variance a + b·sigma·√(1−rho²) must be ≥ 0 (it is ${minW})`;
  const slope = p.b * (1 + Math.abs(p.rho));
  if (!(slope <= 4)) return `SVI: wing slope b·(1+|rho|) must be ≤ 4 (it is ${slope})`;
  return null;
}

function isSortedByYears(slices: readonly SviSlice[]): boolean {
  for (let i = 1; i < slices.length; i++) {
    if ((slices[i] as SviSlice).years < (slices[i - 1] as SviSlice).years) return false;
  }
  return true;
}

/** Implied vol of one slice at strike K (k = ln(K/F) against the slice's own forward). */
function sliceVol(s: SviSlice, strike: number): number {
  return sviImpliedVol(s.svi, Math.log(strike / s.forward), s.years);
}

/**
 * Implied volatility at (strike, years) from a set of SVI maturity slices.
 *
 *  - At a slice's maturity: exactly that slice's vol at k = ln(K/F_slice).
 *  - Between two slices t₁ < T < t₂: the forward is interpolated log-linearly,
 *    ln F_T = ln F₁ + α·(ln F₂ − ln F₁), α = (T − t₁)/(t₂ − t₁); at k = ln(K/F_T) the TOTAL
 *    variance is interpolated linearly in time, w = w₁(k) + α·(w₂(k) − w₁(k)), and
 *    vol = √(max(w, 0)/T).
 *  - Before the first slice: the first slice's vol at its own k (flat vol extrapolation);
 *    after the last slice: the last slice's vol at its own k.
 *
 * Slices are expected sorted by `years` ascending (an unsorted array is sorted on a copy).
 * Returns 0 for an empty slice list, a non-positive or NaN strike, and wherever the variance
 * is non-positive; never NaN.
 *
 * @param slices - maturity slices, ascending in `years`
 * @param strike - strike K (> 0)
 * @param years - target time to expiry T in years
 * @returns annualised implied volatility
 *
 * @example
 * ```ts
 * const flat = { a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1 }; // w = 0.04 everywhere
 * const slices = [
 *   { years: 0.25, forward: 100, svi: { ...flat, a: 0.01 } }, // 20 % vol
 *   { years: 1, forward: 100, svi: flat },                    // 20 % vol
 * ];
 * interpolatedVol(slices, 110, 0.5); // 0.2 (w = 0.01 + (1/3)·0.03 = 0.02 → √(0.02/0.5))
 * ```
 */
export function interpolatedVol(slices: SviSlice[], strike: number, years: number): number {
  if (slices.length === 0 || !(strike > 0) || Number.isNaN(years)) return 0;
  const ss = isSortedByYears(slices) ? slices : [...slices].sort((x, y) => x.years - y.years);
  const first = ss[0] as SviSlice;
  const last = ss[ss.length - 1] as SviSlice;
  if (years <= first.years) return sliceVol(first, strike);
  if (years >= last.years) return sliceVol(last, strike);
  // first.years < years < last.years: find t_i ≤ years < t_{i+1}
  let i = 0;
  while ((ss[i + 1] as SviSlice).years <= years) i++;
  const s1 = ss[i] as SviSlice;
  const s2 = ss[i + 1] as SviSlice;
  if (years === s1.years) return sliceVol(s1, strike);
  const alpha = (years - s1.years) / (s2.years - s1.years);
  const k = Math.log(strike / s1.forward) - alpha * Math.log(s2.forward / s1.forward);
  const w1 = sviTotalVariance(s1.svi, k);
  const w2 = sviTotalVariance(s2.svi, k);
  const ratio = (w1 + alpha * (w2 - w1)) / years;
  if (!(ratio > 0)) return 0;
  const v = Math.sqrt(ratio);
  return v > MAX ? MAX : v;
}

/** Implied vol of an SVI slice and its first two derivatives in log-moneyness. */
export interface SviVolDerivatives {
  /** σ(k) = √(w(k)/T) */
  vol: number;
  /** dσ/dk */
  dVolDk: number;
  /** d²σ/dk² */
  d2VolDk2: number;
}

/**
 * σ(k) = √(w(k)/T) of a raw SVI slice with dσ/dk and d²σ/dk², from
 * w′(k) = b·(ρ + (k − m)/√((k − m)² + σ²)), w″(k) = b·σ²/((k − m)² + σ²)^{3/2} (Gatheral 2004):
 * dσ/dk = w′/(2σT), d²σ/dk² = w″/(2σT) − w′²/(4σ³T²). Where σ(k) is 0 (T ≤ 0 or w ≤ 0) the
 * derivatives are 0 (the price does not depend on the smile there).
 *
 * @example
 * ```ts
 * // flat smile (b = 0): σ = √(a/T), no slope
 * sviVolDerivatives({ a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1 }, 0.2, 1); // { vol: 0.2, dVolDk: 0, d2VolDk2: 0 }
 * ```
 */
export function sviVolDerivatives(p: SviParams, k: number, years: number): SviVolDerivatives {
  const vol = sviImpliedVol(p, k, years);
  if (!(vol > 0)) return { vol: 0, dVolDk: 0, d2VolDk2: 0 };
  const d = k - p.m;
  const r = Math.hypot(d, p.sigma);
  const w1 = p.b * (p.rho + d / r);
  const w2 = (p.b * p.sigma * p.sigma) / (r * r * r);
  const dVolDk = w1 / (2 * vol * years);
  const d2VolDk2 = w2 / (2 * vol * years) - (w1 * w1) / (4 * vol * vol * vol * years * years);
  return { vol, dVolDk, d2VolDk2 };
}
