import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { findExpiry, yearsBetween } from "@/lib/market/snapshot";
import { sviImpliedVol } from "@/lib/quant/svi";
import type { NewPosition, SubAccount } from "@/lib/workspace/schema";
import { b76Price } from "@/lib/quant/black76-batch";
import { computePortfolioMargin, toPmPortfolio } from "./from-sub-account";
import { DERIBIT_STYLE_PM } from "@/lib/margin/venues/deribit";
import { DERIVE_PM2 } from "@/lib/margin/venues/derive";

const snap = SAMPLE_SNAPSHOT;
const BTC = snap.underlyings.BTC;
const TOL = 1e-9;

function account(positions: NewPosition[], collateral: SubAccount["collateral"] = [{ asset: "USDC", amount: 100_000 }]): SubAccount {
  return { id: "s", name: "pm", mode: "cross", profileId: "derive-pm2", collateral, positions: positions.map((p, i) => ({ ...p, id: `p${i}` }) as SubAccount["positions"][number]) };
}

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

describe("toPmPortfolio: sub-account → engine input", () => {
  it("options: SVI vol at ln(K/F), T = (expiry − asOf)/365 d, the expiry's forward and rate; premiums become cash", () => {
    const e = findExpiry(snap, "BTC", "2026-12-25")!;
    const m = toPmPortfolio(account([{ kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 110_000, optionType: "call", size: -2, entryPrice: 1_500 }]), snap);
    if (!m.ok) throw new Error(m.error);
    const book = m.portfolio.books[0]!;
    const x = book.expiries[0]!;
    const years = yearsBetween(snap.asOf, e.expiryIso);
    expect(x.years).toBe(years);
    expect(x.forwardVariable).toBe(e.forward);
    expect(x.forwardFixed).toBe(0);
    expect(x.rate).toBe(e.rate);
    expect(x.options[0]).toEqual({ strike: 110_000, isCall: true, amount: -2, vol: sviImpliedVol(e.svi, Math.log(110_000 / e.forward), years) });
    // a short receives its premium: cash = 2 × 1,500
    expect(m.portfolio.cashUsd).toBe(3_000);
    expect(m.portfolio.staticCollaterals).toEqual([{ id: "USDC", valueUsd: 100_000, confidence: 1, mmHaircut: 0, imHaircut: 0 }]);
  });

  it("perps summed per underlying at the perp mark; futures on the expiry's forward; coin collateral moves with its underlying", () => {
    const e = findExpiry(snap, "ETH", "2027-03-26")!;
    const m = toPmPortfolio(
      account(
        [
          { kind: "perp", underlying: "BTC", size: 2, entryPrice: 90_000 },
          { kind: "perp", underlying: "BTC", size: -0.5, entryPrice: 100_000 },
          { kind: "future", underlying: "ETH", expiry: "2027-03-26", size: -10, entryPrice: 3_500 },
        ],
        [
          { asset: "BTC", amount: 1 },
          { asset: "wstETH", amount: 2 },
          { asset: "USDT", amount: 500 },
        ],
      ),
      snap,
      { BTC: { mm: 0.02, im: 0.01 }, USDT: 0.02 },
    );
    if (!m.ok) throw new Error(m.error);
    const [btc, eth] = m.portfolio.books;
    expect(btc!.perp).toEqual({ size: 1.5, price: BTC.perpMark, confidence: 1, mtmUsd: 2 * (BTC.perpMark - 90_000) - 0.5 * (BTC.perpMark - 100_000) });
    expect(btc!.collaterals).toEqual([{ id: "BTC", valueUsd: snap.collateralPrices.BTC, confidence: 1, mmHaircut: 0.02, imHaircut: 0.01 }]);
    expect(eth!.collaterals[0]).toMatchObject({ id: "wstETH", valueUsd: 2 * snap.collateralPrices.wstETH });
    expect(eth!.expiries[0]).toMatchObject({ futuresAmount: -10, futuresMtmUsd: -10 * (e.forward - 3_500), options: [] });
    expect(m.portfolio.staticCollaterals[0]).toMatchObject({ id: "USDT", mmHaircut: 0.02, imHaircut: 0 });
  });

  it("a position on an expiry the snapshot does not list is left out, with a warning", () => {
    const m = toPmPortfolio(account([{ kind: "future", underlying: "BTC", expiry: "2030-01-01", size: 1, entryPrice: 100_000 }]), snap);
    if (!m.ok) throw new Error(m.error);
    expect(m.excluded).toEqual([{ positionId: "p0", reason: "BTC expiry 2030-01-01 is not in the market snapshot" }]);
    expect(m.warnings[0]).toContain("left out of the portfolio margin");
  });
});

describe("computePortfolioMargin", () => {
  const shortCall: NewPosition = { kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 110_000, optionType: "call", size: -1, entryPrice: 1_500 };

  it("sign conventions: im, mm ≥ 0 required; mtm = cash + collateral + marks; surplus = mtm − requirement", () => {
    const r = computePortfolioMargin(account([shortCall]), snap);
    if (!r.ok) throw new Error(r.error);
    const x = r.result;
    const e = findExpiry(snap, "BTC", "2026-12-25")!;
    const years = yearsBetween(snap.asOf, e.expiryIso);
    const mark = b76Price(e.forward, 110_000, sviImpliedVol(e.svi, Math.log(110_000 / e.forward), years) * Math.sqrt(years), Math.exp(-e.rate * years), true);
    expect(rel(x.mtm, 100_000 + 1_500 - mark)).toBeLessThan(TOL);
    expect(x.mtmBreakdown).toMatchObject({ cash: 1_500, collateral: 100_000 });
    expect(x.im).toBeGreaterThan(x.mm);
    expect(x.mm).toBeGreaterThan(0);
    expect(rel(x.imSurplus, x.mtm - x.im)).toBeLessThan(TOL);
    expect(x.status).toBe("healthy");
    // default parameters: Derive PM2's (loss factors IM 1, MM 0.8; Deribit-style's are 1.3 and 1)
    expect(x.lossFactors).toMatchObject({ im: DERIVE_PM2.grid.lossFactors.im, mm: DERIVE_PM2.grid.lossFactors.mm });
  });

  it("gives per underlying the worst scenario, the heatmap (spot move × vol) and the whole scenario matrix", () => {
    const r = computePortfolioMargin(account([shortCall]), snap);
    if (!r.ok) throw new Error(r.error);
    const u = r.result.underlyings[0]!;
    expect(u.underlying).toBe("BTC");
    // a short OTM call loses most when spot rises with vol up: +18 %, vol up
    expect(u.worst).toMatchObject({ kind: "regular", volShock: "up" });
    expect(u.worst.spotMove).toBeCloseTo(0.18, 12);
    expect(u.heatmap.spotMoves).toHaveLength(9);
    expect(u.heatmap.pnlUsd.every((row) => row.length === 3)).toBe(true);
    expect(u.scenarios).toHaveLength(DERIVE_PM2.grid.scenarios.length);
    expect(u.scenarios[0]!.expiryPnl[0]!.expiry).toBe("2026-12-25");
    // IM = |worst| + contingencies (naked short option 0.5 % of spot)
    const naked = r.result.contingencies.find((c) => c.id === "option")!;
    expect(rel(naked.im, 0.005 * BTC.spot)).toBeLessThan(TOL);
    expect(rel(r.result.im, -r.result.worstLoss + naked.im)).toBeLessThan(TOL);
  });

  it("Deribit-style: a long 2 BTC perp needs 16 % of its notional (at the perp mark)", () => {
    const r = computePortfolioMargin(account([{ kind: "perp", underlying: "BTC", size: 2, entryPrice: BTC.perpMark }]), snap, { params: DERIBIT_STYLE_PM.grid });
    if (!r.ok) throw new Error(r.error);
    expect(rel(r.result.mm, 0.16 * 2 * BTC.perpMark)).toBeLessThan(TOL);
    expect(rel(r.result.im, 1.3 * 0.16 * 2 * BTC.perpMark)).toBeLessThan(TOL);
  });

  it("an expired option settles at intrinsic (flagged), never NaN", () => {
    const expired: NewPosition = { kind: "option", underlying: "BTC", expiry: "2026-11-21", strike: 90_000, optionType: "call", size: 1, entryPrice: 4_000 };
    const later = { ...snap, asOf: "2026-11-22T08:00:00.000Z" };
    const r = computePortfolioMargin(account([expired]), later);
    if (!r.ok) throw new Error(r.error);
    const f = findExpiry(snap, "BTC", "2026-11-21")!.forward;
    expect(rel(r.result.mtmBreakdown.options, f - 90_000)).toBeLessThan(TOL);
    expect(r.result.warnings.join(" ")).toMatch(/has expired/);
    expect(Number.isFinite(r.result.im) && Number.isFinite(r.result.mm)).toBe(true);
  });

  it("missing feeds come back as an error, not a throw", () => {
    const noSpot = { ...snap, underlyings: { ...snap.underlyings, BTC: { ...BTC, spot: 0 } } };
    expect(computePortfolioMargin(account([shortCall]), noSpot)).toMatchObject({ ok: false, error: "the snapshot has no BTC market" });
    const badVol = { ...snap, underlyings: { ...snap.underlyings, BTC: { ...BTC, expiries: BTC.expiries.map((e) => ({ ...e, forward: Number.NaN })) } } };
    expect(computePortfolioMargin(account([shortCall]), badVol)).toMatchObject({ ok: false, error: expect.stringMatching(/forward price is missing/) });
  });
});
