import { describe, expect, it } from "vitest";
import { extendHistory } from "./extend";
import { dayOf, jointReturns, SAMPLE_HISTORY, type PriceHistory } from "./returns";

const sample: PriceHistory = { ...SAMPLE_HISTORY, series: { BTC: { days: [0, 1, 2], usd: [100, 101, 102] }, ETH: { days: [0, 1, 2], usd: [10, 11, 12] } } };

describe("live extension of the embedded history", () => {
  it("appends only days after the sample's last day; keeps the sample's values; labels the source", () => {
    const h = extendHistory(sample, { venue: "okx", series: { BTC: { days: [2, 3, 5], usd: [999, 104, 105] }, ETH: { days: [3, 5], usd: [13, 14] } } });
    expect(h.source).toBe("live");
    expect(h.series.BTC).toEqual({ days: [0, 1, 2, 3, 5], usd: [100, 101, 102, 104, 105] });
    expect(h.label).toMatch(/okx daily candles .* from 1970-01-04 to 1970-01-06/);
    // the live gap (day 4 missing) is one 2-day return, never a zero return
    const j = jointReturns(h, ["BTC", "ETH"]);
    if (typeof j === "string") throw new Error(j);
    expect(Array.from(j.spanDays)).toEqual([1, 1, 1, 2]);
    expect(j.logReturns.BTC![3]).toBeCloseTo(Math.log(105 / 104), 14);
  });

  it("a hole longer than 7 days (e.g. a venue that ignored `since`) ends the extension: no year-long 'return'", () => {
    // sample ends day 2; live starts day 3 (joins), then jumps to day 20 (17-day hole): only day 3 is kept
    expect(extendHistory(sample, { venue: "okx", series: { BTC: { days: [3, 20, 21], usd: [1, 2, 3] } } }).series.BTC!.days).toEqual([0, 1, 2, 3]);
    // live starting 300 days after the sample: nothing added
    expect(extendHistory(sample, { venue: "okx", series: { BTC: { days: [302, 303], usd: [1, 2] } } })).toBe(sample);
  });

  it("nothing new, bad prices or out-of-order days: the sample as it is", () => {
    expect(extendHistory(sample, { venue: "okx", series: { BTC: { days: [1, 2], usd: [1, 2] } } })).toBe(sample);
    expect(extendHistory(sample, { venue: "okx", series: { BTC: { days: [3, 4], usd: [0, Number.NaN] } } })).toBe(sample);
    expect(extendHistory(sample, { venue: "okx", series: { BTC: { days: [4, 3], usd: [1, 2] } } }).series.BTC!.days).toEqual([0, 1, 2, 4]);
  });

  it("the real sample ends on 2025-01-16 for all three", () => {
    for (const s of Object.values(SAMPLE_HISTORY.series)) expect(s!.days[s!.days.length - 1]).toBe(dayOf("2025-01-16"));
  });
});
