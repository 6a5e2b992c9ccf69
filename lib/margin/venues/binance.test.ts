import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { MarketSnapshot } from "@/lib/market/types";
import { relErr } from "@/lib/quant/precision";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { collateralValue } from "@/lib/margin/collateral/haircuts";
import { linearRuleRequirement, tieredRule } from "@/lib/margin/rules/linear";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { BINANCE_PM, BINANCE_UNIMMR_BANDS } from "./binance";

/** Relative tolerance for values that are exact in real arithmetic (a few ulps of rounding). */
const EXACT_REL_TOL = 1e-12;

/** A market where BTC's index and perp mark are both `price`. */
function btcAt(price: number): MarketSnapshot {
  const snap = structuredClone(SAMPLE_SNAPSHOT);
  snap.underlyings.BTC.spot = price;
  snap.underlyings.BTC.perpMark = price;
  return snap;
}

function account(usdt: number, positions: Position[]): SubAccount {
  return { id: "b", name: "binance pm", mode: "cross", profileId: BINANCE_PM.id, collateral: [{ asset: "USDT", amount: usdt }], positions };
}

describe("binance-pm", () => {
  it("futuresMM_UM = |MMR·position·mark| − cum on the FAQ's example bracket (Binance uniMMR FAQ: BTCUSDT_PERP short 0.05 BTC, mark 40,000, MMR bracket 0.5 %)", () => {
    // hand-computed from the FAQ's formula: 0.005 × 0.05 × 40,000 − 0 = 10 USDT
    const faqBracket = tieredRule([{ upToNotionalUsd: Infinity, maxLeverage: 100, mmRate: 0.005 }]);
    expect(relErr(linearRuleRequirement(faqBracket, -0.05, 40_000).mm, 10)).toBeLessThan(EXACT_REL_TOL);
  });

  it("BTCUSDT tiers of 2021-03-18 with the continuity 'cum' (hand-computed: 50,000·0.1 % = 50; + 250,000·0.5 % = 1,300; + 1,000,000·1.5 % = 16,300)", () => {
    const rule = BINANCE_PM.linear.BTC;
    if (rule.kind !== "tiered") throw new Error("expected a tiered rule");
    expect(rule.tiers.map((t) => t.mmRate)).toEqual([0.004, 0.005, 0.01, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5]);
    expect(rule.tiers.slice(0, 4).map((t) => Math.round(t.deductionUsd))).toEqual([0, 50, 1_300, 16_300]);
    // 1 BTC at 100,000: tier 2, 0.5 %·100,000 − 50 = 450
    expect(relErr(linearRuleRequirement(rule, 1, 100_000).mm, 450)).toBeLessThan(EXACT_REL_TOL);
  });

  it("collateral rate BTC 0.95 (the collateral FAQ's example: 3 BTC × 0.95 = 2.85 BTC)", () => {
    const v = collateralValue(BINANCE_PM.haircuts.BTC, 3, 1, { dailyVol: 0.03, volMultiplier: 1 });
    expect(relErr(v.collateralValueUsd, 2.85)).toBeLessThan(EXACT_REL_TOL);
  });

  it("requirements are the uniMMR bands of Σ MM: IM = 1.2 × Σ MM (reduce-only), MM = 1.05 × Σ MM (liquidation)", () => {
    expect(BINANCE_UNIMMR_BANDS).toEqual({ reminderAt: 1.5, reduceOnlyAt: 1.2, liquidationAt: 1.05 });
    // 1 BTC long at 100,000, Σ MM = 450 (above); 1,000 USDT, entry = mark → equity 1,000
    const r = computeSubAccount(account(1_000, [{ id: "p", kind: "perp", underlying: "BTC", size: 1, entryPrice: 100_000 }]), btcAt(100_000));
    if (!r.ok) throw new Error(r.error);
    expect(relErr(r.result.mm, 1.05 * 450)).toBeLessThan(1e-9);
    expect(relErr(r.result.im, 1.2 * 450)).toBeLessThan(1e-9);
    expect(r.result.status).toBe("healthy"); // uniMMR = 1,000 / 450 = 222 %
  });

  it.each([
    // uniMMR = equity / 450 (hand-computed): 500 → 111 % reduce-only; 460 → 102 % liquidation
    { usdt: 500, status: "below-initial" },
    { usdt: 460, status: "liquidation" },
  ])("uniMMR band with $usdt USDT → $status", ({ usdt, status }) => {
    const r = computeSubAccount(account(usdt, [{ id: "p", kind: "perp", underlying: "BTC", size: 1, entryPrice: 100_000 }]), btcAt(100_000));
    if (!r.ok) throw new Error(r.error);
    expect(r.result.status).toBe(status);
  });

  it("lists no options, cross only (Binance portfolio margin covers futures and margin)", () => {
    expect(BINANCE_PM.lists).toEqual({ futures: true, options: false });
    expect(BINANCE_PM.modes).toEqual(["cross"]);
    const r = computeSubAccount(
      account(10_000, [
        {
          id: "o",
          kind: "option",
          underlying: "BTC",
          expiry: SAMPLE_SNAPSHOT.underlyings.BTC.expiries[0]!.id,
          strike: SAMPLE_SNAPSHOT.underlyings.BTC.expiries[0]!.strikes[0]!,
          optionType: "call",
          size: -1,
          entryPrice: 100,
        },
      ]),
      SAMPLE_SNAPSHOT,
    );
    expect(!r.ok && r.error).toContain("lists no options");
  });
});
