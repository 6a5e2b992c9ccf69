import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { dailySigmaDistance, touchProbability, touchProbabilityLog } from "./first-passage";
import { normCdf } from "./normal";
import { relErr } from "./precision";
import { mulberry32 } from "./prng";

/** Two evaluation routes of the same closed form (reflection principle): a few ulps apart. */
const REFLECTION_REL_TOL = 1e-13;
/** Slack for monotonicity / symmetry comparisons (probabilities are O(1)). */
const MONOTONE_SLACK = 1e-14;
/** Monte Carlo acceptance: |MC − closed form| ≤ MC_SIGMAS standard errors (two-sided ≈ 6e-5 false-alarm rate per case for a normal estimator). */
const MC_SIGMAS = 4;
/** Hand-computed decimals below are written to 7 significant digits. */
const HAND_7_DIGITS = 1e-6;
/** Below this the normal tail is subnormal: compare absolutely. */
const UNDERFLOW_ABS = 1e-300;

describe("touchProbability — edge cases", () => {
  it("a barrier at spot is touched with certainty", () => {
    expect(touchProbability(100, 100, 0.5, 1 / 365)).toBe(1);
    expect(touchProbability(100, 100, 0, 0)).toBe(1);
    expect(touchProbabilityLog(0, -3, 0.2, 1)).toBe(1);
  });

  it("σ → 0 gives 0 for any other barrier", () => {
    expect(touchProbability(100, 99, 0, 1)).toBe(0);
    expect(touchProbability(100, 101, 0, 1)).toBe(0);
    expect(touchProbability(100, 99.9, 1e-6, 1)).toBe(0);
    expect(touchProbability(100, 100.1, 1e-6, 1)).toBe(0);
  });

  it("a barrier at 0 or ∞ is never touched; no time → no touch", () => {
    expect(touchProbability(100, 0, 0.8, 10)).toBe(0);
    expect(touchProbability(100, Infinity, 0.8, 10)).toBe(0);
    expect(touchProbability(100, 90, 0.8, 0)).toBe(0);
  });

  it("invalid inputs give NaN", () => {
    expect(touchProbability(0, 90, 0.5, 1)).toBeNaN();
    expect(touchProbability(100, -1, 0.5, 1)).toBeNaN();
    expect(touchProbability(100, 90, -0.5, 1)).toBeNaN();
    expect(touchProbability(100, 90, 0.5, -1)).toBeNaN();
    expect(touchProbability(100, 90, NaN, 1)).toBeNaN();
    expect(touchProbabilityLog(NaN, 0, 1, 1)).toBeNaN();
    expect(touchProbability(100, 90, Infinity, 1)).toBeNaN();
  });

  it("infinite horizon: an upper barrier B > S is reached with probability S/B (hand-derived: S is a martingale, optional stopping)", () => {
    // 100 → 200: S/B = 0.5; the formula's limit is e^{2νa/σ²} = e^{−a} = S/B
    expect(relErr(touchProbability(100, 200, 0.5, Infinity), 0.5)).toBeLessThan(REFLECTION_REL_TOL);
    // finite horizons approach it from below: after 2,000 years the gap is ≈ N(−11.2) ≈ 2e-29 (hand-computed:
    // y = (ln 2 + 0.125·2,000)/(0.5·√2,000) = 250.69/22.36 = 11.2), far below rounding
    const p20 = touchProbability(100, 200, 0.5, 20);
    const p2000 = touchProbability(100, 200, 0.5, 2_000);
    expect(p20).toBeLessThan(p2000);
    expect(p2000).toBeLessThanOrEqual(0.5);
    expect(relErr(p2000, 0.5)).toBeLessThan(REFLECTION_REL_TOL);
    // a lower barrier is reached almost surely (ln S drifts down)
    expect(touchProbability(100, 50, 0.5, Infinity)).toBe(1);
  });

  it("no overflow with a strong drift towards or away from the level", () => {
    // ν = 50 towards a level 0.1 away over a year with σ = 0.01: certain; away: impossible
    expect(touchProbabilityLog(0.1, 50, 0.01, 1)).toBe(1);
    expect(touchProbabilityLog(0.1, -50, 0.01, 1)).toBe(0);
    expect(touchProbabilityLog(-0.1, -50, 0.01, 1)).toBe(1);
  });
});

describe("touchProbabilityLog — closed form", () => {
  it("zero drift = reflection principle 2·N(−|b|/(σ√T)) (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }).filter((b) => b !== 0),
        fc.double({ min: 1e-3, max: 3, noNaN: true }),
        fc.double({ min: 1e-4, max: 10, noNaN: true }),
        (b, sigma, years) => {
          const want = 2 * normCdf(-Math.abs(b) / (sigma * Math.sqrt(years)));
          const got = touchProbabilityLog(b, 0, sigma, years);
          // relative where the tail is representable, absolute below 1e-300
          expect(Math.abs(got - want)).toBeLessThanOrEqual(REFLECTION_REL_TOL * want + UNDERFLOW_ABS);
        },
      ),
    );
  });

  it("reflection principle at a textbook point: 2·N(−1) = 0.3173105 (hand-computed from N(−1) = 0.1586553)", () => {
    // b = 0.1, σ = 0.5, T = 0.04 → σ√T = 0.1 → 2·N(−1)
    expect(relErr(touchProbabilityLog(0.1, 0, 0.5, 0.04), 0.3173105)).toBeLessThan(HAND_7_DIGITS);
  });

  it("symmetric drift: P(b, ν) = P(−b, −ν) (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 1e-3, max: 2, noNaN: true }),
        fc.double({ min: 1e-4, max: 5, noNaN: true }),
        (b, nu, sigma, years) => {
          expect(touchProbabilityLog(b, nu, sigma, years)).toBe(touchProbabilityLog(-b, -nu, sigma, years));
        },
      ),
    );
  });

  it("more drift towards the level → more likely (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 2, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 1e-2, max: 2, noNaN: true }),
        fc.double({ min: 1e-3, max: 5, noNaN: true }),
        (a, n1, n2, sigma, years) => {
          const lo = touchProbabilityLog(a, Math.min(n1, n2), sigma, years);
          const hi = touchProbabilityLog(a, Math.max(n1, n2), sigma, years);
          expect(hi).toBeGreaterThanOrEqual(lo - MONOTONE_SLACK);
        },
      ),
    );
  });

  it("stays in [0, 1] and is never NaN over wide inputs (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        (b, nu, sigma, years) => {
          const p = touchProbabilityLog(b, nu, sigma, years);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe("touchProbability — GBM", () => {
  const spotArb = fc.double({ min: 1e-2, max: 1e6, noNaN: true });
  const volArb = fc.double({ min: 0.01, max: 3, noNaN: true });

  it("non-decreasing in time (property)", () => {
    fc.assert(
      fc.property(spotArb, fc.double({ min: 0.2, max: 5, noNaN: true }), volArb, fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (s, factor, vol, t1, t2) => {
        const short = touchProbability(s, s * factor, vol, Math.min(t1, t2));
        const long = touchProbability(s, s * factor, vol, Math.max(t1, t2));
        expect(long).toBeGreaterThanOrEqual(short - MONOTONE_SLACK);
      }),
    );
  });

  it("non-increasing in distance, on either side (property)", () => {
    fc.assert(
      fc.property(spotArb, fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), fc.boolean(), volArb, fc.double({ min: 1e-3, max: 2, noNaN: true }), (s, d1, d2, up, vol, years) => {
        const sign = up ? 1 : -1;
        const near = touchProbability(s, s * Math.exp(sign * Math.min(d1, d2)), vol, years);
        const far = touchProbability(s, s * Math.exp(sign * Math.max(d1, d2)), vol, years);
        expect(far).toBeLessThanOrEqual(near + MONOTONE_SLACK);
      }),
    );
  });

  it("equal log-distances: the lower barrier is likelier (ln S drifts down at σ²/2) (property)", () => {
    fc.assert(
      fc.property(spotArb, fc.double({ min: 1e-3, max: 2, noNaN: true }), volArb, fc.double({ min: 1e-3, max: 2, noNaN: true }), (s, a, vol, years) => {
        const down = touchProbability(s, s * Math.exp(-a), vol, years);
        const up = touchProbability(s, s * Math.exp(a), vol, years);
        expect(down).toBeGreaterThanOrEqual(up - MONOTONE_SLACK);
      }),
    );
  });

  it("matches a seeded Monte Carlo of a fine-stepped GBM within 4 standard errors", () => {
    const cases = [
      { spot: 100_000, barrier: 90_000, vol: 0.6, days: 7 },
      { spot: 100_000, barrier: 112_000, vol: 0.6, days: 7 },
      { spot: 3_000, barrier: 2_400, vol: 0.9, days: 30 },
      { spot: 150, barrier: 160, vol: 1.2, days: 1 },
    ];
    let seed = 20_261_124;
    for (const c of cases) {
      const years = c.days / 365;
      const mc = monteCarloTouch(c.spot, c.barrier, c.vol, years, MC_PATHS, MC_STEPS, seed++);
      const exact = touchProbability(c.spot, c.barrier, c.vol, years);
      expect(mc.stdErr).toBeGreaterThan(0);
      expect(Math.abs(mc.mean - exact)).toBeLessThanOrEqual(MC_SIGMAS * mc.stdErr);
    }
  });
});

describe("dailySigmaDistance", () => {
  it("10% down at 60% vol = 3.354850 daily σ (hand-computed: |ln 0.9| = 0.1053605, 0.6/√365 = 0.03140541)", () => {
    expect(relErr(dailySigmaDistance(100_000, 90_000, 0.6), 3.35485)).toBeLessThan(HAND_7_DIGITS);
  });

  it("is symmetric in log space, 0 at spot, ∞ at zero vol, NaN for invalid inputs", () => {
    expect(relErr(dailySigmaDistance(100, 200, 0.5), dailySigmaDistance(100, 50, 0.5))).toBeLessThan(REFLECTION_REL_TOL);
    expect(dailySigmaDistance(100, 100, 0.5)).toBe(0);
    expect(dailySigmaDistance(100, 101, 0)).toBe(Infinity);
    expect(dailySigmaDistance(100, 0, 0.5)).toBeNaN();
    expect(dailySigmaDistance(-1, 10, 0.5)).toBeNaN();
  });
});

// --- Monte Carlo reference ---------------------------------------------------------------------------

/** Paths and steps per path of the reference simulation (4 cases × 20,000 × 100 steps runs in well under 1 s). */
const MC_PATHS = 20_000;
const MC_STEPS = 100;

/**
 * Touch probability of a driftless GBM by simulation: ln S steps exactly (drift −σ²/2, Gaussian
 * increments from Box–Muller), and between two simulated points the chance that the continuous
 * path crossed the barrier unseen is the Brownian-bridge crossing probability
 * exp(−2(b − x₀)(b − x₁)/(σ²Δt)) (P. Glasserman, *Monte Carlo Methods in Financial Engineering*,
 * Springer 2003, §6.4). Each path contributes 1 − Π(1 − pₖ) (1 if a grid point is beyond the
 * barrier) — an unbiased estimate of the continuously monitored probability, so the only error
 * is statistical and its standard error is estimated from the sample.
 */
function monteCarloTouch(spot: number, barrier: number, vol: number, years: number, paths: number, steps: number, seed: number): { mean: number; stdErr: number } {
  const rand = mulberry32(seed);
  const b = Math.log(barrier / spot);
  const up = b > 0;
  const dt = years / steps;
  const drift = -0.5 * vol * vol * dt;
  const sdt = vol * Math.sqrt(dt);
  const twoOverVar = 2 / (vol * vol * dt);
  let spare = NaN;
  const normal = () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const u1 = 1 - rand(); // (0, 1]
    const u2 = rand();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
  let sum = 0;
  let sumSq = 0;
  for (let p = 0; p < paths; p++) {
    let x = 0;
    let survive = 1;
    for (let k = 0; k < steps; k++) {
      const next = x + drift + sdt * normal();
      if (up ? next >= b : next <= b) {
        survive = 0;
        break;
      }
      survive *= 1 - Math.exp(-twoOverVar * (b - x) * (b - next));
      x = next;
    }
    const est = 1 - survive;
    sum += est;
    sumSq += est * est;
  }
  const mean = sum / paths;
  const variance = (sumSq - paths * mean * mean) / (paths - 1);
  return { mean, stdErr: Math.sqrt(Math.max(variance, 0) / paths) };
}
