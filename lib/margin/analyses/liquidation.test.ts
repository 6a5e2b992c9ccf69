import { describe, expect, it } from "vitest";
import { FINE_SCAN, liquidationAlong, MAX_FACTOR, MIN_FACTOR, scanLadder, WHOLE_ACCOUNT_SCAN, type ScanResolution } from "./liquidation";

describe("scanLadder", () => {
  for (const [name, r] of [
    ["FINE_SCAN", FINE_SCAN],
    ["WHOLE_ACCOUNT_SCAN", WHOLE_ACCOUNT_SCAN],
  ] as [string, ScanResolution][]) {
    it(`${name}: walks from the spot outwards in steps of max(minStep, relStep × distance), ending at the range's end`, () => {
      for (const to of [MIN_FACTOR, MAX_FACTOR]) {
        const ladder = scanLadder(to, r);
        const sign = Math.sign(to - 1);
        expect(ladder.at(-1)).toBe(to);
        let d = 0;
        for (const f of ladder.slice(0, -1)) {
          const step = Math.max(r.minStep, r.relStep * d);
          expect(Math.abs(f - 1 - sign * (d + step))).toBeLessThan(1e-12);
          d += step;
        }
        // the last step is at most one full step (it is cut at the range's end)
        expect(Math.abs(to - 1) - d).toBeLessThanOrEqual(Math.max(r.minStep, r.relStep * d) + 1e-12);
      }
    });
  }

  it("has the documented sizes: 0.5 % steps near spot, 120 + 237 points fine, 42 + 66 whole-account", () => {
    expect(scanLadder(MIN_FACTOR, FINE_SCAN).slice(0, 2)).toEqual([0.995, 0.99]);
    // fine: 0.5 % out to ±25 % (0.005 = 0.02 × 0.25), then 2 % of the move
    expect(scanLadder(MIN_FACTOR, FINE_SCAN).length).toBe(120);
    expect(scanLadder(MAX_FACTOR, FINE_SCAN).length).toBe(237);
    // whole-account: 0.5 % out to ±5 % (0.005 = 0.1 × 0.05), then 10 % of the move
    expect(scanLadder(MIN_FACTOR, WHOLE_ACCOUNT_SCAN).length).toBe(42);
    expect(scanLadder(MAX_FACTOR, WHOLE_ACCOUNT_SCAN).length).toBe(66);
  });
});

describe("liquidationAlong", () => {
  it("refines a breach inside the first step that brackets it (Brent's method), down and up", () => {
    // surplus g(f) = (f − 0.973)·(1.42 − f): breaches below −2.7 % and above +42 %
    const g = (f: number) => (f - 0.973) * (1.42 - f);
    for (const r of [FINE_SCAN, WHOLE_ACCOUNT_SCAN]) {
      const l = liquidationAlong("BTC", 100_000, g, r);
      expect(l.state).toBe("found");
      expect(l.down!.movePct).toBeCloseTo(-2.7, 8);
      expect(l.up!.movePct).toBeCloseTo(42, 8);
      expect(l.down!.price).toBeCloseTo(97_300, 4);
    }
  });

  it("sees a breach only as narrow as its step there: a 1 % dip at −30 % between two whole-account points is missed, the fine scan finds it", () => {
    const coarse = scanLadder(MIN_FACTOR, WHOLE_ACCOUNT_SCAN);
    const i = coarse.findIndex((f) => f < 0.7);
    const [a, b] = [coarse[i - 1]!, coarse[i]!]; // consecutive whole-account points around −30 %
    expect(a - b).toBeGreaterThan(0.02); // 10 % of a ~30 % move: ~3 % of spot
    const c = (a + b) / 2;
    const dip = (f: number) => (Math.abs(f - c) < 0.005 ? -1 : 1);
    expect(liquidationAlong("ETH", 3_000, dip, WHOLE_ACCOUNT_SCAN).state).toBe("none-in-range");
    const fine = liquidationAlong("ETH", 3_000, dip, FINE_SCAN);
    expect(fine.state).toBe("found");
    expect(Math.abs(1 + fine.down!.movePct / 100 - (c + 0.005))).toBeLessThan(1e-9);
  });

  it("says already when the surplus is negative now, and none-in-range when it never is", () => {
    expect(liquidationAlong("SOL", 150, () => -1).state).toBe("already");
    const none = liquidationAlong("SOL", 150, () => 1);
    expect(none).toEqual({ underlying: "SOL", spot: 150, state: "none-in-range", down: null, up: null });
  });
});
