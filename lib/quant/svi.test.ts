import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { interpolatedVol, sviImpliedVol, sviTotalVariance, validateSvi, type SviParams, type SviSlice } from "./svi";
import { relErr } from "./precision";

const P: SviParams = { a: 0.04, b: 0.4, rho: -0.4, m: 0.05, sigma: 0.1 };

/**
 * Gatheral & Jacquier (2014), "Arbitrage-free SVI volatility surfaces", Example 3.1 (credited to
 * Axel Vogt), T = 1: a raw SVI slice that passes the simple parameter checks but has butterfly
 * arbitrage (negative density g(k) for k roughly in (0.65, 1.25)).
 */
const VOGT: SviParams = { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 };

describe("sviTotalVariance", () => {
  it("w(m) = a + b·σ", () => {
    expect(sviTotalVariance(P, P.m)).toBeCloseTo(0.04 + 0.4 * 0.1, 16);
    expect(sviTotalVariance(VOGT, VOGT.m)).toBeCloseTo(-0.041 + 0.1331 * 0.4153, 16);
  });

  it("hand-computed values", () => {
    // k = 0.15: k−m = 0.1, √(0.01+0.01) = 0.14142135623730950, ρ(k−m) = −0.04
    //   w = 0.04 + 0.4·(−0.04 + 0.1414213562373095) = 0.0805685424949238
    expect(relErr(sviTotalVariance(P, 0.15), 0.0805685424949238)).toBeLessThan(1e-15);
    // k = −0.25: k−m = −0.3, √(0.09+0.01) = 0.31622776601683794, ρ(k−m) = 0.12
    //   w = 0.04 + 0.4·(0.12 + 0.31622776601683794) = 0.21449110640673518
    expect(relErr(sviTotalVariance(P, -0.25), 0.2144911064067352)).toBeLessThan(1e-15);
  });

  it("wings are asymptotically linear with slopes b(1+ρ) and −b(1−ρ)", () => {
    const slopeR = sviTotalVariance(P, 1001) - sviTotalVariance(P, 1000);
    const slopeL = sviTotalVariance(P, -1001) - sviTotalVariance(P, -1000);
    expect(slopeR).toBeCloseTo(0.4 * (1 - 0.4), 8);
    expect(slopeL).toBeCloseTo(0.4 * (1 + 0.4), 8);
  });

  it("the minimum over k is a + bσ√(1−ρ²), attained at k = m − ρσ/√(1−ρ²)", () => {
    const kStar = P.m - (P.rho * P.sigma) / Math.sqrt(1 - P.rho * P.rho);
    const wMin = P.a + P.b * P.sigma * Math.sqrt(1 - P.rho * P.rho);
    expect(relErr(sviTotalVariance(P, kStar), wMin)).toBeLessThan(1e-15);
    for (let k = -2; k <= 2; k += 0.01) expect(sviTotalVariance(P, k)).toBeGreaterThanOrEqual(wMin - 1e-16);
  });
});

describe("sviImpliedVol", () => {
  it("√(w/T)", () => {
    expect(sviImpliedVol(P, 0.05, 0.5)).toBeCloseTo(0.4, 15); // √(0.08/0.5)
    expect(relErr(sviImpliedVol(P, 0.15, 0.25), Math.sqrt(0.0805685424949238 / 0.25))).toBeLessThan(1e-15);
  });

  it("guards: T ≤ 0, w ≤ 0 and NaN give 0, never NaN", () => {
    expect(sviImpliedVol(P, 0, 0)).toBe(0);
    expect(sviImpliedVol(P, 0, -1)).toBe(0);
    expect(sviImpliedVol({ ...P, a: -1 }, 0, 1)).toBe(0);
    expect(sviImpliedVol(P, NaN, 1)).toBe(0);
    expect(sviImpliedVol(P, 0, NaN)).toBe(0);
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.double(), fc.double(), fc.double(), fc.double(), fc.double(), (a, b, rho, m, sigma, k, t) => {
        const v = sviImpliedVol({ a, b, rho, m, sigma }, k, t);
        expect(Number.isFinite(v) && v >= 0).toBe(true);
      }),
    );
  });
});

describe("validateSvi", () => {
  it("accepts valid slices", () => {
    expect(validateSvi(P)).toBeNull();
    expect(validateSvi({ a: 0, b: 0, rho: 0, m: 0, sigma: 1 })).toBeNull(); // zero variance is allowed
    expect(validateSvi({ a: 0.01, b: 2, rho: 1 / 1.0001, m: 0, sigma: 0.1 })).toBeNull(); // b(1+|ρ|) just below 4
  });

  it("names the failed condition", () => {
    expect(validateSvi({ ...P, a: NaN })).toMatch(/a must be a finite number/);
    expect(validateSvi({ ...P, sigma: Infinity })).toMatch(/sigma must be a finite number/);
    expect(validateSvi({ ...P, b: -0.1 })).toMatch(/b must be ≥ 0/);
    expect(validateSvi({ ...P, rho: 1 })).toMatch(/\|rho\| must be < 1/);
    expect(validateSvi({ ...P, rho: -1.5 })).toMatch(/\|rho\| must be < 1/);
    expect(validateSvi({ ...P, sigma: 0 })).toMatch(/sigma must be > 0/);
    expect(validateSvi({ ...P, a: -0.04 })).toMatch(/minimum total variance/);
    expect(validateSvi({ a: 0.1, b: 3, rho: 0.5, m: 0, sigma: 0.1 })).toMatch(/b·\(1\+\|rho\|\) must be ≤ 4/);
  });

  it("Gatheral–Jacquier Example 3.1 passes these necessary checks yet has butterfly arbitrage", () => {
    expect(validateSvi(VOGT)).toBeNull();
    // Durrleman's density factor g(k) = (1 − k·w'/(2w))² − (w'²/4)(1/w + 1/4) + w''/2, with
    // w' and w'' of raw SVI in closed form: w' = b(ρ + (k−m)/R), w'' = bσ²/R³, R = √((k−m)²+σ²).
    const g = (k: number) => {
      const { b, rho, m, sigma } = VOGT;
      const R = Math.hypot(k - m, sigma);
      const w = sviTotalVariance(VOGT, k);
      const w1 = b * (rho + (k - m) / R);
      const w2 = (b * sigma * sigma) / (R * R * R);
      return (1 - (k * w1) / (2 * w)) ** 2 - ((w1 * w1) / 4) * (1 / w + 0.25) + w2 / 2;
    };
    expect(g(0)).toBeGreaterThan(0);
    expect(g(0.9)).toBeLessThan(0); // negative density: validateSvi is not a sufficient condition
  });
});

describe("interpolatedVol", () => {
  const s1: SviSlice = { years: 0.25, forward: 100, svi: { a: 0.01, b: 0.1, rho: -0.3, m: 0, sigma: 0.2 } };
  const s2: SviSlice = { years: 0.75, forward: 121, svi: { a: 0.04, b: 0.15, rho: -0.2, m: 0.05, sigma: 0.25 } };
  const s3: SviSlice = { years: 1.5, forward: 130, svi: { a: 0.08, b: 0.2, rho: -0.1, m: 0.05, sigma: 0.3 } };
  const slices = [s1, s2, s3];

  it("matches each slice exactly at its maturity", () => {
    for (const s of slices) {
      for (const K of [50, 90, 100, 121, 200]) {
        expect(interpolatedVol(slices, K, s.years)).toBe(sviImpliedVol(s.svi, Math.log(K / s.forward), s.years));
      }
    }
  });

  it("interpolates total variance linearly in time at the log-linearly interpolated forward", () => {
    // T = 0.5 is halfway: α = 0.5, F_T = √(100·121) = 110, so K = 110 is k = 0 on both slices.
    const w1 = sviTotalVariance(s1.svi, 0);
    const w2 = sviTotalVariance(s2.svi, 0);
    expect(relErr(interpolatedVol(slices, 110, 0.5), Math.sqrt((0.5 * w1 + 0.5 * w2) / 0.5))).toBeLessThan(1e-15);
    // hand-computed: w1(0) = 0.01 + 0.1·0.2 = 0.03; w2(0) = 0.04 + 0.15·(−0.2·(−0.05) + √(0.0025+0.0625))
    //                       = 0.04 + 0.15·(0.01 + 0.25495097567963924) = 0.07974264635194589
    expect(relErr(w2, 0.07974264635194589)).toBeLessThan(1e-15);
    expect(relErr(interpolatedVol(slices, 110, 0.5), Math.sqrt((0.03 + 0.07974264635194589) / 2 / 0.5))).toBeLessThan(1e-15);
  });

  it("extrapolates flat in vol before the first and after the last slice", () => {
    for (const K of [80, 100, 140]) {
      const v1 = sviImpliedVol(s1.svi, Math.log(K / 100), 0.25);
      expect(interpolatedVol(slices, K, 0.1)).toBe(v1);
      expect(interpolatedVol(slices, K, 0)).toBe(v1);
      const v3 = sviImpliedVol(s3.svi, Math.log(K / 130), 1.5);
      expect(interpolatedVol(slices, K, 3)).toBe(v3);
    }
  });

  it("accepts unsorted slices and degenerate inputs without NaN", () => {
    expect(interpolatedVol([s3, s1, s2], 105, 0.6)).toBe(interpolatedVol(slices, 105, 0.6));
    expect(interpolatedVol([], 100, 1)).toBe(0);
    expect(interpolatedVol(slices, 0, 1)).toBe(0);
    expect(interpolatedVol(slices, -5, 1)).toBe(0);
    expect(interpolatedVol(slices, NaN, 1)).toBe(0);
    expect(interpolatedVol(slices, 100, NaN)).toBe(0);
    expect(interpolatedVol([s1], 100, 5)).toBe(sviImpliedVol(s1.svi, 0, 0.25));
  });

  it("total variance is non-decreasing in time for a calendar-arbitrage-free pair (property)", () => {
    // w₂(k) ≥ w₁(k) for all k when slice 2 = slice 1 with a larger a and b·(1+|ρ|) etc. kept;
    // here: a₂ = a₁ + Δa, b₂ = b₁·(1+λ) with the same ρ, m, σ ⇒ w₂ − w₁ = Δa + λ·b₁·(ρ(k−m)+R) ≥ 0.
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.1, noNaN: true }), // a₁
        fc.double({ min: 0, max: 0.5, noNaN: true }), // b₁
        fc.double({ min: -0.9, max: 0.9, noNaN: true }), // ρ
        fc.double({ min: -0.3, max: 0.3, noNaN: true }), // m
        fc.double({ min: 0.01, max: 0.5, noNaN: true }), // σ
        fc.double({ min: 0, max: 0.1, noNaN: true }), // Δa
        fc.double({ min: 0, max: 1, noNaN: true }), // λ
        fc.double({ min: 0.01, max: 1, noNaN: true }), // t₁
        fc.double({ min: 0.01, max: 1, noNaN: true }), // t₂ − t₁
        fc.double({ min: -0.2, max: 0.2, noNaN: true }), // ln(F₂/F₁)
        fc.double({ min: -1, max: 1, noNaN: true }), // k (fixed forward moneyness)
        (a, b, rho, m, sigma, da, lambda, t1, dt, g, k) => {
          const F1 = 100;
          const F2 = F1 * Math.exp(g);
          const pair: SviSlice[] = [
            { years: t1, forward: F1, svi: { a, b, rho, m, sigma } },
            { years: t1 + dt, forward: F2, svi: { a: a + da, b: b * (1 + lambda), rho, m, sigma } },
          ];
          let prevW = 0;
          for (let i = 0; i <= 20; i++) {
            const T = (t1 + dt) * 1.5 * (i / 20) + 1e-6;
            // strike at constant forward moneyness k: K = F_T·e^k with F_T log-linear in time
            const alpha = Math.min(Math.max((T - t1) / dt, 0), 1);
            const K = F1 * Math.exp(alpha * g + k);
            const v = interpolatedVol(pair, K, T);
            const w = v * v * T;
            expect(w).toBeGreaterThanOrEqual(prevW * (1 - 1e-12) - 1e-15);
            prevW = w;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
