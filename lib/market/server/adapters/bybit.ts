import "server-only";
import type { MarketInterface } from "ccxt";
import type { VenueQuotes } from "@/lib/market/feed/venue-quotes";
import { checked, fetchPerpFuturesOptions, intervalHours, need, num, optionQuote, pos, type AdapterInput } from "./common";

/**
 * Bybit through ccxt (public v5 endpoints):
 *  - perp ticker (`fetchTicker` on the USDT perp, /v5/market/tickers category=linear): mark and index;
 *  - funding (`fetchFundingRate`, emulated by ccxt from the same tickers endpoint; interval from the
 *    instrument's `fundingInterval`);
 *  - futures marks (`fetchTickers` on the USDC-settled dated futures);
 *  - option chain (`fetchOptionChain`, /v5/market/tickers category=option): `impliedVolatility` is
 *    Bybit's markIv (fraction) and `underlyingPrice` the forward of the expiry.
 *
 * @example
 * ```ts
 * const q = await fetchBybitQuotes({ exchange, venue: "bybit", underlying: "SOL", instruments: INSTRUMENTS.bybit.SOL!, nowMs: Date.now() });
 * q.index.price; // e.g. 141.3
 * ```
 */
export async function fetchBybitQuotes(input: AdapterInput): Promise<VenueQuotes> {
  const { exchange: ex, underlying: u, instruments: ins, nowMs } = input;
  const tag = `bybit ${u}`;
  const { futures, ticker, funding, futureTickers, chain } = await fetchPerpFuturesOptions(input, tag);
  const options = Object.values(chain).flatMap((o) => {
    const q = optionQuote(o.symbol ? (ex.markets?.[o.symbol] as MarketInterface | undefined) : undefined, u, ins.optionsSettle, num(o.impliedVolatility), pos(o.underlyingPrice));
    return q ? [q] : [];
  });
  const hours = intervalHours(funding.interval, 8);
  return checked({
    venue: "bybit",
    underlying: u,
    timestampMs: num(ticker.timestamp) ?? num(funding.timestamp) ?? nowMs,
    index: { price: need(pos(ticker.indexPrice), `${tag} perp ticker indexPrice`), source: `${ins.perp} indexPrice` },
    perp: {
      symbol: ins.perp,
      mark: need(pos(ticker.markPrice), `${tag} perp ticker markPrice`),
      funding8h: need(num(funding.fundingRate), `${tag} fundingRate`) * (8 / hours),
      fundingIntervalHours: hours,
    },
    futures: futures.flatMap((m) => {
      const px = pos(futureTickers[m.symbol]?.markPrice);
      return px !== undefined && m.expiry ? [{ symbol: m.symbol, expiryMs: m.expiry, mark: px }] : [];
    }),
    options,
    rate: null,
  });
}
