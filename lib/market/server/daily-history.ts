import "server-only";
import { UNDERLYINGS, type Underlying } from "@/lib/market/types";
import type { DailyHistoryResponse } from "@/lib/market/feed/daily-history";
import { MarketError, redactHosts, toMarketError } from "@/lib/market/feed/errors";
import type { VenueId } from "@/lib/market/feed/venues";
import { TtlCache } from "./cache";
import { readMarketConfig } from "./config";
import { createExchange } from "./exchanges";

/**
 * Live daily price history for the risk views: ccxt `fetchOHLCV` daily candles (public, no keys)
 * of BTC, ETH and SOL against USDT on one venue, from the day after the embedded sample ends
 * (2025-01-16) to today, cached for an hour like the snapshot is cached for seconds.
 *
 * @packageDocumentation
 */

export const HISTORY_VENUE: VenueId = "okx";
const SYMBOLS: Record<Underlying, string> = { BTC: "BTC/USDT", ETH: "ETH/USDT", SOL: "SOL/USDT" };
/** First day asked for: the day after the embedded sample's last (2025-01-16). */
export const HISTORY_FROM_ISO = "2025-01-17";
const PAGE = 300;
const MAX_PAGES = 20;
const MS_PER_DAY = 86_400_000;
const HISTORY_TTL_MS = 3_600_000;
const HISTORY_ERROR_TTL_MS = 60_000;

/** One page of daily candles [timestamp ms, open, high, low, close, volume] from `sinceMs`. */
export type OhlcvPage = (symbol: string, sinceMs: number, limit: number) => Promise<readonly (readonly (number | undefined)[])[]>;

/**
 * Daily opens of every underlying from `fromDay` up to `todayDay` (UTC day numbers), page by page.
 *
 * @example
 * ```ts
 * await loadDailyHistory(fakePage, "okx", 20105, 20110); // { venue: "okx", series: { BTC: { days: […], usd: […] }, … } }
 * ```
 */
export async function loadDailyHistory(page: OhlcvPage, venue: string, fromDay: number, todayDay: number, now: () => number = Date.now): Promise<DailyHistoryResponse> {
  const series: DailyHistoryResponse["series"] = {};
  for (const u of UNDERLYINGS) {
    const days: number[] = [];
    const usd: number[] = [];
    let since = fromDay * MS_PER_DAY;
    for (let p = 0; p < MAX_PAGES; p++) {
      const rows = await page(SYMBOLS[u], since, PAGE);
      let last = -1;
      for (const r of rows) {
        const ts = r[0];
        const open = r[1];
        if (typeof ts !== "number" || typeof open !== "number" || !(open > 0) || !Number.isFinite(open)) continue;
        const day = Math.floor(ts / MS_PER_DAY);
        if (day < fromDay || day > todayDay || (days.length > 0 && day <= days[days.length - 1]!)) continue;
        days.push(day);
        usd.push(open);
        last = Math.max(last, day);
      }
      if (rows.length === 0 || last < 0 || last >= todayDay) break;
      since = (last + 1) * MS_PER_DAY;
    }
    if (days.length > 0) series[u] = { days, usd };
  }
  if (Object.keys(series).length === 0) throw new MarketError("upstream-bad-data", `${venue} returned no daily candles`);
  return { venue, fetchedAt: new Date(now()).toISOString(), series };
}

const GLOBAL_KEY = Symbol.for("marginlab.daily-history-cache");
const holder = globalThis as unknown as Record<symbol, TtlCache<DailyHistoryResponse> | undefined>;

/** GET /api/market/history → {@link DailyHistoryResponse}, or a JSON error (the client then keeps the sample). */
export async function handleDailyHistoryRequest(): Promise<Response> {
  const headers = { "Cache-Control": "no-store" };
  try {
    const cfg = readMarketConfig(process.env);
    if (!cfg.ok) throw new MarketError("internal", cfg.reason);
    const cache = (holder[GLOBAL_KEY] ??= new TtlCache<DailyHistoryResponse>({ ttlMs: HISTORY_TTL_MS, errorTtlMs: HISTORY_ERROR_TTL_MS, maxEntries: 2 }));
    const { entry } = await cache.get(HISTORY_VENUE, async () => {
      const ex = await createExchange(HISTORY_VENUE, { upstream: cfg.config.upstream, timeoutMs: cfg.config.timeoutMs });
      const page: OhlcvPage = (symbol, since, limit) => ex.fetchOHLCV(symbol, "1d", since, limit);
      const fromDay = Math.round(Date.parse(`${HISTORY_FROM_ISO}T00:00:00Z`) / MS_PER_DAY);
      try {
        return await loadDailyHistory(page, HISTORY_VENUE, fromDay, Math.floor(Date.now() / MS_PER_DAY));
      } catch (e) {
        throw e instanceof MarketError ? e : toMarketError(e, `${HISTORY_VENUE} daily candles`);
      }
    });
    return Response.json(entry.value, { status: 200, headers });
  } catch (e) {
    const err = e instanceof MarketError ? e : toMarketError(e, "price history");
    console.error(`[market] history ${err.status} ${err.code}: ${err.message}`);
    return Response.json({ error: { status: err.status, code: err.code, message: redactHosts(err.message), details: err.details.map(redactHosts) } }, { status: err.status, headers });
  }
}
