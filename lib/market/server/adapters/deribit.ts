import "server-only";
import type { MarketInterface } from "ccxt";
import type { VenueQuotes } from "@/lib/market/feed/venue-quotes";
import { checked, fetchPerpFuturesOptions, intervalHours, median, need, num, optionQuote, pos, type AdapterInput } from "./common";

/**
 * Deribit through ccxt (public endpoints):
 *  - perp ticker (`fetchTicker`, /public/ticker): mark price, index price, timestamp;
 *  - funding (`fetchFundingRate`, /public/get_funding_rate_value): the rate over the last 8 h;
 *  - futures marks (`fetchTickers` on the dated futures, /public/get_book_summary_by_currency kind=future);
 *  - option chain (`fetchOptionChain`, /public/get_book_summary_by_currency kind=option): ccxt leaves
 *    `impliedVolatility` empty for Deribit, so the mark IV is read from the raw `mark_iv` field
 *    (in percent) and the forward from `underlying_price`; `interest_rate` is Deribit's pricing rate.
 *
 * @example
 * ```ts
 * const q = await fetchDeribitQuotes({ exchange, venue: "deribit", underlying: "BTC", instruments: INSTRUMENTS.deribit.BTC!, nowMs: Date.now() });
 * q.options?.[0]?.markIv; // e.g. 0.52
 * ```
 */
export async function fetchDeribitQuotes(input: AdapterInput): Promise<VenueQuotes> {
  const { exchange: ex, underlying: u, instruments: ins, nowMs } = input;
  const tag = `deribit ${u}`;
  const { futures, ticker, funding, futureTickers, chain } = await fetchPerpFuturesOptions(input, tag);
  const rates: number[] = [];
  const options = Object.values(chain).flatMap((o) => {
    const info = (o.info ?? {}) as Record<string, unknown>;
    const ivPct = num(info["mark_iv"]);
    const rate = num(info["interest_rate"]);
    if (rate !== undefined) rates.push(rate);
    const q = optionQuote(
      o.symbol ? (ex.markets?.[o.symbol] as MarketInterface | undefined) : undefined,
      u,
      ins.optionsSettle,
      ivPct === undefined ? undefined : ivPct / 100,
      pos(o.underlyingPrice) ?? pos(info["underlying_price"]),
    );
    return q ? [q] : [];
  });
  return checked({
    venue: "deribit",
    underlying: u,
    timestampMs: num(ticker.timestamp) ?? nowMs,
    index: { price: need(pos(ticker.indexPrice), `${tag} perp ticker index_price`), source: `${ins.perp} index_price` },
    perp: {
      symbol: ins.perp,
      mark: need(pos(ticker.markPrice), `${tag} perp ticker mark_price`),
      funding8h: need(num(funding.fundingRate), `${tag} funding rate`) * (8 / intervalHours(funding.interval, 8)),
      fundingIntervalHours: intervalHours(funding.interval, 8),
    },
    futures: futures.flatMap((m) => {
      const mark = pos(futureTickers[m.symbol]?.markPrice);
      return mark !== undefined && m.expiry ? [{ symbol: m.symbol, expiryMs: m.expiry, mark }] : [];
    }),
    options,
    rate: median(rates) ?? null,
  });
}
