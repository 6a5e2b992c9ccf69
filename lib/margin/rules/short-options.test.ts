import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { relErr } from "@/lib/quant/precision";
import { shortOptionRuleRequirement, type ShortOptionRule } from "./short-options";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;
/** Bybit's worked check is published in whole USD: a value within half a dollar rounds to it. */
const PUBLISHED_WHOLE_USD = 0.5;

/** Deribit-style standard rates (support.deribit.com "Options margin", margin-models.md §2.2). */
const DERIBIT_FAMILY: ShortOptionRule = { kind: "deribit-family", imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.075, mmPutSpotRate: 0.075, mmPutMarkRate: 0.075 };

/**
 * Reference: the Deribit-family requirement per coin, written out from the published formula
 * (call IM = max(otmBase − OTM/S, floor)·S + mark, MM = mmCall·S + mark; put MM = max(mmPutSpot·S,
 * mmPutMark·mark) + mark, IM = max(call-style IM, MM)).
 */
function deribitPerCoin(
  r: { imOtmBase: number; imFloor: number; mmCallSpotRate: number; mmPutSpotRate: number; mmPutMarkRate: number },
  isCall: boolean,
  spot: number,
  strike: number,
  mark: number,
): { im: number; mm: number } {
  const otm = isCall ? Math.max(strike - spot, 0) : Math.max(spot - strike, 0);
  const imCore = Math.max(r.imOtmBase - otm / spot, r.imFloor) * spot + mark;
  if (isCall) return { im: imCore, mm: r.mmCallSpotRate * spot + mark };
  const mm = Math.max(r.mmPutSpotRate * spot, r.mmPutMarkRate * mark) + mark;
  return { im: Math.max(imCore, mm), mm };
}

/** Bybit cross short-option rule, numbers from margin-models.md §2.2 (Bybit help, cross margin). */
const BYBIT: ShortOptionRule = { kind: "bybit", mmSpotRate: 0.03, mmMarkRate: 0.03, feeSpotRate: 0.002, imOtmBase: 0.15, imFloor: 0.1 };

describe("shortOptionRuleRequirement — Bybit", () => {
  it("worked check: BTC 20,250, short 1 × 18,500 put, mark 290, entry 280 → MM 938, IM 2,315 (margin-models.md §2.2, Bybit help)", () => {
    const r = shortOptionRuleRequirement(BYBIT, { isCall: false, spot: 20_250, strike: 18_500, mark: 290, entry: 280, qty: 1 })!;
    // published values, whole USD
    expect(Math.abs(r.mm - 938)).toBeLessThanOrEqual(PUBLISHED_WHOLE_USD);
    expect(Math.abs(r.im - 2_315)).toBeLessThanOrEqual(PUBLISHED_WHOLE_USD);
    // hand-computed: MM = max(607.5, 8.7) + 290 + 40.5 = 938; IM = max(3,037.5 − 1,750, 2,025) + max(280, 290) = 2,315
    expect(relErr(r.mm, 938)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.im, 2_315)).toBeLessThan(EXACT_REL_TOL);
  });

  it("short call, qty 2 (hand-computed)", () => {
    // S = 20,000, K = 22,000 → OTM = 2,000; IM/coin = max(3,000 − 2,000, 2,000) + max(200, 150) = 2,200 → 4,400
    // MM/coin = max(600, 4.5) + 150 + 40 = 790 → 1,580
    const r = shortOptionRuleRequirement(BYBIT, { isCall: true, spot: 20_000, strike: 22_000, mark: 150, entry: 200, qty: 2 })!;
    expect(relErr(r.im, 4_400)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 1_580)).toBeLessThan(EXACT_REL_TOL);
  });

  it("IM is floored at MM when the mark dominates (hand-computed)", () => {
    // S = 100, K = 500 put (ITM, OTM = 0), mark 600, entry 0: IM core = max(15, 10) + 600 = 615;
    // MM = max(3, 18) + 600 + 0.2 = 618.2 > 615 → IM = 618.2
    const r = shortOptionRuleRequirement(BYBIT, { isCall: false, spot: 100, strike: 500, mark: 600, entry: 0, qty: 1 })!;
    expect(relErr(r.mm, 618.2)).toBeLessThan(EXACT_REL_TOL);
    expect(r.im).toBe(r.mm);
  });
});

describe("shortOptionRuleRequirement — Deribit family and unsupported", () => {
  it("short call at the IM floor (hand-computed, Deribit 'Options margin' formula)", () => {
    // S = 100,000, K = 110,000 → OTM/S = 0.1; max(0.15 − 0.1, 0.10) = 0.10 → IM = 10,000 + 1,000 = 11,000 per coin;
    // MM = 0.075·100,000 + 1,000 = 8,500 per coin; qty 2 → IM 22,000, MM 17,000
    const r = shortOptionRuleRequirement(DERIBIT_FAMILY, { isCall: true, spot: 100_000, strike: 110_000, mark: 1_000, entry: 0, qty: 2 })!;
    expect(relErr(r.im, 22_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 17_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("short put IM is floored at its MM (hand-computed)", () => {
    // S = 100, K = 500 (ITM, OTM = 0), mark 600: IM core = max(0.15, 0.10)·100 + 600 = 615;
    // MM = max(7.5, 45) + 600 = 645 > 615 → IM = 645
    const r = shortOptionRuleRequirement(DERIBIT_FAMILY, { isCall: false, spot: 100, strike: 500, mark: 600, entry: 0, qty: 1 })!;
    expect(relErr(r.mm, 645)).toBeLessThan(EXACT_REL_TOL);
    expect(r.im).toBe(r.mm);
  });

  it("equals the per-coin formula × qty for random inputs (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          imOtmBase: fc.double({ min: 0, max: 0.5, noNaN: true }),
          imFloor: fc.double({ min: 0, max: 0.5, noNaN: true }),
          mmCallSpotRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
          mmPutSpotRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
          mmPutMarkRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
        }),
        fc.boolean(),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (rates, isCall, spot, strike, mark, entry, qty) => {
          const r = shortOptionRuleRequirement({ kind: "deribit-family", ...rates }, { isCall, spot, strike, mark, entry, qty })!;
          const perCoin = deribitPerCoin(rates, isCall, spot, strike, mark);
          expect(r.im).toBe(perCoin.im * qty);
          expect(r.mm).toBe(perCoin.mm * qty);
        },
      ),
    );
  });

  it("returns null when the venue lists no options", () => {
    expect(shortOptionRuleRequirement({ kind: "unsupported" }, { isCall: true, spot: 1, strike: 1, mark: 0.1, entry: 0.1, qty: 1 })).toBeNull();
  });
});
