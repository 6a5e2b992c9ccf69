import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkConfidence, checkScenarioCount, components, tailCount, varEs } from "./measures";
import type { RiskColumn } from "./types";

const col = (id: string): RiskColumn => ({ id, name: id, kind: "position", underlying: "BTC" });
const SUM_ABS = 1e-9;

describe("VaR and ES of scenarios", () => {
  it("hand-computed: P&L −10, −5, −1, 0, 2", () => {
    // losses sorted: 10, 5, 1, 0, −2. α = 0.6: k = ⌈5 × 0.4⌉ = 2 → VaR = 5; ES(0.6) = (10 + 5)/2 = 7.5;
    // ES(0.8): k′ = ⌈5 × 0.2⌉ = 1 → 10.
    const pnl = Float64Array.from([-10, -5, -1, 0, 2]);
    expect(varEs(pnl, 0.6, 0.6)).toMatchObject({ var: 5, es: 7.5, varIndex: 1 });
    expect(varEs(pnl, 0.6, 0.8).es).toBe(10);
  });

  it("tail counts: 1,000 scenarios at 99 % → 10, at 97.5 % → 25 (not 11 from binary rounding)", () => {
    expect(tailCount(1000, 0.99)).toBe(10);
    expect(tailCount(1000, 0.975)).toBe(25);
    expect(tailCount(250, 0.99)).toBe(3); // ⌈2.5⌉
  });

  it("Euler components sum to VaR and ES; incremental VaR is VaR − VaR without (hand-computed)", () => {
    // two columns over 5 scenarios (row-major): A = [−6, −4, 1, 0, 1], B = [−4, −1, −2, 0, 1]
    // totals: −10, −5, −1, 0, 2 (as above). VaR(0.6) = 5 in scenario 1: components A 4, B 1.
    // ES(0.6) tail = scenarios 0, 1: A (6 + 4)/2 = 5, B (4 + 1)/2 = 2.5.
    // without A: totals = B = [−4, −1, −2, 0, 1] → VaR(0.6) = 2nd largest loss = 2 → incremental A = 3;
    // without B: totals = A → VaR = 4 → incremental B = 1.
    const pnl = Float64Array.from([-6, -4, -4, -1, 1, -2, 0, 0, 1, 1]);
    const total = Float64Array.from([-10, -5, -1, 0, 2]);
    const tail = varEs(total, 0.6, 0.6);
    const c = components(pnl, total, [col("A"), col("B")], tail, 0.6);
    expect(c.map((x) => [x.componentVar, x.componentEs, x.incrementalVar])).toEqual([
      [4, 5, 3],
      [1, 2.5, 1],
    ]);
  });

  it("property: components sum to the totals on random matrices", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 20, max: 300 }), fc.integer(), (nCol, n, seed) => {
        let s = seed >>> 0 || 1;
        const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
        const pnl = Float64Array.from({ length: n * nCol }, () => rnd() * 1000);
        const total = new Float64Array(n);
        for (let i = 0; i < n; i++) for (let c = 0; c < nCol; c++) total[i] = total[i]! + pnl[i * nCol + c]!;
        const tail = varEs(total, 0.95, 0.9);
        const comps = components(
          pnl,
          total,
          Array.from({ length: nCol }, (_, i) => col(`c${i}`)),
          tail,
          0.95,
        );
        const sv = comps.reduce((a, x) => a + x.componentVar, 0);
        const se = comps.reduce((a, x) => a + x.componentEs, 0);
        return Math.abs(sv - tail.var) < SUM_ABS * Math.max(1, tail.var) && Math.abs(se - tail.es) < SUM_ABS * Math.max(1, Math.abs(tail.es));
      }),
      { seed: 14, numRuns: 200 },
    );
  });

  it("bad input: confidence outside (0.5, 0.9999) and too few scenarios get a message", () => {
    expect(checkConfidence(0.99, "VaR")).toBeNull();
    expect(checkConfidence(0.5, "VaR")).toMatch(/between 50 % and 99.99 %/);
    expect(checkConfidence(0.9999, "VaR")).toMatch(/between/);
    expect(checkConfidence(Number.NaN, "ES")).toMatch(/ES confidence/);
    expect(checkScenarioCount(249, 0.99, "1-day VaR")).toMatch(/Too little history for 1-day VaR: 249 scenarios, at least 250/);
    expect(checkScenarioCount(1000, 0.9995, "1-day VaR")).toMatch(/at least 2000 needed/);
    expect(checkScenarioCount(1000, 0.99, "1-day VaR")).toBeNull();
  });
});
