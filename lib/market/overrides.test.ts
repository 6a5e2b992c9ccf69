import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { SAMPLE_SNAPSHOT } from "./sample-snapshot";
import { yearsBetween } from "./snapshot";
import { marketSnapshotSchema } from "./types";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { sviImpliedVol, validateSvi } from "@/lib/quant/svi";
import { relErr } from "@/lib/quant/precision";
import { applyOverrides, describeOverrides, pinSnapshot } from "./overrides";
import { MIN_SHIFTED_ATM_VOL } from "./limits";

/** Scaling by a ratio and back reproduces prices to about 1e-15 relative; allow 1e-12. */
const SCALE_REL_TOL = 1e-12;

const atmVol = (s: typeof SAMPLE_SNAPSHOT, u: "BTC" | "ETH" | "SOL", i: number) => {
  const e = s.underlyings[u].expiries[i]!;
  return sviImpliedVol(e.svi, 0, yearsBetween(s.asOf, e.expiryIso));
};

describe("applyOverrides", () => {
  it("no active override → the same snapshot (same id)", () => {
    expect(applyOverrides(SAMPLE_SNAPSHOT, {})).toBe(SAMPLE_SNAPSHOT);
    expect(applyOverrides(SAMPLE_SNAPSHOT, { BTC: { volShiftPts: 0 } })).toBe(SAMPLE_SNAPSHOT);
  });

  it("spot override: spot set; perp, forwards and moving collateral scale with it; others untouched", () => {
    const s = applyOverrides(SAMPLE_SNAPSHOT, { ETH: { spot: 3_740 } });
    // hand-computed: 3,740 / 3,400 = 1.1
    const f = 1.1;
    const a = SAMPLE_SNAPSHOT.underlyings.ETH;
    const b = s.underlyings.ETH;
    expect(b.spot).toBe(3_740);
    expect(relErr(b.perpMark, a.perpMark * f)).toBeLessThan(SCALE_REL_TOL);
    b.expiries.forEach((e, i) => expect(relErr(e.forward, a.expiries[i]!.forward * f)).toBeLessThan(SCALE_REL_TOL));
    expect(relErr(s.collateralPrices.ETH, 3_740)).toBeLessThan(SCALE_REL_TOL);
    expect(relErr(s.collateralPrices.wstETH, SAMPLE_SNAPSHOT.collateralPrices.wstETH * f)).toBeLessThan(SCALE_REL_TOL);
    expect(s.underlyings.BTC).toBe(SAMPLE_SNAPSHOT.underlyings.BTC);
    expect(s.collateralPrices.BTC).toBe(SAMPLE_SNAPSHOT.collateralPrices.BTC);
    expect(s.id).toBe("sample-2026-11-20~what-if(ETH:spot=3740)");
    expect(s.label).toMatch(/what-if \(ETH spot 3,740\)/);
    expect(s.source).toBe("sample");
    expect(marketSnapshotSchema.safeParse(s).success).toBe(true);
  });

  it("vol shift moves every expiry's ATM vol by exactly the points given, slices stay valid", () => {
    const s = applyOverrides(SAMPLE_SNAPSHOT, { BTC: { volShiftPts: 5 } });
    SAMPLE_SNAPSHOT.underlyings.BTC.expiries.forEach((e, i) => {
      expect(atmVol(s, "BTC", i) - atmVol(SAMPLE_SNAPSHOT, "BTC", i)).toBeCloseTo(0.05, 12); // 5 vol pts
      expect(validateSvi(s.underlyings.BTC.expiries[i]!.svi)).toBeNull();
      expect(s.underlyings.BTC.expiries[i]!.forward).toBe(e.forward);
    });
    expect(s.id).toBe("sample-2026-11-20~what-if(BTC:vol=5)");
  });

  it(`a large downward shift floors the ATM vol at ${MIN_SHIFTED_ATM_VOL * 100} %`, () => {
    const s = applyOverrides(SAMPLE_SNAPSHOT, { SOL: { volShiftPts: -100 } });
    s.underlyings.SOL.expiries.forEach((_, i) => expect(atmVol(s, "SOL", i)).toBeCloseTo(MIN_SHIFTED_ATM_VOL, 12));
  });

  it("distinct overrides give distinct ids; the engine prices the shifted snapshot higher for a long option", () => {
    const ids = new Set([
      applyOverrides(SAMPLE_SNAPSHOT, { BTC: { spot: 1 } }).id,
      applyOverrides(SAMPLE_SNAPSHOT, { BTC: { spot: 2 } }).id,
      applyOverrides(SAMPLE_SNAPSHOT, { ETH: { spot: 1 } }).id,
      applyOverrides(SAMPLE_SNAPSHOT, { BTC: { spot: 1, volShiftPts: 1 } }).id,
    ]);
    expect(ids.size).toBe(4);
    const sub = {
      ...DEMO_WORKSPACE.subAccounts[0]!,
      positions: [{ id: "x", kind: "option" as const, underlying: "BTC" as const, expiry: "2026-12-25", strike: 100_000, optionType: "call" as const, size: 1, entryPrice: 0 }],
    };
    const base = computeSubAccount(sub, SAMPLE_SNAPSHOT);
    const up = computeSubAccount(sub, applyOverrides(SAMPLE_SNAPSHOT, { BTC: { volShiftPts: 10 } }));
    if (!base.ok || !up.ok) throw new Error("engine failed");
    expect(up.result.equity).toBeGreaterThan(base.result.equity);
  });

  it("property: any valid overrides give a schema-valid snapshot with valid slices", () => {
    const ov = fc.record({ spot: fc.option(fc.double({ min: 0.01, max: 1e7, noNaN: true }), { nil: undefined }), volShiftPts: fc.option(fc.double({ min: -100, max: 100, noNaN: true }), { nil: undefined }) });
    fc.assert(
      fc.property(ov, ov, (btc, eth) => {
        const s = applyOverrides(SAMPLE_SNAPSHOT, { BTC: btc, ETH: eth });
        expect(marketSnapshotSchema.safeParse(s).success).toBe(true);
        for (const u of ["BTC", "ETH"] as const) for (const e of s.underlyings[u].expiries) expect(validateSvi(e.svi)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});

describe("describeOverrides / pinSnapshot", () => {
  it("describes active overrides in a fixed order", () => {
    expect(describeOverrides({ SOL: { volShiftPts: -3 }, BTC: { spot: 100_000, volShiftPts: 2 } })).toBe("BTC spot 100,000, BTC vol +2 pts; SOL vol −3 pts");
    expect(describeOverrides({})).toBe("");
  });

  it("a pinned copy has its own id and says so, once", () => {
    const p = pinSnapshot(SAMPLE_SNAPSHOT);
    expect(p.id).toBe("pinned:sample-2026-11-20");
    expect(p.label).toMatch(/pinned$/);
    expect(pinSnapshot(p)).toBe(p);
    expect(p.underlyings).toBe(SAMPLE_SNAPSHOT.underlyings);
  });
});
