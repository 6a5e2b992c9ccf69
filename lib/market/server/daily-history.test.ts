import { describe, expect, it } from "vitest";
import { dailyHistoryResponseSchema } from "@/lib/market/feed/daily-history";
import { loadDailyHistory, type OhlcvPage } from "./daily-history";

const DAY = 86_400_000;

/** A fake venue: one candle per day from day 100 to 109 except day 104, two candles per page. */
function fakeVenue(calls: string[]): OhlcvPage {
  const all = [100, 101, 102, 103, 105, 106, 107, 108, 109].map((d) => [d * DAY, 1000 + d, 0, 0, 0, 0]);
  return async (symbol, since, limit) => {
    calls.push(`${symbol}@${since / DAY}`);
    return symbol === "SOL/USDT" ? [] : all.filter((r) => r[0]! >= since).slice(0, Math.min(limit, 2));
  };
}

describe("live daily history (ccxt fetchOHLCV pages)", () => {
  it("pages from the first day to today, keeps the opens, skips what the venue lacks", async () => {
    const calls: string[] = [];
    const h = await loadDailyHistory(fakeVenue(calls), "okx", 101, 108, () => Date.UTC(2026, 10, 28));
    expect(h.series.BTC).toEqual({ days: [101, 102, 103, 105, 106, 107, 108], usd: [1101, 1102, 1103, 1105, 1106, 1107, 1108] });
    expect(h.series.SOL).toBeUndefined(); // no candles: no series (the sample's SOL stays as it is)
    expect(calls.filter((c) => c.startsWith("BTC"))).toEqual(["BTC/USDT@101", "BTC/USDT@103", "BTC/USDT@106", "BTC/USDT@108"]);
    expect(dailyHistoryResponseSchema.safeParse(h).success).toBe(true);
  });

  it("no candles at all is an error (the client keeps the sample)", async () => {
    await expect(loadDailyHistory(async () => [], "okx", 1, 5)).rejects.toThrow(/no daily candles/);
  });
});
