import { describe, expect, it } from "vitest";
import { CHI2_1_95, kupiec } from "./kupiec";

describe("Kupiec proportion-of-failures test", () => {
  it("hand-computed LR: T = 250, x = 5, p = 1 %", () => {
    // ln L0 = 245·ln 0.99 + 5·ln 0.01 = −2.462332 − 23.025851 = −25.488183
    // ln L1 = 245·ln 0.98 + 5·ln 0.02 = −4.949663 − 19.560115 = −24.509778
    // LR = −2·(−25.488183) + 2·(−24.509778) = 1.956810; p = P(χ²₁ > 1.95681) = 0.16185
    const k = kupiec(250, 5, 0.01);
    expect(k.lr).toBeCloseTo(1.95681, 5);
    expect(k.pValue).toBeCloseTo(0.16185, 4);
    expect(k.rejected).toBe(false);
  });

  it("p-value at the χ²(1) 95 % critical value 3.841 (published χ² table) is 5 %", () => {
    // P(χ²₁ > 3.841459) = 0.05: find the x whose LR crosses it and check the p-value there is ≈ 0.05
    expect(CHI2_1_95).toBeCloseTo(3.8415, 4);
    const ks = Array.from({ length: 40 }, (_, x) => kupiec(1000, x, 0.01));
    for (const k of ks) expect(k.pValue < 0.05).toBe(k.lr > CHI2_1_95);
  });

  // Non-rejection regions at 95 % test confidence: Kupiec (1995), reproduced in P. Jorion, Value at
  // Risk, 3rd ed. (2007), Table 6-2. T = 252 at p = 1 % is listed as "N < 7" (no lower bound).
  const TABLE: { p: number; T: number; lo: number; hi: number }[] = [
    { p: 0.01, T: 510, lo: 1, hi: 11 },
    { p: 0.01, T: 1000, lo: 4, hi: 17 },
    { p: 0.05, T: 255, lo: 6, hi: 21 },
    { p: 0.05, T: 510, lo: 16, hi: 36 },
    { p: 0.05, T: 1000, lo: 37, hi: 65 },
  ];
  it.each(TABLE)("Jorion Table 6-2: p = $p, T = $T → accept $lo < N < $hi", ({ p, T, lo, hi }) => {
    expect(kupiec(T, lo, p).rejected).toBe(true);
    expect(kupiec(T, lo + 1, p).rejected).toBe(false);
    expect(kupiec(T, hi - 1, p).rejected).toBe(false);
    expect(kupiec(T, hi, p).rejected).toBe(true);
  });
  it("Jorion Table 6-2: p = 1 %, T = 255 → N < 7", () => {
    expect(kupiec(255, 6, 0.01).rejected).toBe(false);
    expect(kupiec(255, 7, 0.01).rejected).toBe(true);
  });

  it("zero exceedances and all exceedances give finite figures", () => {
    expect(Number.isFinite(kupiec(250, 0, 0.01).lr)).toBe(true);
    expect(Number.isFinite(kupiec(250, 250, 0.01).lr)).toBe(true);
    expect(kupiec(250, 2.5, 0.01).lr).toBeCloseTo(0, 12);
  });
});
