import { describe, expect, it } from "vitest";
import { dayOf, gapsIn, horizonReturns, isoDay, jointReturns, SAMPLE_HISTORY, type PriceHistory } from "./returns";

const hist = (series: PriceHistory["series"]): PriceHistory => ({ ...SAMPLE_HISTORY, series });
const REL = 1e-12;

describe("joint daily returns", () => {
  it("a missing day gives one multi-day return, never a zero return (hand-computed)", () => {
    // BTC on days 0, 1, 3 (day 2 missing): ln(110/100), ln(99/110) over 2 days.
    const j = jointReturns(hist({ BTC: { days: [0, 1, 3], usd: [100, 110, 99] } }), ["BTC"]);
    if (typeof j === "string") throw new Error(j);
    expect(Array.from(j.logReturns.BTC!)).toEqual([Math.log(110 / 100), Math.log(99 / 110)]);
    expect(Array.from(j.spanDays)).toEqual([1, 2]);
    expect(gapsIn(j)).toEqual([{ endIso: isoDay(3), spanDays: 2 }]);
  });

  it("joint returns use only days both series have (a gap in one is a multi-day return for both)", () => {
    // ETH misses day 2: joint days 0, 1, 3. BTC 100→102→(101)→105, ETH 10→11→12 (day 3).
    const j = jointReturns(hist({ BTC: { days: [0, 1, 2, 3], usd: [100, 102, 101, 105] }, ETH: { days: [0, 1, 3], usd: [10, 11, 12] } }), ["BTC", "ETH"]);
    if (typeof j === "string") throw new Error(j);
    expect(Array.from(j.logReturns.BTC!)).toEqual([Math.log(102 / 100), Math.log(105 / 102)]);
    expect(Array.from(j.logReturns.ETH!)).toEqual([Math.log(11 / 10), Math.log(12 / 11)]);
    expect(Array.from(j.spanDays)).toEqual([1, 2]);
  });

  it("h-observation returns are sums of consecutive log returns (= log price change)", () => {
    const j = jointReturns(hist({ BTC: { days: [0, 1, 2, 3], usd: [100, 90, 99, 120] } }), ["BTC"]);
    if (typeof j === "string") throw new Error(j);
    const h2 = horizonReturns(j, 2);
    // hand-computed: ln(99/100), ln(120/90)
    expect(h2.logReturns.BTC![0]).toBeCloseTo(Math.log(99 / 100), 14);
    expect(h2.logReturns.BTC![1]).toBeCloseTo(Math.log(120 / 90), 14);
    expect(Array.from(h2.spanDays)).toEqual([2, 2]);
  });

  it("clear messages for an underlying without history and too little joint history", () => {
    expect(jointReturns(hist({ BTC: SAMPLE_HISTORY.series.BTC }), ["BTC", "SOL"])).toBe("No price history for SOL");
    expect(jointReturns(hist({ BTC: { days: [0, 1], usd: [1, 2] }, ETH: { days: [5, 6], usd: [1, 2] } }), ["BTC", "ETH"])).toMatch(/Too little joint history/);
  });

  it("embedded sample: the known gaps (data README) are multi-day returns; no return is zero from a gap", () => {
    const j = jointReturns(SAMPLE_HISTORY, ["BTC", "ETH", "SOL"]);
    if (typeof j === "string") throw new Error(j);
    const gaps = gapsIn(j);
    // README: BTC misses 2024-02-17, 2024-06-14…17, 2024-12-04…08; ETH and SOL miss 2025-01-15.
    expect(gaps).toEqual([
      { endIso: "2024-02-18", spanDays: 2 },
      { endIso: "2024-06-18", spanDays: 5 },
      { endIso: "2024-12-09", spanDays: 6 },
      { endIso: "2025-01-16", spanDays: 2 },
    ]);
    // Across the 2024-06-14…17 gap: ln(P(06-18)/P(06-13)) for BTC, the whole move.
    const i = Array.from(j.endDay).indexOf(dayOf("2024-06-18"));
    const btc = SAMPLE_HISTORY.series.BTC!;
    const a = btc.days.indexOf(dayOf("2024-06-13"));
    const b = btc.days.indexOf(dayOf("2024-06-18"));
    expect(Math.abs(j.logReturns.BTC![i]! - Math.log(btc.usd[b]! / btc.usd[a]!))).toBeLessThan(REL);
    expect(isoDay(j.endDay[0]! - j.spanDays[0]!)).toBe("2020-04-10"); // SOL's first day
    expect(isoDay(j.endDay[j.endDay.length - 1]!)).toBe("2025-01-16");
  });
});
