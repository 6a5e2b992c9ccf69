import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { brent } from "@/lib/quant/root";
import { relErr } from "@/lib/quant/precision";
import { linearRuleRequirement, openInterestImf, tierDeductions, tierMaintenanceRate, tieredRule, type LinearRule } from "./linear";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;
/** dYdX's liquidation price is published to the cent. */
const PUBLISHED_CENT = 0.005;
/** Hyperliquid's 16.7% is published to 0.1 percentage point. */
const PUBLISHED_TENTH_PCT = 0.0005;
/** Relative tolerance of the continuity / equality properties (rounding of products of ~1e8). */
const PROPERTY_REL_TOL = 1e-9;

describe("dYdX v4 oi-scaled rule", () => {
  // Mid-Cap-style parameters (dydx.forum "Liquidity Tier Maintenance"): base IMF 0.05, MMF 0.03, caps 40M / 100M
  const midCap = (openInterestUsd: number): Extract<LinearRule, { kind: "oi-scaled" }> => ({
    kind: "oi-scaled",
    imfBase: 0.05,
    mmf: 0.03,
    oiLowerUsd: 40_000_000,
    oiUpperUsd: 100_000_000,
    openInterestUsd,
  });

  it("IMF below the lower cap, between the caps and above the upper cap (hand-computed)", () => {
    expect(openInterestImf(midCap(30_000_000))).toBe(0.05); // OI ≤ lower → base
    expect(openInterestImf(midCap(40_000_000))).toBe(0.05); // at the lower cap → base
    // (70M − 40M)/(100M − 40M) = 0.5 → 0.05 + 0.5·0.95 = 0.525
    expect(relErr(openInterestImf(midCap(70_000_000)), 0.525)).toBeLessThan(EXACT_REL_TOL);
    // (55M − 40M)/60M = 0.25 → 0.05 + 0.25·0.95 = 0.2875
    expect(relErr(openInterestImf(midCap(55_000_000)), 0.2875)).toBeLessThan(EXACT_REL_TOL);
    expect(openInterestImf(midCap(100_000_000))).toBe(1); // at the upper cap → 1
    expect(openInterestImf(midCap(130_000_000))).toBe(1); // above → min(…, 1) = 1
  });

  it("upper cap 0 disables the scaling (v4-chain LiquidityTier.GetAdjustedInitialMarginPpm)", () => {
    expect(openInterestImf({ ...midCap(1e12), oiLowerUsd: 0, oiUpperUsd: 0 })).toBe(0.05);
  });

  it("IM = |size·P|·IMF, MM = |size·P|·MMF (hand-computed)", () => {
    // N = |−10·150| = 1,500 → IM = 1,500·0.525 = 787.5, MM = 1,500·0.03 = 45
    const r = linearRuleRequirement(midCap(70_000_000), -10, 150);
    expect(relErr(r.im, 787.5)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 45)).toBeLessThan(EXACT_REL_TOL);
  });

  it("IMF is non-decreasing in open interest and stays in [base, 1] (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2e8, noNaN: true }), fc.double({ min: 0, max: 2e8, noNaN: true }), (x, y) => {
        const lo = Math.min(x, y);
        const hi = Math.max(x, y);
        const a = openInterestImf(midCap(lo));
        const b = openInterestImf(midCap(hi));
        expect(a).toBeLessThanOrEqual(b);
        expect(a).toBeGreaterThanOrEqual(0.05);
        expect(b).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("isolated liquidation worked check: e = 1,000, s = −3, p = 3,000, mmf = 0.05 → 3,174.60 (dYdX help centre, via margin-models.md §2.1)", () => {
    const rule: LinearRule = { kind: "oi-scaled", imfBase: 0.1, mmf: 0.05, oiLowerUsd: 0, oiUpperUsd: 0, openInterestUsd: 0 };
    const e = 1_000;
    const s = -3;
    const p = 3_000;
    // liquidation where e + s·(P − p) = MM(P) = |s|·P·mmf
    const surplus = (price: number) => e + s * (price - p) - linearRuleRequirement(rule, s, price).mm;
    const root = brent(surplus, p, 10 * p, { tol: 1e-10 });
    expect(root?.converged).toBe(true);
    expect(Math.abs(root!.root - 3_174.6)).toBeLessThanOrEqual(PUBLISHED_CENT);
    // hand-computed: 1,000 − 3P + 9,000 = 0.15P → P = 10,000/3.15 = 3,174.6031746…
    expect(relErr(root!.root, 10_000 / 3.15)).toBeLessThan(EXACT_REL_TOL);
  });
});

describe("tiered rule (Hyperliquid, Bybit)", () => {
  it("MM rate = 1/(2·max leverage): 50x → 1%, 20x → 2.5%, 3x → 16.7% (margin-models.md §2.2, Hyperliquid docs)", () => {
    expect(relErr(tierMaintenanceRate({ maxLeverage: 50 }), 0.01)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(tierMaintenanceRate({ maxLeverage: 20 }), 0.025)).toBeLessThan(EXACT_REL_TOL);
    expect(Math.abs(tierMaintenanceRate({ maxLeverage: 3 }) - 0.167)).toBeLessThanOrEqual(PUBLISHED_TENTH_PCT);
    // and through the requirement: 1 coin at 10,000 on a single 50x tier → MM 100, IM 200
    const r = linearRuleRequirement(tieredRule([{ upToNotionalUsd: Infinity, maxLeverage: 50 }]), 1, 10_000);
    expect(relErr(r.mm, 100)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.im, 200)).toBeLessThan(EXACT_REL_TOL);
  });

  it("an explicit tier mmRate overrides the Hyperliquid default", () => {
    expect(tierMaintenanceRate({ maxLeverage: 45, mmRate: 0.013 })).toBe(0.013);
  });

  it("Hyperliquid BTC two-tier table (hand-computed)", () => {
    // docs: 0–150M at 40x (MM 1.25%), above at 20x (MM 2.5%); d₁ = 150M·(2.5% − 1.25%) = 1,875,000
    const rule = tieredRule([
      { upToNotionalUsd: 150_000_000, maxLeverage: 40 },
      { upToNotionalUsd: Infinity, maxLeverage: 20 },
    ]);
    expect(tierDeductions(rule.tiers)).toEqual([0, 1_875_000]);
    // 2,000 BTC at 100,000 = 200M notional: MM = 150M·1.25% + 50M·2.5% = 1,875,000 + 1,250,000 = 3,125,000; IM = 200M/20 = 10M
    const r = linearRuleRequirement(rule, -2_000, 100_000);
    expect(relErr(r.mm, 3_125_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.im, 10_000_000)).toBeLessThan(EXACT_REL_TOL);
    // exactly at the boundary the notional stays in the first tier (docs: "0–150M"): IM = 150M/40 = 3.75M
    expect(relErr(linearRuleRequirement(rule, 1_500, 100_000).im, 3_750_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("a chosen leverage sets IM, clamped to [1, tier max] (hand-computed)", () => {
    const base = tieredRule([{ upToNotionalUsd: Infinity, maxLeverage: 40 }]);
    // N = 100,000: 10x → 10,000; 100x → clamped to 40x → 2,500; 0.5x → clamped to 1x → 100,000
    expect(relErr(linearRuleRequirement({ ...base, leverage: 10 }, 1, 100_000).im, 10_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(linearRuleRequirement({ ...base, leverage: 100 }, 1, 100_000).im, 2_500)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(linearRuleRequirement({ ...base, leverage: 0.5 }, 1, 100_000).im, 100_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("no tiers → 100% of notional", () => {
    expect(linearRuleRequirement({ kind: "tiered", tiers: [] }, 2, 50)).toEqual({ im: 100, mm: 100 });
  });

  /** Random tier tables: ascending bounds, max leverage non-increasing (as every venue publishes them). */
  const tiersArb = fc
    .array(fc.record({ width: fc.double({ min: 1e3, max: 1e8, noNaN: true }), levDrop: fc.double({ min: 0, max: 0.5, noNaN: true }) }), {
      minLength: 1,
      maxLength: 8,
    })
    .chain((parts) =>
      fc.double({ min: 5, max: 200, noNaN: true }).map((topLev) => {
        let upTo = 0;
        let lev = topLev;
        return parts.map((p, i) => {
          upTo += p.width;
          if (i > 0) lev = Math.max(1, lev * (1 - p.levDrop));
          return { upToNotionalUsd: i === parts.length - 1 ? Infinity : upTo, maxLeverage: lev };
        });
      }),
    );

  it("MM is continuous at every tier boundary (property)", () => {
    fc.assert(
      fc.property(tiersArb, (tiers) => {
        const rule = tieredRule(tiers);
        for (let n = 0; n + 1 < rule.tiers.length; n++) {
          const lower = rule.tiers[n]!;
          const upper = rule.tiers[n + 1]!;
          const b = lower.upToNotionalUsd;
          // both tiers' formulas agree at the boundary …
          const left = tierMaintenanceRate(lower) * b - lower.deductionUsd;
          const right = tierMaintenanceRate(upper) * b - upper.deductionUsd;
          expect(Math.abs(left - right)).toBeLessThanOrEqual(PROPERTY_REL_TOL * Math.max(1, left));
          // … and the requirement just above the boundary is next to the one at it
          const at = linearRuleRequirement(rule, 1, b).mm;
          const above = linearRuleRequirement(rule, 1, b * (1 + 1e-12)).mm;
          expect(Math.abs(above - at)).toBeLessThanOrEqual(PROPERTY_REL_TOL * Math.max(1, at));
        }
      }),
    );
  });

  it("IM = notional/leverage ≥ MM ≥ 0 for any notional and chosen leverage — the IM floor never binds (property)", () => {
    fc.assert(
      fc.property(tiersArb, fc.double({ min: 0, max: 1e9, noNaN: true }), fc.option(fc.double({ min: 0.1, max: 300, noNaN: true }), { nil: undefined }), (tiers, notional, leverage) => {
        const rule = tieredRule(tiers, leverage);
        const size = notional / 1_000;
        const n = Math.abs(size) * 1_000;
        const tier = rule.tiers.find((t) => n <= t.upToNotionalUsd) ?? rule.tiers[rule.tiers.length - 1]!;
        const effective = Math.max(1, Math.min(leverage ?? tier.maxLeverage, tier.maxLeverage));
        const r = linearRuleRequirement(rule, size, 1_000);
        expect(r.mm).toBeGreaterThanOrEqual(0);
        expect(r.im).toBe(n / effective);
        expect(r.im).toBeGreaterThanOrEqual(r.mm);
      }),
    );
  });
});

describe("size-scaled rule (Deribit)", () => {
  it("BTC 10 coins at 95,000 (hand-computed)", () => {
    // IM rate = 0.02 + 0.00005·10 = 0.0205 → 0.0205·950,000 = 19,475; MM rate 0.0105 → 9,975
    const rule: LinearRule = { kind: "size-scaled", imBase: 0.02, mmBase: 0.01, imPerCoin: 0.00005, mmPerCoin: 0.00005, maxRate: 1 };
    const r = linearRuleRequirement(rule, -10, 95_000);
    expect(relErr(r.im, 19_475)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 9_975)).toBeLessThan(EXACT_REL_TOL);
  });

  it("rates are capped at maxRate (hand-computed)", () => {
    // rate = 0.02 + 0.01·200 = 2.02 → capped at 1 → IM = MM = 200·10 = 2,000
    const rule: LinearRule = { kind: "size-scaled", imBase: 0.02, mmBase: 0.01, imPerCoin: 0.01, mmPerCoin: 0.01, maxRate: 1 };
    expect(linearRuleRequirement(rule, 200, 10)).toEqual({ im: 2_000, mm: 2_000 });
  });

  it("requirement = min(base + perCoin·|size|, maxRate)·|size|·mark for random inputs (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          imBase: fc.double({ min: 0, max: 0.5, noNaN: true }),
          mmBase: fc.double({ min: 0, max: 0.5, noNaN: true }),
          imPerCoin: fc.double({ min: 0, max: 1e-3, noNaN: true }),
          mmPerCoin: fc.double({ min: 0, max: 1e-3, noNaN: true }),
          maxRate: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        (rates, size, mark) => {
          const abs = Math.abs(size);
          const r = linearRuleRequirement({ kind: "size-scaled", ...rates }, size, mark);
          expect(r.im).toBe(Math.min(rates.imBase + rates.imPerCoin * abs, rates.maxRate) * (abs * mark));
          expect(r.mm).toBe(Math.min(rates.mmBase + rates.mmPerCoin * abs, rates.maxRate) * (abs * mark));
        },
      ),
    );
  });
});
