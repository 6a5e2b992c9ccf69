import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { erfc, erfcx, expNegHalfSq, normCdf, normPdf } from "./normal";
import { relErr } from "./precision";

/**
 * Reference values: computed with mpmath 1.3.0 (mp.dps = 60) — mp.ncdf / mp.npdf / mp.erfc of
 * the exact double argument — then rounded to the nearest double. The long decimal strings in
 * the comments are the first 20 significant digits printed by mpmath.
 */
const CDF_TABLE: { x: number; want: number; note: string }[] = [
  { x: -1, want: 0.15865525393145705, note: "0.15865525393145705141" },
  { x: 1.96, want: 0.9750021048517795, note: "0.97500210485177956586" },
  { x: 0.5, want: 0.6914624612740131, note: "0.69146246127401310364" },
  { x: -0.3, want: 0.3820885778110474, note: "0.38208857781104736269" },
  { x: 3, want: 0.9986501019683699, note: "0.99865010196836990547" },
  { x: 8, want: 0.9999999999999993, note: "0.9999999999999993779" },
  { x: -5, want: 2.866515718791939e-7, note: "2.8665157187919391167e-7" },
  { x: -10, want: 7.619853024160525e-24, note: "7.619853024160526066e-24" },
  { x: -20, want: 2.7536241186062337e-89, note: "2.7536241186062336951e-89" },
  { x: -30, want: 4.906713927148187e-198, note: "4.9067139271481870595e-198" },
  { x: -37.5, want: 4.605353009581955e-308, note: "4.6053530095819548438e-308" },
];

describe("normCdf", () => {
  it.each(CDF_TABLE)("N($x) matches mpmath ($note) to ≤ 1e-15 relative", ({ x, want }) => {
    expect(relErr(normCdf(x), want)).toBeLessThanOrEqual(1e-15);
  });

  it("is exactly ½ at 0 and handles ±Infinity, NaN and underflow", () => {
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(-40)).toBe(0);
    expect(normCdf(-1e300)).toBe(0);
    expect(normCdf(1e300)).toBe(1);
    expect(Number.isNaN(normCdf(NaN))).toBe(true);
    // subnormal result region: mpmath N(−38) = 2.8854283600687843084e-316 (only ~8 digits representable)
    expect(relErr(normCdf(-38), 2.88542835e-316)).toBeLessThan(1e-7);
  });

  it("N(x) + N(−x) = 1 within 1e-15 (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (x) => {
        expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThanOrEqual(1e-15);
      }),
      { numRuns: 2000 },
    );
  });

  it("is monotone non-decreasing (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -45, max: 45, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (x, dx) => {
        expect(normCdf(x + dx)).toBeGreaterThanOrEqual(normCdf(x));
      }),
      { numRuns: 2000 },
    );
  });

  it("is monotone across the approximation junctions", () => {
    // junctions: |x| = 0.46875·√2 (erf ↔ erfcx) and |x| = 4·√2 (the two erfcx approximations)
    const junctions = [-4 * Math.SQRT2, -0.46875 * Math.SQRT2, 0.46875 * Math.SQRT2, 4 * Math.SQRT2];
    for (const c of junctions) {
      // on a 2^-40 grid N is non-decreasing, strictly where its steps exceed rounding noise (x < 0)
      let prev = -Infinity;
      for (let i = -2000; i <= 2000; i++) {
        const v = normCdf(c + i * 2 ** -40);
        if (c < 0) expect(v).toBeGreaterThan(prev);
        else expect(v).toBeGreaterThanOrEqual(prev);
        prev = v;
      }
      // …and ulp by ulp it never drops by more than rounding noise (≤ 2 ulps of the value)
      const buf = new Float64Array(1);
      const bits = new BigInt64Array(buf.buffer);
      buf[0] = c;
      const cb = bits[0] as bigint;
      prev = -Infinity;
      for (let i = -2000n; i <= 2000n; i++) {
        bits[0] = c > 0 ? cb + i : cb - i; // walk upward in value
        const v = normCdf(buf[0] as number);
        expect(prev - v).toBeLessThanOrEqual(2 * Number.EPSILON * Math.max(v, 0.5));
        prev = Math.max(prev, v);
      }
    }
  });
});

describe("normPdf", () => {
  it("matches mpmath values", () => {
    // mpmath npdf: φ(0) = 0.39894228040143267794, φ(2.5) = 0.017528300493568537
    expect(normPdf(0)).toBe(0.3989422804014327);
    expect(relErr(normPdf(1), 0.24197072451914334)).toBeLessThan(2e-16);
    expect(relErr(normPdf(2.5), 0.017528300493568537)).toBeLessThan(4e-16);
  });

  it("keeps relative accuracy in the tail: φ(30) = e^{−450}/√(2π)", () => {
    // mpmath: e^{−450} = 3.693883068487256e-196
    expect(relErr(expNegHalfSq(30), 3.693883068487256e-196)).toBeLessThan(4e-16);
    expect(relErr(normPdf(30), 3.693883068487256e-196 / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-15);
  });

  it("is even, non-negative and finite for any double (property)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const v = normPdf(x);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(0.4);
        expect(v).toBe(normPdf(-x));
      }),
    );
  });
});

describe("erfc / erfcx", () => {
  // mpmath 1.3.0, mp.erfc at 60 digits, rounded to double
  const TABLE: [number, number][] = [
    [0.25, 0.7236736098317631],
    [0.46875, 0.507386526782062],
    [1, 0.15729920705028513],
    [-1, 1.8427007929497148],
    [-3, 1.9999779095030015],
    [4, 1.541725790028002e-8],
    [5, 1.537459794428035e-12],
    [26, 5.663192408856143e-296],
  ];
  it.each(TABLE)("erfc(%d) matches mpmath to ≤ 1e-15 relative", (x, want) => {
    expect(relErr(erfc(x), want)).toBeLessThanOrEqual(1e-15);
  });

  it("limits", () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(30)).toBe(0);
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(Number.isNaN(erfc(NaN))).toBe(true);
  });

  it("erfcx(x) = e^{x²}·erfc(x)", () => {
    expect(erfcx(0)).toBe(1);
    // mpmath: e^{100}·erfc(10) = 0.05614099274382259
    expect(relErr(erfcx(10), 0.05614099274382259)).toBeLessThan(1e-15);
    for (const x of [-2, -0.3, 0.2, 1.5, 3.9, 4.1]) {
      expect(relErr(erfcx(x), Math.exp(x * x) * erfc(x))).toBeLessThan(2e-14);
    }
  });

  it("erfc(x) + erfc(−x) = 2 (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(Math.abs(erfc(x) + erfc(-x) - 2)).toBeLessThanOrEqual(4.5e-16);
      }),
    );
  });
});
