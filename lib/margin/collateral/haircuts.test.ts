import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { relErr } from "@/lib/quant/precision";
import { collateralValue, type HaircutContext, type HaircutModel } from "./haircuts";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;
/** Slack for monotonicity comparisons of values computed along different rounding paths. */
const MONOTONE_SLACK = 1e-12;
/** A hand-computed decimal written to 11 significant digits. */
const HAND_11_DIGITS = 1e-10;

const CALM: HaircutContext = { dailyVol: 0.03, volMultiplier: 1 };

// --- arbitraries (valid and invalid inputs alike) --------------------------------------------------
const anyNumber = fc.oneof(
  fc.double(), // includes NaN, ±Infinity, −0
  fc.double({ min: -1, max: 2, noNaN: true }),
);
const amountArb = fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double());
const priceArb = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double());
const ctxArb = fc.record({ dailyVol: fc.oneof(fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double()), volMultiplier: fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.double()) });
const leafArb: fc.Arbitrary<HaircutModel> = fc.oneof(
  fc.record({ kind: fc.constant("static" as const), haircut: anyNumber }),
  fc.record({
    kind: fc.constant("tiered" as const),
    tiers: fc.array(fc.record({ upToUsd: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e7, noNaN: true }), fc.double()), ratio: anyNumber }), { maxLength: 5 }),
  }),
  fc.record({ kind: fc.constant("size-scaled" as const), weight: anyNumber, imf: anyNumber }),
  fc.record(
    { kind: fc.constant("dynamic" as const), z: anyNumber, horizonDays: anyNumber, cap: anyNumber, liquidityAddOn: anyNumber, floor: anyNumber },
    { requiredKeys: ["kind", "z", "horizonDays", "cap", "liquidityAddOn"] },
  ),
);
const modelArb: fc.Arbitrary<HaircutModel> = fc.oneof(leafArb, fc.record({ kind: fc.constant("yield-bearing" as const), base: leafArb, depegHaircut: anyNumber }));

describe("tiered (Bitget style)", () => {
  const apt: HaircutModel = {
    kind: "tiered",
    tiers: [
      { upToUsd: 50_000, ratio: 0.8 },
      { upToUsd: null, ratio: 0 },
    ],
  };
  const btc: HaircutModel = { kind: "tiered", tiers: [{ upToUsd: null, ratio: 1 }] };

  it("worked check: 60,000 APT worth 60k → 40,000; with 1 BTC at 50k (ratio 1) → 90,000 (Bitget cross discount page, via margin-models.md §3)", () => {
    const a = collateralValue(apt, 60_000, 1, CALM);
    const b = collateralValue(btc, 1, 50_000, CALM);
    expect(a.marketValueUsd).toBe(60_000);
    expect(relErr(a.collateralValueUsd, 40_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(a.collateralValueUsd + b.collateralValueUsd, 90_000)).toBeLessThan(EXACT_REL_TOL);
    // hand-computed: haircut 20,000 of 60,000 → 1/3
    expect(relErr(a.haircutUsd, 20_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(a.effectiveHaircut, 1 / 3)).toBeLessThan(EXACT_REL_TOL);
  });

  it("value above the last bounded tier counts at 0; Infinity works like null (hand-computed)", () => {
    // 0–10k at 0.9, 10k–30k at 0.5, nothing above: 100k → 9,000 + 10,000 = 19,000
    const m: HaircutModel = {
      kind: "tiered",
      tiers: [
        { upToUsd: 10_000, ratio: 0.9 },
        { upToUsd: 30_000, ratio: 0.5 },
      ],
    };
    expect(relErr(collateralValue(m, 100_000, 1, CALM).collateralValueUsd, 19_000)).toBeLessThan(EXACT_REL_TOL);
    const inf: HaircutModel = {
      kind: "tiered",
      tiers: [
        { upToUsd: 10_000, ratio: 0.9 },
        { upToUsd: Infinity, ratio: 0.5 },
      ],
    };
    // 9,000 + 90,000·0.5 = 54,000
    expect(relErr(collateralValue(inf, 100_000, 1, CALM).collateralValueUsd, 54_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("a zero balance reports the first tier's haircut", () => {
    expect(collateralValue(apt, 0, 7, CALM)).toEqual({ marketValueUsd: 0, collateralValueUsd: 0, haircutUsd: 0, effectiveHaircut: 1 - 0.8 });
  });
});

describe("static", () => {
  it("2 BTC at 50,000 with a 5% haircut → 95,000 (hand-computed: 100,000·0.95)", () => {
    const v = collateralValue({ kind: "static", haircut: 0.05 }, 2, 50_000, CALM);
    expect(relErr(v.collateralValueUsd, 95_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(v.haircutUsd, 5_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(v.effectiveHaircut, 0.05)).toBeLessThan(EXACT_REL_TOL);
  });
});

describe("size-scaled (Drift)", () => {
  const drift: HaircutModel = { kind: "size-scaled", weight: 0.8, imf: 0.01 };

  it("small balances keep the base weight (hand-computed: 100 units → 1.1/(1 + 0.01·10) = 1 > 0.8 → 0.8)", () => {
    expect(relErr(collateralValue(drift, 100, 2, CALM).collateralValueUsd, 160)).toBeLessThan(EXACT_REL_TOL);
  });

  it("large balances are scaled down (hand-computed: 10,000 units → 1.1/(1 + 0.01·100) = 0.55)", () => {
    const v = collateralValue(drift, 10_000, 2, CALM);
    expect(relErr(v.collateralValueUsd, 11_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(v.effectiveHaircut, 0.45)).toBeLessThan(EXACT_REL_TOL);
  });

  it("the weight never rises with size (property)", () => {
    fc.assert(
      // balances from 1e-9 units up (subnormal USD values lose the digits the ratio needs)
      fc.property(fc.double({ min: 1e-9, max: 1e9, noNaN: true }), fc.double({ min: 1e-9, max: 1e9, noNaN: true }), (x, y) => {
        const small = collateralValue(drift, Math.min(x, y), 1, CALM);
        const large = collateralValue(drift, Math.max(x, y), 1, CALM);
        expect(large.effectiveHaircut).toBeGreaterThanOrEqual(small.effectiveHaircut - MONOTONE_SLACK);
      }),
    );
  });
});

describe("dynamic", () => {
  const dyn: HaircutModel = { kind: "dynamic", z: 2.33, horizonDays: 2, cap: 0.5, liquidityAddOn: 0.01 };

  it("h = min(cap, z·σ_daily·√days + add-on) (hand-computed)", () => {
    // 2.33·0.03·√2 + 0.01 = 0.0699·1.4142135623730951 + 0.01 = 0.10885352801
    const h = 2.33 * 0.03 * Math.SQRT2 + 0.01;
    expect(relErr(collateralValue(dyn, 1, 100, CALM).effectiveHaircut, h)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(h, 0.10885352801)).toBeLessThan(HAND_11_DIGITS); // the arithmetic above, to 11 digits
    // ×10 volatility: 0.98853528 + 0.01 > 0.5 → capped at 0.5
    expect(collateralValue(dyn, 1, 100, { dailyVol: 0.03, volMultiplier: 10 }).effectiveHaircut).toBe(0.5);
  });

  it("a floor applies after the cap (hand-computed: max(0.2, 0.1089) = 0.2)", () => {
    expect(collateralValue({ ...dyn, floor: 0.2 }, 1, 100, CALM).effectiveHaircut).toBe(0.2);
  });

  it("a missing volatility gives the cap (conservative)", () => {
    expect(collateralValue(dyn, 1, 100, { dailyVol: NaN, volMultiplier: 1 }).effectiveHaircut).toBe(0.5);
    expect(collateralValue(dyn, 1, 100, { dailyVol: -0.01, volMultiplier: 1 }).effectiveHaircut).toBe(0.5);
  });

  it("rises with the volatility multiplier and never exceeds the cap (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          z: fc.double({ min: 0, max: 5, noNaN: true }),
          horizonDays: fc.double({ min: 0, max: 30, noNaN: true }),
          cap: fc.double({ min: 0, max: 1, noNaN: true }),
          liquidityAddOn: fc.double({ min: 0, max: 0.2, noNaN: true }),
        }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (params, dailyVol, k1, k2) => {
          const m: HaircutModel = { kind: "dynamic", ...params };
          const lo = collateralValue(m, 1, 1_000, { dailyVol, volMultiplier: Math.min(k1, k2) });
          const hi = collateralValue(m, 1, 1_000, { dailyVol, volMultiplier: Math.max(k1, k2) });
          expect(hi.effectiveHaircut).toBeGreaterThanOrEqual(lo.effectiveHaircut - MONOTONE_SLACK);
          expect(hi.effectiveHaircut).toBeLessThanOrEqual(params.cap + MONOTONE_SLACK);
        },
      ),
    );
  });
});

describe("yield-bearing", () => {
  it("base model first, then the de-peg haircut (hand-computed: 10 wstETH at 4,000, ETH 5%, de-peg 5% → 40,000·0.95·0.95 = 36,100)", () => {
    const m: HaircutModel = { kind: "yield-bearing", base: { kind: "static", haircut: 0.05 }, depegHaircut: 0.05 };
    const v = collateralValue(m, 10, 4_000, CALM);
    expect(relErr(v.collateralValueUsd, 36_100)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(v.effectiveHaircut, 0.0975)).toBeLessThan(EXACT_REL_TOL);
    // zero balance: same first-dollar haircut
    expect(relErr(collateralValue(m, 0, 4_000, CALM).effectiveHaircut, 0.0975)).toBeLessThan(EXACT_REL_TOL);
  });

  it("equals the base valuation × (1 − de-peg) for any base model (property)", () => {
    fc.assert(
      fc.property(modelArb, fc.double({ min: 0, max: 1, noNaN: true }), amountArb, priceArb, ctxArb, (base, depeg, amount, price, ctx) => {
        const b = collateralValue(base, amount, price, ctx);
        const y = collateralValue({ kind: "yield-bearing", base, depegHaircut: depeg }, amount, price, ctx);
        expect(Math.abs(y.collateralValueUsd - b.collateralValueUsd * (1 - depeg))).toBeLessThanOrEqual(EXACT_REL_TOL * Math.max(1, b.collateralValueUsd));
      }),
    );
  });
});

describe("every model", () => {
  it("never gives a negative or NaN value, and collateral ≤ market value (property)", () => {
    fc.assert(
      fc.property(modelArb, amountArb, priceArb, ctxArb, (model, amount, price, ctx) => {
        const v = collateralValue(model, amount, price, ctx);
        for (const x of [v.marketValueUsd, v.collateralValueUsd, v.haircutUsd, v.effectiveHaircut]) {
          expect(Number.isNaN(x)).toBe(false);
          expect(x).toBeGreaterThanOrEqual(0);
        }
        expect(v.collateralValueUsd).toBeLessThanOrEqual(v.marketValueUsd);
        expect(v.effectiveHaircut).toBeLessThanOrEqual(1);
        expect(v.haircutUsd).toBe(v.marketValueUsd - v.collateralValueUsd);
      }),
      { numRuns: 2_000 },
    );
  });

  it("invalid balances (negative, NaN, infinite) count as no collateral", () => {
    const m: HaircutModel = { kind: "static", haircut: 0.1 };
    for (const [amount, price] of [
      [-5, 100],
      [NaN, 100],
      [Infinity, 100],
      [5, -1],
      [5, NaN],
    ] as const) {
      const v = collateralValue(m, amount, price, CALM);
      expect(v.marketValueUsd).toBe(0);
      expect(v.collateralValueUsd).toBe(0);
    }
  });

  it("a NaN haircut removes everything; a NaN ratio counts nothing (conservative)", () => {
    expect(collateralValue({ kind: "static", haircut: NaN }, 1, 100, CALM).collateralValueUsd).toBe(0);
    expect(collateralValue({ kind: "tiered", tiers: [{ upToUsd: null, ratio: NaN }] }, 1, 100, CALM).collateralValueUsd).toBe(0);
  });
});
