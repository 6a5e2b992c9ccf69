import { describe, expect, it } from "vitest";
import { nakedShorts, skewMultipliers, staticDiscounts, volShockMultipliers } from "./shocks";
import { DERIVE_PM2 } from "@/lib/margin/venues/derive";

const TOL = 1e-12;
/** 794,852 s: the expiry of Derive PM2 fixture test_13 (9.2 days). */
const YEARS_9D = 794_852 / 31_536_000;

describe("vol-shock multipliers (DTE power law)", () => {
  it("a DTE floor of 0 with an expired expiry gives no shock (1, 1), not Infinity", () => {
    expect(volShockMultipliers(0, { ...DERIVE_PM2.grid.volShock, dteFloorDays: 0 })).toEqual({ up: 1, down: 1 });
    expect(volShockMultipliers(-0.01, { ...DERIVE_PM2.grid.volShock, dteFloorDays: 0 })).toEqual({ up: 1, down: 1 });
  });

  it("short-dated: up = 1 + 0.5·(30/9.2)^0.3, down = 1 − 0.275·(30/9.2)^0.3 (fixture test_13: 1.712811375927374, 0.6079537432399443)", () => {
    const m = volShockMultipliers(YEARS_9D, DERIVE_PM2.grid.volShock);
    const dte = YEARS_9D * 365;
    const hand = Math.pow(30 / dte, 0.3);
    expect(m.up).toBeCloseTo(1 + 0.5 * hand, 14);
    expect(Math.abs(m.up - 1.712811375927374)).toBeLessThan(TOL);
    expect(Math.abs(m.down - 0.6079537432399443)).toBeLessThan(TOL);
  });

  it("exactly 30 days: the multiplier is 1 whatever the power (pivot)", () => {
    const m = volShockMultipliers(30 / 365, DERIVE_PM2.grid.volShock);
    expect(m.up).toBeCloseTo(1.5, 14);
    expect(m.down).toBeCloseTo(0.725, 14);
  });

  it("long-dated uses the long-term power; expired uses the DTE floor; down is floored at 0", () => {
    // hand-computed: 365 days, (30/365)^0.13
    expect(volShockMultipliers(1, DERIVE_PM2.grid.volShock).up).toBeCloseTo(1 + 0.5 * Math.pow(30 / 365, 0.13), 14);
    // expired: DTE floor 1 day → (30/1)^0.3
    expect(volShockMultipliers(0, DERIVE_PM2.grid.volShock).up).toBeCloseTo(1 + 0.5 * Math.pow(30, 0.3), 14);
    expect(volShockMultipliers(0, { ...DERIVE_PM2.grid.volShock, rangeDown: 1 }).down).toBe(0);
  });
});

describe("static discounts", () => {
  it("fixture test_13 (T = 794,852 s, r = 0.15): pos 0.9445087287221925, neg 1.0037878445554764", () => {
    const d = staticDiscounts(YEARS_9D, 0.15, DERIVE_PM2.grid.staticDiscount);
    expect(Math.abs(d.pos - 0.9445087287221925)).toBeLessThan(TOL);
    expect(Math.abs(d.neg - 1.0037878445554764)).toBeLessThan(TOL);
  });

  it("the short factor is capped at 1/D; no profile discount → 1 and 1", () => {
    // hand: r = 0, T = 0.6: 1.04·e^{0.6·0.08} = 1.0911 > 1/D = 1 → 1
    expect(staticDiscounts(0.6, 0, DERIVE_PM2.grid.staticDiscount).neg).toBe(1);
    expect(staticDiscounts(1, 0.05, null)).toEqual({ pos: 1, neg: 1 });
  });
});

describe("skew multipliers", () => {
  it("fixture test_13 (k = 0.043151017850228957): caps 0.1420620229941944, k* 0.3709410596475161, multipliers 1.01652586234559", () => {
    const m = skewMultipliers(0.043151017850228957, YEARS_9D, DERIVE_PM2.grid.skewShock!);
    expect(Math.abs(m.linearCap - 0.1420620229941944)).toBeLessThan(TOL);
    expect(Math.abs(m.kStar - 0.3709410596475161)).toBeLessThan(TOL);
    expect(Math.abs(m.linear - 1.01652586234559)).toBeLessThan(1e-11);
    expect(Math.abs(m.abs - 1.01652586234559)).toBeLessThan(1e-11);
  });

  it("rotation is capped at ±cap, negative k lowers the linear multiplier, abs uses |k|", () => {
    const p = DERIVE_PM2.grid.skewShock!;
    const far = skewMultipliers(-5, 0.1, p);
    expect(far.linear).toBeCloseTo(1 - far.linearCap, 14);
    expect(far.abs).toBeCloseTo(1 + far.absCap, 14);
    expect(skewMultipliers(-0.1, 0.1, p).linear).toBeLessThan(1);
    // a cap above 1 can push the raw multiplier below 0: the vol multiplier is floored at 0
    const huge = skewMultipliers(-5, 0.1, { ...p, linearBaseCap: 3 });
    expect(huge.linearRaw).toBeLessThan(0);
    expect(huge.linear).toBe(0);
  });
});

describe("naked short options (per strike, calls and puts offset)", () => {
  it("Deribit's published example: call +10 and put −20 at one strike → 10 naked", () => {
    // deribit.com/pages/docs/portfoliomargin: "call +10 and put −20 … net short position on strike X is −10"
    expect(
      nakedShorts([
        { strike: 100, isCall: true, amount: 10, vol: 0.5 },
        { strike: 100, isCall: false, amount: -20, vol: 0.5 },
      ]),
    ).toBe(10);
  });

  it("two shorts add up; longs at another strike do not cover", () => {
    expect(
      nakedShorts([
        { strike: 100, isCall: true, amount: -1, vol: 0.5 },
        { strike: 100, isCall: false, amount: -2, vol: 0.5 },
        { strike: 110, isCall: true, amount: 5, vol: 0.5 },
      ]),
    ).toBe(3);
  });
});
