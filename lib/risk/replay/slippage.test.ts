import { describe, expect, it } from "vitest";
import { liquidationFill, liquidityOf, MAX_SLIPPAGE } from "./slippage";

describe("liquidation fill (square-root slippage assumption)", () => {
  it("closing a long sells below the mark: N = 10,000, L = 1,000,000 → s = 1 % × √0.01 = 0.1 %", () => {
    const f = liquidationFill(-100, 100, 1_000_000);
    expect(f.slippageFraction).toBeCloseTo(0.001, 15);
    expect(f.fillPrice).toBeCloseTo(99.9, 12);
    expect(f.slippageUsd).toBeCloseTo(10, 10);
  });

  it("closing a short buys above the mark: N = L → s = 1 %", () => {
    const f = liquidationFill(5, 200, 1_000);
    expect(f.fillPrice).toBeCloseTo(202, 12);
    expect(f.slippageUsd).toBeCloseTo(10, 10);
  });

  it("slippage grows with size (4× the size, 2× the fraction) and stops at 50 %", () => {
    expect(liquidationFill(-4, 100, 1e6).slippageFraction / liquidationFill(-1, 100, 1e6).slippageFraction).toBeCloseTo(2, 12);
    expect(liquidationFill(-1e9, 100, 1).slippageFraction).toBe(MAX_SLIPPAGE);
  });

  it("the liquidity multiplier scales every parameter", () => {
    expect(liquidityOf(2).linearUsd.BTC).toBe(2 * liquidityOf(1).linearUsd.BTC);
    expect(liquidityOf(0.5).optionUsd).toBe(0.5 * liquidityOf(1).optionUsd);
  });
});
