import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { UNDERLYINGS, type Underlying } from "@/lib/market/types";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { RULEBOOKS } from "@/lib/margin/venues/catalogue";
import type { PortfolioRulebook } from "@/lib/margin/rulebook";
import { computeSubAccount } from "@/lib/margin/models/compute";

/**
 * Properties every scenario-based (portfolio) rulebook of the catalogue must satisfy:
 *  - a hedge that removes risk in every scenario never raises the requirement: adding −λ·(the
 *    book), λ ∈ [0, 1], scales every scenario's P&L and every size-based contingency by (1 − λ);
 *  - doubling a book doubles its requirement (scenario losses and contingencies are linear in size).
 * Collateral is USDC only (haircut 0, peg at par), so no collateral term enters the requirement.
 * Seeds are fixed so a failure reproduces.
 */

const snap = SAMPLE_SNAPSHOT;
const PORTFOLIO_RULEBOOKS = RULEBOOKS.filter((r): r is PortfolioRulebook => r.model === "portfolio");

/** Floating-point agreement of sums done in another order (relative), with an absolute floor in USD. */
const REL_TOL = 1e-9;
const ABS_TOL_USD = 1e-6;
const RUNS = { numRuns: 60, seed: 20261128 };

/** A perp or an option on an instrument the sample snapshot lists (no dated futures: Derive lists none). */
const positionArb = (id: string): fc.Arbitrary<Position> =>
  fc
    .record({
      option: fc.boolean(),
      u: fc.constantFrom<Underlying>(...UNDERLYINGS),
      e: fc.nat(),
      k: fc.nat(),
      call: fc.boolean(),
      size: fc.double({ min: -5, max: 5, noNaN: true }).filter((x) => Math.abs(x) > 0.01),
    })
    .map(({ option, u, e, k, call, size }): Position => {
      const m = snap.underlyings[u];
      if (!option) return { id, kind: "perp", underlying: u, size, entryPrice: m.perpMark };
      const ex = m.expiries[e % m.expiries.length]!;
      const strike = ex.strikes[k % ex.strikes.length]!;
      return { id, kind: "option", underlying: u, expiry: ex.id, strike, optionType: call ? "call" : "put", size, entryPrice: m.spot * 0.03 };
    });

const bookArb = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => positionArb(`p${i}`))));

function sub(positions: Position[], profileId: string): SubAccount {
  return { id: "t", name: "pm property", mode: "portfolio", profileId, collateral: [{ asset: "USDC", amount: 1_000_000 }], positions };
}

function requirement(positions: Position[], profileId: string): { im: number; mm: number } {
  const r = computeSubAccount(sub(positions, profileId), snap, { lite: true });
  if (!r.ok) throw new Error(r.error);
  return { im: r.result.im, mm: r.result.mm };
}

const notAbove = (got: number, bound: number) => got <= bound + REL_TOL * Math.abs(bound) + ABS_TOL_USD;
const near = (got: number, want: number) => Math.abs(got - want) <= REL_TOL * Math.max(Math.abs(got), Math.abs(want)) + ABS_TOL_USD;

describe.each(PORTFOLIO_RULEBOOKS.map((r) => [r.id, r] as const))("scenario requirement properties: %s", (id) => {
  it("a hedge of −λ × the book (λ ∈ [0, 1]) never raises IM or MM", () => {
    fc.assert(
      fc.property(bookArb, fc.double({ min: 0, max: 1, noNaN: true }), (book, lambda) => {
        const base = requirement(book, id);
        const hedge = book.map((p, i) => ({ ...p, id: `h${i}`, size: -lambda * p.size }) as Position).filter((p) => p.size !== 0);
        const hedged = requirement([...book, ...hedge], id);
        expect(notAbove(hedged.mm, base.mm), `MM ${hedged.mm} > ${base.mm}`).toBe(true);
        expect(notAbove(hedged.im, base.im), `IM ${hedged.im} > ${base.im}`).toBe(true);
      }),
      RUNS,
    );
  });

  it("doubling every size doubles IM and MM", () => {
    fc.assert(
      fc.property(bookArb, (book) => {
        const base = requirement(book, id);
        const doubled = requirement(
          book.map((p) => ({ ...p, size: 2 * p.size }) as Position),
          id,
        );
        expect(near(doubled.mm, 2 * base.mm), `MM ${doubled.mm} vs 2 × ${base.mm}`).toBe(true);
        expect(near(doubled.im, 2 * base.im), `IM ${doubled.im} vs 2 × ${base.im}`).toBe(true);
      }),
      RUNS,
    );
  });
});
