import "server-only";
import type { MarketInterface, Ticker } from "ccxt";
import type { VenueQuotes } from "@/lib/market/feed/venue-quotes";
import { checked, listed, futureMarkets, intervalHours, need, num, optionQuote, pos, step, type AdapterInput } from "./common";

/**
 * OKX through ccxt (public endpoints):
 *  - index: ccxt has no unified index ticker for OKX, so the spot market's last price
 *    (`fetchTicker` on BTC/USDT, /api/v5/market/ticker) stands in for it;
 *  - perp mark (`fetchMarkPrice`, /api/v5/public/mark-price) and funding (`fetchFundingRate`,
 *    /api/v5/public/funding-rate; the interval comes from fundingTime → nextFundingTime);
 *  - futures marks (`fetchMarkPrices` on the dated futures, /api/v5/public/mark-price instType=FUTURES);
 *  - option chain: `fetchOptionChain` carries no IV on OKX, so the chain is read with
 *    `fetchAllGreeks` (/api/v5/public/opt-summary): `markImpliedVolatility` (markVol) and the
 *    forward `fwdPx`.
 *
 * @example
 * ```ts
 * const q = await fetchOkxQuotes({ exchange, venue: "okx", underlying: "ETH", instruments: INSTRUMENTS.okx.ETH!, nowMs: Date.now() });
 * q.perp.funding8h; // e.g. 0.0001
 * ```
 */
export async function fetchOkxQuotes(input: AdapterInput): Promise<VenueQuotes> {
  const { exchange: ex, underlying: u, instruments: ins, nowMs } = input;
  const tag = `okx ${u}`;
  listed(ex, ins.perp, tag);
  const spotSymbol = need(ins.spot, `${tag} spot symbol`);
  const futures = futureMarkets(ex, u, ins.futuresSettle, nowMs);
  const [spot, mark, funding, futureMarks, greeks] = await Promise.all([
    step(`${tag} spot ticker`, () => ex.fetchTicker(spotSymbol)),
    step(`${tag} perp mark price`, () => ex.fetchMarkPrice(ins.perp)),
    step(`${tag} funding rate`, () => ex.fetchFundingRate(ins.perp)),
    futures.length > 0 ? step(`${tag} futures`, () => ex.fetchMarkPrices(futures.map((m) => m.symbol))) : Promise.resolve({} as Record<string, Ticker>),
    step(`${tag} option chain`, () => ex.fetchAllGreeks(undefined, { uly: need(ins.optionUnderlying, `${tag} option underlying`) })),
  ]);
  const options = Object.values(greeks).flatMap((g) => {
    const info = (g.info ?? {}) as Record<string, unknown>;
    const q = optionQuote(g.symbol ? (ex.markets?.[g.symbol] as MarketInterface | undefined) : undefined, u, ins.optionsSettle, num(g.markImpliedVolatility), pos(info["fwdPx"]));
    return q ? [q] : [];
  });
  const hours = intervalHours(funding.interval, 8);
  return checked({
    venue: "okx",
    underlying: u,
    timestampMs: num(mark.timestamp) ?? num(spot.timestamp) ?? nowMs,
    index: { price: need(pos(spot.last), `${tag} spot ticker last`), source: `${spotSymbol} last (OKX spot, as index)` },
    perp: {
      symbol: ins.perp,
      mark: need(pos(mark.markPrice), `${tag} perp markPx`),
      funding8h: need(num(funding.fundingRate), `${tag} fundingRate`) * (8 / hours),
      fundingIntervalHours: hours,
    },
    futures: futures.flatMap((m) => {
      const px = pos(futureMarks[m.symbol]?.markPrice);
      return px !== undefined && m.expiry ? [{ symbol: m.symbol, expiryMs: m.expiry, mark: px }] : [];
    }),
    options,
    rate: null,
  });
}
