import "server-only";
import type { Exchange } from "ccxt";
import { MarketError, toMarketError } from "@/lib/market/feed/errors";
import type { VenueId } from "@/lib/market/feed/venues";

/** How MarginLab talks to the venues: where (real venues, or a mock base URL) and how long it waits. */
export interface UpstreamConfig {
  /**
   * Base URL that replaces every venue's API host (tests and demos: the mock venue on
   * 127.0.0.1). null = the venues' real public endpoints. Set only from server configuration.
   */
  upstream: string | null;
  /** per-request timeout handed to ccxt, in ms */
  timeoutMs: number;
}

/**
 * The API base URLs of one venue, pointed at `upstream/<venue>` (the mock serves every venue
 * under its own prefix, in that venue's own wire format).
 */
function overrideUrls(venue: VenueId, upstream: string): Record<string, string> {
  const base = `${upstream.replace(/\/+$/, "")}/${venue}`;
  switch (venue) {
    case "deribit":
    case "okx":
      return { rest: base };
    case "bybit":
      return { spot: base, futures: base, v2: base, public: base, private: base };
    case "derive":
      return { public: `${base}/public`, private: `${base}/private` };
  }
}

/** ccxt options per venue: load only the market types MarginLab reads. */
const VENUE_OPTIONS: Record<VenueId, Record<string, unknown>> = {
  deribit: {},
  okx: { fetchMarkets: { types: ["spot", "swap", "future", "option"] }, defaultUnderlying: ["BTC-USD", "ETH-USD"] },
  bybit: { fetchMarkets: { types: ["linear", "option"], options: ["BTC", "ETH", "SOL"] } },
  derive: {},
};

/**
 * A new ccxt exchange for a venue: public endpoints only (no API keys), the configured timeout,
 * and — when `upstream` is set — every API URL pointed at that base.
 *
 * @example
 * ```ts
 * const ex = await createExchange("deribit", { upstream: "http://127.0.0.1:3197", timeoutMs: 5000 });
 * ex.urls.api; // { rest: "http://127.0.0.1:3197/deribit" }
 * ```
 */
export async function createExchange(venue: VenueId, config: UpstreamConfig): Promise<Exchange> {
  // Loaded on first use: ccxt is large and only the server's market routes need it.
  const ccxt = await import("ccxt");
  const classes = { deribit: ccxt.deribit, okx: ccxt.okx, bybit: ccxt.bybit, derive: ccxt.derive } as const;
  const Ctor = classes[venue];
  const exchange: Exchange = new Ctor({ timeout: config.timeoutMs, enableRateLimit: true, options: VENUE_OPTIONS[venue] });
  if (config.upstream) exchange.urls["api"] = overrideUrls(venue, config.upstream);
  // ccxt quietly hands an unparsable body on as a string, which would surface later as
  // "missing fields". onRestResponse is ccxt's hook on every response body: reject malformed
  // JSON in a successful answer right here, with a message that says so.
  const onRestResponse = exchange.onRestResponse.bind(exchange);
  exchange.onRestResponse = (status: number, statusText: string, url: string, method: string, headers: unknown, body: string, reqHeaders: unknown, reqBody: unknown) => {
    const text: string = onRestResponse(status, statusText, url, method, headers, body, reqHeaders, reqBody);
    if (status >= 200 && status < 300) {
      try {
        JSON.parse(text);
      } catch {
        throw new MarketError("upstream-bad-data", `${venue} sent malformed JSON (${method} ${new URL(url).pathname})`);
      }
    }
    return text;
  };
  return exchange;
}

/**
 * One venue's ccxt exchange with its market list loaded at most once per `marketsTtlMs`
 * (listings change daily as expiries roll) and concurrent loads coalesced. A failed load is
 * retried by the next caller (ccxt itself would keep returning the failed promise).
 */
export class VenueClient {
  private loadedAt: number | null = null;
  private loading: Promise<Exchange> | null = null;
  private exchange: Promise<Exchange> | null = null;

  constructor(
    readonly venue: VenueId,
    private readonly config: UpstreamConfig,
    private readonly marketsTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The exchange with its markets loaded (fresh enough). */
  async ready(): Promise<Exchange> {
    this.exchange ??= createExchange(this.venue, this.config);
    const ex = await this.exchange;
    if (this.loadedAt !== null && this.now() - this.loadedAt < this.marketsTtlMs) return ex;
    this.loading ??= ex
      .loadMarkets(true)
      .then((markets) => {
        if (!markets || Object.keys(markets).length === 0) throw new MarketError("upstream-bad-data", "the venue listed no instruments");
        this.loadedAt = this.now();
        return ex;
      })
      .catch((e: unknown) => {
        throw toMarketError(e, `${this.venue} market list`);
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
