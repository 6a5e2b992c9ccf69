import { describe, expect, it } from "vitest";
import { black76 } from "./black76";
import { hpBlack76 } from "./hp-black76";

describe("high-precision Black-76 reference", () => {
  it("ATM, r = 0, σ√T = 0.2: 100·(2N(0.1) − 1) = 7.96556745540580 (N(0.1) = 0.539827837277029, A&S table 26.1)", () => {
    expect(Math.abs(hpBlack76(100, 100, 1, 0.2, 0, true).price - 7.9655674554058) / 7.9655674554058).toBeLessThan(1e-13);
  });

  it("Haug (2007) Black-76 example: 1.7011", () => {
    // E. G. Haug, The Complete Guide to Option Pricing Formulas, §1.1.3: F = K = 19, T = 0.75, r = 0.1, σ = 0.28
    expect(Math.abs(hpBlack76(19, 19, 0.75, 0.28, 0.1, true).price - 1.7011)).toBeLessThan(5e-5);
  });

  it("agrees with lib/quant/black76 (≈1e-13 accurate) to 1e-12, including Greeks", () => {
    for (const [k, t, v, call] of [
      [80, 0.5, 0.6, true],
      [120, 0.1, 0.3, false],
      [100.5, 1 / 365, 0.9, true],
      [300, 2, 1.2, true],
    ] as const) {
      const h = hpBlack76(100, k, t, v, 0.03, call);
      const d = black76({ forward: 100, strike: k, years: t, vol: v, rate: 0.03, isCall: call });
      expect(Math.abs(h.price - d.price) / d.price).toBeLessThan(1e-12);
      expect(Math.abs(h.delta - d.delta)).toBeLessThan(1e-13);
      expect(Math.abs(h.gamma - d.gamma) / d.gamma).toBeLessThan(1e-12);
      expect(Math.abs(h.vega - d.vega) / d.vega).toBeLessThan(1e-12);
    }
  });

  it("resolves deep-tail values a double formula cannot: a far-OTM put is a tiny positive number", () => {
    // d₂ ≈ 17: the put is ~1e-60; the call rounds to exactly D·(F − K) = 80
    const c = hpBlack76(100, 20, 0.1, 0.3, 0, true).price;
    const p = hpBlack76(100, 20, 0.1, 0.3, 0, false).price;
    expect(c).toBe(80);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-30);
  });

  it("rejects non-positive inputs (it is a test reference)", () => {
    expect(() => hpBlack76(100, 0, 1, 0.2, 0, true)).toThrow();
  });
});
