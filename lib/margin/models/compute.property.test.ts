import { describe, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { UNDERLYINGS } from "@/lib/market/types";
import { LIMITS, subAccountSchema, type NewPosition, type SubAccount } from "@/lib/workspace/schema";
import { computeWithRulebook } from "./compute";
import { DERIBIT_LINEAR, DERIBIT_STANDARD } from "@/lib/margin/venues/deribit";
import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import type { SubAccountResult } from "@/lib/margin/result-types";
import { allFinite } from "@/lib/test-support/all-finite";

const snap = SAMPLE_SNAPSHOT;
const REL = 1e-9;

function close(a: number, b: number, rel = REL): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Any schema-valid position on a listed expiry (strike anywhere in (0, max], sizes up to the limit). */
const positionArb: fc.Arbitrary<NewPosition> = fc
  .record({
    kind: fc.constantFrom("perp", "future", "option" as const),
    underlying: fc.constantFrom(...UNDERLYINGS),
    expiryIndex: fc.nat(100),
    size: fc.oneof(fc.double({ min: 1e-6, max: LIMITS.maxAbsSize, noNaN: true }), fc.double({ min: 1e-6, max: 50, noNaN: true })),
    short: fc.boolean(),
    entryPrice: fc.double({ min: 1e-6, max: LIMITS.maxPrice, noNaN: true }),
    strikeFactor: fc.oneof(fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: 1e-6, max: 1_000, noNaN: true })),
    call: fc.boolean(),
  })
  .map((r) => {
    const market = snap.underlyings[r.underlying];
    const expiry = market.expiries[r.expiryIndex % market.expiries.length]!.id;
    const size = r.short ? -r.size : r.size;
    if (r.kind === "perp") return { kind: "perp", underlying: r.underlying, size, entryPrice: r.entryPrice };
    if (r.kind === "future") return { kind: "future", underlying: r.underlying, expiry, size, entryPrice: r.entryPrice };
    const strike = Math.min(LIMITS.maxPrice, Math.max(1e-6, market.spot * r.strikeFactor));
    return { kind: "option", underlying: r.underlying, expiry, strike, optionType: r.call ? "call" : "put", size, entryPrice: r.entryPrice };
  });

const collateralArb = fc.uniqueArray(fc.record({ asset: fc.constantFrom("USDC", "USDT", "BTC", "ETH", "SOL", "wstETH" as const), amount: fc.double({ min: 0, max: 1e9, noNaN: true }) }), {
  selector: (c) => c.asset,
  maxLength: 6,
});

function sub(positions: NewPosition[], collateral: SubAccount["collateral"], mode: SubAccount["mode"] = "cross"): SubAccount {
  return subAccountSchema.parse({ id: "s", name: "prop", mode, profileId: DERIBIT_STANDARD.id, collateral, positions: positions.map((p, i) => ({ ...p, id: `p${i}` })) });
}

function compute(s: SubAccount, profile: PerPositionRulebook = DERIBIT_STANDARD): SubAccountResult {
  const r = computeWithRulebook(s, profile, snap, { chartPoints: 11 });
  if (!r.ok) throw new Error(r.error);
  return r.result;
}

/** A profile whose linear rates do not grow with size, so every requirement is linear in size. */
const FLAT_RATES: PerPositionRulebook = {
  ...DERIBIT_STANDARD,
  linear: {
    BTC: { ...DERIBIT_LINEAR.BTC, imPerCoin: 0, mmPerCoin: 0 },
    ETH: { ...DERIBIT_LINEAR.ETH, imPerCoin: 0, mmPerCoin: 0 },
    SOL: { ...DERIBIT_LINEAR.SOL, imPerCoin: 0, mmPerCoin: 0 },
  },
};

const RUNS = { numRuns: 150 };

describe("standard margin properties", () => {
  it("an empty account needs 0 margin, whatever its collateral", () => {
    fc.assert(
      fc.property(collateralArb, fc.constantFrom("cross", "isolated" as const), (collateral, mode) => {
        const r = compute(sub([], collateral, mode));
        return r.im === 0 && r.mm === 0 && r.status === "healthy";
      }),
      RUNS,
    );
  });

  it("scaling every size by k > 0 scales the requirement by k (flat linear rates; options always)", () => {
    fc.assert(
      fc.property(fc.array(positionArb, { maxLength: 8 }), fc.double({ min: 0.01, max: 20, noNaN: true }), (positions, k) => {
        const scaled = positions.map((p) => ({ ...p, size: Math.max(-LIMITS.maxAbsSize, Math.min(LIMITS.maxAbsSize, p.size * k)) }));
        fc.pre(scaled.every((p, i) => p.size === positions[i]!.size * k));
        const a = compute(sub(positions, []), FLAT_RATES);
        const b = compute(sub(scaled, []), FLAT_RATES);
        return close(b.im, k * a.im) && close(b.mm, k * a.mm);
      }),
      RUNS,
    );
  });

  it("with size-dependent rates, a perp's requirement scales as (base + perCoin·k|s|)·k|s|·mark (margin-models.md §2.2)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1_000, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), (size, k) => {
        const r = compute(sub([{ kind: "perp", underlying: "BTC", size: size * k, entryPrice: 95_000 }], []));
        const rates = DERIBIT_LINEAR.BTC;
        return close(r.im, Math.min(rates.imBase + rates.imPerCoin * size * k, 1) * size * k * (rates.priceBasis === "index" ? snap.underlyings.BTC.spot : snap.underlyings.BTC.perpMark));
      }),
      RUNS,
    );
  });

  it("the order of positions does not matter", () => {
    fc.assert(
      fc.property(fc.array(positionArb, { minLength: 1, maxLength: 8 }), collateralArb, fc.constantFrom("cross", "isolated" as const), (positions, collateral, mode) => {
        const a = compute(sub(positions, collateral, mode));
        const b = compute(sub([...positions].reverse(), collateral, mode));
        return close(a.im, b.im) && close(a.mm, b.mm) && close(a.equity, b.equity) && a.status === b.status;
      }),
      RUNS,
    );
  });

  it("no NaN or Infinity anywhere in the result, and IM ≥ MM, for any valid input", () => {
    fc.assert(
      fc.property(fc.array(positionArb, { maxLength: 10 }), collateralArb, fc.constantFrom("cross", "isolated" as const), (positions, collateral, mode) => {
        const r = compute(sub(positions, collateral, mode));
        return allFinite(r) && r.im >= r.mm - 1e-9 * Math.max(1, r.mm);
      }),
      RUNS,
    );
  });
});
