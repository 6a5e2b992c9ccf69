import "server-only";
import type { Exchange, MarketInterface, Ticker } from "ccxt";
import type { Underlying } from "@/lib/market/types";
import { MarketError, toMarketError } from "@/lib/market/feed/errors";
import { venueQuotesSchema, type OptionQuote, type VenueQuotes } from "@/lib/market/feed/venue-quotes";
import type { VenueId, VenueInstruments } from "@/lib/market/feed/venues";

/** What every venue adapter is given. */
export interface AdapterInput {
  exchange: Exchange;
  venue: VenueId;
  underlying: Underlying;
  instruments: VenueInstruments;
  /** server clock (ms), for dropping expired listings and as the fallback timestamp */
  nowMs: number;
}

export const MS_PER_HOUR = 3_600_000;

/**
 * A finite number from a ccxt field (number or numeric string), else undefined.
 *
 * @example
 * ```ts
 * num("0.0001"); // 0.0001
 * num(""); // undefined
 * ```
 */
export function num(x: unknown): number | undefined {
  const v = typeof x === "string" && x.trim() !== "" ? Number(x) : x;
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * A positive finite number, else undefined.
 *
 * @example
 * ```ts
 * pos("87250.5"); // 87250.5
 * pos(0); // undefined
 * ```
 */
export function pos(x: unknown): number | undefined {
  const v = num(x);
  return v !== undefined && v > 0 ? v : undefined;
}

/**
 * The value, or a MarketError saying which field of which response is missing.
 *
 * @example
 * ```ts
 * need(pos(ticker.markPrice), "deribit BTC perp ticker mark_price");
 * ```
 */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new MarketError("upstream-bad-data", `${what} is missing or invalid`);
  return value;
}

/**
 * Fails with a clear message when a whitelisted symbol is not in the venue's market list.
 *
 * @example
 * ```ts
 * listed(exchange, "BTC/USD:BTC", "deribit BTC"); // "BTC/USD:BTC", or throws upstream-bad-data
 * ```
 */
export function listed(exchange: Exchange, symbol: string, what: string): string {
  if (!exchange.markets?.[symbol]) throw new MarketError("upstream-bad-data", `${what}: ${symbol} is not listed by the venue`);
  return symbol;
}

/**
 * Runs one upstream call, naming it in any error ("deribit BTC option chain: …").
 *
 * @example
 * ```ts
 * const chain = await step("deribit BTC option chain", () => ex.fetchOptionChain("BTC"));
 * ```
 */
export async function step<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toMarketError(e, what);
  }
}

/**
 * Funding interval in hours from a ccxt interval string ("8h"), or the fallback.
 *
 * @example
 * ```ts
 * intervalHours("4h", 8); // 4
 * intervalHours(undefined, 8); // 8
 * ```
 */
export function intervalHours(interval: unknown, fallback: number): number {
  const m = typeof interval === "string" ? /^(\d+(?:\.\d+)?)h$/.exec(interval) : null;
  const h = m ? Number(m[1]) : NaN;
  return h > 0 ? h : fallback;
}

/**
 * Live dated futures of an underlying with a given settle currency (not yet expired).
 *
 * @example
 * ```ts
 * futureMarkets(deribit, "BTC", "BTC", Date.now()).map((m) => m.symbol); // ["BTC/USD:BTC-261127", …]
 * ```
 */
export function futureMarkets(exchange: Exchange, underlying: Underlying, settle: string | undefined, nowMs: number): MarketInterface[] {
  if (!settle) return [];
  return Object.values(exchange.markets ?? {}).filter(
    (m): m is MarketInterface => !!m && m.future === true && m.base === underlying && m.settle === settle && m.active !== false && typeof m.expiry === "number" && m.expiry > nowMs,
  );
}

/**
 * An option quote from a listed market and the venue's mark IV / forward, or null if not an option we read.
 *
 * @example
 * ```ts
 * optionQuote(ex.markets["BTC/USD:BTC-261225-100000-C"], "BTC", "BTC", 0.52, 89_000); // { strike: 100000, type: "call", … }
 * ```
 */
export function optionQuote(market: MarketInterface | undefined, underlying: Underlying, settle: string | undefined, markIv: number | undefined, underlyingPrice: number | undefined): OptionQuote | null {
  if (!market || market.option !== true || market.base !== underlying) return null;
  if (settle && market.settle !== settle) return null;
  const strike = pos(market.strike);
  const expiryMs = num(market.expiry);
  const type = market.optionType === "call" || market.optionType === "put" ? market.optionType : null;
  if (strike === undefined || expiryMs === undefined || type === null) return null;
  return { symbol: market.symbol, expiryMs, strike, type, markIv: markIv ?? null, underlyingPrice: underlyingPrice ?? null };
}

/**
 * Median of the finite numbers given (undefined when none).
 *
 * @example
 * ```ts
 * median([3, undefined, 1, 2]); // 2
 * ```
 */
export function median(xs: readonly (number | undefined | null)[]): number | undefined {
  const v = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1]! + v[mid]!) / 2;
}

/**
 * Validates an adapter's output against the quotes schema (a last guard against odd upstream data).
 *
 * @example
 * ```ts
 * return checked({ venue: "bybit", underlying: "SOL", … });
 * ```
 */
export function checked(q: VenueQuotes): VenueQuotes {
  const r = venueQuotesSchema.safeParse(q);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new MarketError("upstream-bad-data", `${q.venue} ${q.underlying}: normalised quotes are invalid (${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown"})`);
  }
  return r.data;
}

/**
 * The four reads a perp-and-options venue answers with ccxt's unified API, in parallel: perp ticker,
 * funding rate, the dated futures' tickers (none if none are listed) and the option chain.
 * @example const { ticker, funding, futureTickers, chain } = await fetchPerpFuturesOptions(input, "deribit BTC");
 */
export async function fetchPerpFuturesOptions(input: AdapterInput, tag: string) {
  const { exchange: ex, underlying: u, instruments: ins, nowMs } = input;
  listed(ex, ins.perp, tag);
  const futures = futureMarkets(ex, u, ins.futuresSettle, nowMs);
  const [ticker, funding, futureTickers, chain] = await Promise.all([
    step(`${tag} perp ticker`, () => ex.fetchTicker(ins.perp)),
    step(`${tag} funding rate`, () => ex.fetchFundingRate(ins.perp)),
    futures.length > 0 ? step(`${tag} futures`, () => ex.fetchTickers(futures.map((m) => m.symbol))) : Promise.resolve({} as Record<string, Ticker>),
    step(`${tag} option chain`, () => ex.fetchOptionChain(u)),
  ]);
  return { futures, ticker, funding, futureTickers, chain };
}
