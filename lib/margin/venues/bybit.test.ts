import { describe, it, expect } from "vitest";
import { relErr } from "@/lib/quant/precision";
import { collateralValue } from "@/lib/margin/collateral/haircuts";
import { linearRuleRequirement } from "@/lib/margin/rules/linear";
import { shortOptionRuleRequirement } from "@/lib/margin/rules/short-options";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { MarketSnapshot } from "@/lib/market/types";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount, computeWithRulebook } from "@/lib/margin/models/compute";
import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import { BYBIT_BTC_COLLATERAL_TIERS, BYBIT_CROSS } from "./bybit";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;
/** Deductions are published in whole USD; the recursion reproduces them to rounding of ~1e6-sized sums. */
const DEDUCTION_REL_TOL = 1e-9;
/** Bybit's worked check is published in whole USD. */
const PUBLISHED_WHOLE_USD = 0.5;

describe("bybit-cross", () => {
  it("short option rule reproduces the worked check MM 938, IM 2,315 (margin-models.md §2.2, Bybit help)", () => {
    const r = shortOptionRuleRequirement(BYBIT_CROSS.shortOptions, { isCall: false, spot: 20_250, strike: 18_500, mark: 290, entry: 280, qty: 1 })!;
    expect(Math.abs(r.mm - 938)).toBeLessThanOrEqual(PUBLISHED_WHOLE_USD);
    expect(Math.abs(r.im - 2_315)).toBeLessThanOrEqual(PUBLISHED_WHOLE_USD);
  });

  it("BTC deductions reproduce the published 'Maintenance Margin Deduction' column (bybit.com announcement-info/margin-parameters, BTCUSDT)", () => {
    // published column, tiers 1–20, USD
    const published = [0, 1_200, 3_020, 4_300, 5_820, 8_460, 15_460, 20_500, 46_000, 66_000, 80_000, 160_000, 300_000, 452_000, 502_000, 777_000, 837_000, 967_000, 1_107_000, 1_482_000];
    const rule = BYBIT_CROSS.linear.BTC;
    if (rule.kind !== "tiered") throw new Error("expected a tiered rule");
    expect(rule.tiers).toHaveLength(published.length);
    rule.tiers.forEach((t, i) => expect(relErr(t.deductionUsd, published[i]!)).toBeLessThan(DEDUCTION_REL_TOL));
  });

  it("BTC requirement in tier 9 (hand-computed)", () => {
    // 100 BTC at 90,000 = 9,000,000 notional → tier 9 (8.5M–10M): 45x, MMR 1.3%, deduction 46,000
    // MM = 0.013·9,000,000 − 46,000 = 71,000; IM = 9,000,000/45 = 200,000
    const r = linearRuleRequirement(BYBIT_CROSS.linear.BTC, 100, 90_000);
    expect(relErr(r.mm, 71_000)).toBeLessThan(DEDUCTION_REL_TOL);
    expect(relErr(r.im, 200_000)).toBeLessThan(EXACT_REL_TOL);
  });

  it("wstETH is ETH's haircut then a de-peg haircut (hand-computed: 1 − 0.95·0.95 = 0.0975)", () => {
    const v = collateralValue(BYBIT_CROSS.haircuts.wstETH, 10, 4_000, { dailyVol: 0.04, volMultiplier: 1 });
    expect(relErr(v.effectiveHaircut, 0.0975)).toBeLessThan(EXACT_REL_TOL);
    expect(relErr(v.collateralValueUsd, 40_000 * 0.9025)).toBeLessThan(EXACT_REL_TOL);
  });

  it("BTC collateral value ratio by coin quantity (Bybit collateral article's tier table; hand-computed slices)", () => {
    expect(BYBIT_CROSS.haircuts.BTC).toEqual({ kind: "quantity-tiered", tiers: BYBIT_BTC_COLLATERAL_TIERS });
    const ctx = { dailyVol: 0.03, volMultiplier: 1 };
    // hand-computed: 25 BTC at 100,000 → 10·0.98 + 10·0.95 + 5·0.9 = 23.8 BTC → 2,380,000 USD
    expect(relErr(collateralValue(BYBIT_CROSS.haircuts.BTC, 25, 100_000, ctx).collateralValueUsd, 2_380_000)).toBeLessThan(EXACT_REL_TOL);
    // hand-computed: 60 BTC → 10·(0.98 + 0.95 + 0.9 + 0.85 + 0.8) + 10·0 = 44.8 BTC
    expect(relErr(collateralValue(BYBIT_CROSS.haircuts.BTC, 60, 100_000, ctx).collateralValueUsd, 4_480_000)).toBeLessThan(EXACT_REL_TOL);
    // 5 BTC: all in the first tier, 0.98
    expect(relErr(collateralValue(BYBIT_CROSS.haircuts.BTC, 5, 100_000, ctx).effectiveHaircut, 0.02)).toBeLessThan(1e-12);
    expect(collateralValue(BYBIT_CROSS.haircuts.USDT, 1_000, 1, ctx).collateralValueUsd).toBe(1_000);
  });
});

/** A market where BTC's index and perp mark are both `price` (the liquidation examples quote one price). */
function btcAt(price: number): MarketSnapshot {
  const snap = structuredClone(SAMPLE_SNAPSHOT);
  snap.underlyings.BTC.spot = price;
  snap.underlyings.BTC.perpMark = price;
  return snap;
}

function isolatedBtcPerp(size: number, entryPrice: number, isolatedMargin: number): SubAccount {
  return {
    id: "t",
    name: "bybit liquidation",
    mode: "isolated",
    profileId: BYBIT_CROSS.id,
    collateral: [{ asset: "USDC", amount: 10_000 }],
    positions: [{ id: "p0", kind: "perp", underlying: "BTC", size, entryPrice, isolatedMargin } as Position],
  };
}

/** The liquidation search stops within 1e-12 of the spot factor; the examples are whole USD. */
const LIQ_TOL_USD = 1e-6;

describe("Bybit isolated liquidation convention ('entry-value')", () => {
  // Bybit's worked examples, as quoted in issue 11 from Bybit's isolated liquidation-price article
  // (BYBIT_ISOLATED_LIQUIDATION_URL): LP = entry ∓ (IM − MM)/qty, IM and MM on the entry value, no fees.
  const EXAMPLES = [
    { name: "long 1 BTC at 10,000, 50x (IM 200), MMR 0.5 % → 9,850", size: 1, entry: 10_000, allocation: 10_000 / 50, side: "down" as const, price: 9_850 },
    { name: "short 1 BTC at 8,000, 40x (IM 200), MMR 0.5 % → 8,160", size: -1, entry: 8_000, allocation: 8_000 / 40, side: "up" as const, price: 8_160 },
  ];
  it.each(EXAMPLES)("$name", ({ size, entry, allocation, side, price }) => {
    const r = computeSubAccount(isolatedBtcPerp(size, entry, allocation), btcAt(entry));
    if (!r.ok) throw new Error(r.error);
    const liq = r.result.positions[0]!.isolated!.liquidation;
    expect(Math.abs(liq[side]!.price - price)).toBeLessThan(LIQ_TOL_USD);
  });

  it("the current-value convention would give 9,800 / 0.995 = 9,849.25 (hand-computed: 200 + P − 10,000 = 0.005·P)", () => {
    const current: PerPositionRulebook = { ...BYBIT_CROSS, isolatedMaintenanceOn: "current-value" };
    const r = computeWithRulebook(isolatedBtcPerp(1, 10_000, 200), current, btcAt(10_000), { chartPoints: 11 });
    if (!r.ok) throw new Error(r.error);
    expect(Math.abs(r.result.positions[0]!.isolated!.liquidation.down!.price - 9_800 / 0.995)).toBeLessThan(LIQ_TOL_USD);
  });
});
