import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { relErr } from "@/lib/quant/precision";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { computeWithRulebook } from "./compute";
import { DERIBIT_STANDARD, DERIBIT_STANDARD_HAIRCUTS, DERIBIT_CROSS_COLLATERAL_URL } from "@/lib/margin/venues/deribit";
import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import type { SubAccountResult } from "@/lib/margin/result-types";

/**
 * Deribit's haircuts apply to the initial margin only (DERIBIT_CROSS_COLLATERAL_URL): two equities,
 * after haircuts for the IM check, at market value for MM and the liquidation price.
 */
const TOL = 1e-9;
/** the liquidation search brackets the root to this relative precision */
const LIQ_REL_TOL = 1e-7;
const snap = SAMPLE_SNAPSHOT;
const BTC = snap.underlyings.BTC;
const pUSDT = snap.collateralPrices.USDT;
const hUSDT = DERIBIT_STANDARD_HAIRCUTS.USDT; // 2 %
/** the same rules with haircuts on both sides (the convention of every other per-position venue) */
const BOTH_SIDES: PerPositionRulebook = { ...DERIBIT_STANDARD, haircutAppliesTo: "both" };

function run(rb: PerPositionRulebook, positions: Position[], collateral: SubAccount["collateral"], mode: SubAccount["mode"] = "cross"): SubAccountResult {
  const r = computeWithRulebook({ id: "h", name: "h", mode, profileId: rb.id, collateral, positions }, rb, snap);
  if (!r.ok) throw new Error(r.error);
  return r.result;
}

describe(`IM-only haircuts (${DERIBIT_CROSS_COLLATERAL_URL})`, () => {
  // 10,000 USDT and long 1 BTC perp entered at the perp mark. Deribit BTC linear: IM 2 % + 0.005 %·1,
  // MM 1 % + 0.005 %·1, on the index (spot).
  const positions: Position[] = [{ id: "p", kind: "perp", underlying: "BTC", size: 1, entryPrice: BTC.perpMark }];
  const collateral: SubAccount["collateral"] = [{ asset: "USDT", amount: 10_000 }];
  const mmRate = 0.01 + 0.00005;
  const imRate = 0.02 + 0.00005;

  it("equity at market value; IM-side equity after haircuts; free collateral = IM-side equity − IM (hand arithmetic)", () => {
    const r = run(DERIBIT_STANDARD, positions, collateral);
    expect(relErr(r.equity, 10_000 * pUSDT)).toBeLessThan(TOL);
    expect(relErr(r.initialEquity!, 10_000 * pUSDT * (1 - hUSDT))).toBeLessThan(TOL);
    expect(relErr(r.im, imRate * BTC.spot)).toBeLessThan(TOL);
    expect(relErr(r.mm, mmRate * BTC.spot)).toBeLessThan(TOL);
    expect(relErr(r.freeCollateral, 10_000 * pUSDT * (1 - hUSDT) - imRate * BTC.spot)).toBeLessThan(TOL);
    expect(relErr(r.marginRatio!, (mmRate * BTC.spot) / (10_000 * pUSDT))).toBeLessThan(TOL);
  });

  it("the liquidation price uses the MM-side equity: 10,000·p + mark·(f − 1) = MM rate·spot·f", () => {
    // solve for f: f = (mark − 10,000·p) / (mark − mmRate·spot)
    const fInitial = (BTC.perpMark - 10_000 * pUSDT) / (BTC.perpMark - mmRate * BTC.spot);
    const fBoth = (BTC.perpMark - 10_000 * pUSDT * (1 - hUSDT)) / (BTC.perpMark - mmRate * BTC.spot);
    const a = run(DERIBIT_STANDARD, positions, collateral).liquidation.find((l) => l.underlying === "BTC")!;
    const b = run(BOTH_SIDES, positions, collateral).liquidation.find((l) => l.underlying === "BTC")!;
    expect(relErr(a.down!.price, BTC.spot * fInitial)).toBeLessThan(LIQ_REL_TOL);
    expect(relErr(b.down!.price, BTC.spot * fBoth)).toBeLessThan(LIQ_REL_TOL);
    expect(a.down!.price).toBeLessThan(b.down!.price); // the haircut no longer pulls the liquidation price up
  });

  it("between the two equities: above MM at market value but below IM after haircuts → below-initial, not liquidation", () => {
    // 1 BTC perp: IM ≈ 2.005 %·95,000 ≈ 1,905; USDT 1,900 → after 2 % haircut 1,862 < IM ≤ 1,900 (market) and > MM ≈ 955
    const r = run(DERIBIT_STANDARD, positions, [{ asset: "USDT", amount: 1_900 }]);
    expect(1_900 * pUSDT * (1 - hUSDT)).toBeLessThan(imRate * BTC.spot);
    expect(r.status).toBe("below-initial");
    expect(relErr(r.freeCollateral, 1_900 * pUSDT * (1 - hUSDT) - imRate * BTC.spot)).toBeLessThan(TOL);
    const both = run(BOTH_SIDES, positions, [{ asset: "USDT", amount: 1_900 }]);
    expect(both.status).toBe("below-initial");
    expect(both.initialEquity).toBeUndefined();
    expect(relErr(both.equity, 1_900 * pUSDT * (1 - hUSDT))).toBeLessThan(TOL);
  });

  it("isolated: allocations are checked against the collateral after haircuts, equity counts it at market value", () => {
    const iso: Position[] = [{ id: "p", kind: "perp", underlying: "BTC", size: 1, entryPrice: BTC.perpMark, isolatedMargin: 5_000 }];
    const r = run(DERIBIT_STANDARD, iso, collateral, "isolated");
    expect(relErr(r.freeCollateral, 10_000 * pUSDT * (1 - hUSDT) - 5_000)).toBeLessThan(TOL);
    expect(relErr(r.equity, 10_000 * pUSDT)).toBeLessThan(TOL);
    expect(relErr(r.initialEquity!, 10_000 * pUSDT * (1 - hUSDT))).toBeLessThan(TOL);
  });

  it("other venues keep haircuts on both sides (no flag)", () => {
    expect(BOTH_SIDES.haircutAppliesTo).toBe("both");
    expect(DERIBIT_STANDARD.haircutAppliesTo).toBe("initial");
  });
});
