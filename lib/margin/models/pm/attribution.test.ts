import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computePm } from "./engine";
import { pmAttribution } from "./attribution";
import type { PmPositionRef } from "./from-sub-account";
import type { PmParams, PmPortfolio } from "./types";
import { emptyBook, expiryOf, portfolioOf } from "./test-helpers";
import { DERIVE_PM2 } from "@/lib/margin/venues/derive";
import { DERIBIT_STYLE_PM } from "@/lib/margin/venues/deribit";

/** Sums of a few hundred rounded terms of the IM's magnitude. */
const SUM_REL_TOL = 1e-9;

/**
 * Hand-checkable parameters: two scenarios (spot −10 % and +10 %, vols unchanged, full weight), IM
 * loss factor 1.5, perp contingency 1 % + 1 % of notional, naked shorts 10 % + 5 %, nothing else.
 */
const HAND: PmParams = {
  ...DERIBIT_STYLE_PM.grid,
  scenarios: [
    { kind: "regular", spotShock: 0.9, volShock: "none", dampening: 1 },
    { kind: "regular", spotShock: 1.1, volShock: "none", dampening: 1 },
  ],
  skewShock: null,
  lossFactors: { im: 1.5, mm: 1 },
  discountRateFloor: null,
  staticDiscount: null,
  basis: null,
  contingencies: { perp: { mm: 0.01, im: 0.01 }, nakedShortOption: { mm: 0.1, im: 0.05 }, oracle: null, peg: null },
};

describe("hand-computed 2-position example", () => {
  // BTC at 100: long 1 perp; long 0.5 put K = 100 with no vol (valued at intrinsic, rate 0, discount 1).
  // P&L at −10 %: perp −10, put +0.5·10 = +5 → −5; at +10 %: perp +10, put 0 → +10. Binding: −10 %, loss 5.
  // IM = 1.5·5 + perp contingency 0.02·1·100 = 7.5 + 2 = 9.5.
  // Euler: perp 1.5·10 + 2 = 17; put 1.5·(−5) = −7.5 (a hedge); 17 − 7.5 = 9.5.
  // Without the perp: the put alone never loses → 0, so the perp's increment is 9.5;
  // without the put: the perp alone loses 10 → 15 + 2 = 17, so the put's increment is 9.5 − 17 = −7.5.
  const book = { ...emptyBook("BTC", 100), perp: { size: 1, price: 100, confidence: 1, mtmUsd: 0 }, expiries: [expiryOf("e", 0.1, 100, 0, [{ strike: 100, isCall: false, amount: 0.5, vol: 0 }])] };
  const portfolio = portfolioOf([book]);
  const refs: PmPositionRef[] = [
    { kind: "perp", book: 0, size: 1 },
    { kind: "option", book: 0, expiry: 0, option: 0 },
  ];

  it("the engine agrees on the IM (9.5)", () => {
    const r = computePm(portfolio, HAND);
    if (!r.ok) throw new Error(r.error);
    expect(r.result.imUsd).toBeCloseTo(9.5, 12);
  });

  it("Euler shares 17 and −7.5, increments 9.5 and −7.5, standalone 17 and 0", () => {
    const a = pmAttribution(portfolio, HAND, refs);
    if (!a.ok) throw new Error(a.error);
    expect(a.attribution.euler[0]).toBeCloseTo(17, 12);
    expect(a.attribution.euler[1]).toBeCloseTo(-7.5, 12);
    expect(a.attribution.incremental[0]).toBeCloseTo(9.5, 12);
    expect(a.attribution.incremental[1]).toBeCloseTo(-7.5, 12);
    expect(a.attribution.standalone[0]).toBeCloseTo(17, 12);
    expect(a.attribution.standalone[1]).toBeCloseTo(0, 12);
    expect(a.attribution.collateralIm).toBe(0);
    expect(a.attribution.imUsd).toBeCloseTo(9.5, 12);
  });

  it("a naked short is charged to the short, and a long at the same strike takes its cover back", () => {
    // short 2 calls K = 100, long 0.5 put K = 100 (no vol): per strike 2 short − 0.5 long = 1.5 naked
    // → 1.5·100·15 % = 22.5; the short's share 2·15 = 30, the long's −0.5·15 = −7.5.
    // Scenarios: −10 %: calls 0, put +5 → +5; +10 %: calls −2·10 = −20, put 0 → −20. Loss 20 → 1.5·20 = 30,
    // all of it the calls' (their P&L in the +10 % scenario); the put makes 0 there.
    const b = {
      ...emptyBook("BTC", 100),
      expiries: [
        expiryOf("e", 0.1, 100, 0, [
          { strike: 100, isCall: true, amount: -2, vol: 0 },
          { strike: 100, isCall: false, amount: 0.5, vol: 0 },
        ]),
      ],
    };
    const a = pmAttribution(portfolioOf([b]), HAND, [
      { kind: "option", book: 0, expiry: 0, option: 0 },
      { kind: "option", book: 0, expiry: 0, option: 1 },
    ]);
    if (!a.ok) throw new Error(a.error);
    expect(a.attribution.euler[0]).toBeCloseTo(30 + 30, 12);
    expect(a.attribution.euler[1]).toBeCloseTo(-7.5, 12);
    expect(a.attribution.imUsd).toBeCloseTo(30 + 22.5, 12);
  });

  it("a zero-size position gets 0 (share, increment and standalone)", () => {
    const b = {
      ...book,
      expiries: [
        expiryOf("e", 0.1, 100, 0, [
          { strike: 100, isCall: false, amount: 0.5, vol: 0 },
          { strike: 90, isCall: true, amount: 0, vol: 0.6 },
        ]),
      ],
    };
    const a = pmAttribution(portfolioOf([b]), HAND, [...refs, { kind: "option", book: 0, expiry: 0, option: 1 }]);
    if (!a.ok) throw new Error(a.error);
    expect(Math.abs(a.attribution.euler[2]!)).toBe(0);
    expect(Math.abs(a.attribution.incremental[2]!)).toBe(0);
    expect(Math.abs(a.attribution.standalone[2]!)).toBe(0);
  });
});

/** A random book of options, futures and a perp on two underlyings, with moving and static collateral. */
const portfolioArb = fc
  .tuple(
    fc.array(
      fc.record({
        book: fc.nat(1),
        expiry: fc.nat(2),
        m: fc.double({ min: 0.6, max: 1.5, noNaN: true }),
        call: fc.boolean(),
        amount: fc.double({ min: -10, max: 10, noNaN: true }),
        vol: fc.double({ min: 0, max: 1.5, noNaN: true }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    fc.array(fc.record({ book: fc.nat(1), size: fc.double({ min: -5, max: 5, noNaN: true }) }), { maxLength: 3 }),
    fc.array(fc.record({ book: fc.nat(1), expiry: fc.nat(2), size: fc.double({ min: -5, max: 5, noNaN: true }) }), { maxLength: 3 }),
    fc.double({ min: 0, max: 2e5, noNaN: true }),
  )
  .map(([options, perps, futures, collateralUsd]) => ({ options, perps, futures, collateralUsd }));

type Spec = typeof portfolioArb extends fc.Arbitrary<infer T> ? T : never;

/** The portfolio of a spec, leaving out its `skip`-th position (options, then perps, then futures). */
function build({ options, perps, futures, collateralUsd }: Spec, skip = -1): { portfolio: PmPortfolio; refs: PmPositionRef[] } {
  {
    const spots = [95_000, 3_400];
    const books = spots.map((spot, bi) => ({
      ...emptyBook(bi ? "ETH" : "BTC", spot),
      collaterals: bi === 0 ? [{ id: "BTC", valueUsd: collateralUsd, confidence: 1, mmHaircut: 0.02, imHaircut: 0.01 }] : [],
      expiries: [7, 30, 90].map((d, j) => expiryOf(`e${j}`, d / 365, spot * (1 + 0.002 * j), 0.05)),
    }));
    const refs: PmPositionRef[] = [];
    let k = -1;
    for (const o of options) {
      if (++k === skip) continue;
      const e = books[o.book]!.expiries[o.expiry]!;
      refs.push({ kind: "option", book: o.book, expiry: o.expiry, option: e.options.length });
      e.options.push({ strike: Math.round(books[o.book]!.spot * o.m), isCall: o.call, amount: o.amount, vol: o.vol });
    }
    for (const p of perps) {
      if (++k === skip) continue;
      const b = books[p.book]!;
      b.perp ??= { size: 0, price: b.spot, confidence: 1, mtmUsd: 0 };
      b.perp.size += p.size;
      refs.push({ kind: "perp", book: p.book, size: p.size });
    }
    for (const f of futures) {
      if (++k === skip) continue;
      books[f.book]!.expiries[f.expiry]!.futuresAmount += f.size;
      refs.push({ kind: "future", book: f.book, expiry: f.expiry, size: f.size });
    }
    const portfolio: PmPortfolio = { ...portfolioOf(books), staticCollaterals: [{ id: "USDT", valueUsd: 1e4, confidence: 1, mmHaircut: 0.01, imHaircut: 0.01 }] };
    return { portfolio, refs };
  }
}

describe("Euler shares sum to the engine's IM (property, fixed seed)", () => {
  for (const [name, params] of [
    ["Derive PM2", DERIVE_PM2.grid],
    ["Deribit-style PM", DERIBIT_STYLE_PM.grid],
  ] as const) {
    it(`${name}: Σ shares + collateral part = computePm's IM within ${SUM_REL_TOL} relative`, () => {
      fc.assert(
        fc.property(portfolioArb, (spec) => {
          const { portfolio, refs } = build(spec);
          const r = computePm(portfolio, params);
          const a = pmAttribution(portfolio, params, refs);
          if (!r.ok || !a.ok) throw new Error("invalid input");
          const sum = a.attribution.euler.reduce((s, x) => s + x, 0) + a.attribution.collateralIm;
          const scale = Math.max(1, r.result.imUsd);
          expect(Math.abs(sum - r.result.imUsd)).toBeLessThanOrEqual(SUM_REL_TOL * scale);
          expect(Math.abs(a.attribution.imUsd - r.result.imUsd)).toBeLessThanOrEqual(SUM_REL_TOL * scale);
          // the incremental IM is the engine's own IM without the position (a full recomputation)
          refs.forEach((_, i) => {
            const without = computePm(build(spec, i).portfolio, params);
            if (!without.ok) throw new Error(without.error);
            expect(Math.abs(a.attribution.incremental[i]! - (r.result.imUsd - without.result.imUsd))).toBeLessThanOrEqual(SUM_REL_TOL * scale);
          });
        }),
        { numRuns: 60, seed: 20261128 },
      );
    });
  }
});

describe("binding branches other than a spot/vol scenario", () => {
  // delta-hedged options on one expiry, with a perp and a future: the shares must still sum to the
  // engine's IM when the worst loss is the basis contingency or a skew scenario (checked to bind)
  const book = {
    ...emptyBook("BTC", 100),
    perp: { size: 0.3, price: 100, confidence: 1, mtmUsd: 0 },
    expiries: [
      {
        ...expiryOf("e", 0.1, 100, 0.03, [
          { strike: 100, isCall: true, amount: -1, vol: 0.6 },
          { strike: 95, isCall: false, amount: 2, vol: 0.6 },
        ]),
        futuresAmount: -0.5,
      },
    ],
  };
  const refs: PmPositionRef[] = [
    { kind: "option", book: 0, expiry: 0, option: 0 },
    { kind: "option", book: 0, expiry: 0, option: 1 },
    { kind: "perp", book: 0, size: 0.3 },
    { kind: "future", book: 0, expiry: 0, size: -0.5 },
  ];
  const cases: [string, PmParams, string][] = [
    // PM2's basis legs (±4.5 %) with a factor large enough that the basis contingency is the worst loss
    ["basis", { ...DERIVE_PM2.grid, basis: { ...DERIVE_PM2.grid.basis!, addFactor: 100 } }, "basis"],
    // only PM2's two skew scenarios, no basis contingency: one of them binds
    ["skew", { ...DERIVE_PM2.grid, basis: null, scenarios: DERIVE_PM2.grid.scenarios.filter((s) => s.kind === "skew") }, "skew"],
  ];
  for (const [name, params, kind] of cases) {
    it(`${name}: Σ shares = the engine's IM`, () => {
      const p = portfolioOf([book]);
      const r = computePm(p, params);
      const a = pmAttribution(p, params, refs);
      if (!r.ok || !a.ok) throw new Error("failed");
      expect(r.result.books[0]!.worstSource.kind).toBe(kind);
      const sum = a.attribution.euler.reduce((s, x) => s + x, 0) + a.attribution.collateralIm;
      expect(Math.abs(sum - r.result.imUsd)).toBeLessThanOrEqual(SUM_REL_TOL * r.result.imUsd);
    });
  }
});
