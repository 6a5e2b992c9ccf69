import { describe, expect, it } from "vitest";
import { b76Price } from "@/lib/quant/black76-batch";
import { computePm } from "./engine";
import { DERIBIT_STYLE_PM } from "@/lib/margin/venues/deribit";
import { DERIVE_PM2 } from "@/lib/margin/venues/derive";
import { TEST13_MARKET, emptyBook, expiryOf, portfolioOf, test13Vol } from "./test-helpers";
import type { PmParams, PmPortfolio, PmResult } from "./types";
import { allFinite } from "@/lib/test-support/all-finite";

const TOL = 1e-9;

function run(p: PmPortfolio, params: PmParams = DERIBIT_STYLE_PM.grid): PmResult {
  const r = computePm(p, params);
  if (!r.ok) throw new Error(r.error);
  return r.result;
}

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

describe("PM engine: worked check from margin-models.md §2.3 (Derive PM2 fixture test_12)", () => {
  // Short 1 BTC 100k call, 9.2 days, on the test_13 market (same feed as test_12, whose file is not in the
  // folder). margin-models.md: worst loss −12,939.31 (spot +18 %, vol up), MM 11,824.86, IM 14,604.05 —
  // there quoted as the amounts the account is short (Derive's IM/MM surplus, negated, with no collateral).
  const book = emptyBook("BTC", TEST13_MARKET.spot);
  book.expiries.push({
    ...expiryOf("9.2d", TEST13_MARKET.seconds / 31_536_000, TEST13_MARKET.forward, TEST13_MARKET.rate, [{ strike: 100_000, isCall: true, amount: -1, vol: test13Vol(100_000) }]),
    confidence: TEST13_MARKET.volConfidence,
  });
  const r = run(portfolioOf([book]), DERIVE_PM2.grid);
  const b = r.books[0]!;

  it("worst loss −12,939.31 at spot +18 %, vol up", () => {
    expect(b.worstLossUsd).toBeCloseTo(-12_939.31, 2);
    expect(b.worstSource).toEqual({ kind: "regular", index: 0 });
    expect(DERIVE_PM2.grid.scenarios[0]).toMatchObject({ spotShock: 1.18, volShock: "up" });
  });

  it("MM surplus −11,824.86 and IM surplus −14,604.05", () => {
    expect(r.mmSurplusUsd).toBeCloseTo(-11_824.86, 2);
    expect(r.imSurplusUsd).toBeCloseTo(-14_604.05, 2);
  });

  it("requirements add up: MM = 0.8·|worst| + naked-short charge 0.3 %·S; IM = 1·|worst| + 0.5 %·S", () => {
    // hand: 0.8·12,939.312 + 0.003·95,663.506 = 10,351.450 + 286.991 = 10,638.44
    expect(rel(r.mmUsd, 0.8 * -b.worstLossUsd + 0.003 * TEST13_MARKET.spot)).toBeLessThan(TOL);
    expect(rel(r.imUsd, -b.worstLossUsd + 0.005 * TEST13_MARKET.spot)).toBeLessThan(TOL);
    expect(rel(r.mmSurplusUsd, r.mtmUsd - r.mmUsd)).toBeLessThan(TOL);
  });
});

describe("PM engine: Deribit-style profile, hand-computable cases", () => {
  const perp = (size: number, price = 100_000) => {
    const b = emptyBook("BTC", price);
    b.perp = { size, price, confidence: 1, mtmUsd: 0 };
    return b;
  };

  it("a long perp loses 16 % of its notional (spot −16 %); MM = 16,000, IM = 1.3 × MM", () => {
    // hand: 1 BTC × 100,000 × 16 % = 16,000; the extended table gives the same (fraction 16 %/|move|)
    const r = run(portfolioOf([perp(1)]));
    expect(r.worstLossUsd).toBeCloseTo(-16_000, 6);
    expect(r.mmUsd).toBeCloseTo(16_000, 6);
    expect(r.imUsd).toBeCloseTo(20_800, 6);
    expect(r.contingencies).toEqual([]);
  });

  it("a short perp loses 16 % of its notional too; a 2 BTC perp twice as much", () => {
    expect(run(portfolioOf([perp(-1)])).worstLossUsd).toBeCloseTo(-16_000, 6);
    expect(run(portfolioOf([perp(2)])).mmUsd).toBeCloseTo(32_000, 6);
  });

  it("BTC collateral moves with BTC: 1 BTC at 100k needs 16,000 MM on its own", () => {
    const b = emptyBook("BTC", 100_000);
    b.collaterals.push({ id: "BTC", valueUsd: 100_000, confidence: 1, mmHaircut: 0, imHaircut: 0 });
    const r = run(portfolioOf([b]));
    expect(r.mmUsd).toBeCloseTo(16_000, 6);
    expect(r.mtmUsd).toBeCloseTo(100_000, 6);
    // ... and a short perp of the same size hedges it completely
    b.perp = { size: -1, price: 100_000, confidence: 1, mtmUsd: 0 };
    expect(run(portfolioOf([b])).mmUsd).toBeCloseTo(0, 6);
  });

  it("a dated future revalues with its forward: long 1 on F = 101,000 loses 16 % of F", () => {
    const b = emptyBook("BTC", 100_000);
    b.expiries.push({ ...expiryOf("3m", 0.25, 101_000), futuresAmount: 1, futuresMtmUsd: 500 });
    const r = run(portfolioOf([b]));
    expect(r.worstLossUsd).toBeCloseTo(-0.16 * 101_000, 6);
    expect(r.mtm.futuresUsd).toBe(500);
  });

  it("a delta-hedged long call loses less than either leg alone", () => {
    const years = 30 / 365;
    const vol = 0.6;
    const callBook = () => {
      const b = emptyBook("BTC", 100_000);
      b.expiries.push(expiryOf("30d", years, 100_000, 0, [{ strike: 100_000, isCall: true, amount: 1, vol }]));
      return b;
    };
    // delta of an ATM call: N(σ√T/2)
    const s = vol * Math.sqrt(years);
    const delta = b76Price(100_000 * 1.0001, 100_000, s, 1, true) / 1 - b76Price(100_000, 100_000, s, 1, true);
    const hedge = -(delta / 10); // ∂C/∂F by a 0.01 % bump, per BTC
    const hedged = callBook();
    hedged.perp = { size: hedge, price: 100_000, confidence: 1, mtmUsd: 0 };
    const call = run(portfolioOf([callBook()])).worstLossUsd;
    const both = run(portfolioOf([hedged])).worstLossUsd;
    const perpOnly = run(portfolioOf([perp(hedge)])).worstLossUsd;
    expect(hedge).toBeLessThan(-0.45);
    expect(both).toBeGreaterThan(call);
    expect(both).toBeGreaterThan(perpOnly);
  });

  it("heatmap: 9 spot moves (−16 % … +16 %) × vol down/none/up, every cell filled", () => {
    const r = run(portfolioOf([perp(1)]));
    const h = r.books[0]!.heatmap;
    expect(h.spotMoves.map((m) => Math.round(m * 100))).toEqual([-16, -12, -8, -4, 0, 4, 8, 12, 16]);
    expect(h.volShocks).toEqual(["down", "none", "up"]);
    expect(h.pnlUsd.flat().every((v) => v !== null)).toBe(true);
    expect(h.pnlUsd[0]![1]).toBeCloseTo(-16_000, 6);
  });
});

describe("PM engine: Derive PM2 grid and contingencies", () => {
  it("heatmap: ±18 % rows only have vol up; the other moves all three", () => {
    const b = emptyBook("ETH", 3_000);
    b.perp = { size: 1, price: 3_000, confidence: 1, mtmUsd: 0 };
    const h = run(portfolioOf([b]), DERIVE_PM2.grid).books[0]!.heatmap;
    expect(h.spotMoves).toHaveLength(9);
    expect(h.pnlUsd[0]).toEqual([null, null, expect.any(Number)]);
    expect(h.pnlUsd[4]!.every((v) => v !== null)).toBe(true);
  });

  it("a perp carries the perp contingency (MM 1.5 %, IM +0.5 % of spot notional) and low confidence an IM charge", () => {
    // Derive PM2 fixture test_31's setup: spot 3,000, perp −1 at 4,000, spot confidence 0.2, perp 0.1
    const b = emptyBook("ETH", 3_000);
    b.spotConfidence = 0.2;
    b.perp = { size: -1, price: 4_000, confidence: 0.1, mtmUsd: -900 };
    const r = run(portfolioOf([b]), DERIVE_PM2.grid);
    const perp = r.contingencies.find((c) => c.id === "perp")!;
    expect(perp.mmUsd).toBeCloseTo(45, 9); // 1.5 % × 3,000
    expect(perp.imUsd).toBeCloseTo(60, 9); // 2 % × 3,000
    // oracle: (1 − 0.1)·1·3,000 = 2,700 (fixture test_31: OracleCont −2,700)
    expect(r.contingencies.find((c) => c.id === "oracle")!.imUsd).toBeCloseTo(2_700, 9);
    // fixture test_31: IM −4,380, MM −1,521
    expect(r.imSurplusUsd).toBeCloseTo(-4_380, 6);
    expect(r.mmSurplusUsd).toBeCloseTo(-1_521, 6);
  });

  it("a de-pegged stablecoin raises the IM loss factor only", () => {
    const b = emptyBook("ETH", 3_000);
    b.perp = { size: 1, price: 3_000, confidence: 1, mtmUsd: 0 };
    const onPeg = run(portfolioOf([b]), DERIVE_PM2.grid);
    const off = run({ ...portfolioOf([b]), stablePrice: 0.9 }, DERIVE_PM2.grid);
    // hand: (0.98 − 0.9)·2 = 0.16 extra loss factor on |worst| = 18 % × 3,000 = 540 → +86.4
    expect(off.pegLossFactorAddOn).toBeCloseTo(0.16, 12);
    expect(off.imUsd - onPeg.imUsd).toBeCloseTo(86.4, 9);
    expect(off.mmUsd).toBeCloseTo(onPeg.mmUsd, 12);
  });
});

describe("PM engine: bad input has a defined treatment or a returned error, never NaN", () => {
  const withOption = (patch: Partial<{ years: number; vol: number; strike: number }>) => {
    const b = emptyBook("BTC", 100_000);
    b.expiries.push(expiryOf("e", patch.years ?? 0.1, 100_000, 0.05, [{ strike: patch.strike ?? 90_000, isCall: true, amount: -1, vol: patch.vol ?? 0.5 }]));
    return portfolioOf([b]);
  };

  it("an empty portfolio requires nothing", () => {
    const r = run(portfolioOf([], 1_234));
    expect(r.imUsd).toBe(0);
    expect(r.mmUsd).toBe(0);
    expect(r.mtmUsd).toBe(1_234);
  });

  it("expired options settle at intrinsic (no discounting, no vol effect) and are flagged", () => {
    const r = run(withOption({ years: -0.01 }), DERIVE_PM2.grid);
    expect(r.books[0]!.expiries[0]!.optionMtmUsd).toBeCloseTo(-10_000, 9);
    expect(r.warnings.join(" ")).toMatch(/has expired/);
    expect(allFinite(r)).toBe(true);
  });

  it("zero vol: valued at intrinsic, flagged; vol-up scenarios use the minimum shocked vol", () => {
    const r = run(withOption({ vol: 0 }), DERIVE_PM2.grid);
    expect(r.books[0]!.expiries[0]!.optionMtmUsd).toBeCloseTo(-10_000 * Math.exp(-0.05 * 0.1), 9);
    expect(r.warnings.join(" ")).toMatch(/no implied vol/);
    expect(allFinite(r)).toBe(true);
  });

  it("negative vol, negative strike, NaN amounts, missing spot or forward: a clear error", () => {
    expect(computePm(withOption({ vol: -0.1 }), DERIVE_PM2.grid)).toMatchObject({ ok: false, error: expect.stringMatching(/implied vol is missing or negative/) });
    expect(computePm(withOption({ strike: -1 }), DERIVE_PM2.grid)).toMatchObject({ ok: false, error: expect.stringMatching(/strike/) });
    const nan = withOption({});
    nan.books[0]!.expiries[0]!.options[0]!.amount = Number.NaN;
    expect(computePm(nan, DERIVE_PM2.grid)).toMatchObject({ ok: false, error: expect.stringMatching(/amount/) });
    const noSpot = withOption({});
    noSpot.books[0]!.spot = 0;
    expect(computePm(noSpot, DERIVE_PM2.grid)).toMatchObject({ ok: false, error: expect.stringMatching(/spot price is missing/) });
    const noFwd = withOption({});
    noFwd.books[0]!.expiries[0]!.forwardVariable = Number.NaN;
    expect(computePm(noFwd, DERIVE_PM2.grid)).toMatchObject({ ok: false, error: expect.stringMatching(/forward price is missing/) });
  });

  it("strike 0: a call is worth the discounted forward, a put nothing", () => {
    const r = run(withOption({ strike: 0 }), DERIVE_PM2.grid);
    expect(r.books[0]!.expiries[0]!.optionMtmUsd).toBeCloseTo(-100_000 * Math.exp(-0.05 * 0.1), 6);
    expect(allFinite(r)).toBe(true);
  });

  it("invalid parameters are an error too", () => {
    expect(computePm(withOption({}), { ...DERIVE_PM2.grid, scenarios: [] })).toMatchObject({ ok: false });
    expect(computePm(withOption({}), { ...DERIVE_PM2.grid, lossFactors: { im: Number.NaN, mm: 1 } })).toMatchObject({ ok: false, error: expect.stringMatching(/lossFactors.im/) });
    expect(computePm(withOption({}), { ...DERIVE_PM2.grid, volShock: { ...DERIVE_PM2.grid.volShock, dteFloorDays: -1 } })).toMatchObject({ ok: false });
  });

  it("a DTE floor of 0 is valid (derivexyz/v2-core PMRMLib_2.setVolShockParams bounds dteFloor by 400 days only); an unexpired book is unchanged by it when its DTE is above 1 day", () => {
    const zero = { ...DERIVE_PM2.grid, volShock: { ...DERIVE_PM2.grid.volShock, dteFloorDays: 0 } };
    const a = run(withOption({}), zero);
    const b = run(withOption({}), DERIVE_PM2.grid);
    expect(allFinite(a)).toBe(true);
    // withOption's expiry is 0.1 years ≈ 36.5 days away: max(36.5, 0) = max(36.5, 1), same shocks
    expect(a.mmUsd).toBe(b.mmUsd);
    expect(a.imUsd).toBe(b.imUsd);
    // expired with a floor of 0: no finite vol shock, none needed (intrinsic value); still finite
    expect(allFinite(run(withOption({ years: -0.01 }), zero))).toBe(true);
  });
});
