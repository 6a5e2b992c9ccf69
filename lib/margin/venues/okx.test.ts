import { describe, it, expect } from "vitest";
import { relErr } from "@/lib/quant/precision";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { yearsBetween } from "@/lib/market/snapshot";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { computeWithRulebook } from "@/lib/margin/models/compute";
import { compareVenues } from "@/lib/margin/analyses/venue-comparison";
import { incrementalTiers } from "@/lib/margin/models/okx-pm/tiers";
import { OKX_MR7_SCALING_URL, OKX_MR7_TIERS_2025, OKX_MR7_TIERS_BEFORE_2025, OKX_MR9_EXAMPLE_COPY_URL, OKX_PM } from "./okx";

/** Values exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;
/** OKX's examples are published in whole USD. */
const PUBLISHED_WHOLE_USD = 0.5;

const snap = SAMPLE_SNAPSHOT;

function sub(positions: Position[], collateral: SubAccount["collateral"] = [{ asset: "USDC", amount: 1_000_000 }]): SubAccount {
  return { id: "okx", name: "okx", mode: "portfolio", profileId: OKX_PM.id, collateral, positions };
}

function compute(s: SubAccount) {
  const r = computeWithRulebook(s, OKX_PM, snap, { lite: true });
  if (!r.ok) throw new Error(r.error);
  const okx = r.result.portfolio?.okx;
  if (!okx) throw new Error("no OKX breakdown");
  return { result: r.result, okx };
}

describe("OKX worked examples (table)", () => {
  // [name, address, amount, tiers, published, page rounding]
  const cases = [
    // OKX 2021: "MR7_adj = 10,000 + (30,000-10,000)*2 = 50,000USD" on the BTC-USD table of the time.
    ["MR7 scaling factor, raw 30,000 USD on the BTC/ETH table (December 2021)", OKX_MR7_SCALING_URL, 30_000, OKX_MR7_TIERS_BEFORE_2025, 50_000],
    // OKX's MR9 example (third-party copy): 1M × 0.75 % + 4M × 1.75 % + 5M × 2.5 % = 202,500 USD on a 10M hedge.
    [
      "MR9 stablecoin de-peg, 10,000,000 USD hedged across stablecoins",
      OKX_MR9_EXAMPLE_COPY_URL,
      10_000_000,
      [
        { upToUsd: 1_000_000, value: 0.0075 },
        { upToUsd: 5_000_000, value: 0.0175 },
        { upToUsd: null, value: 0.025 },
      ],
      202_500,
    ],
  ] as const;
  it.each(cases)("%s (%s)", (_name, _url, amount, tiers, published) => {
    expect(Math.abs(incrementalTiers(amount, tiers) - published)).toBeLessThanOrEqual(PUBLISHED_WHOLE_USD);
  });

  it("January 2025 MR7 tiers, hand arithmetic: raw 600,000 → 250,000×1 + 250,000×2 + 100,000×4 = 1,150,000", () => {
    expect(relErr(incrementalTiers(600_000, OKX_MR7_TIERS_2025), 1_150_000)).toBeLessThan(EXACT_REL_TOL);
    // within tier 1 the multiplier is 1
    expect(incrementalTiers(200_000, OKX_MR7_TIERS_2025)).toBe(200_000);
    expect(incrementalTiers(0, OKX_MR7_TIERS_2025)).toBe(0);
    expect(incrementalTiers(-5, OKX_MR7_TIERS_2025)).toBe(0);
  });
});

describe("OKX portfolio margin parameters (January 2025 notice)", () => {
  it("BTC/ETH: MR1 ±0/4/8/12 %, MR6 ±24 %, MR4 5 % a year; SOL: ±0/6/12/18 %, ±36 %, 15 %; IMR = 1.3 × MMR", () => {
    for (const u of ["BTC", "ETH"] as const) {
      expect(OKX_PM.okx.units[u].spotMoves).toEqual([0, 0.04, 0.08, 0.12]);
      expect(OKX_PM.okx.units[u].extremeMove).toBe(0.24);
      expect(OKX_PM.okx.units[u].basisAnnual).toBe(0.05);
    }
    expect(OKX_PM.okx.units.SOL.spotMoves).toEqual([0, 0.06, 0.12, 0.18]);
    expect(OKX_PM.okx.units.SOL.extremeMove).toBe(0.36);
    expect(OKX_PM.okx.units.SOL.basisAnnual).toBe(0.15);
    expect(OKX_PM.okx.imToMm).toBe(1.3);
    expect(OKX_PM.notes.some((n) => n.includes("assumption"))).toBe(true);
  });
});

describe("OKX portfolio margin model (hand arithmetic on the sample snapshot)", () => {
  const btc = snap.underlyings.BTC;

  it("long 1 BTC perp: MR1 = 12 % × mark, MR6 = 24 % × mark (dominant), MR7 raw = 0.1 % × spot; MMR = MR6, IMR = 1.3 × MMR", () => {
    const { okx, result } = compute(sub([{ id: "p", kind: "perp", underlying: "BTC", size: 1, entryPrice: btc.perpMark }]));
    const u = okx.units[0]!;
    expect(relErr(u.mr1, 0.12 * btc.perpMark)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(u.mr6, 0.24 * btc.perpMark)).toBeLessThan(EXACT_REL_TOL);
    expect(u.mr2).toBe(0);
    expect(u.mr4).toBe(0);
    expect(relErr(u.mr7Raw, 0.001 * btc.spot)).toBeLessThan(EXACT_REL_TOL);
    expect(u.dominant).toBe("MR6");
    expect(relErr(result.mm, 0.24 * btc.perpMark)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(result.im, 1.3 * 0.24 * btc.perpMark)).toBeLessThan(EXACT_REL_TOL);
    // equity: 1,000,000 USDC (no haircut) + perp P&L 0
    expect(relErr(result.equity, 1_000_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("short 2 BTC future: MR4 = 5 % × |2 × forward| × years to expiry", () => {
    const e = btc.expiries[btc.expiries.length - 1]!;
    const { okx } = compute(sub([{ id: "f", kind: "future", underlying: "BTC", expiry: e.id, size: -2, entryPrice: e.forward }]));
    const years = yearsBetween(snap.asOf, e.expiryIso);
    expect(relErr(okx.units[0]!.mr4, 0.05 * 2 * e.forward * years)).toBeLessThan(EXACT_REL_TOL);
  });

  it("a far out-of-the-money short put: the minimum charge binds (MMR = MR7 = 0.1 % × spot × contracts)", () => {
    const e = btc.expiries[0]!;
    const strike = Math.round(btc.spot * 0.3);
    const { okx, result } = compute(sub([{ id: "o", kind: "option", underlying: "BTC", expiry: e.id, strike, optionType: "put", size: -3, entryPrice: 1 }]));
    const u = okx.units[0]!;
    expect(u.mr7Binds).toBe(true);
    expect(relErr(u.mr7, 0.001 * 3 * btc.spot)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(result.mm, u.mr7)).toBeLessThan(EXACT_REL_TOL);
  });

  it("MMR = Σ units of max(max(MR1, MR2, MR6) + MR3 + MR4 + MR5 + MR9, MR7) on a mixed book", () => {
    const e = btc.expiries[1]!;
    const eth = snap.underlyings.ETH;
    const { okx, result } = compute(
      sub([
        { id: "p", kind: "perp", underlying: "BTC", size: -0.5, entryPrice: btc.perpMark },
        { id: "o", kind: "option", underlying: "BTC", expiry: e.id, strike: e.strikes[Math.floor(e.strikes.length / 2)]!, optionType: "call", size: 1, entryPrice: 1_000 },
        { id: "q", kind: "perp", underlying: "ETH", size: 3, entryPrice: eth.perpMark },
      ]),
    );
    expect(okx.units.map((u) => u.underlying)).toEqual(["BTC", "ETH"]);
    let sum = 0;
    for (const u of okx.units) {
      const expected = Math.max(Math.max(u.mr1, u.mr2, u.mr6) + u.mr3 + u.mr4 + u.mr5 + u.mr9, u.mr7);
      expect(relErr(u.mmr, expected)).toBeLessThan(EXACT_REL_TOL);
      sum += expected;
    }
    expect(relErr(result.mm, sum)).toBeLessThan(EXACT_REL_TOL);
    expect(okx.units[0]!.mr2).toBeGreaterThan(0); // a long option loses time value
  });
});

describe("venue comparison lists the new rulebooks", () => {
  it("OKX PM and Bybit PM appear (portfolio mode) with figures; perp-only venues still say they list no options", () => {
    const e = btc().expiries[1]!;
    const rows = compareVenues(
      sub([
        { id: "p", kind: "perp", underlying: "BTC", size: 1, entryPrice: btc().perpMark },
        { id: "o", kind: "option", underlying: "BTC", expiry: e.id, strike: e.strikes[0]!, optionType: "put", size: -1, entryPrice: 100 },
      ]),
      snap,
      { lite: true },
    );
    for (const id of ["okx-pm", "bybit-pm"]) {
      const row = rows.find((r) => r.profile.id === id);
      expect(row?.ok, id).toBe(true);
      expect(row?.mode).toBe("portfolio");
    }
    for (const id of ["hyperliquid", "dydx"]) {
      const row = rows.find((r) => r.profile.id === id);
      expect(row && !row.ok && row.error).toContain("lists no options");
    }
  });
});

function btc() {
  return snap.underlyings.BTC;
}
