import { describe, it, expect } from "vitest";
import { relErr } from "@/lib/quant/precision";
import { shortOptionRuleRequirement } from "@/lib/margin/rules/short-options";
import { AEVO_STANDARD } from "./aevo";
import { DERIBIT_STANDARD } from "./deribit";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;

describe("aevo-standard", () => {
  it("short options: IM max(0.15 − OTM/S, 0.1)·S + mark, call MM 0.1·S + mark, put MM max(0.1·S, 0.1·mark) + mark (margin-models.md §2.2, Aevo standard)", () => {
    expect(AEVO_STANDARD.shortOptions).toEqual({ kind: "deribit-family", imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.1, mmPutSpotRate: 0.1, mmPutMarkRate: 0.1 });
    // hand-computed: S = 3,000, short 3,000 call (ATM), mark 120 → IM = 0.15·3,000 + 120 = 570; MM = 0.1·3,000 + 120 = 420
    const r = shortOptionRuleRequirement(AEVO_STANDARD.shortOptions, { isCall: true, spot: 3_000, strike: 3_000, mark: 120, entry: 120, qty: 1 })!;
    expect(relErr(r.im, 570)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 420)).toBeLessThan(EXACT_REL_TOL);
  });

  it("perps/futures and collateral reuse the Deribit-style numbers (assumption, named in notes)", () => {
    expect(AEVO_STANDARD.linear).toEqual(DERIBIT_STANDARD.linear);
    expect(AEVO_STANDARD.haircuts).toEqual(DERIBIT_STANDARD.haircuts);
    expect(AEVO_STANDARD.notes.some((n) => /Deribit-style rates/.test(n))).toBe(true);
  });

  it("lists futures and options; isolated and cross", () => {
    expect(AEVO_STANDARD.lists).toEqual({ futures: true, options: true });
    expect(AEVO_STANDARD.modes).toEqual(["isolated", "cross"]);
    expect(AEVO_STANDARD).toMatchObject({ id: "aevo-standard", venue: "Aevo", version: "1.0.0", asOf: "2026-11-20" });
  });
});
