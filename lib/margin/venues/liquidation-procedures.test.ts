import { describe, expect, it } from "vitest";
import { getRulebook, RULEBOOKS } from "./catalogue";
import { FALLBACK_LIQUIDATION, LIQUIDATION_PROCEDURES, liquidationProcedureFor } from "./liquidation-procedures";

describe("liquidation procedures", () => {
  it("map only rulebooks the catalogue has, and every sourced rule carries an https address", () => {
    for (const [id, proc] of Object.entries(LIQUIDATION_PROCEDURES)) {
      expect(getRulebook(id), id).toBeDefined();
      expect(proc.sources.length).toBeGreaterThan(0);
      for (const s of proc.sources) expect(s.url).toMatch(/^https:\/\//);
      expect(proc.assumptions.length).toBeGreaterThan(0);
    }
  });

  it("carry the published figures (Hyperliquid 20 % above 100k USDC, 30 s, backstop at 2/3; dYdX 1.5 %; Derive 1.15 / 0.95; Deribit BTC 0.5 %, ETH 0.9 %, options 0.2 %)", () => {
    const hl = liquidationProcedureFor("hyperliquid");
    expect(hl.kind === "partial-then-full" && [hl.partialFraction, hl.largePositionUsd, hl.cooldownSeconds, hl.backstopFractionOfMm]).toEqual([0.2, 100_000, 30, 2 / 3]);
    const dydx = liquidationProcedureFor("dydx");
    expect(dydx.kind === "full-close" && dydx.maxPenaltyRate).toBe(0.015);
    const derive = liquidationProcedureFor("derive-standard");
    expect(derive.kind === "auction" && [derive.bufferScale, derive.startFactor, derive.fastCutoffFactor, derive.fastSeconds, derive.slowSeconds]).toEqual([1.15, 0.95, 0.7, 900, 43_200]);
    const deribit = liquidationProcedureFor("deribit-standard");
    expect(deribit.kind === "incremental" && [deribit.fees.linear.BTC, deribit.fees.linear.ETH, deribit.fees.option]).toEqual([0.005, 0.009, 0.002]);
  });

  it("rulebooks without a sourced procedure get the labelled fallback", () => {
    const unmapped = RULEBOOKS.filter((r) => !(r.id in LIQUIDATION_PROCEDURES));
    expect(unmapped.length).toBeGreaterThan(0);
    for (const r of unmapped) expect(liquidationProcedureFor(r.id)).toBe(FALLBACK_LIQUIDATION);
    expect(FALLBACK_LIQUIDATION.assumptions.join(" ")).toContain("ASSUMPTION");
  });
});
