import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { relErr } from "@/lib/quant/precision";
import { DEFAULT_MAX_EXACT_N, incrementalContributions, shapleyAllocation } from "./attribution";

/** Relative tolerance for sums of up to ~n·2ⁿ rounded terms of magnitude ≤ the game's scale. */
const SUM_REL_TOL = 1e-10;
/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;

/** Coalition value from a table indexed by the mask's bits (bit i = position i). */
function fromTable(table: readonly number[]): (mask: boolean[]) => number {
  return (mask) => {
    let k = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i]) k |= 1 << i;
    return table[k]!;
  };
}

/**
 * Hand-computed 3-position example: standalone requirements A 10, B 8, C 4; pairs AB 12, AC 11,
 * BC 12; all three 14. Table index = A·1 + B·2 + C·4.
 */
const THREE = fromTable([0, 10, 8, 12, 4, 11, 12, 14]);

/**
 * A margin-like game: each position has a signed delta and a standalone charge;
 * R = |Σ deltas|·rate + ½·Σ standalone — long and short deltas offset inside the portfolio.
 */
function deltaGame(deltas: readonly number[], standalone: readonly number[], rate: number): (mask: boolean[]) => number {
  return (mask) => {
    let net = 0;
    let fixed = 0;
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) continue;
      net += deltas[i]!;
      fixed += standalone[i]!;
    }
    return Math.abs(net) * rate + 0.5 * fixed;
  };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

describe("hand-computed 3-position example", () => {
  it("Shapley = [35/6, 32/6, 17/6] (hand-computed over the 6 orders, see below)", () => {
    // orders ABC, ACB, BAC, BCA, CAB, CBA; marginals of A: 10, 10, 4, 2, 7, 2 = 35;
    // B: 2, 3, 8, 8, 3, 8 = 32; C: 2, 1, 2, 4, 4, 4 = 17; each over 6; total 84/6 = 14 = R(all)
    const phi = shapleyAllocation(3, THREE);
    expect(relErr(phi[0]!, 35 / 6)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(phi[1]!, 32 / 6)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(phi[2]!, 17 / 6)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(sum(phi), 14)).toBeLessThan(EXACT_REL_TOL);
  });

  it("incremental = [2, 3, 2] (hand-computed: 14 − 12, 14 − 11, 14 − 12), which do not sum to 14", () => {
    expect(incrementalContributions(3, THREE)).toEqual([2, 3, 2]);
  });

  it("the sampling path converges to it (4,000 orders; each marginal spans ≤ 8, so 4 s.e. ≤ 4·8/(2·√4000) ≈ 0.25)", () => {
    const phi = shapleyAllocation(3, THREE, { maxExactN: 0, permutations: 4_000, seed: 7 });
    const bound = (4 * 8) / (2 * Math.sqrt(4_000));
    [35 / 6, 32 / 6, 17 / 6].forEach((want, i) => expect(Math.abs(phi[i]! - want)).toBeLessThanOrEqual(bound));
    expect(relErr(sum(phi), 14)).toBeLessThan(EXACT_REL_TOL);
  });
});

describe("efficiency: parts sum to R(all) − R(none)", () => {
  it("exact path, arbitrary games up to 8 positions (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 << n, maxLength: 1 << n }))),
        ([n, table]) => {
          const phi = shapleyAllocation(n, fromTable(table));
          const total = table[(1 << n) - 1]! - table[0]!;
          const scale = Math.max(1, ...table.map(Math.abs));
          expect(Math.abs(sum(phi) - total)).toBeLessThanOrEqual(SUM_REL_TOL * scale);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("sampling path, margin-like games of 11–40 positions (property)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 11, max: 40 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
              fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: n, maxLength: n }),
              fc.integer({ min: 1, max: 30 }),
              fc.integer(),
            ),
          ),
        ([deltas, standalone, permutations, seed]) => {
          const n = deltas.length;
          const game = deltaGame(deltas, standalone, 1_000);
          const phi = shapleyAllocation(n, game, { permutations, seed });
          const total = game(new Array<boolean>(n).fill(true)) - game(new Array<boolean>(n).fill(false));
          const scale = Math.max(1, Math.abs(total), sum(standalone), sum(deltas.map(Math.abs)) * 1_000);
          expect(Math.abs(sum(phi) - total)).toBeLessThanOrEqual(SUM_REL_TOL * scale);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("R(none) ≠ 0 is taken out of the total", () => {
    // hand-computed: v(∅) = 5, v({0}) = 7, v({1}) = 9, v(all) = 10 → shares (2 + 1)/2 = 1.5 and (4 + 3)/2 = 3.5, sum 5 = 10 − 5
    const phi = shapleyAllocation(2, fromTable([5, 7, 9, 10]));
    expect(relErr(phi[0]!, 1.5)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(phi[1]!, 3.5)).toBeLessThan(EXACT_REL_TOL);
  });
});

describe("symmetry and dummy", () => {
  it("positions that play the same role get equal shares (exact path, property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 7, maxLength: 7 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (otherDeltas, standaloneAll, twinDelta, twinStandalone) => {
          // positions 0 and 1 are identical twins; the others are arbitrary
          const deltas = [twinDelta, twinDelta, ...otherDeltas];
          const standalone = [twinStandalone, twinStandalone, ...standaloneAll.slice(0, otherDeltas.length)];
          const phi = shapleyAllocation(deltas.length, deltaGame(deltas, standalone, 100));
          const scale = Math.max(1, Math.abs(phi[0]!), Math.abs(phi[1]!));
          expect(Math.abs(phi[0]! - phi[1]!)).toBeLessThanOrEqual(SUM_REL_TOL * scale);
        },
      ),
    );
  });

  it("a dummy position (never changes R) gets exactly 0, exactly and by sampling", () => {
    // position 2 has no delta and no standalone charge
    const game = deltaGame([3, -1, 0, 2], [10, 5, 0, 7], 50);
    expect(shapleyAllocation(4, game)[2]).toBe(0);
    expect(shapleyAllocation(4, game, { maxExactN: 0, permutations: 25 })[2]).toBe(0);
    expect(incrementalContributions(4, game)[2]).toBe(0);
  });

  it("an additive game (no offsets) gives every position its standalone requirement (hand-computed)", () => {
    const standalone = [4, 9, 1.5];
    const game = (m: boolean[]) => standalone.reduce((acc, x, i) => acc + (m[i] ? x : 0), 0);
    expect(shapleyAllocation(3, game)).toEqual(standalone);
    expect(incrementalContributions(3, game)).toEqual(standalone);
  });
});

describe("mechanics", () => {
  it("exact path evaluates every subset once; sampling path permutations·(n − 1) + 2 times", () => {
    let calls = 0;
    const counted = (m: boolean[]) => {
      calls++;
      return m.filter(Boolean).length ** 1.5;
    };
    shapleyAllocation(DEFAULT_MAX_EXACT_N, counted);
    expect(calls).toBe(1 << DEFAULT_MAX_EXACT_N);
    calls = 0;
    shapleyAllocation(12, counted, { permutations: 30 });
    expect(calls).toBe(30 * 11 + 2);
    calls = 0;
    incrementalContributions(12, counted);
    expect(calls).toBe(13);
  });

  it("a stop callback ends sampling early (a time budget): fewer permutations, the parts still sum to the total", () => {
    let calls = 0;
    const game = deltaGame([1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 10);
    const counted = (m: boolean[]) => {
      calls++;
      return game(m);
    };
    const report = { permutations: 0 };
    let asked = 0;
    // asked before permutations 2, 3, 4 …: stopping on the 3rd ask leaves 3 permutations sampled
    const phi = shapleyAllocation(12, counted, { permutations: 50, seed: 3, stop: () => ++asked >= 3, report });
    expect(report.permutations).toBe(3);
    expect(calls).toBe(3 * 11 + 2);
    const total = game(new Array<boolean>(12).fill(true)) - game(new Array<boolean>(12).fill(false));
    expect(Math.abs(sum(phi) - total)).toBeLessThanOrEqual(SUM_REL_TOL * Math.max(1, Math.abs(total)));
  });

  it("maxExactN is capped at 20, so a huge value cannot request 2⁴⁰ evaluations", () => {
    let calls = 0;
    const counted = () => {
      calls++;
      return 1;
    };
    shapleyAllocation(22, counted, { maxExactN: 40, permutations: 3 });
    expect(calls).toBe(3 * 21 + 2); // sampled, not exact
  });

  it("is reproducible for a seed and varies across seeds", () => {
    const game = deltaGame([1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 10);
    const a = shapleyAllocation(12, game, { permutations: 50, seed: 1 });
    const b = shapleyAllocation(12, game, { permutations: 50, seed: 1 });
    const c = shapleyAllocation(12, game, { permutations: 50, seed: 2 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("n = 0 → [], n = 1 → [R(all) − R(none)], invalid n throws", () => {
    expect(shapleyAllocation(0, () => 1)).toEqual([]);
    expect(incrementalContributions(0, () => 1)).toEqual([]);
    expect(shapleyAllocation(1, (m) => (m[0] ? 7 : 2))).toEqual([5]);
    expect(() => shapleyAllocation(-1, () => 0)).toThrow(RangeError);
    expect(() => incrementalContributions(1.5, () => 0)).toThrow(RangeError);
  });
});
