import { describe, it, expect } from "vitest";
import { relErr } from "@/lib/quant/precision";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { applyScenario, NO_SCENARIO } from "@/lib/market/scenario";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { computeWithRulebook } from "@/lib/margin/models/compute";
import { validatePmParams } from "@/lib/margin/models/pm/engine";
import { BYBIT_CROSS } from "./bybit";
import { BYBIT_PM, BYBIT_PM_SPREAD_EXAMPLE, BYBIT_PM_SPREAD_EXAMPLE_URL } from "./bybit-pm";

const EXACT_REL_TOL = 1e-12;
const ex = BYBIT_PM_SPREAD_EXAMPLE;

/** The sample market with BTC moved to the example's 20,250 (applyScenario: the one market-move rule). */
const market = applyScenario(SAMPLE_SNAPSHOT, { ...NO_SCENARIO, moves: { BTC: { spotFactor: ex.spot / SAMPLE_SNAPSHOT.underlyings.BTC.spot, volShiftPts: 0 } } });
// the listed expiry whose marks come closest to the example's (about 275 and 678 against 290 and 750)
const expiry = market.underlyings.BTC.expiries[2]!;

function spread(mode: SubAccount["mode"], profileId: string): SubAccount {
  const positions: Position[] = [
    { id: "short", kind: "option", underlying: "BTC", expiry: expiry.id, strike: ex.shortPut.strike, optionType: "put", size: -1, entryPrice: 280 },
    { id: "long", kind: "option", underlying: "BTC", expiry: expiry.id, strike: ex.longPut.strike, optionType: "put", size: 1, entryPrice: 760 },
  ];
  return { id: "s", name: "bear put spread", mode, profileId, collateral: [{ asset: "USDT", amount: 10_000 }], positions };
}

describe(`Bybit portfolio margin — bear put spread (${BYBIT_PM_SPREAD_EXAMPLE_URL})`, () => {
  it("the published figures agree with each other: MM 434.65 = max loss + contingency 0, below the spread's value 750 − 290 = 460 and below cross MM 938", () => {
    expect(ex.pmMaintenance).toBeLessThan(ex.longPut.mark - ex.shortPut.mark);
    expect(ex.pmMaintenance).toBeLessThan(ex.crossMaintenance);
  });

  it("33 scenarios (11 spot moves × vol down / unchanged / up), a grid the engine accepts", () => {
    expect(BYBIT_PM.grid.scenarios).toHaveLength(33);
    expect(validatePmParams(BYBIT_PM.grid)).toBeNull();
  });

  it("engine: MM = |worst scenario loss| (no contingency), positive, at most the spread's mark value, and below the cross-margin MM of the same book", () => {
    const pm = computeWithRulebook(spread("portfolio", BYBIT_PM.id), BYBIT_PM, market, { lite: true });
    if (!pm.ok) throw new Error(pm.error);
    const d = pm.result.portfolio!;
    expect(d.contingencies.filter((c) => c.mm > 0)).toEqual([]);
    expect(relErr(pm.result.mm, Math.abs(d.worstLoss))).toBeLessThan(EXACT_REL_TOL);
    expect(pm.result.mm).toBeGreaterThan(0);
    const value = pm.result.positions.reduce((s, p) => s + p.size * p.mark, 0);
    expect(pm.result.mm).toBeLessThanOrEqual(value * (1 + EXACT_REL_TOL));
    const cross = computeWithRulebook(spread("cross", BYBIT_CROSS.id), BYBIT_CROSS, market, { lite: true });
    if (!cross.ok) throw new Error(cross.error);
    expect(pm.result.mm).toBeLessThan(cross.result.mm);
  });

  it("the 434.65 itself is not reproducible from the page: the rulebook says which inputs are missing", () => {
    expect(BYBIT_PM.notes.some((n) => n.includes("434.65") && n.includes("implied vols") && n.includes("time to the 22JUL22 expiry"))).toBe(true);
  });
});
