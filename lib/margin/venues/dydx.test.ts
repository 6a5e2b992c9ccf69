import { describe, it, expect } from "vitest";
import { relErr } from "@/lib/quant/precision";
import { linearRuleRequirement, openInterestImf } from "@/lib/margin/rules/linear";
import { DYDX } from "./dydx";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;

describe("dydx", () => {
  it("BTC/ETH Large-Cap: IMF 0.02, MMF 0.012 (docs.dydx.community Markets: 20000 ppm, fraction 600000 ppm → 0.6·0.02)", () => {
    // 1 BTC at 100,000 → IM 2,000, MM 1,200 (hand-computed)
    const r = linearRuleRequirement(DYDX.linear.BTC, -1, 100_000);
    expect(relErr(r.im, 2_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 1_200)).toBeLessThan(EXACT_REL_TOL);
  });

  it("SOL Mid-Cap scales with open interest once it is fed in (hand-computed: 70M between 40M and 100M → 0.05 + 0.5·0.95 = 0.525)", () => {
    const rule = DYDX.linear.SOL;
    if (rule.kind !== "oi-scaled") throw new Error("expected an oi-scaled rule");
    expect(openInterestImf(rule)).toBe(0.05);
    expect(relErr(openInterestImf({ ...rule, openInterestUsd: 70_000_000 }), 0.525)).toBeLessThan(EXACT_REL_TOL);
  });

  it("lists no options and no dated futures", () => {
    expect(DYDX.lists).toEqual({ futures: false, options: false });
    expect(DYDX.shortOptions.kind).toBe("unsupported");
  });
});
