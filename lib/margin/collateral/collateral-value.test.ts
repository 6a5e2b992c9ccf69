import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { NO_SCENARIO } from "@/lib/market/scenario";
import type { NewPosition, SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { collateralDailyVol, referenceVol } from "@/lib/market/reference-vol";

const snap = SAMPLE_SNAPSHOT;
const BTC = snap.underlyings.BTC;

function sub(collateral: SubAccount["collateral"], positions: NewPosition[] = [], extra: Partial<SubAccount> = {}): SubAccount {
  return { id: "c", name: "c", mode: "cross", profileId: "deribit-standard", collateral, positions: positions.map((p, i) => ({ ...p, id: `p${i}` }) as SubAccount["positions"][number]), ...extra };
}

describe("collateral under haircut models", () => {
  it("dynamic haircut: h = min(cap, 2.33·σ_daily·k·√2 + 1%); raising collateral vol ×k raises it and lowers free collateral", () => {
    const s = sub([{ asset: "BTC", amount: 2 }], [], { haircutModel: "dynamic" });
    const sigma = collateralDailyVol(snap, "BTC");
    expect(sigma).toBeCloseTo(referenceVol(snap, "BTC") / Math.sqrt(365), 15);
    const at = (k: number) => {
      const r = computeSubAccount(s, snap, { scenario: { ...NO_SCENARIO, collateralVolMultiplier: k } });
      if (!r.ok) throw new Error(r.error);
      return r.result;
    };
    const h1 = Math.min(0.5, 2.33 * sigma * Math.sqrt(2) + 0.01); // haircut-presets.ts parameters
    expect(at(1).collateral[0]!.haircut).toBeCloseTo(h1, 12);
    // Deribit-style haircuts count on the IM side: the value after haircuts is the IM-side equity
    expect(at(1).initialEquity!).toBeCloseTo(2 * BTC.spot * (1 - h1), 6);
    expect(at(2).collateral[0]!.haircut).toBeGreaterThan(at(1).collateral[0]!.haircut);
    expect(at(2).freeCollateral).toBeLessThan(at(1).freeCollateral);
    expect(at(10).collateral[0]!.haircut).toBe(0.5); // capped
  });

  it("tiered haircut: value tiers as in the preset (hand-computed)", () => {
    const r = computeSubAccount(sub([{ asset: "BTC", amount: 20 }], [], { haircutModel: "tiered" }), snap);
    if (!r.ok) throw new Error(r.error);
    const mv = 20 * BTC.spot; // 1.9M: 1M at 0.95 + 0.9M at 0.9
    expect(r.result.initialEquity!).toBeCloseTo(1_000_000 * 0.95 + (mv - 1_000_000) * 0.9, 6);
  });

  it("wstETH is valued through ETH with a 3% de-peg haircut on top of ETH's model", () => {
    const r = computeSubAccount(
      sub(
        [
          { asset: "wstETH", amount: 10 },
          { asset: "ETH", amount: 10 },
        ],
        [],
        { haircutModel: "tiered" },
      ),
      snap,
    );
    if (!r.ok) throw new Error(r.error);
    const [w, e] = r.result.collateral;
    expect(1 - w!.haircut).toBeCloseTo((1 - e!.haircut) * 0.97, 12);
  });

  it("portfolio mode shows wrong-way risk: BTC collateral behind short BTC puts needs more than USDC of the same value", () => {
    const puts: NewPosition[] = [{ kind: "option", underlying: "BTC", expiry: BTC.expiries[3]!.id, strike: 90_000, optionType: "put", size: -5, entryPrice: 3_000 }];
    const value = 3 * BTC.spot;
    const withBtc = computeSubAccount(sub([{ asset: "BTC", amount: 3 }], puts, { mode: "portfolio", profileId: "deribit-style-pm" }), snap, { lite: true });
    const withUsdc = computeSubAccount(sub([{ asset: "USDC", amount: value }], puts, { mode: "portfolio", profileId: "deribit-style-pm" }), snap, { lite: true });
    if (!withBtc.ok || !withUsdc.ok) throw new Error("failed");
    // in the spot-down scenarios the BTC collateral loses value exactly when the puts lose
    expect(withBtc.result.mm).toBeGreaterThan(withUsdc.result.mm);
  });
});

describe("haircut presets and venues that refuse an asset", () => {
  it("a preset never makes a USDC-only venue (Hyperliquid) count BTC collateral", () => {
    const perp: NewPosition[] = [{ kind: "perp", underlying: "ETH", size: 10, entryPrice: snap.underlyings.ETH.perpMark }];
    for (const model of ["venue", "dynamic", "tiered", "size-scaled"] as const) {
      const r = computeSubAccount(sub([{ asset: "BTC", amount: 10 }], perp, { profileId: "hyperliquid", haircutModel: model }), snap, { lite: true });
      if (!r.ok) throw new Error(r.error);
      expect(r.result.collateralValue).toBe(0);
    }
  });
});

describe("collateral yield", () => {
  it("wstETH reports its staking yield (3 % a year, a MarginLab assumption) in every model; USDC yields nothing", () => {
    for (const [mode, profileId] of [
      ["cross", "deribit-standard"],
      ["portfolio", "deribit-style-pm"],
      ["cross", "derive-standard"],
    ] as const) {
      const r = computeSubAccount(
        sub(
          [
            { asset: "wstETH", amount: 10 },
            { asset: "USDC", amount: 1_000 },
          ],
          [],
          { mode, profileId },
        ),
        snap,
      );
      if (!r.ok) throw new Error(r.error);
      const [wst, usdc] = r.result.collateral;
      // hand-computed: 10 wstETH × its sample price × 0.03
      expect(wst!.annualYieldUsd).toBeCloseTo(10 * snap.collateralPrices.wstETH * 0.03, 9);
      expect(wst!.yieldApr).toBe(0.03);
      expect(usdc!.annualYieldUsd).toBe(0);
    }
  });
});
