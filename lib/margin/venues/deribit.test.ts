import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { COLLATERAL_ASSETS } from "@/lib/market/types";
import { relErr } from "@/lib/quant/precision";
import { collateralValue } from "@/lib/margin/collateral/haircuts";
import { linearRuleRequirement } from "@/lib/margin/rules/linear";
import { shortOptionRuleRequirement } from "@/lib/margin/rules/short-options";
import { DERIBIT_STANDARD, DERIBIT_STANDARD_HAIRCUTS, DERIBIT_STYLE_PM } from "./deribit";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;

describe("deribit-standard", () => {
  it("linear rates: BTC 2 % / 1 % + 0.005 %/BTC, SOL 4 % / 2 % + 0.0005 %/SOL, ETH 2 % / 1 % + 0.0004 %/ETH; index basis; capped at 100 % (Deribit Linear Perpetual page; ETH: Deribit notice of 11 January 2022)", () => {
    expect(DERIBIT_STANDARD.linear).toEqual({
      BTC: { kind: "size-scaled", imBase: 0.02, mmBase: 0.01, imPerCoin: 0.00005, mmPerCoin: 0.00005, maxRate: 1, priceBasis: "index" },
      ETH: { kind: "size-scaled", imBase: 0.02, mmBase: 0.01, imPerCoin: 0.000004, mmPerCoin: 0.000004, maxRate: 1, priceBasis: "index" },
      SOL: { kind: "size-scaled", imBase: 0.04, mmBase: 0.02, imPerCoin: 0.000005, mmPerCoin: 0.000005, maxRate: 1, priceBasis: "index" },
    });
    // hand-computed: 10 BTC at 95,000 → IM rate 0.0205 → 19,475; MM rate 0.0105 → 9,975
    const r = linearRuleRequirement(DERIBIT_STANDARD.linear.BTC, 10, 95_000);
    expect(relErr(r.im, 19_475)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 9_975)).toBeLessThan(EXACT_REL_TOL);
  });

  /**
   * Deribit's published worked examples, "Standard Margin IM & MM examples Linear perpetual"
   * (https://support.deribit.com/hc/en-us/articles/25944738177565-Linear-Perpetual), index
   * BTC 100,000 and SOL 200. The page states its results exactly (no rounding); the page's
   * 350-BTC MM row was cut off in the stored copy, so its MM is not in the table.
   */
  const PUBLISHED: ReadonlyArray<{ u: "BTC" | "SOL"; size: number; index: number; side: "im" | "mm"; usd: number }> = [
    { u: "BTC", size: 0, index: 100_000, side: "im", usd: 0 },
    { u: "BTC", size: 25, index: 100_000, side: "im", usd: 53_125 }, // 25 × 2.125 % = 0.53125 BTC → 53,125 USDC
    { u: "BTC", size: 350, index: 100_000, side: "im", usd: 1_312_500 }, // 350 × 3.75 % = 13.125 BTC → 1,312,500 USDC
    { u: "BTC", size: 25, index: 100_000, side: "mm", usd: 28_125 }, // 25 × 1.125 % = 0.28125 BTC → 28,125 USDC
    { u: "SOL", size: 0, index: 200, side: "im", usd: 0 },
    { u: "SOL", size: 25, index: 200, side: "im", usd: 200.625 }, // 25 × 4.0125 % = 1.003125 SOL → 200.625 USDC
    { u: "SOL", size: 6_000, index: 200, side: "im", usd: 84_000 }, // 6000 × 7 % = 420 SOL → 84,000 USDC
    { u: "SOL", size: 25, index: 200, side: "mm", usd: 100.625 }, // 25 × 2.0125 % = 0.503125 SOL → 100.625 USDC
  ];
  it.each(PUBLISHED)("Deribit Linear Perpetual worked example: $size $u at index $index → $side $usd USDC", ({ u, size, index, side, usd }) => {
    const r = linearRuleRequirement(DERIBIT_STANDARD.linear[u], size, index);
    if (usd === 0) expect(r[side]).toBe(0);
    else expect(relErr(r[side], usd)).toBeLessThan(EXACT_REL_TOL);
  });

  it("short options: IM max(0.15 − OTM/S, 0.10)·S + mark, call MM 0.075·S + mark, put MM max(0.075·S, 0.075·mark) + mark (support.deribit.com Options margin)", () => {
    expect(DERIBIT_STANDARD.shortOptions).toEqual({ kind: "deribit-family", imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.075, mmPutSpotRate: 0.075, mmPutMarkRate: 0.075 });
    // hand-computed: S = 100,000, short 90,000 put (OTM/S = 0.1), mark 500 → IM = 0.10·100,000 + 500 = 10,500; MM = 7,500 + 500 = 8,000
    const r = shortOptionRuleRequirement(DERIBIT_STANDARD.shortOptions, { isCall: false, spot: 100_000, strike: 90_000, mark: 500, entry: 500, qty: 1 })!;
    expect(relErr(r.im, 10_500)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 8_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("static haircuts: wstETH 7.5 % (Deribit stETH notice, 13 January 2026); USDC 0, USDT 2 %, BTC 5 %, ETH 5 %, SOL 15 % MarginLab defaults", () => {
    expect(DERIBIT_STANDARD_HAIRCUTS).toEqual({ USDC: 0, USDT: 0.02, BTC: 0.05, ETH: 0.05, SOL: 0.15, wstETH: 0.075 });
  });

  it("static haircuts give amount·price·(1 − haircut) (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...COLLATERAL_ASSETS), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (asset, amount, price) => {
        const v = collateralValue(DERIBIT_STANDARD.haircuts[asset], amount, price, { dailyVol: 0.03, volMultiplier: 1 });
        expect(v.collateralValueUsd).toBe(amount * price * (1 - DERIBIT_STANDARD_HAIRCUTS[asset]));
      }),
    );
  });

  it("lists futures and options; isolated and cross; counterpart Deribit-style PM", () => {
    expect(DERIBIT_STANDARD.lists).toEqual({ futures: true, options: true });
    expect(DERIBIT_STANDARD.modes).toEqual(["isolated", "cross"]);
    expect(DERIBIT_STANDARD.counterpartId).toBe(DERIBIT_STYLE_PM.id);
    expect(DERIBIT_STANDARD).toMatchObject({ id: "deribit-standard", venue: "Deribit", version: "1.2.0", asOf: "2026-11-28", haircutAppliesTo: "initial" });
    expect(DERIBIT_STANDARD.sources.some((x) => x.includes("25944777203869-Cross-collateral-specifications"))).toBe(true);
  });
});

describe("deribit-style-pm", () => {
  it("±16 % in 9 evenly spaced points × up/none/down, extended table with vol up only, labelled as modeled", () => {
    const grid = DERIBIT_STYLE_PM.grid;
    const regular = grid.scenarios.filter((s) => s.kind === "regular");
    const tail = grid.scenarios.filter((s) => s.kind === "tail");
    expect(regular).toHaveLength(27);
    expect([...new Set(regular.map((s) => Math.round((s.spotShock - 1) * 100)))]).toEqual([-16, -12, -8, -4, 0, 4, 8, 12, 16]);
    expect(tail.map((s) => Math.round((s.spotShock - 1) * 100))).toEqual([-66, -33, 50, 100, 200, 300, 400, 500]);
    expect(tail.every((s) => s.volShock === "up" && s.dampening < 1)).toBe(true);
    // margin-models.md §2.3: vol up max(σ(1 + 0.5·m), 0.5), vol down σ(1 − 0.25·m), p = 0.30 / 0.13
    expect(grid.volShock).toMatchObject({ rangeUp: 0.5, rangeDown: 0.25, shortTermPower: 0.3, longTermPower: 0.13, pivotDays: 30, minVolUp: 0.5 });
    expect(DERIBIT_STYLE_PM.notes[0]).toMatch(/^Modeled on published methodology \(support\.deribit\.com Portfolio margin\), as of \d{4}-\d{2}-\d{2}/);
  });

  it("collateral haircuts come from deribit-standard, which is also its counterpart", () => {
    expect(DERIBIT_STYLE_PM.haircutsFrom).toBe(DERIBIT_STANDARD.id);
    expect(DERIBIT_STYLE_PM.counterpartId).toBe(DERIBIT_STANDARD.id);
    expect(DERIBIT_STYLE_PM.modes).toEqual(["portfolio"]);
  });
});
