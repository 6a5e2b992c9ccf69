import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { UNDERLYINGS } from "@/lib/market/types";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { computeWithRulebook } from "@/lib/margin/models/compute";
import type { Rulebook } from "@/lib/margin/rulebook";
import { OKX_MR7_TIERS_2025, OKX_PM } from "@/lib/margin/venues/okx";
import { BYBIT_PM } from "@/lib/margin/venues/bybit-pm";
import { incrementalTiers } from "./tiers";

/**
 * Properties of the new scenario rulebooks (OKX PM, Bybit PM): a hedge that removes risk in every
 * scenario (−λ × the book, λ ∈ [0, 1]) never raises the requirement, and doubling the book doubles
 * it. OKX's MR7 tiers make the minimum charge convex, not linear: doubling is exact while the
 * doubled raw minimum charge stays in the first tier (≤ 250,000 USD, so books here are sized to
 * keep it there) and otherwise at least doubles (checked on the tiers directly).
 */
const snap = SAMPLE_SNAPSHOT;
const REL = 1e-9;
const SEED = 20_250;

const positionArb: fc.Arbitrary<Omit<Position, "id">> = fc
  .record({
    kind: fc.constantFrom("perp", "future", "option" as const),
    underlying: fc.constantFrom(...UNDERLYINGS),
    expiryIndex: fc.nat(20),
    coins: fc.double({ min: 0.01, max: 20, noNaN: true }),
    short: fc.boolean(),
    strikeFactor: fc.double({ min: 0.6, max: 1.5, noNaN: true }),
    call: fc.boolean(),
  })
  .map((r) => {
    const m = snap.underlyings[r.underlying];
    const e = m.expiries[r.expiryIndex % m.expiries.length]!;
    // about 20 BTC-equivalents of notional at most, whatever the underlying
    const size = ((r.short ? -1 : 1) * r.coins * snap.underlyings.BTC.spot) / m.spot / 20;
    if (r.kind === "perp") return { kind: "perp", underlying: r.underlying, size, entryPrice: m.perpMark };
    if (r.kind === "future") return { kind: "future", underlying: r.underlying, expiry: e.id, size, entryPrice: e.forward };
    return { kind: "option", underlying: r.underlying, expiry: e.id, strike: Math.round(m.spot * r.strikeFactor), optionType: r.call ? "call" : "put", size, entryPrice: m.spot * 0.02 };
  });

const bookArb = fc.array(positionArb, { minLength: 1, maxLength: 6 });

function sub(rb: Rulebook, positions: Omit<Position, "id">[]): SubAccount {
  return { id: "s", name: "prop", mode: "portfolio", profileId: rb.id, collateral: [{ asset: "USDC", amount: 1_000_000 }], positions: positions.map((p, i) => ({ ...p, id: `p${i}` }) as Position) };
}

function req(rb: Rulebook, positions: Omit<Position, "id">[]) {
  const r = computeWithRulebook(sub(rb, positions), rb, snap, { lite: true });
  if (!r.ok) throw new Error(r.error);
  return { im: r.result.im, mm: r.result.mm };
}

const close = (a: number, b: number) => Math.abs(a - b) <= REL * Math.max(1, Math.abs(a), Math.abs(b));

describe.each([OKX_PM, BYBIT_PM])("$id (property, fixed seed)", (rb) => {
  it("a hedge of −λ × the book (λ ∈ [0, 1]) never raises IM or MM", () => {
    fc.assert(
      fc.property(bookArb, fc.double({ min: 0, max: 1, noNaN: true }), (book, lambda) => {
        const base = req(rb, book);
        const hedged = req(rb, [...book, ...book.map((p) => ({ ...p, size: -lambda * p.size }))]);
        expect(hedged.mm).toBeLessThanOrEqual(base.mm * (1 + REL) + REL);
        expect(hedged.im).toBeLessThanOrEqual(base.im * (1 + REL) + REL);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it("doubling the book doubles IM and MM", () => {
    fc.assert(
      fc.property(bookArb, (book) => {
        const one = req(rb, book);
        const two = req(
          rb,
          book.map((p) => ({ ...p, size: 2 * p.size })),
        );
        expect(close(two.mm, 2 * one.mm)).toBe(true);
        expect(close(two.im, 2 * one.im)).toBe(true);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});

describe("OKX MR7 tiers (property)", () => {
  it("the tiered minimum charge at least doubles when the raw charge doubles, and exactly doubles inside tier 1", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e8, noNaN: true }), (raw) => {
        const one = incrementalTiers(raw, OKX_MR7_TIERS_2025);
        const two = incrementalTiers(2 * raw, OKX_MR7_TIERS_2025);
        expect(two).toBeGreaterThanOrEqual(2 * one * (1 - REL));
        if (2 * raw <= 250_000) expect(close(two, 2 * one)).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
