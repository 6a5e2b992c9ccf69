import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { findExpiry, yearsBetween } from "@/lib/market/snapshot";
import { black76Price } from "@/lib/quant/black76";
import { sviImpliedVol } from "@/lib/quant/svi";
import { relErr } from "@/lib/quant/precision";
import type { NewPosition, Position, SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "./compute";
import type { ComputeOptions } from "./model-context";
import { applyScenario, NO_SCENARIO, withSpotFactor } from "@/lib/market/scenario";
import { BYBIT_CROSS } from "@/lib/margin/venues/bybit";
import { DERIBIT_STANDARD } from "@/lib/margin/venues/deribit";
import { liquidationAlong } from "@/lib/margin/analyses/liquidation";
import type { SubAccountResult } from "@/lib/margin/result-types";

/** Relative tolerance for hand-computed expectations built from the same published formulas. */
const TOL = 1e-9;
const snap = SAMPLE_SNAPSHOT;
const BTC = snap.underlyings.BTC;
const ETH = snap.underlyings.ETH;

function account(positions: NewPosition[], extra: Partial<SubAccount> = {}): SubAccount {
  return {
    id: "t",
    name: "test",
    mode: "cross",
    profileId: DERIBIT_STANDARD.id,
    collateral: [{ asset: "USDC", amount: 100_000 }],
    positions: positions.map((p, i) => ({ ...p, id: `p${i}` }) as Position),
    ...extra,
  };
}

function run(sub: SubAccount): SubAccountResult {
  const r = computeSubAccount(sub, snap);
  if (!r.ok) throw new Error(r.error);
  return r.result;
}

/** The sample mark of an option, priced independently here with Black-76 on the expiry's SVI slice. */
function optionMark(underlying: "BTC" | "ETH", expiry: string, strike: number, isCall: boolean): number {
  const e = findExpiry(snap, underlying, expiry)!;
  const T = yearsBetween(snap.asOf, e.expiryIso);
  const iv = sviImpliedVol(e.svi, Math.log(strike / e.forward), T);
  return black76Price(e.forward, strike, T, iv, e.rate, isCall);
}

describe("Deribit-style standard, cross", () => {
  it("long BTC perp: size-scaled IM/MM, equity and the liquidation price (hand-computed)", () => {
    const r = run(account([{ kind: "perp", underlying: "BTC", size: 10, entryPrice: 94_000 }]));
    const mark = BTC.perpMark; // 95,019 in the sample (95,000 × 1.0002)
    const index = BTC.spot; // Deribit margins linear perps on the index (support.deribit.com Linear Perpetual)
    // Deribit Linear Perpetual: BTC IM = 2% + 0.005%·size, MM = 1% + 0.005%·size → 2.05% and 1.05% at 10 BTC, on the index
    expect(relErr(r.im, 0.0205 * 10 * index)).toBeLessThan(TOL);
    expect(relErr(r.mm, 0.0105 * 10 * index)).toBeLessThan(TOL);
    const equity = 100_000 + 10 * (mark - 94_000);
    expect(relErr(r.equity, equity)).toBeLessThan(TOL);
    expect(relErr(r.freeCollateral, equity - 0.0205 * 10 * index)).toBeLessThan(TOL);
    expect(relErr(r.marginRatio!, (0.0105 * 10 * index) / equity)).toBeLessThan(TOL);
    // Liquidation: 100,000 + 10·(mark·f − 94,000) = 0.0105·10·index·f → f = 840,000 / (10·(mark − 0.0105·index))
    const f = 840_000 / (10 * (mark - 0.0105 * index));
    const liq = r.liquidation.find((l) => l.underlying === "BTC")!;
    expect(liq.state).toBe("found");
    expect(relErr(liq.down!.price, BTC.spot * f)).toBeLessThan(1e-9);
    expect(liq.up).toBeNull();
  });

  it("short OTM call: IM = max(0.15 − OTM/S, 0.10)·S + mark, MM = 0.075·S + mark", () => {
    const r = run(account([{ kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 110_000, optionType: "call", size: -2, entryPrice: 1_500 }]));
    const S = BTC.spot;
    const mark = optionMark("BTC", "2026-12-25", 110_000, true);
    // OTM/S = 15,000/95,000 = 0.1579 > 0.05 → the 10% floor applies
    expect(relErr(r.im, 2 * (0.1 * S + mark))).toBeLessThan(TOL);
    expect(relErr(r.mm, 2 * (0.075 * S + mark))).toBeLessThan(TOL);
    expect(relErr(r.equity, 100_000 - 2 * (mark - 1_500))).toBeLessThan(TOL);
  });

  it("short ITM call: the 15% base applies, OTM = 0", () => {
    const r = run(account([{ kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 90_000, optionType: "call", size: -1, entryPrice: 8_000 }]));
    const mark = optionMark("BTC", "2026-12-25", 90_000, true);
    expect(relErr(r.im, 0.15 * BTC.spot + mark)).toBeLessThan(TOL);
  });

  it("short put: IM = 0.15·S − OTM + mark when OTM/S < 5%, MM = max(0.075·S, 0.075·mark) + mark", () => {
    const r = run(account([{ kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 92_000, optionType: "put", size: -1, entryPrice: 3_000 }]));
    const S = BTC.spot;
    const mark = optionMark("BTC", "2026-12-25", 92_000, false);
    // OTM = 3,000 → 0.15 − 3,000/95,000 = 0.11842 > 0.10
    expect(relErr(r.im, (0.15 - 3_000 / S) * S + mark)).toBeLessThan(TOL);
    expect(relErr(r.mm, 0.075 * S + mark)).toBeLessThan(TOL);
  });

  it("deep ITM short put: MM uses 0.075·mark and IM is floored at MM", () => {
    // K = 300,000 ≫ S: mark ≈ D·(K − F) ≈ 203k > 2·S, so 0.075·mark > 0.15·S and IM = MM.
    const r = run(account([{ kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 300_000, optionType: "put", size: -1, entryPrice: 200_000 }], { collateral: [{ asset: "USDC", amount: 1_000_000 }] }));
    const mark = optionMark("BTC", "2026-12-25", 300_000, false);
    expect(mark).toBeGreaterThan(2 * BTC.spot);
    expect(relErr(r.mm, 1.075 * mark)).toBeLessThan(TOL);
    expect(relErr(r.im, r.mm)).toBeLessThan(TOL);
  });

  it("long options need no margin: premium only", () => {
    const r = run(account([{ kind: "option", underlying: "ETH", expiry: "2026-11-27", strike: 3_600, optionType: "call", size: 5, entryPrice: 40 }]));
    expect(r.im).toBe(0);
    expect(r.mm).toBe(0);
    expect(r.liquidation.find((l) => l.underlying === "ETH")?.state).toBe("none-in-range");
  });

  it("futures are margined on the expiry's forward", () => {
    const e = findExpiry(snap, "ETH", "2027-03-26")!;
    const r = run(account([{ kind: "future", underlying: "ETH", expiry: "2027-03-26", size: -100, entryPrice: 3_500 }]));
    // ETH: 2% + 0.0004%·100 = 2.04% IM, 1.04% MM on 100·F
    expect(relErr(r.im, 0.0204 * 100 * e.forward)).toBeLessThan(TOL);
    expect(relErr(r.mm, 0.0104 * 100 * e.forward)).toBeLessThan(TOL);
    expect(relErr(r.pnlUsd, -100 * (e.forward - 3_500))).toBeLessThan(TOL);
  });

  it("haircuts collateral and moves coin collateral with its underlying", () => {
    const r = run(
      account([], {
        collateral: [
          { asset: "BTC", amount: 2 },
          { asset: "wstETH", amount: 10 },
          { asset: "USDT", amount: 1_000 },
        ],
      }),
    );
    const staticHaircut = (a: "BTC" | "wstETH" | "USDT") => {
      const m = DERIBIT_STANDARD.haircuts[a];
      if (m.kind !== "static") throw new Error(`${a}: expected a static haircut`);
      return m.haircut;
    };
    const h = { BTC: staticHaircut("BTC"), wstETH: staticHaircut("wstETH"), USDT: staticHaircut("USDT") };
    // Deribit's haircuts count on the IM side only: equity = market value, initialEquity = after haircuts
    const market = 2 * BTC.spot + 10 * snap.collateralPrices.wstETH + 1_000 * snap.collateralPrices.USDT;
    const expected = 2 * BTC.spot * (1 - h.BTC) + 10 * snap.collateralPrices.wstETH * (1 - h.wstETH) + 1_000 * snap.collateralPrices.USDT * (1 - h.USDT);
    expect(relErr(r.collateralValue, market)).toBeLessThan(TOL);
    expect(relErr(r.equity, market)).toBeLessThan(TOL);
    expect(relErr(r.initialEquity!, expected)).toBeLessThan(TOL);
    expect(relErr(r.freeCollateral, expected)).toBeLessThan(TOL);
    expect(r.collateralBasis).toBe("market-value");
    expect(r.im).toBe(0);
    // BTC collateral at the chart's lowest point: market value × factor in equity; the IM line carries the haircuts there
    const btcChart = r.chart.find((c) => c.underlying === "BTC")!;
    const p0 = btcChart.points[0]!;
    const f = p0.price / BTC.spot;
    expect(relErr(p0.equity, market - 2 * BTC.spot * (1 - f))).toBeLessThan(TOL);
    const haircutsAtF = 2 * BTC.spot * f * h.BTC + 10 * snap.collateralPrices.wstETH * h.wstETH + 1_000 * snap.collateralPrices.USDT * h.USDT;
    expect(relErr(p0.im, haircutsAtF)).toBeLessThan(TOL);
  });

  it("reports an account already below maintenance", () => {
    const r = run(account([{ kind: "perp", underlying: "BTC", size: 10, entryPrice: 110_000 }], { collateral: [{ asset: "USDC", amount: 100_000 }] }));
    // equity = 100,000 + 10·(95,019 − 110,000) = −49,810 < MM
    expect(r.status).toBe("liquidation");
    expect(r.marginRatio).toBeNull();
    expect(r.liquidation[0]!.state).toBe("already");
  });

  it("leaves out a position whose expiry the snapshot does not list, with a warning", () => {
    const r = run(account([{ kind: "future", underlying: "BTC", expiry: "2030-01-01", size: 1, entryPrice: 100_000 }]));
    expect(r.positions).toHaveLength(0);
    expect(r.warnings[0]).toContain("2030-01-01 is not in the market snapshot");
  });

  it("settles expired options at intrinsic when days pass (what-if)", () => {
    const sub = account([{ kind: "option", underlying: "BTC", expiry: "2026-11-21", strike: 90_000, optionType: "call", size: 1, entryPrice: 5_000 }]);
    const res = computeSubAccount(sub, snap, { scenario: { ...NO_SCENARIO, daysForward: 2 } });
    if (!res.ok) throw new Error(res.error);
    expect(res.result.positions[0]!.mark).toBe(BTC.spot - 90_000);
  });

  it("returns a clear error for an unknown venue profile", () => {
    const res = computeSubAccount(account([], { profileId: "nope" }), snap);
    expect(res).toEqual({ ok: false, error: 'Unknown venue profile "nope"' });
  });

  it("equity equals MM at the reported liquidation price (cross)", () => {
    const sub = account(
      [
        { kind: "option", underlying: "ETH", expiry: "2026-12-25", strike: 3_000, optionType: "put", size: -40, entryPrice: 150 },
        { kind: "perp", underlying: "ETH", size: 10, entryPrice: 3_400 },
      ],
      { collateral: [{ asset: "USDC", amount: 30_000 }] },
    );
    const r = run(sub);
    const liq = r.liquidation.find((l) => l.underlying === "ETH")!;
    expect(liq.down).not.toBeNull();
    const at = computeSubAccount(sub, snap, { scenario: { ...NO_SCENARIO, moves: { ETH: { spotFactor: liq.down!.price / ETH.spot, volShiftPts: 0 } } } });
    if (!at.ok) throw new Error(at.error);
    expect(Math.abs(at.result.equity - at.result.mm) / at.result.mm).toBeLessThan(1e-8);
  });
});

describe("isolated", () => {
  it("short ETH perp with its own allocation: liquidation where allocation + P&L = MM (hand-computed)", () => {
    const r = run(account([{ kind: "perp", underlying: "ETH", size: -3, entryPrice: 3_400, isolatedMargin: 1_000 }], { mode: "isolated" }));
    const iso = r.positions[0]!.isolated!;
    expect(iso.allocated).toBe(1_000);
    expect(iso.allocationIsDefault).toBe(false);
    // mmf = 1% + 0.0004%·3 = 0.010012 on the index. At spot factor f: 1,000 − 3·(mark·f − 3,400) = 3·index·f·mmf
    // → f = 11,200 / (3·(mark + 0.010012·index)); the liquidation price is the index there
    const f = 11_200 / (3 * (ETH.perpMark + 0.010012 * ETH.spot));
    expect(relErr(iso.liquidation.up!.price, f * ETH.spot)).toBeLessThan(1e-9);
    expect(iso.liquidation.down).toBeNull();
    expect(relErr(r.freeCollateral, 100_000 - 1_000)).toBeLessThan(TOL);
  });

  it("defaults the allocation to the position's initial margin", () => {
    const r = run(account([{ kind: "perp", underlying: "BTC", size: 1, entryPrice: 95_000 }], { mode: "isolated" }));
    const p = r.positions[0]!;
    expect(p.isolated!.allocationIsDefault).toBe(true);
    expect(relErr(p.isolated!.allocated, 0.02005 * BTC.spot)).toBeLessThan(TOL); // IM on the index (Deribit Linear Perpetual)
  });

  it("defaults the allocation to the initial margin before the scenario, under the rulebook and base snapshot of each run, whatever the runs before asked", () => {
    // one position object through every run (the default allocation is remembered per position object)
    const sub = account([{ kind: "perp", underlying: "BTC", size: 1, entryPrice: 95_000 }], { mode: "isolated" });
    const bybit = { ...sub, profileId: BYBIT_CROSS.id };
    const down = { scenario: withSpotFactor(NO_SCENARIO, "BTC", 0.8) };
    /** a base snapshot with BTC 10 % higher (the scenario code builds it; the allocation is what was posted on it) */
    const higher = applyScenario(snap, withSpotFactor(NO_SCENARIO, "BTC", 1.1));
    const allocated = (s: SubAccount, base: typeof snap, opts: ComputeOptions = down) => {
      const r = computeSubAccount(s, base, opts);
      if (!r.ok) throw new Error(r.error);
      return r.result.positions[0]!.isolated!.allocated;
    };
    // Deribit: 2.005 % of the index (Deribit Linear Perpetual); Bybit BTCUSDT, first risk-limit tier: 100× → 1 % of the position value at mark
    const deribitToday = 0.02005 * BTC.spot;
    const bybitToday = 0.01 * BTC.perpMark;
    for (let round = 0; round < 2; round++) {
      // the same rulebook on two base snapshots in a row, then the other rulebook on the same snapshot
      expect(relErr(allocated(sub, snap), deribitToday)).toBeLessThan(TOL);
      expect(relErr(allocated(sub, higher), 0.02005 * higher.underlyings.BTC.spot)).toBeLessThan(TOL);
      expect(relErr(allocated(bybit, higher), 0.01 * higher.underlyings.BTC.perpMark)).toBeLessThan(TOL);
      expect(relErr(allocated(bybit, snap), bybitToday)).toBeLessThan(TOL);
      expect(relErr(allocated(sub, snap, {}), deribitToday)).toBeLessThan(TOL); // no scenario: the same figure
    }
    expect(relErr(higher.underlyings.BTC.spot, 1.1 * BTC.spot)).toBeLessThan(1e-12);
  });

  it("caps a position's loss at its allocation in account equity", () => {
    const r = run(account([{ kind: "perp", underlying: "BTC", size: 1, entryPrice: 120_000, isolatedMargin: 2_000 }], { mode: "isolated" }));
    // P&L = 95,019 − 120,000 = −24,981, but the position can only lose its 2,000
    expect(r.equity).toBe(100_000 - 2_000);
    expect(r.status).toBe("liquidation");
    expect(r.positions[0]!.isolated!.liquidation.state).toBe("already");
  });

  it("warns when allocations exceed the collateral", () => {
    const r = run(account([{ kind: "perp", underlying: "BTC", size: 1, entryPrice: 95_000, isolatedMargin: 150_000 }], { mode: "isolated" }));
    expect(r.warnings.join(" ")).toContain("exceed the collateral");
    expect(r.status).toBe("below-initial");
  });
});

describe("liquidation search", () => {
  it("reproduces the dYdX help-centre isolated short example: liquidation price 3,174.60", () => {
    // margin-models.md §2.1: e = 1,000, s = −3, p = 3,000, mmf = 0.05: e + s·(P − p) = |s|·P·mmf
    const spot = 3_000;
    const l = liquidationAlong("ETH", spot, (f) => 1_000 - 3 * (spot * f - 3_000) - 3 * spot * f * 0.05);
    expect(l.up!.price.toFixed(2)).toBe("3174.60");
    expect(l.down).toBeNull();
  });

  it("finds both sides of a short straddle-like surplus and reports none in range when there is none", () => {
    const both = liquidationAlong("BTC", 100, (f) => 0.04 - (f - 1) * (f - 1));
    expect(both.down!.price).toBeCloseTo(80, 8);
    expect(both.up!.price).toBeCloseTo(120, 8);
    expect(liquidationAlong("BTC", 100, () => 1).state).toBe("none-in-range");
    expect(liquidationAlong("BTC", 100, () => -1).state).toBe("already");
  });
});

describe("isolated long options", () => {
  it("allocate their premium by default and are never liquidated: they can lose no more than it", () => {
    const r = computeSubAccount(
      {
        id: "l",
        name: "l",
        mode: "isolated",
        profileId: "deribit-standard",
        collateral: [{ asset: "USDC", amount: 10_000 }],
        positions: [{ id: "c", kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 115_000, optionType: "call", size: 2, entryPrice: 1_450 }],
      },
      SAMPLE_SNAPSHOT,
    );
    if (!r.ok) throw new Error(r.error);
    const iso = r.result.positions[0]!.isolated!;
    expect(iso.allocated).toBe(2 * 1_450); // premium = size × entry
    expect(iso.liquidation.state).toBe("none-in-range");
    expect(r.result.freeCollateral).toBe(10_000 - 2_900);
  });
});
