import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { applyScenario, NO_SCENARIO } from "@/lib/market/scenario";
import { COLLATERAL_ASSETS, UNDERLYINGS, type Underlying } from "@/lib/market/types";
import { preparePosition, valuePosition } from "@/lib/margin/valuation/position-value";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { NU, prepareRiskBook, revalue, U_INDEX } from "./book";

/**
 * The risk layer's revaluation is the engine's scenario path: for random books, horizons and
 * scenarios, every column's P&L equals size × (valuePosition(preparePosition(p, applyScenario(base,
 * scenario))) − mark now), and coin collateral moves as applyScenario moves collateral prices.
 */

const snap = SAMPLE_SNAPSHOT;
/** Same arithmetic, grouped differently (the vol shift and spot step done once per slice). */
const SAME_PATH_REL = 1e-9;

const positionArb = (id: string): fc.Arbitrary<Position> =>
  fc
    .record({
      kind: fc.constantFrom("perp", "future", "option", "option"),
      u: fc.constantFrom<Underlying>(...UNDERLYINGS),
      e: fc.nat(),
      k: fc.nat(),
      call: fc.boolean(),
      size: fc.double({ min: -20, max: 20, noNaN: true }).filter((x) => Math.abs(x) > 1e-3),
    })
    .map(({ kind, u, e, k, call, size }): Position => {
      const m = snap.underlyings[u];
      if (kind === "perp") return { id, kind: "perp", underlying: u, size, entryPrice: m.perpMark };
      const ex = m.expiries[e % m.expiries.length]!;
      if (kind === "future") return { id, kind: "future", underlying: u, expiry: ex.id, size, entryPrice: ex.forward };
      return { id, kind: "option", underlying: u, expiry: ex.id, strike: ex.strikes[k % ex.strikes.length]!, optionType: call ? "call" : "put", size, entryPrice: 100 };
    });

describe("risk revaluation = the engine's scenario path", () => {
  it("property: every column equals applyScenario + preparePosition + valuePosition", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => positionArb(`p${i}`)))),
        fc.constantFrom(...COLLATERAL_ASSETS),
        fc.integer({ min: 0, max: 10 }),
        fc.array(fc.record({ r: fc.double({ min: -0.5, max: 0.4, noNaN: true }), dv: fc.double({ min: -20, max: 60, noNaN: true }) }), { minLength: NU, maxLength: NU }),
        (positions, asset, days, moves) => {
          const sub: SubAccount = { id: "t", name: "t", mode: "cross", profileId: "deribit-standard", collateral: [{ asset, amount: 3 }], positions };
          const book = prepareRiskBook(sub, snap, days);
          if (typeof book === "string") throw new Error(book);
          const logReturn = Float64Array.from(moves.map((m) => m.r));
          const volShiftPts = Float64Array.from(moves.map((m) => m.dv));
          const pnl = revalue(book, { n: 1, logReturn, volShiftPts });
          const scenario = { ...NO_SCENARIO, daysForward: days, moves: Object.fromEntries(UNDERLYINGS.map((u) => [u, { spotFactor: Math.exp(logReturn[U_INDEX[u]]!), volShiftPts: volShiftPts[U_INDEX[u]]! }])) };
          const moved = applyScenario(snap, scenario);
          positions.forEach((p, i) => {
            const now = preparePosition(p, snap);
            const then = preparePosition(p, moved);
            if (typeof now === "string" || typeof then === "string") throw new Error("unpriced");
            const want = p.size * (valuePosition(then).mark - valuePosition(now).mark);
            const got = pnl[i]!;
            if (Math.abs(got - want) > SAME_PATH_REL * Math.max(1, Math.abs(want))) throw new Error(`${p.kind} ${p.underlying}: got ${got}, want ${want}`);
          });
          const cols = book.columns.filter((c) => c.kind === "collateral");
          if (cols.length === 1) {
            const want = 3 * (moved.collateralPrices[asset] - snap.collateralPrices[asset]);
            const got = pnl[positions.length]!;
            if (Math.abs(got - want) > SAME_PATH_REL * Math.max(1, Math.abs(want))) throw new Error(`collateral ${asset}: got ${got}, want ${want}`);
          }
        },
      ),
      { seed: 1414, numRuns: 150 },
    );
  });

  it("a perp's P&L is size × perp mark × (e^r − 1) (closed form)", () => {
    const sub: SubAccount = { id: "t", name: "t", mode: "cross", profileId: "deribit-standard", collateral: [], positions: [{ id: "a", kind: "perp", underlying: "ETH", size: -4, entryPrice: 1 }] };
    const book = prepareRiskBook(sub, snap, 1);
    if (typeof book === "string") throw new Error(book);
    const logReturn = new Float64Array(NU);
    logReturn[U_INDEX.ETH] = Math.log(0.9);
    const pnl = revalue(book, { n: 1, logReturn, volShiftPts: new Float64Array(NU) });
    expect(pnl[0]).toBeCloseTo(-4 * snap.underlyings.ETH.perpMark * (0.9 - 1), 8);
  });

  it("an expiry not in the snapshot is a message", () => {
    const sub: SubAccount = { id: "t", name: "t", mode: "cross", profileId: "deribit-standard", collateral: [], positions: [{ id: "a", kind: "future", underlying: "BTC", expiry: "2031-01-01", size: 1, entryPrice: 1 }] };
    expect(prepareRiskBook(sub, snap, 1)).toMatch(/not in the market snapshot/);
  });
});
