import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { black76, black76Price, intrinsic, type Black76Input } from "./black76";
import { relErr } from "./precision";

// ---------------------------------------------------------------------------------------------
// Published values (QuantLib-style table: each row names its source and its own tolerance)
// ---------------------------------------------------------------------------------------------
interface Row extends Black76Input {
  source: string;
  expected: number;
  tol: number; // absolute
}

const PUBLISHED: Row[] = [
  {
    source: "Haug, The Complete Guide to Option Pricing Formulas, 2nd ed. (2007), Black-76 example (call)",
    forward: 19,
    strike: 19,
    years: 0.75,
    rate: 0.1,
    vol: 0.28,
    isCall: true,
    expected: 1.7011,
    tol: 1e-4,
  },
  {
    source: "Haug, The Complete Guide to Option Pricing Formulas, 2nd ed. (2007), Black-76 example (put)",
    forward: 19,
    strike: 19,
    years: 0.75,
    rate: 0.1,
    vol: 0.28,
    isCall: false,
    expected: 1.7011,
    tol: 1e-4,
  },
  {
    source: "Hull, Options, Futures, and Other Derivatives, futures-options chapter, Black's model example (4-month crude-oil futures put); textbook rounding",
    forward: 20,
    strike: 20,
    years: 4 / 12,
    rate: 0.09,
    vol: 0.25,
    isCall: false,
    expected: 1.12,
    tol: 5e-3,
  },
  // High-precision values of the same contracts: mpmath 1.3.0 at 80 digits with the Black-76 formula.
  {
    source: "mpmath 80 digits: 1.7010507252362672931…",
    forward: 19,
    strike: 19,
    years: 0.75,
    rate: 0.1,
    vol: 0.28,
    isCall: true,
    expected: 1.7010507252362672,
    tol: 1e-14,
  },
  {
    source: "mpmath 80 digits: 1.1166414565589434794…",
    forward: 20,
    strike: 20,
    years: 4 / 12,
    rate: 0.09,
    vol: 0.25,
    isCall: false,
    expected: 1.1166414565589435,
    tol: 1e-14,
  },
  {
    source: "mpmath 80 digits: 16.549483725831074169…",
    forward: 100,
    strike: 100,
    years: 0.5,
    rate: 0.03,
    vol: 0.6,
    isCall: true,
    expected: 16.549483725831074,
    tol: 1e-12,
  },
];

describe("black76: published values", () => {
  it.each(PUBLISHED)("$source", (row) => {
    const got = black76Price(row.forward, row.strike, row.years, row.vol, row.rate, row.isCall);
    expect(Math.abs(got - row.expected)).toBeLessThanOrEqual(row.tol);
    expect(black76(row).price).toBe(got);
  });
});

// ---------------------------------------------------------------------------------------------
// Deep out-of-the-money: relative accuracy against an independent formulation
// ---------------------------------------------------------------------------------------------

/**
 * Independent reference for an OTM call (F < K), by integrating the payoff against the
 * lognormal density. With S = F·e^{s·z − s²/2}, z ~ N(0,1), s = σ√T, the payoff is positive for
 * z > z* = −d₂ and F·e^{s·z* − s²/2} = K, so with z = z* + w:
 *
 *   E[(S − K)⁺] = K·φ(z*)·∫₀^∞ expm1(s·w)·e^{−z*·w − w²/2} dw,
 *
 * an integral of a positive, analytic integrand (no cancellation anywhere). It is evaluated with
 * composite 5-point Gauss–Legendre on [0, W] where the integrand has decayed below e^{−60}.
 * An OTM put (F > K) is the OTM call with F and K swapped. Discounting is applied at the end.
 */
function referenceOtm(F: number, K: number, T: number, vol: number, r: number): number {
  const [f, k] = F < K ? [F, K] : [K, F];
  const s = vol * Math.sqrt(T);
  const zStar = -(Math.log(f / k) / s - s / 2); // = −d₂ > 0
  const phi = Math.exp(-0.5 * zStar * zStar) / Math.sqrt(2 * Math.PI);
  // Gauss–Legendre 5-point nodes/weights (closed forms)
  const n1 = Math.sqrt(5 - 2 * Math.sqrt(10 / 7)) / 3;
  const n2 = Math.sqrt(5 + 2 * Math.sqrt(10 / 7)) / 3;
  const w0 = 128 / 225;
  const w1 = (322 + 13 * Math.sqrt(70)) / 900;
  const w2 = (322 - 13 * Math.sqrt(70)) / 900;
  const nodes = [0, -n1, n1, -n2, n2];
  const weights = [w0, w1, w1, w2, w2];
  const a = zStar - s;
  const W = -a + Math.sqrt(a * a + 120); // z*·W + W²/2 − s·W = 60
  const panels = 400;
  const hw = W / panels / 2;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const mid = (2 * p + 1) * hw;
    for (let j = 0; j < 5; j++) {
      const w = mid + hw * (nodes[j] as number);
      sum += (weights[j] as number) * Math.expm1(s * w) * Math.exp(-zStar * w - 0.5 * w * w);
    }
  }
  return Math.exp(-r * T) * k * phi * sum * hw;
}

const DEEP_OTM: { F: number; K: number; T: number; vol: number; r: number; isCall: boolean; mp: number }[] = [
  // mp = mpmath 1.3.0 (80 digits) Black-76 value, as a second, fully independent check
  { F: 100, K: 250, T: 0.1, vol: 0.25, r: 0.05, isCall: true, mp: 2.4398914090921925e-31 },
  { F: 1, K: 2, T: 1 / 365, vol: 0.8, r: 0, isCall: true, mp: 2.695600043079346e-64 },
  { F: 95000, K: 150000, T: 7 / 365, vol: 0.5, r: 0.03, isCall: true, mp: 2.5252551636294287e-8 },
  { F: 100, K: 100.5, T: 1e-6, vol: 0.5, r: 0, isCall: true, mp: 4.828618265156388e-26 },
  { F: 100, K: 180, T: 0.05, vol: 0.4, r: 0.02, isCall: true, mp: 4.345071531865635e-11 },
  { F: 100, K: 40, T: 0.2, vol: 0.3, r: 0.01, isCall: false, mp: 5.061881251337338e-12 },
  { F: 1, K: 20, T: 0.5, vol: 0.17, r: 0, isCall: true, mp: 4.703941143940854e-139 },
  { F: 3400, K: 30, T: 0.25, vol: 0.6, r: 0.04, isCall: false, mp: 1.5299349109017122e-55 },
];

describe("black76: deep OTM relative accuracy", () => {
  it.each(DEEP_OTM)("F=$F K=$K T=$T σ=$vol call=$isCall ≈ $mp", ({ F, K, T, vol, r, isCall, mp }) => {
    const got = black76Price(F, K, T, vol, r, isCall);
    const ref = referenceOtm(F, K, T, vol, r);
    expect(relErr(ref, mp)).toBeLessThan(1e-12); // the quadrature reference itself is good
    expect(relErr(got, ref)).toBeLessThan(1e-12);
    expect(relErr(got, mp)).toBeLessThan(1e-12);
  });

  it("matches the quadrature reference to 1e-12 over random deep-OTM contracts (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e5, noNaN: true }), // F
        fc.double({ min: 0.05, max: 3, noNaN: true }), // |ln(K/F)|
        fc.double({ min: 1 / 365, max: 2, noNaN: true }), // T
        fc.double({ min: 0.05, max: 2, noNaN: true }), // σ
        fc.boolean(),
        (F, m, T, vol, isCall) => {
          const K = isCall ? F * Math.exp(m) : F * Math.exp(-m);
          const d2 = Math.abs(Math.log(F / K) / (vol * Math.sqrt(T)));
          fc.pre(d2 > 3 && d2 < 30); // deep OTM, price well above underflow
          const got = black76Price(F, K, T, vol, 0.01, isCall);
          expect(relErr(got, referenceOtm(F, K, T, vol, 0.01))).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("does not lose an OTM price to intermediate underflow (F/K tiny, price ~1e-286)", () => {
    // mpmath 80 digits: 4.255566131854466e-286
    const got = black76Price(0.0037243940945978606, 7.221390238322069e48, 1, 3.1510555684981725, 0, true);
    expect(relErr(got, 4.255566131854466e-286)).toBeLessThan(1e-12);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------
const arbContract = fc.record({
  forward: fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
  moneyness: fc.double({ min: -4, max: 4, noNaN: true }), // ln(K/F)
  years: fc.double({ min: 1e-4, max: 10, noNaN: true }),
  vol: fc.double({ min: 1e-3, max: 3, noNaN: true }),
  rate: fc.double({ min: -0.1, max: 0.3, noNaN: true }),
});

describe("black76: properties", () => {
  it("put–call parity C − P = D·(F − K)", () => {
    fc.assert(
      fc.property(arbContract, ({ forward: F, moneyness, years, vol, rate }) => {
        const K = F * Math.exp(moneyness);
        const c = black76Price(F, K, years, vol, rate, true);
        const p = black76Price(F, K, years, vol, rate, false);
        const D = Math.exp(-rate * years);
        expect(Math.abs(c - p - D * (F - K))).toBeLessThanOrEqual(4e-16 * D * (F + K));
      }),
      { numRuns: 1000 },
    );
  });

  it("call price lies in [D·intrinsic, D·F] and put price in [D·intrinsic, D·K]", () => {
    fc.assert(
      fc.property(arbContract, ({ forward: F, moneyness, years, vol, rate }) => {
        const K = F * Math.exp(moneyness);
        const D = Math.exp(-rate * years);
        const c = black76Price(F, K, years, vol, rate, true);
        const p = black76Price(F, K, years, vol, rate, false);
        expect(c).toBeGreaterThanOrEqual(D * intrinsic(F, K, true));
        expect(c).toBeLessThanOrEqual(D * F);
        expect(p).toBeGreaterThanOrEqual(D * intrinsic(F, K, false));
        expect(p).toBeLessThanOrEqual(D * K);
      }),
      { numRuns: 1000 },
    );
  });

  it("Greeks match central finite differences of black76Price", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 0.02, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        fc.double({ min: -0.05, max: 0.2, noNaN: true }),
        fc.boolean(),
        (F, m, T, vol, rate, isCall) => {
          const K = F * Math.exp(m);
          const g = black76({ forward: F, strike: K, years: T, vol, rate, isCall });
          const P = (f: number, t: number, v: number) => black76Price(f, K, t, v, rate, isCall);
          // delta, gamma: bump F by a fraction of F·σ√T (the scale on which they vary); delta is
          // dimensionless and F·σ√T·gamma = D·φ(d₁) is too, so those are compared
          const s = vol * Math.sqrt(T);
          const hF = 1e-4 * F * s;
          const fdDelta = (P(F + hF, T, vol) - P(F - hF, T, vol)) / (2 * hF);
          expect(Math.abs(fdDelta - g.delta)).toBeLessThan(1e-7);
          const hG = 1e-3 * F * s;
          const fdGamma = (P(F + hG, T, vol) - 2 * P(F, T, vol) + P(F - hG, T, vol)) / (hG * hG);
          expect(Math.abs(F * s * (fdGamma - g.gamma))).toBeLessThan(1e-6);
          // vega per vol point, in units of F
          const hV = 1e-5;
          const fdVega = (P(F, T, vol + hV) - P(F, T, vol - hV)) / (2 * hV) / 100;
          expect(Math.abs(fdVega - g.vega) / F).toBeLessThan(1e-9);
          // theta per calendar day = −∂P/∂T / 365, in units of F
          const hT = 1e-5 * T;
          const fdTheta = -(P(F, T + hT, vol) - P(F, T - hT, vol)) / (2 * hT) / 365;
          expect(Math.abs(fdTheta - g.theta) / F).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never returns NaN or ±Infinity for finite inputs, including 0s, negatives and extremes", () => {
    const special = fc.constantFrom(0, -0, 1, -1, 5e-324, -5e-324, 1e-300, 1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, 745, -745);
    const num = fc.oneof(special, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: -10, max: 10, noNaN: true }));
    fc.assert(
      fc.property(num, num, num, num, num, fc.boolean(), (forward, strike, years, vol, rate, isCall) => {
        const r = black76({ forward, strike, years, vol, rate, isCall });
        for (const v of [r.price, r.delta, r.gamma, r.vega, r.theta]) expect(Number.isFinite(v)).toBe(true);
        expect(black76Price(forward, strike, years, vol, rate, isCall)).toBe(r.price);
        expect(r.price).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 5000 },
    );
  });

  it("is continuous in σ into the intrinsic limit and monotone in σ", () => {
    fc.assert(
      fc.property(arbContract, fc.boolean(), ({ forward: F, moneyness, years, rate }, isCall) => {
        const K = F * Math.exp(moneyness);
        let prev = black76Price(F, K, years, 0, rate, isCall);
        for (const vol of [1e-9, 1e-6, 1e-3, 0.01, 0.1, 0.5, 1, 2]) {
          const p = black76Price(F, K, years, vol, rate, isCall);
          expect(p).toBeGreaterThanOrEqual(prev);
          prev = p;
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Degenerate inputs
// ---------------------------------------------------------------------------------------------
describe("black76: degenerate cases", () => {
  const base = { forward: 110, strike: 100, rate: 0.05 };

  it("years ≤ 0: undiscounted intrinsic, step delta, zero gamma/vega/theta", () => {
    for (const years of [0, -1]) {
      expect(black76({ ...base, years, vol: 0.5, isCall: true })).toEqual({ price: 10, delta: 1, gamma: 0, vega: 0, theta: 0 });
      expect(black76({ ...base, years, vol: 0.5, isCall: false })).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0 });
      expect(black76({ ...base, forward: 90, years, vol: 0.5, isCall: false })).toEqual({ price: 10, delta: -1, gamma: 0, vega: 0, theta: 0 });
      expect(black76({ ...base, forward: 100, years, vol: 0.5, isCall: true }).delta).toBe(0.5);
      expect(black76({ ...base, forward: 100, years, vol: 0.5, isCall: false }).delta).toBe(-0.5);
    }
  });

  it("vol ≤ 0: discounted intrinsic with discounted step delta", () => {
    const D = Math.exp(-0.05 * 2);
    for (const vol of [0, -0.3]) {
      const c = black76({ ...base, years: 2, vol, isCall: true });
      expect(c).toEqual({ price: D * 10, delta: D, gamma: 0, vega: 0, theta: 0 });
      const atm = black76({ ...base, forward: 100, years: 2, vol, isCall: false });
      expect(atm).toEqual({ price: 0, delta: -0.5 * D, gamma: 0, vega: 0, theta: 0 });
    }
  });

  it("strike ≤ 0: call = D·F with delta D, put = 0", () => {
    const D = Math.exp(-0.05);
    for (const strike of [0, -5]) {
      const c = black76({ forward: 100, strike, years: 1, vol: 0.5, rate: 0.05, isCall: true });
      expect(c.price).toBe(D * 100);
      expect(c.delta).toBe(D);
      expect(c.gamma).toBe(0);
      expect(c.vega).toBe(0);
      expect(c.theta).toBeCloseTo((0.05 * D * 100) / 365, 15);
      expect(black76({ forward: 100, strike, years: 1, vol: 0.5, rate: 0.05, isCall: false })).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0 });
    }
  });

  it("forward ≤ 0: call = 0, put = D·K", () => {
    const D = Math.exp(-0.05);
    for (const forward of [0, -5]) {
      expect(black76({ forward, strike: 100, years: 1, vol: 0.5, rate: 0.05, isCall: true })).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0 });
      const p = black76({ forward, strike: 100, years: 1, vol: 0.5, rate: 0.05, isCall: false });
      expect(p.price).toBe(D * 100);
      expect(p.delta).toBe(0);
    }
  });

  it("tiny σ√T converges to the discounted intrinsic value", () => {
    const D = Math.exp(-0.05);
    expect(relErr(black76Price(110, 100, 1, 1e-12, 0.05, true), D * 10)).toBeLessThan(1e-15);
    expect(black76Price(90, 100, 1, 1e-12, 0.05, true)).toBe(0);
    // ATM: C ≈ D·F·s/√(2π)
    expect(relErr(black76Price(100, 100, 1, 1e-8, 0.05, true), (D * 100 * 1e-8) / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-12);
  });

  it("huge σ√T converges to D·F (call) and D·K (put)", () => {
    expect(black76Price(100, 120, 1, 1e3, 0, true)).toBe(100);
    expect(black76Price(100, 120, 1, 1e3, 0, false)).toBe(120);
    expect(black76Price(100, 120, 1e300, 1e300, 0, true)).toBe(100);
  });

  it("NaN or infinite inputs give NaN", () => {
    expect(Number.isNaN(black76Price(NaN, 100, 1, 0.5, 0, true))).toBe(true);
    expect(Number.isNaN(black76({ forward: 100, strike: 100, years: Infinity, vol: 0.5, rate: 0, isCall: true }).delta)).toBe(true);
  });

  it("intrinsic", () => {
    expect(intrinsic(105, 100, true)).toBe(5);
    expect(intrinsic(105, 100, false)).toBe(0);
    expect(intrinsic(95, 100, false)).toBe(5);
    expect(intrinsic(100, 100, true)).toBe(0);
    expect(intrinsic(Number.MAX_VALUE, -Number.MAX_VALUE, true)).toBe(Number.MAX_VALUE);
  });
});
