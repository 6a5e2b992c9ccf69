import { describe, it } from "vitest";
import fc from "fast-check";
import { computePm } from "./engine";
import { DERIBIT_STYLE_PM } from "@/lib/margin/venues/deribit";
import { DERIVE_PM2 } from "@/lib/margin/venues/derive";
import type { PmBook, PmParams, PmPortfolio, PmResult } from "./types";
import { allFinite } from "@/lib/test-support/all-finite";

const RUNS = { numRuns: 120 };
/** Relative tolerance of the algebraic properties (sums of ~1e3 terms of doubles). */
const REL = 1e-9;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= REL * Math.max(1, Math.abs(a), Math.abs(b));
}

function compute(p: PmPortfolio, params: PmParams): PmResult {
  const r = computePm(p, params);
  if (!r.ok) throw new Error(r.error);
  return r.result;
}

const optionArb = fc.record({
  strikeFactor: fc.oneof(fc.double({ min: 0.3, max: 3, noNaN: true }), fc.constant(0), fc.constant(1)),
  isCall: fc.boolean(),
  amount: fc.double({ min: -50, max: 50, noNaN: true }),
  vol: fc.oneof(fc.double({ min: 0.05, max: 3, noNaN: true }), fc.constant(0)),
});

const expiryArb = fc.record({
  years: fc.oneof(fc.double({ min: 1 / 365 / 24, max: 3, noNaN: true }), fc.constant(0), fc.constant(-0.01)),
  basis: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
  rate: fc.double({ min: -0.05, max: 0.3, noNaN: true }),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  futures: fc.double({ min: -5, max: 5, noNaN: true }),
  options: fc.array(optionArb, { maxLength: 6 }),
});

const bookArb = fc.record({
  spot: fc.double({ min: 1, max: 200_000, noNaN: true }),
  spotConfidence: fc.double({ min: 0, max: 1, noNaN: true }),
  perp: fc.option(fc.record({ size: fc.double({ min: -20, max: 20, noNaN: true }), premium: fc.double({ min: 0.95, max: 1.05, noNaN: true }), confidence: fc.double({ min: 0, max: 1, noNaN: true }) })),
  collateral: fc.double({ min: 0, max: 1e6, noNaN: true }),
  expiries: fc.array(expiryArb, { maxLength: 3 }),
});

const portfolioArb = fc.record({
  cash: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  stablePrice: fc.double({ min: 0.5, max: 1.05, noNaN: true }),
  books: fc.array(bookArb, { maxLength: 3 }),
  stableCollateral: fc.double({ min: 0, max: 1e6, noNaN: true }),
});

type PortfolioSpec = typeof portfolioArb extends fc.Arbitrary<infer T> ? T : never;

function build(spec: PortfolioSpec, scale = 1): PmPortfolio {
  const books: PmBook[] = spec.books.map((b, i) => ({
    underlying: `U${i}`,
    spot: b.spot,
    spotConfidence: b.spotConfidence,
    perp: b.perp ? { size: b.perp.size * scale, price: b.spot * b.perp.premium, confidence: b.perp.confidence, mtmUsd: 0 } : null,
    collaterals: b.collateral > 0 ? [{ id: `C${i}`, valueUsd: b.collateral * scale, confidence: 1, mmHaircut: 0.05, imHaircut: 0.02 }] : [],
    expiries: b.expiries.map((e, j) => ({
      id: `e${j}`,
      years: e.years,
      forwardVariable: b.spot * e.basis,
      forwardFixed: 0,
      rate: e.rate,
      confidence: e.confidence,
      options: e.options.map((o) => ({ strike: b.spot * o.strikeFactor, isCall: o.isCall, amount: o.amount * scale, vol: o.vol })),
      futuresAmount: e.futures * scale,
      futuresMtmUsd: 0,
    })),
  }));
  return {
    cashUsd: spec.cash * scale,
    stablePrice: spec.stablePrice,
    books,
    staticCollaterals: spec.stableCollateral > 0 ? [{ id: "USDC", valueUsd: spec.stableCollateral * scale, confidence: 1, mmHaircut: 0, imHaircut: 0.01 }] : [],
  };
}

const profileArb = fc.constantFrom(DERIVE_PM2.grid, DERIBIT_STYLE_PM.grid);

describe("PM engine properties", () => {
  it("never NaN or Infinity anywhere in the result, for any valid input (expired, zero vol, strike 0 included)", () => {
    fc.assert(
      fc.property(portfolioArb, profileArb, (spec, profile) => allFinite(compute(build(spec), profile))),
      RUNS,
    );
  });

  it("IM ≥ MM ≥ 0 (IM loss factor ≥ MM loss factor and every IM charge ≥ its MM part)", () => {
    fc.assert(
      fc.property(portfolioArb, profileArb, (spec, profile) => {
        const r = compute(build(spec), profile);
        return r.mmUsd >= 0 && r.imUsd >= r.mmUsd - REL * Math.max(1, r.mmUsd);
      }),
      RUNS,
    );
  });

  it("requirements are the loss factor × |worst loss| plus the contingencies (parts sum to the whole)", () => {
    fc.assert(
      fc.property(portfolioArb, profileArb, (spec, profile) => {
        const r = compute(build(spec), profile);
        const mm = r.mmLossFactor * -r.worstLossUsd + r.contingencies.reduce((s, c) => s + c.mmUsd, 0);
        const im = r.imLossFactor * -r.worstLossUsd + r.contingencies.reduce((s, c) => s + c.imUsd, 0);
        const mtm = r.mtm.cashUsd + r.mtm.collateralUsd + r.mtm.perpUsd + r.mtm.futuresUsd + r.mtm.optionsUsd;
        return close(r.mmUsd, mm) && close(r.imUsd, im) && close(r.mtmUsd, mtm) && r.worstLossUsd <= 0;
      }),
      RUNS,
    );
  });

  it("an empty portfolio requires 0, whatever its cash and stable collateral", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), profileArb, (cash, profile) => {
        const r = compute({ cashUsd: cash, stablePrice: 1, books: [], staticCollaterals: [] }, profile);
        return r.imUsd === 0 && r.mmUsd === 0 && r.mtmUsd === cash;
      }),
      RUNS,
    );
  });

  it("positively homogeneous: scaling every position and balance by k scales IM, MM and MtM by k", () => {
    fc.assert(
      fc.property(portfolioArb, fc.double({ min: 0.01, max: 100, noNaN: true }), profileArb, (spec, k, profile) => {
        const a = compute(build(spec), profile);
        const b = compute(build(spec, k), profile);
        // MtM is a sum of terms that may cancel: compare on the scale of its gross parts
        const gross = Object.values(b.mtm).reduce((s, v) => s + Math.abs(v), 0);
        const mtmOk = Math.abs(b.mtmUsd - k * a.mtmUsd) <= REL * Math.max(1, gross);
        return close(b.imUsd, k * a.imUsd) && close(b.mmUsd, k * a.mmUsd) && mtmOk;
      }),
      RUNS,
    );
  });

  it("adding a long option never worsens the worst loss by more than its value (Deribit-style: no static discount)", () => {
    fc.assert(
      fc.property(portfolioArb, optionArb, (spec, opt) => {
        fc.pre(spec.books.length > 0 && (spec.books[0]?.expiries.length ?? 0) > 0);
        const base = build(spec);
        const before = compute(base, DERIBIT_STYLE_PM.grid);
        const withLong = build(spec);
        const book = withLong.books[0]!;
        const e = book.expiries[0]!;
        e.options.push({ strike: book.spot * Math.max(opt.strikeFactor, 0.3), isCall: opt.isCall, amount: Math.abs(opt.amount) + 0.01, vol: opt.vol });
        const after = compute(withLong, DERIBIT_STYLE_PM.grid);
        const addedValue = after.mtm.optionsUsd - before.mtm.optionsUsd;
        return after.worstLossUsd >= before.worstLossUsd - addedValue - REL * Math.max(1, Math.abs(before.worstLossUsd), addedValue);
      }),
      RUNS,
    );
  });

  it("the order of positions does not matter", () => {
    fc.assert(
      fc.property(portfolioArb, profileArb, (spec, profile) => {
        const a = compute(build(spec), profile);
        const reversed = build(spec);
        for (const b of reversed.books) for (const e of b.expiries) e.options.reverse();
        const b = compute(reversed, profile);
        return close(a.imUsd, b.imUsd) && close(a.mmUsd, b.mmUsd);
      }),
      RUNS,
    );
  });
});
