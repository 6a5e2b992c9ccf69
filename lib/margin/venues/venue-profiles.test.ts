import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { COLLATERAL_ASSETS, UNDERLYINGS } from "@/lib/market/types";
import { relErr } from "@/lib/quant/precision";
import { collateralValue } from "@/lib/margin/collateral/haircuts";
import { AEVO_STANDARD, DERIBIT_STANDARD } from "./standard-profiles";
import { linearRequirement, shortOptionRequirement } from "@/lib/margin/rules/deribit-family";
import { linearRuleRequirement, openInterestImf, shortOptionRuleRequirement, tierDeductions, tierMaintenanceRate } from "@/lib/margin/rules/venue-rules";
import {
  AEVO_STANDARD_RULES,
  BYBIT_CROSS_RULES,
  DERIBIT_STANDARD_RULES,
  DYDX_RULES,
  HYPERLIQUID_RULES,
  VENUE_RULE_PROFILES,
  getVenueRuleProfile,
} from "./venue-profiles";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;
/** Deductions are published in whole USD; the recursion reproduces them to rounding of ~1e6-sized sums. */
const DEDUCTION_REL_TOL = 1e-9;
/** Bybit's worked check is published in whole USD. */
const PUBLISHED_WHOLE_USD = 0.5;

const pairs = [
  [DERIBIT_STANDARD, DERIBIT_STANDARD_RULES],
  [AEVO_STANDARD, AEVO_STANDARD_RULES],
] as const;

describe("DERIBIT_STANDARD_RULES / AEVO_STANDARD_RULES = profiles.ts through standard-rules.ts", () => {
  for (const [legacy, rules] of pairs) {
    it(`${legacy.id}: same id, version and date`, () => {
      expect(rules.id).toBe(legacy.id);
      expect(rules.version).toBe(legacy.version);
      expect(rules.asOf).toBe(legacy.asOf);
    });

    it(`${legacy.id}: linear requirements equal linearRequirement (property)`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...UNDERLYINGS),
          fc.double({ min: -1e5, max: 1e5, noNaN: true }),
          fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
          (u, size, mark) => {
            expect(linearRuleRequirement(rules.linear[u], size, mark)).toEqual(linearRequirement(legacy.linear[u], size, mark, legacy.maxLinearRate));
          },
        ),
      );
    });

    it(`${legacy.id}: short-option requirements equal shortOptionRequirement × qty (property)`, () => {
      fc.assert(
        fc.property(
          fc.boolean(),
          fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
          fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
          fc.double({ min: 0, max: 1e6, noNaN: true }),
          fc.double({ min: 0, max: 1e4, noNaN: true }),
          (isCall, spot, strike, mark, qty) => {
            const r = shortOptionRuleRequirement(rules.shortOptions, { isCall, spot, strike, mark, entry: mark, qty })!;
            const perCoin = shortOptionRequirement(legacy.shortOptions, isCall, spot, strike, mark);
            expect(r.im).toBe(perCoin.im * qty);
            expect(r.mm).toBe(perCoin.mm * qty);
          },
        ),
      );
    });

    it(`${legacy.id}: static haircuts give amount·price·(1 − haircut) (property)`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...COLLATERAL_ASSETS), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (asset, amount, price) => {
          const v = collateralValue(rules.haircuts[asset], amount, price, { dailyVol: 0.03, volMultiplier: 1 });
          expect(v.collateralValueUsd).toBe(amount * price * (1 - legacy.collateralHaircuts[asset]));
        }),
      );
    });
  }
});

describe("profile data", () => {
  it("ids are unique and resolvable", () => {
    const ids = VENUE_RULE_PROFILES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["deribit-standard", "aevo-standard", "bybit-cross", "hyperliquid", "dydx"]);
    for (const p of VENUE_RULE_PROFILES) expect(getVenueRuleProfile(p.id)).toBe(p);
    expect(getVenueRuleProfile("nope")).toBeUndefined();
  });

  it("every profile has a version, an ISO date, sources and notes; the new ones are as of 2026-11-24", () => {
    for (const p of VENUE_RULE_PROFILES) {
      expect(p.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(p.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.sources.length).toBeGreaterThan(0);
      expect(p.notes.length).toBeGreaterThan(0);
    }
    for (const p of [BYBIT_CROSS_RULES, HYPERLIQUID_RULES, DYDX_RULES]) expect(p.asOf).toBe("2026-11-24");
  });

  it("every tiered rule is consistent: bounds ascending, stored deductions = the continuity recursion, IM rate ≥ MM rate", () => {
    for (const p of VENUE_RULE_PROFILES) {
      for (const u of UNDERLYINGS) {
        const rule = p.linear[u];
        if (rule.kind !== "tiered") continue;
        const expected = tierDeductions(rule.tiers);
        rule.tiers.forEach((t, i) => {
          if (i > 0) expect(t.upToNotionalUsd).toBeGreaterThan(rule.tiers[i - 1]!.upToNotionalUsd);
          expect(t.deductionUsd).toBe(expected[i]);
          expect(1 / t.maxLeverage).toBeGreaterThanOrEqual(tierMaintenanceRate(t));
        });
      }
    }
  });
});

describe("bybit-cross", () => {
  it("short option rule reproduces the worked check MM 938, IM 2,315 (margin-models.md §2.2, Bybit help)", () => {
    const r = shortOptionRuleRequirement(BYBIT_CROSS_RULES.shortOptions, { isCall: false, spot: 20_250, strike: 18_500, mark: 290, entry: 280, qty: 1 })!;
    expect(Math.abs(r.mm - 938)).toBeLessThanOrEqual(PUBLISHED_WHOLE_USD);
    expect(Math.abs(r.im - 2_315)).toBeLessThanOrEqual(PUBLISHED_WHOLE_USD);
  });

  it("BTC deductions reproduce the published 'Maintenance Margin Deduction' column (bybit.com announcement-info/margin-parameters, BTCUSDT)", () => {
    // published column, tiers 1–20, USD
    const published = [
      0, 1_200, 3_020, 4_300, 5_820, 8_460, 15_460, 20_500, 46_000, 66_000, 80_000, 160_000, 300_000, 452_000, 502_000, 777_000, 837_000, 967_000, 1_107_000,
      1_482_000,
    ];
    const rule = BYBIT_CROSS_RULES.linear.BTC;
    if (rule.kind !== "tiered") throw new Error("expected a tiered rule");
    expect(rule.tiers).toHaveLength(published.length);
    rule.tiers.forEach((t, i) => expect(relErr(t.deductionUsd, published[i]!)).toBeLessThan(DEDUCTION_REL_TOL));
  });

  it("BTC requirement in tier 9 (hand-computed)", () => {
    // 100 BTC at 90,000 = 9,000,000 notional → tier 9 (8.5M–10M): 45x, MMR 1.3%, deduction 46,000
    // MM = 0.013·9,000,000 − 46,000 = 71,000; IM = 9,000,000/45 = 200,000
    const r = linearRuleRequirement(BYBIT_CROSS_RULES.linear.BTC, 100, 90_000);
    expect(relErr(r.mm, 71_000)).toBeLessThan(DEDUCTION_REL_TOL);
    expect(relErr(r.im, 200_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("wstETH is ETH's haircut then a de-peg haircut (hand-computed: 1 − 0.95·0.95 = 0.0975)", () => {
    const v = collateralValue(BYBIT_CROSS_RULES.haircuts.wstETH, 10, 4_000, { dailyVol: 0.04, volMultiplier: 1 });
    expect(relErr(v.effectiveHaircut, 0.0975)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(v.collateralValueUsd, 40_000 * 0.9025)).toBeLessThan(EXACT_REL_TOL);
  });
});

describe("hyperliquid", () => {
  it("MM rates at each asset's first tier: BTC 40x → 1.25%, ETH 25x → 2%, SOL 20x → 2.5% (hand-computed: 1/(2·max leverage))", () => {
    // 1,000,000 USD notional of each
    const btc = linearRuleRequirement(HYPERLIQUID_RULES.linear.BTC, 10, 100_000);
    const eth = linearRuleRequirement(HYPERLIQUID_RULES.linear.ETH, 250, 4_000);
    const sol = linearRuleRequirement(HYPERLIQUID_RULES.linear.SOL, 5_000, 200);
    expect(relErr(btc.mm, 12_500)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(btc.im, 25_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(eth.mm, 20_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(eth.im, 40_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(sol.mm, 25_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(sol.im, 50_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("lists no options and accepts only USDC", () => {
    expect(shortOptionRuleRequirement(HYPERLIQUID_RULES.shortOptions, { isCall: true, spot: 1, strike: 1, mark: 0.1, entry: 0.1, qty: 1 })).toBeNull();
    const ctx = { dailyVol: 0.03, volMultiplier: 1 };
    expect(collateralValue(HYPERLIQUID_RULES.haircuts.USDC, 1_000, 1, ctx).collateralValueUsd).toBe(1_000);
    expect(collateralValue(HYPERLIQUID_RULES.haircuts.BTC, 1, 100_000, ctx).collateralValueUsd).toBe(0);
  });
});

describe("dydx", () => {
  it("BTC/ETH Large-Cap: IMF 0.02, MMF 0.012 (docs.dydx.community Markets: 20000 ppm, fraction 600000 ppm → 0.6·0.02)", () => {
    // 1 BTC at 100,000 → IM 2,000, MM 1,200 (hand-computed)
    const r = linearRuleRequirement(DYDX_RULES.linear.BTC, -1, 100_000);
    expect(relErr(r.im, 2_000)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(r.mm, 1_200)).toBeLessThan(EXACT_REL_TOL);
  });

  it("SOL Mid-Cap scales with open interest once it is fed in (hand-computed: 70M between 40M and 100M → 0.05 + 0.5·0.95 = 0.525)", () => {
    const rule = DYDX_RULES.linear.SOL;
    if (rule.kind !== "oi-scaled") throw new Error("expected an oi-scaled rule");
    expect(openInterestImf(rule)).toBe(0.05);
    expect(relErr(openInterestImf({ ...rule, openInterestUsd: 70_000_000 }), 0.525)).toBeLessThan(EXACT_REL_TOL);
  });
});
