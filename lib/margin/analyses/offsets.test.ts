import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { NewPosition, SubAccount } from "@/lib/workspace/schema";
import { offsetSavings } from "./offsets";

const snap = SAMPLE_SNAPSHOT;
const BTC = snap.underlyings.BTC;
const e = BTC.expiries[3]!;

function sub(positions: NewPosition[], mode: SubAccount["mode"] = "cross", profileId = "deribit-standard"): SubAccount {
  return { id: "o", name: "o", mode, profileId, collateral: [{ asset: "USDC", amount: 500_000 }], positions: positions.map((p, i) => ({ ...p, id: `p${i}` }) as SubAccount["positions"][number]) };
}

const legArb: fc.Arbitrary<NewPosition> = fc.oneof(
  fc.record({ size: fc.double({ min: -20, max: 20, noNaN: true }).filter((x) => Math.abs(x) > 0.01) }).map(({ size }) => ({ kind: "perp" as const, underlying: "BTC" as const, size, entryPrice: BTC.perpMark })),
  fc.record({ k: fc.nat(), size: fc.double({ min: -20, max: 20, noNaN: true }).filter((x) => Math.abs(x) > 0.01), call: fc.boolean() }).map(({ k, size, call }) => ({
    kind: "option" as const,
    underlying: "BTC" as const,
    expiry: e.id,
    strike: e.strikes[k % e.strikes.length]!,
    optionType: call ? ("call" as const) : ("put" as const),
    size,
    entryPrice: 1_000,
  })),
);

describe("offset savings", () => {
  it("standard cross margin does not net: standalone = cross, nothing saved (margin-models.md §2.2)", () => {
    const r = offsetSavings(
      sub([
        { kind: "perp", underlying: "BTC", size: 2, entryPrice: BTC.perpMark },
        { kind: "perp", underlying: "BTC", size: -2, entryPrice: BTC.perpMark },
      ]),
      snap,
    );
    if (!r.ok) throw new Error(r.error);
    // each leg alone: (2% + 0.005%·2)·2·index; together the same sum
    expect(r.savings.standaloneIm).toBeCloseTo(2 * 0.0201 * 2 * BTC.spot, 6);
    expect(r.savings.savedUsd).toBeCloseTo(0, 6);
    expect(r.savings.positions.map((p) => p.allocatedIm)).toEqual(r.savings.positions.map((p) => p.standaloneIm));
  });

  it("attribution parts sum exactly to the total, and standalone ≥ the account's requirement (cross and portfolio)", () => {
    fc.assert(
      fc.property(fc.array(legArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (legs, pm) => {
        const r = offsetSavings(pm ? sub(legs, "portfolio", "deribit-style-pm") : sub(legs), snap);
        if (!r.ok) return false;
        const s = r.savings;
        const sum = s.positions.reduce((a, p) => a + p.allocatedIm, 0);
        return Math.abs(sum - s.totalIm) <= 1e-9 * Math.max(1, s.totalIm) && s.standaloneIm >= s.totalIm - 1e-9 * Math.max(1, s.totalIm);
      }),
      { numRuns: 40 },
    );
  });

  it("sampled Shapley attribution (more than 10 positions, on request) still sums exactly to the total", () => {
    const legs: NewPosition[] = Array.from({ length: 14 }, (_, i) => ({
      kind: "option",
      underlying: "BTC",
      expiry: e.id,
      strike: e.strikes[(i * 3) % e.strikes.length]!,
      optionType: i % 2 ? "call" : "put",
      size: i % 3 ? -1 : 2,
      entryPrice: 500,
    }));
    const r = offsetSavings(sub(legs, "portfolio", "deribit-style-pm"), snap, { attribution: "shapley" });
    if (!r.ok) throw new Error(r.error);
    expect(r.savings.allocationMethod).toBe("sampled");
    expect(r.savings.permutations).toBeGreaterThan(0);
    const sum = r.savings.positions.reduce((a, p) => a + p.allocatedIm, 0);
    expect(Math.abs(sum - r.savings.totalIm)).toBeLessThan(1e-8 * r.savings.totalIm);
  });

  it("reports a venue that cannot hold the positions instead of failing silently", () => {
    const r = offsetSavings(sub([{ kind: "option", underlying: "BTC", expiry: e.id, strike: e.strikes[0]!, optionType: "call", size: -1, entryPrice: 1 }], "cross", "hyperliquid"), snap);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("lists no options");
  });
});
