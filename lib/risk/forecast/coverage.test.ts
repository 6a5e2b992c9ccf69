import { describe, expect, it } from "vitest";
import type { JointReturns } from "../history/returns";
import { bandCoverage, coverageOf, coverageWindows } from "./coverage";
import { pchipSlopes, type Surface } from "./margin-surface";

/** A surface with IM = 1,000 + 10,000·R and MM = 500 + 5,000·R (one underlying, linear: PCHIP is exact on it). */
function linearSurface(): Surface {
  const nodes = Float64Array.from([-1, 0, 1]);
  const im = Float64Array.from([-10_000, 0, 10_000]);
  const mm = Float64Array.from([-5_000, 0, 5_000]);
  const eq = new Float64Array(3);
  return {
    days: 1,
    collateralVolMultiplier: 1,
    base: { equity: 0, initialEquity: 0, im: 1000, mm: 500 },
    curves: [{ nodes, equity: eq, initialEquity: eq, im, mm, dEquity: pchipSlopes(nodes, eq), dInitialEquity: pchipSlopes(nodes, eq), dIm: pchipSlopes(nodes, im), dMm: pchipSlopes(nodes, mm) }],
  };
}

describe("forecast check (coverage)", () => {
  it("counts observations inside [low, high], ends included", () => {
    expect(bandCoverage([1, 2, 3, 4], [0, 2, 3.5, 0], [1, 3, 5, 3])).toBe(0.5); // 1 in [0,1] ✓, 2 in [2,3] ✓, 3 < 3.5 ✗, 4 > 3 ✗
    expect(bandCoverage([], [], [])).toBeNaN();
  });

  it("a constructed series: 18 of 20 realised moves at ½σ, two at ±3σ → 90 % inside the 5 %–95 % band", () => {
    const s2 = 1e-4; // σ = 1 %: the band of R is about ±1.645 %, far from both ½σ and 3σ
    const realised = Float64Array.from({ length: 20 }, (_, i) => (i === 4 ? 0.03 : i === 13 ? -0.03 : 0.005));
    const win = { n: 20, nU: 1, endDay: new Int32Array(20), realised, variance: new Float64Array(20).fill(s2) };
    const c = coverageOf(linearSurface(), win, Float64Array.from([1]), 1000, 7, 0.9);
    expect(c.observations).toBe(20);
    expect(c.imInside).toBe(0.9);
    expect(c.mmInside).toBe(0.9);
    expect(c.imMisses).toBe(2);
  });

  it("rolling windows: realised = sum of the h returns, variance = Σ E[h] × span (constant-variance model)", () => {
    const joint: JointReturns = {
      underlyings: ["BTC"],
      endDay: Int32Array.from([10, 11, 13, 14]),
      spanDays: Int32Array.from([1, 1, 2, 1]),
      logReturns: { BTC: Float64Array.from([0.01, -0.02, 0.03, 0.005]) },
    };
    const byDay = new Map([
      [10, 4e-4],
      [11, 4e-4],
      [13, 4e-4],
      [14, 4e-4],
    ]);
    const w = coverageWindows(joint, ["BTC"], [{ params: { omega: 4e-4, alpha: 0, beta: 0 }, varianceByEndDay: byDay }], 2, 10);
    // windows of 2 returns: (10,11), (11,13), (13,14)
    expect(w.n).toBe(3);
    expect(Array.from(w.endDay)).toEqual([11, 13, 14]);
    expect(Array.from(w.realised)).toEqual([0.01 - 0.02, -0.02 + 0.03, 0.03 + 0.005].map((v) => expect.closeTo(v, 15)));
    // variance: 4e-4 × (1 + 1), 4e-4 × (1 + 2), 4e-4 × (2 + 1)
    expect(Array.from(w.variance)).toEqual([8e-4, 12e-4, 12e-4].map((v) => expect.closeTo(v, 15)));
  });
});
