import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { NewPosition, SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "./compute";
import { offsetSavings } from "@/lib/margin/analyses/offsets";
import { computePortfolioMargin } from "@/lib/margin/models/pm/from-sub-account";
import { DERIBIT_STYLE_PM } from "@/lib/margin/venues/deribit";
import { DERIVE_PM2 } from "@/lib/margin/venues/derive";
import { applyScenario, NO_SCENARIO } from "@/lib/market/scenario";

const snap = SAMPLE_SNAPSHOT;
const BTC = snap.underlyings.BTC;
const e = BTC.expiries[3]!;

function sub(positions: NewPosition[], mode: SubAccount["mode"], profileId: string): SubAccount {
  return { id: "pm", name: "pm", mode, profileId, collateral: [{ asset: "USDC", amount: 200_000 }], positions: positions.map((p, i) => ({ ...p, id: `p${i}` }) as SubAccount["positions"][number]) };
}

// A covered call: long 5 BTC perp, short 5 calls 10% out of the money.
const coveredCall: NewPosition[] = [
  { kind: "perp", underlying: "BTC", size: 5, entryPrice: BTC.perpMark },
  { kind: "option", underlying: "BTC", expiry: e.id, strike: 105_000, optionType: "call", size: -5, entryPrice: 2_500 },
];

describe("portfolio mode", () => {
  it("gives the PM engine's own numbers for the sub-account", () => {
    const r = computeSubAccount(sub(coveredCall, "portfolio", "deribit-style-pm"), snap);
    const direct = computePortfolioMargin(sub(coveredCall, "portfolio", "deribit-style-pm"), snap, { params: DERIBIT_STYLE_PM.grid, collateralHaircuts: { USDC: 0 } });
    if (!r.ok || !direct.ok) throw new Error("failed");
    expect(r.result.im).toBe(direct.result.im);
    expect(r.result.mm).toBe(direct.result.mm);
    expect(r.result.equity).toBe(direct.result.mtm);
    expect(r.result.perPositionRequirements).toBe(false);
    expect(r.result.portfolio?.underlyings[0]?.heatmap.pnlUsd.length).toBeGreaterThan(0);
  });

  it("a covered call frees margin under portfolio margin: saving > 0 against standalone", () => {
    const r = offsetSavings(sub(coveredCall, "portfolio", "deribit-style-pm"), snap);
    if (!r.ok) throw new Error(r.error);
    expect(r.savings.savedUsd).toBeGreaterThan(0);
    const pm = r.savings.byMode.find((m) => m.mode === "portfolio")!;
    expect(pm.savedUsd).toBe(r.savings.savedUsd);
    // standard cross margin does not net the legs: its saving is 0 (each leg's rule applies alone)
    const cross = r.savings.byMode.find((m) => m.mode === "cross")!;
    expect(Math.abs(cross.savedUsd!)).toBeLessThan(1e-6);
    // the short call is the costly leg alone, and the perp hedges it: its incremental IM is below its standalone IM
    const perp = r.savings.positions[0]!;
    expect(perp.incrementalIm).toBeLessThan(perp.standaloneIm);
  });

  it("applies a what-if move through the scenario: a −10% BTC move equals the PM engine on a snapshot moved by hand", () => {
    const s = sub(coveredCall, "portfolio", "derive-pm2");
    const a = computeSubAccount(s, snap, { scenario: { ...NO_SCENARIO, moves: { BTC: { spotFactor: 0.9, volShiftPts: 0 } } }, lite: true });
    // hand-moved snapshot: spot, perp mark and every BTC forward × 0.9, smiles unchanged (sticky moneyness)
    const m = snap.underlyings.BTC;
    const byHand = { ...snap, underlyings: { ...snap.underlyings, BTC: { ...m, spot: m.spot * 0.9, perpMark: m.perpMark * 0.9, expiries: m.expiries.map((x) => ({ ...x, forward: x.forward * 0.9 })) } } };
    const b = computePortfolioMargin(s, byHand, { params: DERIVE_PM2.grid, collateralHaircuts: { USDC: 0 } });
    if (!a.ok || !b.ok) throw new Error("failed");
    expect(a.result.mm).toBeCloseTo(b.result.mm, 6);
    expect(a.result.im).toBeCloseTo(b.result.im, 6);
    expect(a.result.equity).toBeCloseTo(b.result.mtm, 6);
  });

  it("the vol shift adds exactly the shift at the money (SVI scaled by c²)", () => {
    const shifted = applyScenario(snap, { ...NO_SCENARIO, moves: { BTC: { spotFactor: 1, volShiftPts: 10 } } });
    const T = (Date.parse(e.expiryIso) - Date.parse(snap.asOf)) / (365 * 864e5);
    const atm = (svi: typeof e.svi) => Math.sqrt((svi.a + svi.b * svi.sigma) / T); // w(0) = a + bσ when m = 0 (sample slices have m = 0)
    const after = shifted.underlyings.BTC.expiries[3]!.svi;
    expect(atm(after) - atm(e.svi)).toBeCloseTo(0.1, 12);
  });
});

describe("Derive standard on a sub-account", () => {
  it("nets a call spread by max loss: IM below the sum of the isolated short-leg requirement", () => {
    const spread: NewPosition[] = [
      { kind: "option", underlying: "BTC", expiry: e.id, strike: 100_000, optionType: "call", size: -2, entryPrice: 4_000 },
      { kind: "option", underlying: "BTC", expiry: e.id, strike: 105_000, optionType: "call", size: 2, entryPrice: 2_500 },
    ];
    const r = computeSubAccount(sub(spread, "cross", "derive-standard"), snap);
    if (!r.ok) throw new Error(r.error);
    // max loss of the spread at settlement = 2 × (105,000 − 100,000) = 10,000 (hand-computed), far below 10%·S per short call
    expect(r.result.mm).toBeLessThanOrEqual(10_000 + 1e-6);
    expect(r.result.im).toBeLessThan(2 * 0.1 * BTC.spot);
  });

  it("refuses isolated mode and dated futures with a clear message", () => {
    const iso = computeSubAccount(sub([], "isolated", "derive-standard"), snap);
    expect(!iso.ok && iso.error).toContain("cross-margin manager");
    const fut = computeSubAccount(sub([{ kind: "future", underlying: "BTC", expiry: e.id, size: 1, entryPrice: 1 }], "cross", "derive-standard"), snap);
    expect(!fut.ok && fut.error).toContain("no dated futures");
  });
});

describe("days forward in portfolio mode", () => {
  it("a lone option decays the same way as in the per-position valuation (same equity after 30 days)", () => {
    const one: NewPosition[] = [{ kind: "option", underlying: "BTC", expiry: e.id, strike: 105_000, optionType: "call", size: -1, entryPrice: 3_000 }];
    const days = { ...NO_SCENARIO, daysForward: 30 };
    const standard = computeSubAccount(sub(one, "cross", "deribit-standard"), snap, { scenario: days, lite: true });
    const pm = computeSubAccount(sub(one, "portfolio", "deribit-style-pm"), snap, { scenario: days, lite: true });
    if (!standard.ok || !pm.ok) throw new Error("failed");
    // both: 200,000 USDC + 3,000 premium − the option's mark after 30 days (USDC has no haircut in either)
    expect(pm.result.equity).toBeCloseTo(standard.result.equity, 6);
    const now = computeSubAccount(sub(one, "portfolio", "deribit-style-pm"), snap, { lite: true });
    if (!now.ok) throw new Error(now.error);
    expect(pm.result.equity).toBeGreaterThan(now.result.equity); // the short option decayed
  });
});
