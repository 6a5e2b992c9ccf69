import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { CollateralAsset } from "@/lib/market/types";
import type { NewPosition, SubAccount } from "@/lib/workspace/schema";
import { RULEBOOKS } from "@/lib/margin/venues/catalogue";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { offsetSavings } from "./offsets";
import { eulerAttribution } from "./euler-attribution";

/** Sums of up to a few dozen rounded terms of the IM's magnitude. */
const SUM_REL_TOL = 1e-9;

const snap = SAMPLE_SNAPSHOT;
const BTC = snap.underlyings.BTC;
const ETH = snap.underlyings.ETH;

function sub(positions: NewPosition[], mode: SubAccount["mode"], profileId: string, collateral: { asset: CollateralAsset; amount: number }[] = [{ asset: "USDC", amount: 500_000 }]): SubAccount {
  return { id: "e", name: "e", mode, profileId, collateral, positions: positions.map((p, i) => ({ ...p, id: `p${i}` }) as SubAccount["positions"][number]) };
}

const sizeArb = fc.double({ min: -20, max: 20, noNaN: true }).filter((x) => Math.abs(x) > 0.01);
const legArb = (withFutures: boolean): fc.Arbitrary<NewPosition> =>
  fc.oneof(
    fc.record({ size: sizeArb, eth: fc.boolean() }).map(({ size, eth }) => ({ kind: "perp" as const, underlying: eth ? ("ETH" as const) : ("BTC" as const), size, entryPrice: (eth ? ETH : BTC).perpMark })),
    fc.record({ e: fc.nat(), k: fc.nat(), size: sizeArb, call: fc.boolean(), eth: fc.boolean() }).map(({ e, k, size, call, eth }) => {
      const u = eth ? ETH : BTC;
      const ex = u.expiries[e % u.expiries.length]!;
      return {
        kind: "option" as const,
        underlying: eth ? ("ETH" as const) : ("BTC" as const),
        expiry: ex.id,
        strike: ex.strikes[k % ex.strikes.length]!,
        optionType: call ? ("call" as const) : ("put" as const),
        size,
        entryPrice: 500,
      };
    }),
    ...(withFutures
      ? [fc.record({ e: fc.nat(), size: sizeArb }).map(({ e, size }) => ({ kind: "future" as const, underlying: "BTC" as const, expiry: BTC.expiries[e % BTC.expiries.length]!.id, size, entryPrice: BTC.spot }))]
      : []),
  );

/** every rulebook that nets positions (portfolio mode, and Derive's standard manager in cross) */
const NETTING = RULEBOOKS.filter((r) => r.model !== "per-position").map((r) => ({ id: r.id, mode: r.modes.includes("portfolio") ? ("portfolio" as const) : ("cross" as const), futures: r.model !== "derive-standard" }));

describe("offset attribution: the parts sum to the total (property, fixed seed, every netting rulebook)", () => {
  for (const rb of NETTING) {
    it(`${rb.id} (${rb.mode}): Σ allocatedIm + collateralIm = totalIm within ${SUM_REL_TOL} relative`, () => {
      fc.assert(
        fc.property(fc.array(legArb(rb.futures), { minLength: 1, maxLength: 8 }), fc.double({ min: 0, max: 10, noNaN: true }), (legs, btc) => {
          const s = sub(legs, rb.mode, rb.id, [
            { asset: "USDC", amount: 500_000 },
            { asset: "BTC", amount: btc },
          ]);
          const r = offsetSavings(s, snap);
          if (!r.ok) throw new Error(r.error);
          const sum = r.savings.positions.reduce((a, p) => a + p.allocatedIm, 0) + r.savings.collateralIm;
          expect(Math.abs(sum - r.savings.totalIm)).toBeLessThanOrEqual(SUM_REL_TOL * Math.max(1, Math.abs(r.savings.totalIm)));
        }),
        // models without an Euler decomposition fall back to exact Shapley (2ⁿ model runs): fewer runs
        { numRuns: eulerAttribution(sub([], rb.mode, rb.id), snap) ? 25 : 5, seed: 1128 },
      );
    });
  }
});

describe("Euler attribution against full recomputations", () => {
  for (const rb of NETTING.filter((r) => eulerAttribution(sub([], r.mode, r.id), snap) !== null)) {
    it(`${rb.id}: incremental and standalone equal the model's IM with the position removed / alone (property)`, () => {
      fc.assert(
        fc.property(fc.array(legArb(rb.futures), { minLength: 1, maxLength: 6 }), (legs) => {
          const s = sub(legs, rb.mode, rb.id, [
            { asset: "USDC", amount: 500_000 },
            { asset: "BTC", amount: 2 },
          ]);
          const a = eulerAttribution(s, snap);
          const whole = computeSubAccount(s, snap, { lite: true });
          if (!a?.ok || !whole.ok) throw new Error("failed");
          const scale = Math.max(1, Math.abs(whole.result.im));
          s.positions.forEach((p, i) => {
            const alone = computeSubAccount({ ...s, positions: [p] }, snap, { lite: true });
            const without = computeSubAccount({ ...s, positions: s.positions.filter((_, j) => j !== i) }, snap, { lite: true });
            if (!alone.ok || !without.ok) throw new Error("failed");
            expect(Math.abs(a.attribution.standalone[i]! - alone.result.im)).toBeLessThanOrEqual(SUM_REL_TOL * scale);
            expect(Math.abs(a.attribution.incremental[i]! - (whole.result.im - without.result.im))).toBeLessThanOrEqual(SUM_REL_TOL * scale);
          });
        }),
        { numRuns: 15, seed: 77 },
      );
    });
  }
});

describe("Euler and Shapley", () => {
  it("agree for 2 perfectly additive positions (two perps on different underlyings: separate books, no offset)", () => {
    // PM books of different underlyings never offset: R({a, b}) = R({a}) + R({b}) − R(∅), so Shapley
    // gives each its standalone increment, and Euler its own book's loss and contingency — the same.
    const legs: NewPosition[] = [
      { kind: "perp", underlying: "BTC", size: 2, entryPrice: BTC.perpMark },
      { kind: "perp", underlying: "ETH", size: -30, entryPrice: ETH.perpMark },
    ];
    for (const id of ["derive-pm2", "deribit-style-pm"]) {
      const euler = offsetSavings(sub(legs, "portfolio", id), snap);
      const shapley = offsetSavings(sub(legs, "portfolio", id), snap, { attribution: "shapley" });
      if (!euler.ok || !shapley.ok) throw new Error("failed");
      expect(euler.savings.allocationMethod).toBe("euler");
      expect(shapley.savings.allocationMethod).toBe("exact");
      euler.savings.positions.forEach((p, i) => {
        const q = shapley.savings.positions[i]!;
        expect(Math.abs(p.allocatedIm - q.allocatedIm)).toBeLessThanOrEqual(SUM_REL_TOL * euler.savings.totalIm);
        expect(Math.abs(p.incrementalIm - q.incrementalIm)).toBeLessThanOrEqual(SUM_REL_TOL * euler.savings.totalIm);
        expect(Math.abs(p.standaloneIm - q.standaloneIm)).toBeLessThanOrEqual(SUM_REL_TOL * euler.savings.totalIm);
      });
    }
  });

  it("a perfectly hedged pair gets 0 each under Euler (no scenario loses; the perps net to 0, so no perp charge)", () => {
    // long 1 BTC perp and short 1 BTC perp on one book: every scenario's P&L is 0 and the perp nets to 0.
    const legs: NewPosition[] = [
      { kind: "perp", underlying: "BTC", size: 1, entryPrice: BTC.perpMark },
      { kind: "perp", underlying: "BTC", size: -1, entryPrice: BTC.perpMark },
    ];
    const euler = offsetSavings(sub(legs, "portfolio", "derive-pm2"), snap);
    if (!euler.ok) throw new Error(euler.error);
    expect(euler.savings.positions.map((p) => Math.abs(p.allocatedIm))).toEqual([0, 0]);
    expect(euler.savings.totalIm - euler.savings.collateralIm).toBe(0);
  });
});
