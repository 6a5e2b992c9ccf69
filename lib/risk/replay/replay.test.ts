import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { NO_SCENARIO } from "@/lib/market/scenario";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { getRulebook } from "@/lib/margin/venues/catalogue";
import { liquidationProcedureFor } from "@/lib/margin/venues/liquidation-procedures";
import type { SubAccount } from "@/lib/workspace/schema";
import { SAMPLE_HISTORY } from "../history/returns";
import { gapPath } from "./paths";
import { replay } from "./replay";
import { BREACH_BISECTIONS, replayMode, stepScenario } from "./simulate";
import { DEFAULT_LIQUIDITY_USD, liquidityOf } from "./slippage";
import type { ReplayModeResult, ReplayPath } from "./types";

const S0 = SAMPLE_SNAPSHOT.underlyings.BTC.spot; // 95,000
const M0 = SAMPLE_SNAPSHOT.underlyings.BTC.perpMark; // 95,019
/** Equality of USD figures built from a few operations on ~1e5 numbers. */
const USD_TOLERANCE = 1e-6;
/** The moment of a breach is found to 2⁻¹⁴ of a step. */
const BREACH_TOLERANCE_HOURS = 2 ** -BREACH_BISECTIONS + 1e-12;

function perpBook(profileId: string, usdc: number, size: number, mode: SubAccount["mode"] = "cross"): SubAccount {
  return { id: "t", name: "t", mode, profileId, collateral: [{ asset: "USDC", amount: usdc }], positions: [{ id: "btc", kind: "perp", underlying: "BTC", size, entryPrice: M0 }] };
}

/** One mode of a sub-account along a path, with its own rulebook and procedure. */
function run(sub: SubAccount, path: ReplayPath, liquidityMultiplier = 1): Extract<ReplayModeResult, { ok: true }> {
  const rulebook = getRulebook(sub.profileId)!;
  const r = replayMode({ sub, rulebook, procedure: liquidationProcedureFor(sub.profileId), snapshot: SAMPLE_SNAPSHOT, base: NO_SCENARIO, path, liquidity: liquidityOf(liquidityMultiplier) });
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe("liquidation replay", () => {
  it("a book that never breaches has no events and its equity is plain revaluation (hand: 1,000,000 + (M0·f − M0))", () => {
    const path = gapPath(-30, 6, 20, 2, "all");
    const r = run(perpBook("deribit-standard", 1_000_000, 1), path);
    expect(r.events).toHaveLength(0);
    expect(r.survived).toBe(true);
    r.points.forEach((p, j) => {
      expect(p.equity).toBeCloseTo(1_000_000 + (M0 * path.moves.BTC!.spotFactor[j]! - M0), 6);
      expect(p.equityNoLiquidation).toBe(p.equity);
    });
    expect(r.finalEquityNoLiquidation).toBe(r.finalEquity);
  });

  it("Deribit, single BTC perp: breaches at the hand-computed hour and fills 10 % slices at the published 0.5 % fee", () => {
    // Cross, 2 BTC long at M0, 20,000 USDC. Deribit linear MM = (1 % + 0.005 %·2)·2·S on the index:
    // 20,000 + 2·M0·(f − 1) = 0.0101·2·S0·f  →  f* = (2·M0 − 20,000) / (2·M0 − 0.0202·S0);
    // along −30 % over 6 h, f(t) = 0.7^(t/6)  →  t* = 6·ln f* / ln 0.7.
    const fStar = (2 * M0 - 20_000) / (2 * M0 - 0.0202 * S0);
    const tStar = (6 * Math.log(fStar)) / Math.log(0.7);
    const r = run(perpBook("deribit-standard", 20_000, 2), gapPath(-30, 6, 0, 0, "BTC"));
    expect(r.firstBreachHour).not.toBeNull();
    expect(r.firstBreachHour! - tStar).toBeGreaterThanOrEqual(0);
    expect(r.firstBreachHour! - tStar).toBeLessThanOrEqual(BREACH_TOLERANCE_HOURS * 6);
    const e = r.events[0]!;
    expect(e.hour).toBe(r.firstBreachHour);
    expect(e.kind).toBe("partial");
    expect(e.sizeClosed).toBeCloseTo(-0.2, 12); // 10 % of 2 BTC
    // The mark is the perp mark moved by the path; the index (fee base) moves by the same factor.
    const f = 0.7 ** (e.hour / 6);
    expect(e.markPrice!).toBeCloseTo(M0 * f, 6);
    const s = 0.01 * Math.sqrt((0.2 * e.markPrice!) / DEFAULT_LIQUIDITY_USD.BTC);
    expect(e.fillPrice!).toBeCloseTo(e.markPrice! * (1 - s), 6);
    expect(e.slippageUsd).toBeCloseTo(0.2 * e.markPrice! * s, 6);
    expect(e.feeUsd).toBeCloseTo(0.005 * 0.2 * S0 * f, 6);
    expect(e.equityAfter).toBeCloseTo(e.equityBefore - e.feeUsd - e.slippageUsd, 6);
    // Every slice is 10 % of the size at the first liquidation (0.2 BTC), the last one what is left.
    let size = 2;
    for (const ev of r.events.filter((x) => x.sizeClosed !== null)) {
      expect(-ev.sizeClosed!).toBeCloseTo(Math.min(0.2, size), 9);
      size += ev.sizeClosed!;
    }
    expect(r.positionsLeft[0]!.sizeAfter).toBeCloseTo(size, 9);
  });

  it("Hyperliquid: a large position is cut 20 %, then — still below maintenance during the cool-down — closed whole; no fee", () => {
    // HL BTC tier 1: MM = 2·M0/(2·40) = 0.0125·2·M0 (on the mark). Equity 0.8 × MM: above the 2/3 backstop line.
    const mm0 = 0.0125 * 2 * M0;
    const r = run(perpBook("hyperliquid", 0.8 * mm0, 2), gapPath(-10, 4, 0, 0, "BTC"));
    expect(r.events.map((e) => [e.hour, e.kind, e.sizeClosed])).toEqual([
      [0, "partial", -0.4],
      [0, "full", -1.6],
    ]);
    expect(r.events.every((e) => e.feeUsd === 0)).toBe(true);
    // After the cut: MM = 0.0125·1.6·M0 = 0.8·mm0 and equity = 0.8·mm0 − slippage < MM: the cool-down rule applies.
    expect(r.events[0]!.equityAfter).toBeCloseTo(0.8 * mm0 - r.events[0]!.slippageUsd, 6);
    expect(r.events[0]!.mmAfter).toBeCloseTo(0.0125 * 1.6 * M0, 6);
    expect(r.positionsLeft[0]!.sizeAfter).toBe(0);
  });

  it("Hyperliquid: a large position whose cut restores maintenance is cut again by 20 % at the next crossing", () => {
    const r = run(perpBook("hyperliquid", 10_000, 2), gapPath(-30, 12, 0, 0, "BTC"));
    const partials = r.events.filter((e) => e.kind === "partial");
    expect(partials.length).toBeGreaterThanOrEqual(2);
    expect(partials[0]!.sizeClosed).toBeCloseTo(-0.4, 12);
    expect(partials[1]!.sizeClosed).toBeCloseTo(-0.32, 12); // 20 % of the 1.6 left
    expect(partials[1]!.hour).toBeGreaterThan(partials[0]!.hour);
  });

  it("Hyperliquid: below 2/3 of maintenance the backstop takes the positions and the margin left", () => {
    const mm0 = 0.0125 * 2 * M0;
    const r = run(perpBook("hyperliquid", 0.5 * mm0, 2), gapPath(-10, 2, 0, 0, "BTC"));
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.kind).toBe("backstop");
    expect(r.events[0]!.feeUsd).toBeCloseTo(0.5 * mm0, 6);
    expect(r.events[0]!.equityAfter).toBeCloseTo(0, 9);
    expect(r.finalEquity).toBeCloseTo(0, 9);
  });

  it("dYdX: the whole position is closed at once; the 1.5 % penalty stops at the equity left", () => {
    const r = run(perpBook("dydx", 20_000, 2), gapPath(-30, 6, 0, 0, "BTC"));
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    expect(e.kind).toBe("full");
    expect(e.sizeClosed).toBe(-2);
    const spot = S0 * (e.markPrice! / M0);
    expect(e.feeUsd).toBeCloseTo(Math.min(0.015 * 2 * spot, e.equityBefore - e.slippageUsd), 6);
    expect(e.equityAfter).toBeCloseTo(e.equityBefore - e.feeUsd - e.slippageUsd, 6);
    expect(r.positionsLeft[0]!.sizeAfter).toBe(0);
  });

  it("Bybit: a position in the third risk-limit tier is first cut down to the second tier's 2,600,000 USD limit", () => {
    const r = run(perpBook("bybit-cross", 20_000, 31), gapPath(-10, 10, 0, 0, "BTC"));
    const e = r.events[0]!;
    expect(e.kind).toBe("tier-cut");
    const notional = 31 * S0 * (e.markPrice! / M0);
    expect(notional).toBeGreaterThan(2_600_000);
    expect(-e.sizeClosed!).toBeCloseTo(31 * (1 - 2_600_000 / notional), 9);
    expect(e.equityAfter).toBeCloseTo(e.equityBefore - e.slippageUsd, 6);
  });

  it("OKX (portfolio rulebook, no position tiers): a breach is a full liquidation at the bankruptcy price, the equity left to the risk reserve fund", () => {
    const r = run(perpBook("okx-pm", 20_000, 2, "portfolio"), gapPath(-30, 6, 0, 0, "BTC"));
    const e = r.events[0]!;
    expect(e.kind).toBe("bankruptcy");
    expect(e.feeUsd).toBeCloseTo(e.equityBefore, 6);
    expect(e.equityAfter).toBeCloseTo(0, 6);
    expect(r.positionsLeft[0]!.sizeAfter).toBe(0);
  });

  it("Derive: the auction sells a share f of the sub-account at a 5 % discount until equity ≥ 1.15 × MM", () => {
    const r = run(perpBook("derive-standard", 20_000, 2), gapPath(-30, 6, 0, 0, "BTC"));
    const e = r.events.find((x) => x.kind === "auction")!;
    expect(e).toBeDefined();
    // The share sold, from the sizes: the perp left after the auction is (1 − f) of what it was before.
    const first = r.events.indexOf(e);
    const sizeBefore = r.events.slice(0, first).reduce((s, x) => s + (x.sizeClosed ?? 0), 2);
    expect(e.shareSold).toBeGreaterThan(0);
    expect(e.feeUsd).toBeCloseTo(0.05 * e.shareSold! * e.equityBefore, 6);
    if (first === r.events.length - 1) expect(r.positionsLeft[0]!.sizeAfter).toBeCloseTo(sizeBefore * (1 - e.shareSold!), 9);
    expect(e.slippageUsd).toBe(0);
    expect(e.equityAfter).toBeCloseTo(e.equityBefore - e.feeUsd, 6);
    expect(e.equityAfter).toBeGreaterThanOrEqual(1.15 * e.mmAfter - 1e-3);
  });

  it("isolated: a position past its margin loses at most its allocation", () => {
    const sub = { ...perpBook("deribit-standard", 100_000, 2, "isolated"), positions: [{ id: "btc", kind: "perp" as const, underlying: "BTC" as const, size: 2, entryPrice: M0, isolatedMargin: 10_000 }] };
    const r = run(sub, gapPath(-50, 1, 0, 0, "BTC"));
    expect(r.finalEquity).toBeGreaterThanOrEqual(100_000 - 10_000 - 1e-6);
    expect(r.events.length).toBeGreaterThan(0);
  });

  it("isolated, several positions: replayed position by position, the account is exactly the engine's isolated equity (collateral + Σ capped P&L)", () => {
    const sol = SAMPLE_SNAPSHOT.underlyings.SOL;
    const sub: SubAccount = {
      id: "iso",
      name: "iso",
      mode: "isolated",
      profileId: "deribit-standard",
      collateral: [
        { asset: "USDC", amount: 50_000 },
        { asset: "BTC", amount: 0.5 },
      ],
      positions: [
        { id: "btc", kind: "perp", underlying: "BTC", size: 2, entryPrice: M0, isolatedMargin: 8_000 },
        { id: "sol", kind: "perp", underlying: "SOL", size: -100, entryPrice: sol.perpMark, isolatedMargin: 5_000 },
      ],
    };
    const path = gapPath(-20, 4, 10, 2, "all");
    const r = run(sub, path);
    expect(r.eventEquityScope).toBe("position");
    // The BTC long (8,000 on 190,038 notional) is liquidated; the SOL short gains and is never touched.
    expect(r.events.every((e) => e.positionId === "btc")).toBe(true);
    expect(r.events.length).toBeGreaterThan(0);
    expect(r.positionsLeft.find((p) => p.id === "sol")!.sizeAfter).toBe(-100);
    // An isolated event's equity is the position's own: at the crossing, allocation + P&L = its MM
    // (Deribit, hand: (1 % + 0.005 %·2)·2·S), within the bisection's step.
    const e0 = r.events[0]!;
    const spotAtFill = S0 * (e0.markPrice! / M0);
    expect(Math.abs(e0.equityBefore / (0.0101 * 2 * spotAtFill) - 1)).toBeLessThan(0.02);
    // Without liquidation the decomposed account equals the engine's isolated account, step by step.
    r.points.forEach((p, j) => {
      const e = computeSubAccount(sub, SAMPLE_SNAPSHOT, { scenario: stepScenario(NO_SCENARIO, path, j), lite: true });
      if (!e.ok) throw new Error(e.error);
      expect(p.equityNoLiquidation).toBeCloseTo(e.result.equity, 6);
      if (j === 0) expect(p.mm).toBeCloseTo(e.result.mm, 6);
    });
  });

  it("options on the path past their expiry settle (the untouched book equals the engine 200 hours forward)", () => {
    const sub: SubAccount = {
      id: "o",
      name: "o",
      mode: "cross",
      profileId: "deribit-standard",
      collateral: [{ asset: "USDC", amount: 100_000 }],
      positions: [{ id: "c", kind: "option", underlying: "ETH", expiry: "2026-11-27", strike: 3_600, optionType: "call", size: -2, entryPrice: 50 }],
    };
    const r = run(sub, gapPath(0, 1, 0, 199, "all"));
    const later = computeSubAccount(sub, SAMPLE_SNAPSHOT, { scenario: stepScenario(NO_SCENARIO, gapPath(0, 1, 0, 199, "all"), 200), lite: true });
    if (!later.ok) throw new Error(later.error);
    expect(r.finalEquity).toBeCloseTo(later.result.equity, 6);
    // Settled out of the money (ETH 3,400 < 3,600): the short keeps the premium, equity = 100,000 + 2·50.
    expect(r.finalEquity).toBeCloseTo(100_000 + 2 * 50, 6);
  });

  it("properties (fixed seed): liquidation never grows or flips a position; every fill costs exactly fee + slippage (cross)", () => {
    const venues = ["deribit-standard", "hyperliquid", "dydx", "bybit-cross", "derive-standard"];
    fc.assert(
      fc.property(
        fc.constantFrom(...venues),
        fc.double({ min: -60, max: -5, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 2_000, max: 60_000, noNaN: true }),
        fc.array(fc.tuple(fc.constantFrom("BTC" as const, "ETH" as const, "SOL" as const), fc.double({ min: 0.1, max: 5, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 3 }),
        (profileId, movePct, hours, usdc, legs) => {
          const positions = legs.map(([u, k, long], i) => {
            const m = SAMPLE_SNAPSHOT.underlyings[u];
            const size = ((long ? 1 : -1) * k * 100_000) / m.spot; // 10k … 500k USD
            return { id: `p${i}`, kind: "perp" as const, underlying: u, size, entryPrice: m.perpMark };
          });
          const sub: SubAccount = { id: "p", name: "p", mode: "cross", profileId, collateral: [{ asset: "USDC", amount: usdc }], positions };
          const r = run(sub, gapPath(movePct, hours, 10, 2, "all"));
          for (const p of r.positionsLeft) {
            expect(Math.abs(p.sizeAfter)).toBeLessThanOrEqual(Math.abs(p.sizeBefore) + 1e-12);
            expect(p.sizeAfter * p.sizeBefore).toBeGreaterThanOrEqual(0);
          }
          for (const e of r.events) {
            if (e.kind === "backstop" || e.kind === "insolvent" || e.kind === "bankruptcy") expect(e.equityAfter).toBeCloseTo(0, 6);
            else expect(Math.abs(e.equityAfter - (e.equityBefore - e.feeUsd - e.slippageUsd))).toBeLessThan(USD_TOLERANCE * Math.max(1, Math.abs(e.equityBefore)));
          }
          expect(r.finalEquity).toBeGreaterThanOrEqual(-USD_TOLERANCE);
        },
      ),
      { seed: 1515, numRuns: 40 },
    );
  });

  it("compares the three margin modes side by side on the same path, the sub-account's own mode first", () => {
    const sub: SubAccount = { ...perpBook("deribit-standard", 20_000, 2) };
    const r = replay(sub, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, { path: { kind: "gap", movePct: -30, hours: 6, volUpPts: 20, underlying: "all" } });
    if (typeof r === "string") throw new Error(r);
    expect(r.modes.map((m) => m.mode)).toEqual(["cross", "isolated", "portfolio"]);
    expect(r.modes.every((m) => m.ok)).toBe(true);
    const portfolio = r.modes[2]!;
    if (portfolio.ok) expect(portfolio.profileId).toBe("deribit-style-pm");
    expect(r.slippage.note).toContain("ASSUMPTION");
  });

  it("reports progress from 0 to 1 across the modes", () => {
    const seen: number[] = [];
    replay(perpBook("deribit-standard", 20_000, 2), SAMPLE_SNAPSHOT, SAMPLE_HISTORY, { path: { kind: "gap", movePct: -10, hours: 48, volUpPts: 0, underlying: "all" } }, NO_SCENARIO, (f) => seen.push(f));
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]!))).toBe(true);
    expect(seen[seen.length - 1]).toBe(1);
  });
});
