import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fitSviSlice, sviFitError, SVI_FIT_MIN_POINTS, type SviFitPoint } from "./svi-fit";
import { sviImpliedVol, validateSvi, type SviParams } from "./svi";

/** Exact (noise-free) quotes are reproduced to within this many vol points (1e-4 = 0.0001 %). */
const EXACT_RMSE_VOL_PTS = 1e-4;
/** A fit may not be worse than the generating parameters by more than this (vol points). */
const NOISY_EXCESS_VOL_PTS = 1e-3;

function gridQuotes(p: SviParams, years: number, ks: readonly number[]): SviFitPoint[] {
  return ks.map((k) => ({ k, vol: sviImpliedVol(p, k, years) }));
}

function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Deterministic pseudo-random numbers in [−1, 1] (Park–Miller minimal standard LCG, seed 42). */
function lcgNoise(n: number, seed = 42): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (s * 16_807) % 2_147_483_647;
    out.push((s / 2_147_483_647) * 2 - 1);
  }
  return out;
}

describe("fitSviSlice: recovery of known slices", () => {
  // Each case names where its parameters come from.
  const CASES: { name: string; p: SviParams; years: number; ks: number[] }[] = [
    {
      // Gatheral & Jacquier (2014), "Arbitrage-free SVI volatility surfaces", §5 (Axel Vogt's
      // example): a = −0.0410, b = 0.1331, ρ = 0.3060, m = 0.3586, σ = 0.4153, T = 1.
      name: "Gatheral–Jacquier / Vogt slice, T = 1",
      p: { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 },
      years: 1,
      ks: linspace(-1.5, 1.5, 31),
    },
    {
      // The built-in sample's construction (lib/market/sample-snapshot.ts) for BTC at 35 days:
      // atmVol 0.50, wing 0.35, ρ −0.3, m 0, σ = 0.1·√T, b = wing·atmVol·√T, a = atmVol²T − bσ.
      name: "sample-style BTC slice, 35 days",
      p: (() => {
        const T = 35 / 365;
        const sigma = 0.1 * Math.sqrt(T);
        const b = 0.35 * 0.5 * Math.sqrt(T);
        return { a: 0.25 * T - b * sigma, b, rho: -0.3, m: 0, sigma };
      })(),
      years: 35 / 365,
      ks: linspace(-0.5, 0.4, 25),
    },
    {
      // Hand-chosen short-dated, strongly skewed crypto smile (2 days): steep put wing.
      name: "2-day skewed slice",
      p: { a: 0.0004, b: 0.02, rho: -0.6, m: 0.01, sigma: 0.03 },
      years: 2 / 365,
      ks: linspace(-0.15, 0.12, 19),
    },
  ];

  it.each(CASES)("$name: reproduces the quotes, valid parameters", ({ p, years, ks }) => {
    expect(validateSvi(p)).toBeNull();
    const quotes = gridQuotes(p, years, ks);
    const fit = fitSviSlice(quotes, years);
    if (!fit.ok) throw new Error(fit.reason);
    expect(validateSvi(fit.params)).toBeNull();
    expect(fit.rmseVolPts).toBeLessThan(EXACT_RMSE_VOL_PTS);
    expect(fit.maxAbsErrVolPts).toBeLessThan(10 * EXACT_RMSE_VOL_PTS);
    expect(fit.points).toBe(ks.length);
  });

  it("noisy quotes (±0.5 vol pt): the error is the noise, not worse than the true slice's", () => {
    // Sample-style ETH slice at 90 days (construction of lib/market/sample-snapshot.ts, atm 0.62).
    const T = 90 / 365;
    const sigma = 0.1 * Math.sqrt(T);
    const b = 0.35 * 0.62 * Math.sqrt(T);
    const truth: SviParams = { a: 0.62 * 0.62 * T - b * sigma, b, rho: -0.25, m: 0, sigma };
    const ks = linspace(-0.7, 0.6, 40);
    const noise = lcgNoise(ks.length);
    const quotes = ks.map((k, i) => ({ k, vol: sviImpliedVol(truth, k, T) + 0.005 * noise[i]! }));
    const fit = fitSviSlice(quotes, T);
    if (!fit.ok) throw new Error(fit.reason);
    const truthErr = sviFitError(truth, quotes, T);
    // Least squares: the fit is at least as good as the generating parameters (up to tolerance).
    expect(fit.rmseVolPts).toBeLessThanOrEqual(truthErr.rmseVolPts + NOISY_EXCESS_VOL_PTS);
    // Uniform noise on [−0.5, 0.5] vol pts has standard deviation 0.5/√3 ≈ 0.29 vol pts.
    expect(fit.rmseVolPts).toBeGreaterThan(0.15);
    expect(fit.rmseVolPts).toBeLessThan(0.4);
    expect(validateSvi(fit.params)).toBeNull();
  });
});

describe("fitSviSlice: bounds and failures", () => {
  it("stays on the wing-slope bound b(1+|ρ|) ≤ 4 when the market wing is steeper", () => {
    // Hand-made quotes: total variance w = 0.04 + 6·|k| (slope 6 > 4) at T = 1.
    const ks = linspace(-0.5, 0.5, 21);
    const quotes = ks.map((k) => ({ k, vol: Math.sqrt(0.04 + 6 * Math.abs(k)) }));
    const fit = fitSviSlice(quotes, 1);
    if (!fit.ok) throw new Error(fit.reason);
    expect(validateSvi(fit.params)).toBeNull();
    expect(fit.params.b * (1 + Math.abs(fit.params.rho))).toBeLessThanOrEqual(4);
    expect(fit.rmseVolPts).toBeGreaterThan(0); // the misfit is reported, not hidden
  });

  it("keeps the minimum total variance positive for a smile that dips towards zero", () => {
    // Hand-made: vol 1 % at the money rising to 60 % at |k| = 0.3, T = 0.1.
    const ks = linspace(-0.3, 0.3, 13);
    const quotes = ks.map((k) => ({ k, vol: 0.01 + (0.59 * Math.abs(k)) / 0.3 }));
    const fit = fitSviSlice(quotes, 0.1);
    if (!fit.ok) throw new Error(fit.reason);
    const p = fit.params;
    expect(p.a + p.b * p.sigma * Math.sqrt(1 - p.rho * p.rho)).toBeGreaterThan(0);
  });

  it(`needs at least ${SVI_FIT_MIN_POINTS} distinct usable strikes; ignores NaN, zero and negative vols`, () => {
    const few = [
      { k: -0.1, vol: 0.5 },
      { k: 0, vol: 0.45 },
      { k: 0.1, vol: 0.48 },
      { k: 0.2, vol: Number.NaN },
      { k: 0.3, vol: 0 },
      { k: 0.4, vol: -0.2 },
      { k: 0.1, vol: 0.49 },
    ];
    const fit = fitSviSlice(few, 0.1);
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.reason).toMatch(/3 usable quotes/);
  });

  it("rejects a non-positive or non-finite time to expiry", () => {
    const quotes = linspace(-0.2, 0.2, 9).map((k) => ({ k, vol: 0.5 }));
    expect(fitSviSlice(quotes, 0).ok).toBe(false);
    expect(fitSviSlice(quotes, -1).ok).toBe(false);
    expect(fitSviSlice(quotes, Number.NaN).ok).toBe(false);
  });

  it("flat smile: a flat 50 % vol is reproduced", () => {
    const quotes = linspace(-0.3, 0.3, 11).map((k) => ({ k, vol: 0.5 }));
    const fit = fitSviSlice(quotes, 0.5);
    if (!fit.ok) throw new Error(fit.reason);
    // Raw SVI can only approach a flat smile (b → 0); 0.05 vol points is far below any quote tick.
    expect(fit.rmseVolPts).toBeLessThan(0.05);
  });

  it("property: any finite quotes give valid parameters or a reason — never a throw or NaN", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ k: fc.double({ min: -2, max: 2, noNaN: true }), vol: fc.double({ min: 0.01, max: 3, noNaN: true }) }), { minLength: 0, maxLength: 30 }),
        fc.double({ min: 1 / 365, max: 3, noNaN: true }),
        (quotes, years) => {
          const fit = fitSviSlice(quotes, years, { maxIterations: 60 });
          if (fit.ok) {
            expect(validateSvi(fit.params)).toBeNull();
            expect(Number.isFinite(fit.rmseVolPts)).toBe(true);
          } else expect(fit.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("property: quotes generated by a valid slice are reproduced to 0.05 vol points", () => {
    // Parameter ranges cover observed crypto smiles from 1 day to 1 year (hand-chosen bounds).
    const slice = fc.record({
      years: fc.double({ min: 1 / 365, max: 1, noNaN: true }),
      atm: fc.double({ min: 0.2, max: 1.5, noNaN: true }),
      rho: fc.double({ min: -0.8, max: 0.5, noNaN: true }),
      wing: fc.double({ min: 0.1, max: 0.6, noNaN: true }),
      m: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
    });
    fc.assert(
      fc.property(slice, ({ years, atm, rho, wing, m }) => {
        const sigma = 0.1 * Math.sqrt(years);
        const b = wing * atm * Math.sqrt(years);
        const p: SviParams = { a: atm * atm * years - b * sigma, b, rho, m, sigma };
        const width = 3 * atm * Math.sqrt(years);
        const fit = fitSviSlice(gridQuotes(p, years, linspace(-width, width, 21)), years);
        if (!fit.ok) throw new Error(fit.reason);
        expect(fit.rmseVolPts).toBeLessThan(0.05);
      }),
      { numRuns: 40 },
    );
  });
});

describe("sviFitError", () => {
  it("is the RMSE and max error in vol points", () => {
    // Hand-computed: flat 20 % vol (w = 0.04 at T = 1) against quotes 21 % and 17 %:
    // errors −1 and +3 vol points → RMSE √((1 + 9)/2) = √5, max 3.
    const flat: SviParams = { a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1 };
    const e = sviFitError(
      flat,
      [
        { k: 0, vol: 0.21 },
        { k: 0.1, vol: 0.17 },
      ],
      1,
    );
    expect(e.rmseVolPts).toBeCloseTo(Math.sqrt(5), 10);
    expect(e.maxAbsErrVolPts).toBeCloseTo(3, 10);
  });
});
