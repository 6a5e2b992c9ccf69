import { describe, it, expect } from "vitest";
import { relErr } from "@/lib/quant/precision";
import { collateralValue } from "@/lib/margin/collateral/haircuts";
import { linearRuleRequirement } from "@/lib/margin/rules/linear";
import { shortOptionRuleRequirement } from "@/lib/margin/rules/short-options";
import { HYPERLIQUID } from "./hyperliquid";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;

describe("hyperliquid", () => {
  it("MM rates at each asset's first tier: BTC 40x → 1.25%, ETH 25x → 2%, SOL 20x → 2.5% (hand-computed: 1/(2·max leverage))", () => {
    // 1,000,000 USD notional of each
    const btc = linearRuleRequirement(HYPERLIQUID.linear.BTC, 10, 100_000);
    const eth = linearRuleRequirement(HYPERLIQUID.linear.ETH, 250, 4_000);
    const sol = linearRuleRequirement(HYPERLIQUID.linear.SOL, 5_000, 200);
    expect(relErr(btc.mm, 12_500)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(btc.im, 25_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(eth.mm, 20_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(eth.im, 40_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(sol.mm, 25_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(sol.im, 50_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("lists no options and accepts only USDC", () => {
    expect(HYPERLIQUID.lists).toEqual({ futures: false, options: false });
    expect(shortOptionRuleRequirement(HYPERLIQUID.shortOptions, { isCall: true, spot: 1, strike: 1, mark: 0.1, entry: 0.1, qty: 1 })).toBeNull();
    const ctx = { dailyVol: 0.03, volMultiplier: 1 };
    expect(collateralValue(HYPERLIQUID.haircuts.USDC, 1_000, 1, ctx).collateralValueUsd).toBe(1_000);
    expect(collateralValue(HYPERLIQUID.haircuts.BTC, 1, 100_000, ctx).collateralValueUsd).toBe(0);
  });
});
