import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { computeSubAccount } from "@/lib/margin/models/compute";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { greeksMargin, gridFor } from "./greeks-margin";

const snap = SAMPLE_SNAPSHOT;
const S = snap.underlyings.BTC.spot;
const M = snap.underlyings.BTC.perpMark;
const sub = (positions: Position[], profileId = "deribit-standard"): SubAccount => ({
  id: "g",
  name: "g",
  mode: profileId.endsWith("pm") || profileId === "derive-pm2" ? "portfolio" : "cross",
  profileId,
  collateral: [{ asset: "USDC", amount: 1e6 }],
  positions,
});
const perp = (size: number): Position => ({ id: `perp${size}`, kind: "perp", underlying: "BTC", size, entryPrice: M });
const REL = 1e-9;

describe("Greeks-based margin", () => {
  it("shock sizes from the rulebook's grid: Deribit-style standard → its PM counterpart, ±16 %", () => {
    expect(gridFor("deribit-standard").id).toBe("deribit-style-pm");
    expect(gridFor("derive-pm2").id).toBe("derive-pm2");
  });

  it("a long perp: delta charge = |Δ$|·16 % = full-revaluation worst loss; the hedge zeroes it", () => {
    // delta of 1 perp = M/S coins (engine convention), Δ$ = M; charge = 0.16·M; worst grid loss: spot −16 % → M·0.16.
    const r = greeksMargin(sub([perp(1)]), snap);
    if (typeof r === "string") throw new Error(r);
    const row = r.rows[0]!;
    expect(row.spotShock).toBeCloseTo(0.16, 12); // |0.84 − 1| in binary
    const delta = row.charges.find((c) => c.part === "delta")!;
    expect(Math.abs(delta.usd - 0.16 * M)).toBeLessThan(REL * M);
    expect(Math.abs(row.fullRevaluationUsd - 0.16 * M)).toBeLessThan(REL * M);
    expect(delta.hedge).toBe("sell 1.00 BTC perp → delta charge 0");
    const hedged = greeksMargin(sub([perp(1), perp(-1)]), snap);
    if (typeof hedged === "string") throw new Error(hedged);
    expect(hedged.rows[0]!.charges.find((c) => c.part === "delta")!.usd).toBe(0);
  });

  it("a short call: gamma and vega charges from the engine's Greeks; Taylor is an estimate of the full revaluation", () => {
    const call: Position = { id: "c", kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 95_000, optionType: "call", size: -5, entryPrice: 3000 };
    const s = sub([call]);
    const r = greeksMargin(s, snap);
    if (typeof r === "string") throw new Error(r);
    const eng = computeSubAccount(s, snap, { lite: true });
    if (!eng.ok) throw new Error(eng.error);
    const g = eng.result.greeks.BTC!.positions;
    const row = r.rows[0]!;
    const gamma = row.charges.find((c) => c.part === "gamma")!;
    // ½·max(0, −Γ)·(S·h)²
    expect(Math.abs(gamma.usd - 0.5 * -g.gamma * (S * 0.16) ** 2)).toBeLessThan(REL * gamma.usd);
    expect(gamma.hedge).toMatch(/^buy [\d.,]+ BTC-\d+[A-Z]{3}\d{2}-\d+-C → gamma charge 0/);
    const vega = row.charges.find((c) => c.part === "vega")!;
    expect(vega.usd).toBeCloseTo(-g.vega * row.volShockPts, 6); // short vega → vol up shock
    expect(row.taylorUsd).toBeGreaterThan(0);
    expect(row.fullRevaluationUsd).toBeGreaterThan(0);
    // theta over the horizon: a short option earns theta → no theta charge
    expect(greeksMargin(s, snap, undefined, 5)).toMatchObject({ horizonDays: 5 });
  });

  it("an unknown expiry is a message", () => {
    expect(greeksMargin(sub([{ id: "f", kind: "future", underlying: "BTC", expiry: "2031-01-01", size: 1, entryPrice: 1 }]), snap)).toMatch(/not in the market snapshot/);
  });
});
