import { describe, it, expect } from "vitest";
import { relErr } from "@/lib/quant/precision";
import { shortOptionRuleRequirement } from "@/lib/margin/rules/short-options";
import { collateralValue } from "@/lib/margin/collateral/haircuts";
import { linearRuleRequirement } from "@/lib/margin/rules/linear";
import { AEVO_HAIRCUTS, AEVO_STANDARD } from "./aevo";

const CTX = { dailyVol: 0.03, volMultiplier: 1 };

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;

describe("aevo-standard", () => {
  it("short options: IM max(0.15 − OTM/S, 0.1)·S + mark, call MM 0.1·S + mark, put MM max(0.1·S, 0.1·mark) + mark (margin-models.md §2.2, Aevo standard)", () => {
    expect(AEVO_STANDARD.shortOptions).toEqual({ kind: "deribit-family", imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.1, mmPutSpotRate: 0.1, mmPutMarkRate: 0.1 });
    // hand-computed: S = 3,000, short 3,000 call (ATM), mark 120 → IM = 0.15·3,000 + 120 = 570; MM = 0.1·3,000 + 120 = 420
    const r = shortOptionRuleRequirement(AEVO_STANDARD.shortOptions, { isCall: true, spot: 3_000, strike: 3_000, mark: 120, entry: 120, qty: 1 })!;
    expect(relErr(r.im, 570)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 420)).toBeLessThan(EXACT_REL_TOL);
  });

  it("collateral ratios: USDC 100 %, USDT 99 %, ETH 90 %, WBTC 90 %; SOL and wstETH not accepted (docs.aevo.xyz Collateral Framework)", () => {
    expect(AEVO_HAIRCUTS).toEqual({ USDC: 0, USDT: 0.01, BTC: 0.1, ETH: 0.1, SOL: 1, wstETH: 1 });
    // Aevo's formula "Balance * Price of asset in USDC * Collateral Ratio"; hand-computed:
    // 1 ETH at 1,000 × 90 % = 900; 10,000 USDT × 99 % = 9,900
    expect(relErr(collateralValue(AEVO_STANDARD.haircuts.ETH, 1, 1_000, CTX).collateralValueUsd, 900)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(collateralValue(AEVO_STANDARD.haircuts.USDT, 10_000, 1, CTX).collateralValueUsd, 9_900)).toBeLessThan(EXACT_REL_TOL);
    expect(collateralValue(AEVO_STANDARD.haircuts.SOL, 10, 200, CTX).collateralValueUsd).toBe(0);
  });

  it("perps: 5 % IM, 3 % MM of the notional (docs.aevo.xyz ETH Perpetual Futures); BTC and SOL assumed the same", () => {
    expect(AEVO_STANDARD.linear.ETH).toEqual({ kind: "size-scaled", imBase: 0.05, mmBase: 0.03, imPerCoin: 0, mmPerCoin: 0, maxRate: 1 });
    expect(AEVO_STANDARD.linear.BTC).toEqual(AEVO_STANDARD.linear.ETH);
    // hand-computed: 2 ETH at 3,000 = 6,000 notional → IM 300, MM 180
    const r = linearRuleRequirement(AEVO_STANDARD.linear.ETH, -2, 3_000);
    expect(relErr(r.im, 300)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 180)).toBeLessThan(EXACT_REL_TOL);
    expect(AEVO_STANDARD.notes.some((n) => /BTC and SOL: MarginLab assumption/.test(n))).toBe(true);
  });

  it("lists futures and options; isolated and cross", () => {
    expect(AEVO_STANDARD.lists).toEqual({ futures: true, options: true });
    expect(AEVO_STANDARD.modes).toEqual(["isolated", "cross"]);
    expect(AEVO_STANDARD).toMatchObject({ id: "aevo-standard", venue: "Aevo", version: "1.1.0", asOf: "2026-11-28" });
  });
});
