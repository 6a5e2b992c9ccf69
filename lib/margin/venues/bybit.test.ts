import { describe, it, expect } from "vitest";
import { relErr } from "@/lib/quant/precision";
import { collateralValue } from "@/lib/margin/collateral/haircuts";
import { linearRuleRequirement } from "@/lib/margin/rules/linear";
import { shortOptionRuleRequirement } from "@/lib/margin/rules/short-options";
import { BYBIT_CROSS } from "./bybit";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;
/** Deductions are published in whole USD; the recursion reproduces them to rounding of ~1e6-sized sums. */
const DEDUCTION_REL_TOL = 1e-9;
/** Bybit's worked check is published in whole USD. */
const PUBLISHED_WHOLE_USD = 0.5;

describe("bybit-cross", () => {
  it("short option rule reproduces the worked check MM 938, IM 2,315 (margin-models.md §2.2, Bybit help)", () => {
    const r = shortOptionRuleRequirement(BYBIT_CROSS.shortOptions, { isCall: false, spot: 20_250, strike: 18_500, mark: 290, entry: 280, qty: 1 })!;
    expect(Math.abs(r.mm - 938)).toBeLessThanOrEqual(PUBLISHED_WHOLE_USD);
    expect(Math.abs(r.im - 2_315)).toBeLessThanOrEqual(PUBLISHED_WHOLE_USD);
  });

  it("BTC deductions reproduce the published 'Maintenance Margin Deduction' column (bybit.com announcement-info/margin-parameters, BTCUSDT)", () => {
    // published column, tiers 1–20, USD
    const published = [0, 1_200, 3_020, 4_300, 5_820, 8_460, 15_460, 20_500, 46_000, 66_000, 80_000, 160_000, 300_000, 452_000, 502_000, 777_000, 837_000, 967_000, 1_107_000, 1_482_000];
    const rule = BYBIT_CROSS.linear.BTC;
    if (rule.kind !== "tiered") throw new Error("expected a tiered rule");
    expect(rule.tiers).toHaveLength(published.length);
    rule.tiers.forEach((t, i) => expect(relErr(t.deductionUsd, published[i]!)).toBeLessThan(DEDUCTION_REL_TOL));
  });

  it("BTC requirement in tier 9 (hand-computed)", () => {
    // 100 BTC at 90,000 = 9,000,000 notional → tier 9 (8.5M–10M): 45x, MMR 1.3%, deduction 46,000
    // MM = 0.013·9,000,000 − 46,000 = 71,000; IM = 9,000,000/45 = 200,000
    const r = linearRuleRequirement(BYBIT_CROSS.linear.BTC, 100, 90_000);
    expect(relErr(r.mm, 71_000)).toBeLessThan(DEDUCTION_REL_TOL);
    expect(relErr(r.im, 200_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("wstETH is ETH's haircut then a de-peg haircut (hand-computed: 1 − 0.95·0.95 = 0.0975)", () => {
    const v = collateralValue(BYBIT_CROSS.haircuts.wstETH, 10, 4_000, { dailyVol: 0.04, volMultiplier: 1 });
    expect(relErr(v.effectiveHaircut, 0.0975)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(v.collateralValueUsd, 40_000 * 0.9025)).toBeLessThan(EXACT_REL_TOL);
  });
});
