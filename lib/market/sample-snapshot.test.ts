import { describe, expect, it } from "vitest";
import { validateSvi } from "@/lib/quant/svi";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { SAMPLE_SNAPSHOT } from "./sample-snapshot";
import { findExpiry, yearsBetween } from "./snapshot";
import { UNDERLYINGS } from "./types";

describe("sample snapshot", () => {
  it("is labelled as sample data", () => {
    expect(SAMPLE_SNAPSHOT.source).toBe("sample");
    expect(SAMPLE_SNAPSHOT.label).toMatch(/sample/i);
  });

  it.each(UNDERLYINGS)("%s has ≥ 6 expiries from 1 day to 6 months, valid SVI slices and listed strikes", (u) => {
    const m = SAMPLE_SNAPSHOT.underlyings[u];
    expect(m.expiries.length).toBeGreaterThanOrEqual(6);
    const days = m.expiries.map((e) => yearsBetween(SAMPLE_SNAPSHOT.asOf, e.expiryIso) * 365);
    expect(Math.min(...days)).toBeCloseTo(1, 6);
    expect(Math.max(...days)).toBeGreaterThanOrEqual(182);
    for (const e of m.expiries) {
      expect(validateSvi(e.svi)).toBeNull();
      expect(e.strikes.length).toBeGreaterThan(5);
      expect(e.strikes.some((k) => k < m.spot) && e.strikes.some((k) => k > m.spot)).toBe(true);
    }
  });

  it("every demo position refers to a listed expiry and strike", () => {
    for (const sub of DEMO_WORKSPACE.subAccounts) {
      for (const p of sub.positions) {
        if (p.kind === "perp") continue;
        const e = findExpiry(SAMPLE_SNAPSHOT, p.underlying, p.expiry);
        expect(e, `${p.underlying} ${p.expiry}`).toBeDefined();
        if (p.kind === "option") expect(e!.strikes).toContain(p.strike);
      }
    }
  });
});
