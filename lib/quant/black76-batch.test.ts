import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { black76 } from "./black76";
import { hpBlack76 } from "./hp-black76";
import { normCdf } from "./normal";
import { allocB76Batch, b76Batch, b76ExpiryValue, b76Price, b76PriceLog, expFdlibm, expSmall, logMoneyness, logRatioFdlibm, normCdfKernel } from "./black76-batch";

/** The kernel's accuracy target (the brief): 1e-12 relative above 1e-6·F, 1e-12·F absolute below. */
const PRICE_TOL = 1e-12;
const REL_FLOOR = 1e-6;
/** Greeks against lib/quant/black76 (independent implementation of the same formulas). */
const GREEK_TOL = 1e-10;

function priceErr(got: number, want: number, forward: number): number {
  return want > REL_FLOOR * forward ? Math.abs(got - want) / want : Math.abs(got - want) / forward;
}

describe("Black-76 kernel: its local copy of Cody's approximation", () => {
  it("agrees with lib/quant/normal.ts's normCdf on −8…8 within the rounding of e^{−x²/2} (same coefficients)", () => {
    // The kernel evaluates e^{−y²} without Cody's argument splitting: relative rounding ≈ (x² + 10)·ε.
    // A wrong coefficient would show errors of 1e-10 or more.
    let worst = 0;
    for (let x = -8; x <= 8; x += 0.0005) {
      const want = normCdf(x);
      worst = Math.max(worst, Math.abs(normCdfKernel(x) - want) / want / ((x * x + 10) * Number.EPSILON));
    }
    expect(worst).toBeLessThan(1);
  });
});

describe("Black-76 kernel: reference values", () => {
  it("Haug (2007) Black-76 example: F = K = 19, T = 0.75, r = 10 %, σ = 28 % → call 1.7011", () => {
    // E. G. Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), §1.1.3 example: 1.7011 (4 digits given)
    const p = b76Price(19, 19, 0.28 * Math.sqrt(0.75), Math.exp(-0.1 * 0.75), true);
    expect(Math.abs(p - 1.7011)).toBeLessThan(5e-5);
  });

  it("at the money, r = 0, σ√T = 0.2: c = F·(2N(0.1) − 1) = 7.9655674554058 (N(0.1) from A&S table 26.1)", () => {
    // N(0.1) = 0.53982783727702899 (Abramowitz & Stegun 26.1): 100·(2·0.539827837277029 − 1) = 7.9655674554058
    expect(Math.abs(b76Price(100, 100, 0.2, 1, true) - 7.9655674554058) / 7.9655674554058).toBeLessThan(1e-13);
  });

  it("matches the high-precision reference to 1e-12 on a grid of moneyness, maturity and vol", () => {
    let worst = 0;
    for (const k of [40, 70, 90, 99, 99.9, 100, 100.1, 101, 110, 140, 250]) {
      for (const t of [1 / 365 / 24, 1 / 365, 7 / 365, 0.25, 1, 3]) {
        for (const v of [0.05, 0.3, 0.8, 2]) {
          for (const call of [true, false]) {
            const ref = hpBlack76(100, k, t, v, 0.05, call).price;
            const got = b76Price(100, k, v * Math.sqrt(t), Math.exp(-0.05 * t), call);
            worst = Math.max(worst, priceErr(got, ref, 100));
          }
        }
      }
    }
    expect(worst).toBeLessThan(PRICE_TOL);
  });
});

describe("Black-76 kernel: identities and limits", () => {
  it("put–call parity C − P = D·(F − K) (to 1e-12·F)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 5, noNaN: true }), fc.double({ min: 1e-4, max: 3, noNaN: true }), fc.double({ min: 0.01, max: 3, noNaN: true }), (m, t, v) => {
        const k = 100 * m;
        const d = Math.exp(-0.03 * t);
        const s = v * Math.sqrt(t);
        return Math.abs(b76Price(100, k, s, d, true) - b76Price(100, k, s, d, false) - d * (100 - k)) <= 1e-12 * 100 * Math.max(1, m);
      }),
      { numRuns: 300 },
    );
  });

  it("b76PriceLog with ln(F/K) supplied agrees with b76Price (to 1e-12)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: 1e-3, max: 2, noNaN: true }), fc.boolean(), (m, s, call) => {
        const k = 95_000 * m;
        const a = b76Price(95_000, k, s, 0.99, call);
        const b = b76PriceLog(95_000, k, Math.log(95_000) - Math.log(k), s, 0.99, call);
        return priceErr(b, a, 95_000) <= PRICE_TOL;
      }),
      { numRuns: 300 },
    );
  });

  it("degenerate inputs have defined values, never NaN", () => {
    // σ√T = 0: discounted intrinsic
    expect(b76Price(110, 100, 0, 0.9, true)).toBeCloseTo(9, 12);
    expect(b76Price(110, 100, 0, 0.9, false)).toBe(0);
    // σ√T = ∞: the limits D·F (call) and D·K (put)
    expect(b76Price(110, 100, Infinity, 0.9, true)).toBeCloseTo(99, 12);
    expect(b76Price(110, 100, Infinity, 0.9, false)).toBeCloseTo(90, 12);
    // K = 0 via ln K = −∞: a call is the discounted forward, a put is worthless
    expect(b76PriceLog(110, 0, Infinity, 0.5, 0.9, true)).toBeCloseTo(99, 12);
    expect(b76PriceLog(110, 0, Infinity, 0.5, 0.9, false)).toBe(0);
    expect(logMoneyness(101, 100)).toBeCloseTo(Math.log(1.01), 15);
  });
});

describe("Black-76 batch (price + Greeks)", () => {
  it("prices match the high-precision reference and Greeks match lib/quant/black76", () => {
    const n = 400;
    const b = allocB76Batch(n);
    let seed = 11;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < n; i++) {
      b.forward[i] = 100;
      b.strike[i] = 100 * Math.exp((2 * rnd() - 1) * (rnd() < 0.3 ? 0.02 : 0.8));
      b.years[i] = Math.exp(Math.log(1 / 365) + rnd() * Math.log(1000));
      b.vol[i] = 0.05 + 2 * rnd();
      b.rate[i] = 0.1 * rnd() - 0.02;
      b.isCall[i] = rnd() < 0.5 ? 1 : 0;
    }
    const check = () => {
      b76Batch(b, n);
      for (let i = 0; i < n; i++) {
        const args = [b.forward[i]!, b.strike[i]!, b.years[i]!, b.vol[i]!, b.rate[i]!, b.isCall[i] === 1] as const;
        const ref = hpBlack76(...args);
        expect(priceErr(b.price[i]!, ref.price, 100)).toBeLessThan(PRICE_TOL);
        const lib = black76({ forward: args[0], strike: args[1], years: args[2], vol: args[3], rate: args[4], isCall: args[5] });
        expect(Math.abs(b.delta[i]! - lib.delta)).toBeLessThan(GREEK_TOL);
        expect(Math.abs(b.gamma[i]! - lib.gamma)).toBeLessThan(GREEK_TOL * Math.max(1e-3, lib.gamma));
        expect(Math.abs(b.vega[i]! - lib.vega)).toBeLessThan(GREEK_TOL * Math.max(1, lib.vega));
        expect(Math.abs(b.theta[i]! - lib.theta)).toBeLessThan(GREEK_TOL * Math.max(1, Math.abs(lib.theta)));
      }
    };
    check();
    // the same rows given ln F − ln K, D and σ√T (as the scenario loops get them): the same accuracy
    b.logFK = b.forward.map((f, i) => Math.log(f) - Math.log(b.strike[i]!));
    b.discount = b.rate.map((r, i) => Math.exp(-r * b.years[i]!));
    b.totalVol = b.vol.map((v, i) => v * Math.sqrt(b.years[i]!));
    check();
    // and a wrong column is read, not ignored: a 1 % lower discount factor gives 1 % lower prices
    const ok = Array.from(b.price);
    b.discount = b.discount.map((d) => d * 0.99);
    b76Batch(b, n);
    for (let i = 0; i < n; i++) if (ok[i]! > 1e-9) expect(b.price[i]! / ok[i]!).toBeCloseTo(0.99, 12);
    // a higher total vol gives higher prices (vega > 0), and a different ln F − ln K different ones: both are read
    b.discount = b.discount.map((d) => d / 0.99);
    b.totalVol = b.totalVol.map((v) => v * 1.1);
    b76Batch(b, n);
    let higher = 0;
    for (let i = 0; i < n; i++) {
      expect(b.price[i]!).toBeGreaterThanOrEqual(ok[i]!);
      if (b.price[i]! > ok[i]!) higher++;
    }
    expect(higher).toBeGreaterThan(n / 2); // deep in-the-money rows are worth their intrinsic value either way
    b.totalVol = b.totalVol.map((v) => v / 1.1);
    b.logFK = b.logFK.map((l) => 1.5 * l);
    b76Batch(b, n);
    expect(ok.filter((p, i) => Math.abs(b.price[i]! - p) > 1e-9).length).toBeGreaterThan(n / 2);
  });

  it("degenerate rows: no NaN (T ≤ 0, σ = 0, K = 0, F = 0, σ huge)", () => {
    const b = allocB76Batch(6);
    const rows: [number, number, number, number, number, number][] = [
      [100, 90, 0, 0.5, 0.05, 1],
      [100, 90, 1, 0, 0.05, 0],
      [100, 0, 1, 0.5, 0.05, 1],
      [0, 90, 1, 0.5, 0.05, 0],
      [100, 90, 1, 1e308, 0.05, 1],
      [100, 100, 1e-300, 0.5, 0, 1],
    ];
    rows.forEach((r, i) => {
      b.forward[i] = r[0];
      b.strike[i] = r[1];
      b.years[i] = r[2];
      b.vol[i] = r[3];
      b.rate[i] = r[4];
      b.isCall[i] = r[5];
    });
    b76Batch(b, rows.length);
    for (const arr of [b.price, b.delta, b.gamma, b.vega, b.theta]) for (let i = 0; i < rows.length; i++) expect(Number.isFinite(arr[i])).toBe(true);
    expect(b.price[0]).toBe(10); // expired call: intrinsic, no discounting (T = 0)
    expect(b.delta[0]).toBe(1);
    expect(b.price[2]).toBeCloseTo(100 * Math.exp(-0.05), 12); // K = 0 call = D·F
    expect(b.price[3]).toBeCloseTo(90 * Math.exp(-0.05), 12); // F = 0 put = D·K
    expect(b.price[4]).toBeCloseTo(100 * Math.exp(-0.05), 10); // σ → ∞: D·F
  });
});

describe("Inline exponential and logarithm (fdlibm's methods, written out in b76Batch and b76ExpiryValue)", () => {
  it("expFdlibm: known values and agreement with Math.exp to ~1 ulp on [−745, 5]", () => {
    expect(expFdlibm(0)).toBe(1);
    // e = 2.718281828459045… (Math.E is the double nearest e): within one ulp (2⁻⁵¹ at this magnitude)
    expect(Math.abs(expFdlibm(1) - Math.E)).toBeLessThanOrEqual(Math.pow(2, -51));
    // e^{−10·ln 2} = 2^{−10}: ln 2 is rounded, so within a few ulps
    expect(Math.abs(expFdlibm(-10 * Math.LN2) * 1024 - 1)).toBeLessThan(4 * Number.EPSILON);
    // e^{−700} = 9.8596765437597708567e-305 (30-digit decimal arithmetic), written as the double nearest it
    expect(Math.abs(expFdlibm(-700) / 9.85967654375977e-305 - 1)).toBeLessThan(4 * Number.EPSILON);
    let worst = 0;
    for (let x = -745; x <= 5; x += 0.0137) {
      const want = Math.exp(x);
      if (want > 1e-300) worst = Math.max(worst, Math.abs(expFdlibm(x) - want) / want);
    }
    expect(worst).toBeLessThan(3 * Number.EPSILON);
  });

  it("expSmall (the batch's discount factor): its Taylor polynomial against known values and Math.exp on [−0.35, 0.35]", () => {
    expect(expSmall(0)).toBe(1);
    // e^{−0.05} = 0.951229424500714009…, e^{0.35} = 1.419067548593257248… (30-digit decimal arithmetic)
    expect(Math.abs(expSmall(-0.05) / 0.951229424500714 - 1)).toBeLessThan(2 * Number.EPSILON);
    expect(Math.abs(expSmall(0.35) / 1.4190675485932571 - 1)).toBeLessThan(3 * Number.EPSILON);
    let worst = 0;
    for (let x = -0.35; x <= 0.35; x += 0.000713) worst = Math.max(worst, Math.abs(expSmall(x) - Math.exp(x)) / Math.exp(x));
    expect(worst).toBeLessThan(3 * Number.EPSILON);
  });

  it("logRatioFdlibm: known values, and as accurate as log1p of the exact difference near 1", () => {
    expect(logRatioFdlibm(1, 2)).toBe(-Math.LN2);
    expect(logRatioFdlibm(7, 7)).toBe(0);
    // ln(0.999) = −(x + x²/2 + x³/3 + x⁴/4 + x⁵/5), x = 0.001: −0.00100050033358353350…
    expect(Math.abs(logRatioFdlibm(999, 1000) / -0.0010005003335835335 - 1)).toBeLessThan(4 * Number.EPSILON);
    // lo/hi = 1 − 2⁻⁴⁰: ln = −2⁻⁴⁰ − 2⁻⁸¹ − … ; Math.log(lo/hi) is exact here too, but the rounding of lo/hi is
    // not: with hi = 3, ln((3 − 3·2⁻⁴⁰)/3) = ln(1 − 2⁻⁴⁰) must come out to full relative accuracy
    const tiny = Math.pow(2, -40);
    expect(Math.abs(logRatioFdlibm(3 - 3 * tiny, 3) / (-tiny - tiny * tiny * 0.5) - 1)).toBeLessThan(4 * Number.EPSILON);
    let worst = 0;
    for (let q = 0.5; q <= 1; q += 0.000731) {
      const lo = 977.3 * q;
      const want = lo * Math.SQRT2 >= 977.3 ? Math.log1p((lo - 977.3) / 977.3) : Math.log(lo / 977.3);
      if (want !== 0) worst = Math.max(worst, Math.abs(logRatioFdlibm(lo, 977.3) - want) / Math.abs(want));
    }
    expect(worst).toBeLessThan(4 * Number.EPSILON);
    expect(logRatioFdlibm(1, 1e6)).toBe(Math.log(1e-6)); // below 1/2: Math.log of the ratio
  });
});

describe("b76ExpiryValue (the engine's scenario loop over one expiry)", () => {
  it("unit prices match the high-precision reference to 1e-12, and the sum is Σ amount·price", () => {
    const strikes = [40, 70, 90, 99, 99.9, 100, 100.02, 101, 110, 140, 250];
    for (const t of [1 / 365 / 24, 1 / 365, 7 / 365, 0.25, 1, 3]) {
      for (const v of [0.05, 0.3, 0.8, 2]) {
        const n = 2 * strikes.length;
        const strike = new Float64Array(n);
        const isCall = new Uint8Array(n);
        const amount = new Float64Array(n);
        strikes.forEach((k, j) => {
          strike[2 * j] = k;
          strike[2 * j + 1] = k;
          isCall[2 * j] = 1;
          amount[2 * j] = j + 1;
          amount[2 * j + 1] = -0.5 * j;
        });
        const lnStrike = strike.map(Math.log);
        const totalVol = new Float64Array(n).fill(v * Math.sqrt(t));
        const out = new Float64Array(n + 2);
        const sum = b76ExpiryValue(strike, lnStrike, totalVol, isCall, amount, n, 100, Math.log(100), Math.exp(-0.05 * t), out, 2);
        let want = 0;
        for (let i = 0; i < n; i++) {
          const ref = hpBlack76(100, strike[i]!, t, v, 0.05, isCall[i] === 1).price;
          expect(priceErr(out[2 + i]!, ref, 100)).toBeLessThan(PRICE_TOL);
          want += amount[i]! * ref;
        }
        expect(Math.abs(sum - want)).toBeLessThan(1e-11 * 100 * n);
      }
    }
  });

  it("agrees with b76PriceLog row by row (same method, separate code) to 1e-13", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: 1e-5, max: 3, noNaN: true }), fc.boolean(), (m, s, call) => {
        const k = 95_000 * m;
        const one = b76ExpiryValue(Float64Array.of(k), Float64Array.of(Math.log(k)), Float64Array.of(s), Uint8Array.of(call ? 1 : 0), Float64Array.of(1), 1, 95_000, Math.log(95_000), 0.98, null, 0);
        const ref = b76PriceLog(95_000, k, Math.log(95_000) - Math.log(k), s, 0.98, call);
        return priceErr(one, ref, 95_000) <= 1e-13;
      }),
      { numRuns: 500 },
    );
  });

  it("degenerate rows: σ√T = 0 (discounted intrinsic), σ√T = ∞ (D·F, D·K), K = 0 (D·F call, 0 put)", () => {
    const strike = Float64Array.of(100, 100, 100, 100, 0, 0);
    const totalVol = Float64Array.of(0, 0, Infinity, Infinity, 0.5, 0.5);
    const isCall = Uint8Array.of(1, 0, 1, 0, 1, 0);
    const out = new Float64Array(6);
    const sum = b76ExpiryValue(strike, strike.map(Math.log), totalVol, isCall, new Float64Array(6).fill(1), 6, 110, Math.log(110), 0.9, out, 0);
    expect(Array.from(out)).toEqual([0.9 * 10, 0, 0.9 * 110, 0.9 * 100, 0.9 * 110, 0]);
    expect(sum).toBeCloseTo(0.9 * (10 + 110 + 100 + 110), 12);
  });
});

describe("Black-76 batch: Greeks are the derivatives of the price (central differences of b76Price)", () => {
  it("delta, gamma, vega (per vol point) and theta (per day, F fixed) within the differences' error", () => {
    const rows: [number, number, number, number, number, number][] = [
      [100, 90, 0.5, 0.6, 0.03, 1],
      [100, 120, 0.1, 0.4, 0.05, 0],
      [95_000, 100_000, 30 / 365, 0.55, 0.04, 1],
      [3_400, 3_000, 7 / 365, 0.8, -0.01, 0],
      [180, 181, 2 / 365, 1.2, 0.08, 1],
      [100, 100.05, 1 / 365, 0.05, 0.02, 0], // small total vol: the Taylor branch
    ];
    const b = allocB76Batch(rows.length);
    rows.forEach((r, i) => {
      [b.forward[i], b.strike[i], b.years[i], b.vol[i], b.rate[i], b.isCall[i]] = r;
    });
    b76Batch(b, rows.length);
    rows.forEach(([f, k, t, v, r, c], i) => {
      const price = (ff: number, tt: number, vv: number) => b76Price(ff, k, vv * Math.sqrt(tt), Math.exp(-r * tt), c === 1);
      const hf = 1e-3 * f * v * Math.sqrt(t); // a thousandth of the price's scale in F
      const p0 = price(f, t, v);
      const up = price(f + hf, t, v);
      const dn = price(f - hf, t, v);
      const fdDelta = (up - dn) / (2 * hf);
      const fdGamma = (up - 2 * p0 + dn) / (hf * hf);
      const hv = 1e-5;
      const fdVega = (price(f, t, v + hv) - price(f, t, v - hv)) / (2 * hv) / 100;
      const ht = 1e-4 * t;
      const fdTheta = -(price(f, t + ht, v) - price(f, t - ht, v)) / (2 * ht) / 365;
      expect(Math.abs(b.price[i]! - p0)).toBeLessThan(1e-12 * f);
      expect(Math.abs(b.delta[i]! - fdDelta)).toBeLessThan(1e-6);
      expect(Math.abs(b.gamma[i]! - fdGamma)).toBeLessThan(1e-4 * Math.abs(fdGamma) + 1e-9);
      expect(Math.abs(b.vega[i]! - fdVega)).toBeLessThan(1e-6 * Math.abs(fdVega) + 1e-9 * f);
      expect(Math.abs(b.theta[i]! - fdTheta)).toBeLessThan(1e-5 * Math.abs(fdTheta) + 1e-9 * f);
    });
  });
});
