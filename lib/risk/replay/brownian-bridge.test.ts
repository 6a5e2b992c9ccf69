import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bridgePath, seededShocks } from "./brownian-bridge";

describe("Brownian bridge", () => {
  it("passes through every knot exactly, whatever the shocks and σ (property, fixed seed)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 48 }), { minLength: 5, maxLength: 5 }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (knots, gaps, sigma, seed) => {
          const steps = [0];
          for (let k = 1; k < knots.length; k++) steps.push(steps[k - 1]! + gaps[k - 1]!);
          const x = bridgePath(knots, steps, sigma, seededShocks(seed, steps[steps.length - 1]!));
          knots.forEach((v, k) => expect(x[steps[k]!]).toBe(v));
          return x.every(Number.isFinite);
        },
      ),
      { seed: 15, numRuns: 200 },
    );
  });

  it("with σ = 0 is the straight line between knots (hand: ln 0.9 / 2 at the midpoint)", () => {
    const x = bridgePath([0, Math.log(0.9)], [0, 24], 0, new Float64Array(24));
    expect(x[12]).toBeCloseTo(Math.log(0.9) / 2, 15);
    expect(x[6]).toBeCloseTo(Math.log(0.9) / 4, 15);
  });

  it("is seeded: the same seed gives the same path, another seed another path", () => {
    const a = bridgePath([0, 0.1, -0.2], [0, 24, 48], 0.01, seededShocks(42, 48));
    const b = bridgePath([0, 0.1, -0.2], [0, 24, 48], 0.01, seededShocks(42, 48));
    const c = bridgePath([0, 0.1, -0.2], [0, 24, 48], 0.01, seededShocks(43, 48));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it("wanders with the bridge variance σ²·j·(n − j)/n at the midpoint (2,000 seeded paths, within 4 standard errors)", () => {
    // Var X_j = σ²·j(n − j)/n; at j = 12, n = 24: σ²·6. The sample variance of N normals has s.e. ≈ Var·√(2/N).
    const sigma = 0.01;
    const n = 24;
    const N = 2_000;
    const mids: number[] = [];
    for (let seed = 0; seed < N; seed++) mids.push(bridgePath([0, 0], [0, n], sigma, seededShocks(seed + 1, n))[12]!);
    const mean = mids.reduce((s, v) => s + v, 0) / N;
    const variance = mids.reduce((s, v) => s + (v - mean) ** 2, 0) / (N - 1);
    const expected = sigma * sigma * 6;
    expect(Math.abs(variance - expected)).toBeLessThan(4 * expected * Math.sqrt(2 / N));
  });
});
