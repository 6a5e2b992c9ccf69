import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { applyScenario, NO_SCENARIO, withSpotFactor } from "@/lib/market/scenario";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import type { NewPosition, SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { positionGreeks, preparePosition, valuePosition } from "@/lib/margin/valuation/position-value";
import { largestFactor, optionChain, payoffCurves, spotVolMatrix, stageAtMark, tradeImpact, tradeImpactExtras } from "./trade-impact";

/** Relative tolerance for numbers that must be the same computation (re-run in the test). */
const SAME = 1e-9;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

const hedged = DEMO_WORKSPACE.subAccounts[0]!;
const naked = DEMO_WORKSPACE.subAccounts[1]!;
const legs: NewPosition[] = [
  { kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 90_000, optionType: "put", size: -2, entryPrice: 1 },
  { kind: "perp", underlying: "BTC", size: 0.5, entryPrice: 1 },
];
const ok = <T extends object>(r: T | { error: string }): T => {
  if ("error" in r) throw new Error(r.error);
  return r;
};

describe("option chain", () => {
  it("shows the engine's own mark, IV and delta of each strike (the positions table's numbers)", () => {
    const scenario = withSpotFactor(NO_SCENARIO, "BTC", 1.05);
    const chain = optionChain(SAMPLE_SNAPSHOT, "BTC", scenario);
    const market = applyScenario(SAMPLE_SNAPSHOT, scenario);
    expect(chain.expiries.map((e) => e.id)).toEqual(SAMPLE_SNAPSHOT.underlyings.BTC.expiries.map((e) => e.id));
    const e = chain.expiries[3]!;
    const row = e.rows.find((r) => r.strike === 100_000)!;
    const p = preparePosition({ id: "x", kind: "option", underlying: "BTC", expiry: e.id, strike: 100_000, optionType: "put", size: 1, entryPrice: 1 }, market);
    if (typeof p === "string") throw new Error(p);
    const v = valuePosition(p);
    expect(row.put.mark).toBe(v.mark);
    expect(row.put.iv).toBe(v.iv);
    expect(row.put.delta).toBe(positionGreeks(p, v).delta);
    // ATM = the listed strike nearest the forward.
    expect(e.rows.every((r) => Math.abs(r.strike - e.forward) >= Math.abs(e.atmStrike - e.forward))).toBe(true);
    // Days to expiry: hand-computed, 2026-11-20 08:00 → 2026-12-25 08:00 = 35 days (before any days-forward).
    expect(optionChain(SAMPLE_SNAPSHOT, "BTC").expiries[3]!.days).toBeCloseTo(35, 9);
    // Deltas: calls in (0, 1), puts in (−1, 0) (put-call parity: call − put delta = forward's delta).
    for (const r of e.rows) {
      expect(r.call.delta).toBeGreaterThan(0);
      expect(r.put.delta).toBeLessThan(0);
    }
  });
});

describe("trade impact = the model with the legs − the model without", () => {
  it("matches computeSubAccount on both sides, with legs entered at the mark", () => {
    const impact = ok(tradeImpact(hedged, legs, SAMPLE_SNAPSHOT));
    const staged = stageAtMark(legs, SAMPLE_SNAPSHOT);
    const before = computeSubAccount(hedged, SAMPLE_SNAPSHOT);
    const after = computeSubAccount({ ...hedged, positions: [...hedged.positions, ...staged] }, SAMPLE_SNAPSHOT);
    if (!before.ok || !after.ok) throw new Error("model failed");
    expect(rel(impact.deltaIm, after.result.im - before.result.im)).toBeLessThan(SAME);
    expect(rel(impact.deltaMm, after.result.mm - before.result.mm)).toBeLessThan(SAME);
    expect(impact.after.freeCollateral).toBe(after.result.freeCollateral);
    expect(impact.before.equity).toBe(before.result.equity);
    // Entered at the mark: the legs add no P&L, so equity does not move.
    expect(rel(impact.after.equity, impact.before.equity)).toBeLessThan(SAME);
    expect(impact.legMarks[0]).toBe(staged[0]!.entryPrice);
    // A short put needs margin.
    expect(impact.deltaIm).toBeGreaterThan(0);
    expect(impact.pass).toBe(after.result.freeCollateral >= 0);
  });

  it("has a line per venue of the catalogue, each its own with − without", () => {
    const impact = ok(tradeImpact(hedged, legs, SAMPLE_SNAPSHOT));
    const extras = ok(tradeImpactExtras(hedged, legs, SAMPLE_SNAPSHOT));
    expect(extras.venues.length).toBeGreaterThan(3);
    const line = extras.venues.find((v) => v.profile.id === "deribit-standard");
    if (!line?.ok) throw new Error("no Deribit line");
    expect(rel(line.deltaIm, impact.deltaIm)).toBeLessThan(SAME); // the hedged demo is cross on deribit-standard
    // A perp-only venue refuses the options instead of showing a number.
    expect(extras.venues.some((v) => !v.ok)).toBe(true);
  });

  it("fails with a reason when IM would exceed equity, and the largest size sits on the boundary", () => {
    // 300,000 USDC: free collateral ≈ 45,500 USD before the trade (IM of the demo book ≈ 255,400).
    const poor: SubAccount = { ...hedged, collateral: [{ asset: "USDC", amount: 300_000 }] };
    const big: NewPosition[] = [{ kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 95_000, optionType: "put", size: -100, entryPrice: 1 }];
    const impact = ok(tradeImpact(poor, big, SAMPLE_SNAPSHOT));
    expect(impact.pass).toBe(false);
    expect(impact.failReason).toMatch(/^IM would exceed equity by \$/);
    const k = ok(tradeImpactExtras(poor, big, SAMPLE_SNAPSHOT)).largestFactor;
    expect(k).toBeGreaterThan(0);
    expect(k).toBeLessThan(1);
    const staged = stageAtMark(big, SAMPLE_SNAPSHOT);
    const freeAt = (f: number) => {
      const r = computeSubAccount({ ...poor, positions: [...poor.positions, ...staged.map((p) => ({ ...p, size: p.size * f }))] }, SAMPLE_SNAPSHOT, { lite: true });
      if (!r.ok) throw new Error(r.error);
      return r.result.freeCollateral;
    };
    expect(freeAt(k)).toBeGreaterThanOrEqual(0);
    // bisection to 1e-4 relative: 0.1 % more no longer fits
    expect(freeAt(k * 1.001)).toBeLessThan(0);
  });

  it("largest size for a perp on an isolated account; 0 when the account already fails", () => {
    const perp = stageAtMark([{ kind: "perp", underlying: "BTC", size: 1, entryPrice: 1 }], SAMPLE_SNAPSHOT);
    expect(largestFactor(naked, perp, SAMPLE_SNAPSHOT, {}, 1e6)).toBeGreaterThan(0);
    // 200,000 USDC: equity ≈ 201,000 < IM ≈ 255,400 before any trade.
    const failing: SubAccount = { ...hedged, collateral: [{ asset: "USDC", amount: 200_000 }] };
    expect(largestFactor(failing, perp, SAMPLE_SNAPSHOT, {}, 1e6)).toBe(0);
  });
});

describe("payoff and spot × vol matrix", () => {
  it("payoff today at spot is 0 and the legs-alone curve at expiry is the payoff at intrinsic", () => {
    const r = ok(payoffCurves(hedged, legs, SAMPLE_SNAPSHOT));
    const today = r.series.find((s) => s.horizon === "today")!;
    const atSpot = today.points.find((p) => Math.abs(p.price - r.spot) < 1e-6)!;
    expect(Math.abs(atSpot.account)).toBeLessThan(1e-6);
    expect(Math.abs(atSpot.trade)).toBeLessThan(1e-6);
    const expiry = r.series.find((s) => s.horizon === "expiry")!;
    // Nearest expiry of the legs: 2026-12-25, 35 days (hand-computed above).
    expect(expiry.days).toBeCloseTo(35, 9);
    // At −40 %: the put (K = 90,000) is worth 90,000 − 57,000 = 33,000 at intrinsic; the perp keeps its
    // premium over spot (mark = spot·(1 + 0.0002)). Trade P&L = −2·(33,000 − put mark) + 0.5·(perp mark·0.6 − perp mark).
    const staged = stageAtMark(legs, SAMPLE_SNAPSHOT);
    const low = expiry.points[0]!;
    const perpMark = SAMPLE_SNAPSHOT.underlyings.BTC.perpMark;
    const expected = -2 * (90_000 - 0.6 * 95_000 - staged[0]!.entryPrice) + 0.5 * (perpMark * 0.6 - perpMark);
    expect(rel(low.trade, expected)).toBeLessThan(1e-6);
  });

  it("matrix centre is P&L 0 with today's margin, in isolated mode too", () => {
    for (const sub of [hedged, naked]) {
      const m = ok(spotVolMatrix(sub, [], SAMPLE_SNAPSHOT));
      const centre = m.cells[m.volShiftsPts.indexOf(0)]![m.spotMovesPct.indexOf(0)]!;
      const now = computeSubAccount(sub, SAMPLE_SNAPSHOT, { lite: true });
      if (!now.ok) throw new Error(now.error);
      expect(Math.abs(centre.pnl)).toBeLessThan(1e-6);
      expect(rel(centre.im, now.result.im)).toBeLessThan(SAME);
    }
  });
});
