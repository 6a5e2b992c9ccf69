import "server-only";
import { UNDERLYINGS, type Underlying } from "@/lib/market/types";
import { ADAPTERS, fetchDeriveCollateral } from "@/lib/market/server/adapters";
import type { LiveSnapshotResponse, QuotesResponse } from "@/lib/market/feed/api-schema";
import { buildLiveSnapshot, buildUnderlying } from "./build-snapshot";
import { TtlCache } from "./cache";
import type { MarketServiceConfig } from "./config";
import { combineErrors, MarketError, toMarketError } from "@/lib/market/feed/errors";
import { VenueClient } from "./exchanges";
import type { CollateralQuotes, VenueQuotes } from "@/lib/market/feed/venue-quotes";
import { COLLATERAL_VENUE, INSTRUMENTS, venueOrder, type VenueId, type VenuePreference } from "@/lib/market/feed/venues";

/** What a cached answer carries besides its value. */
export interface Served<T> {
  body: T;
  /** true when served from memory (or joined to a request already under way) */
  cacheHit: boolean;
  /** age of the answer in ms */
  ageMs: number;
}

export interface MarketService {
  /** The live MarketSnapshot with its provenance, built from the venues (cached briefly). */
  snapshot(preference: VenuePreference): Promise<Served<LiveSnapshotResponse>>;
  /** One venue's normalised quotes for one underlying, with its SVI fits (cached briefly). */
  quotes(venue: VenueId, underlying: Underlying): Promise<Served<QuotesResponse>>;
}

/** Rejects with a timeout MarketError when `p` takes longer than `ms`. */
function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MarketError("upstream-timeout", `${what}: no answer from the venues within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The live market data service: venue clients (ccxt, one per venue, market lists reused),
 * per-underlying venue fallback, the snapshot build, and a short TTL cache with request
 * coalescing in front of it all.
 *
 * @example
 * ```ts
 * const service = createMarketService({ upstream: null, timeoutMs: 8000, cacheTtlMs: 10_000, errorTtlMs: 3000, deadlineMs: 25_000, marketsTtlMs: 3_600_000 });
 * const { body } = await service.snapshot("auto");
 * body.snapshot.label; // "live (Deribit, Bybit, Derive)"
 * ```
 */
export function createMarketService(config: MarketServiceConfig, now: () => number = Date.now): MarketService {
  const clients = new Map<VenueId, VenueClient>();
  const client = (venue: VenueId) => {
    let c = clients.get(venue);
    if (!c) {
      c = new VenueClient(venue, { upstream: config.upstream, timeoutMs: config.venueTimeoutMs?.[venue] ?? config.timeoutMs }, config.marketsTtlMs, now);
      clients.set(venue, c);
    }
    return c;
  };
  const upstream = config.upstream ? "mock" : "venues";
  const snapshotCache = new TtlCache<LiveSnapshotResponse>({ ttlMs: config.cacheTtlMs, errorTtlMs: config.errorTtlMs, now });
  const quotesCache = new TtlCache<QuotesResponse>({ ttlMs: config.cacheTtlMs, errorTtlMs: config.errorTtlMs, now });

  async function readQuotes(venue: VenueId, underlying: Underlying): Promise<VenueQuotes> {
    const instruments = INSTRUMENTS[venue][underlying];
    if (!instruments) throw new MarketError("bad-request", `${venue} is not used for ${underlying}`);
    const exchange = await client(venue).ready();
    return ADAPTERS[venue]({ exchange, venue, underlying, instruments, nowMs: now() });
  }

  /** The first venue (in preference order) whose quotes build into a market for this underlying. */
  async function bundle(underlying: Underlying, preference: VenuePreference): Promise<{ quotes: VenueQuotes; fallbacks: string[] }> {
    const errors: MarketError[] = [];
    for (const venue of venueOrder(underlying, preference)) {
      try {
        const quotes = await readQuotes(venue, underlying);
        buildUnderlying(quotes, quotes.timestampMs); // fails early when the chain has no usable IVs
        return { quotes, fallbacks: errors.map((e) => e.message) };
      } catch (e) {
        errors.push(toMarketError(e, `${venue} ${underlying}`));
      }
    }
    throw combineErrors(underlying, errors);
  }

  async function collateral(): Promise<{ quotes: CollateralQuotes | null; error: string | null }> {
    try {
      const exchange = await client(COLLATERAL_VENUE).ready();
      return { quotes: await fetchDeriveCollateral(exchange), error: null };
    } catch (e) {
      return { quotes: null, error: toMarketError(e, COLLATERAL_VENUE).message };
    }
  }

  async function buildSnapshot(preference: VenuePreference): Promise<LiveSnapshotResponse> {
    const [bundles, coll] = await Promise.all([Promise.allSettled(UNDERLYINGS.map((u) => bundle(u, preference))), collateral()]);
    const failures = bundles.flatMap((r) => (r.status === "rejected" ? [toMarketError(r.reason, "market data")] : []));
    if (failures.length > 0) throw combineErrors("Live market data unavailable", failures);
    const chosen = Object.fromEntries(UNDERLYINGS.map((u, i) => [u, (bundles[i] as PromiseFulfilledResult<{ quotes: VenueQuotes; fallbacks: string[] }>).value])) as Record<
      Underlying,
      { quotes: VenueQuotes; fallbacks: string[] }
    >;
    return buildLiveSnapshot({ bundles: chosen, collateral: coll.quotes, collateralError: coll.error, upstream, nowMs: now() });
  }

  return {
    async snapshot(preference) {
      const { entry, hit } = await snapshotCache.get(`snapshot:${preference}`, () => withDeadline(buildSnapshot(preference), config.deadlineMs, "market snapshot"));
      return { body: entry.value, cacheHit: hit, ageMs: Math.max(0, now() - entry.storedAt) };
    },
    async quotes(venue, underlying) {
      const { entry, hit } = await quotesCache.get(`quotes:${venue}:${underlying}`, () =>
        withDeadline(
          (async () => {
            const quotes = await readQuotes(venue, underlying).catch((e: unknown) => {
              throw toMarketError(e, `${venue} ${underlying}`);
            });
            if (quotes.options === null) return { quotes, upstream, fits: [], dropped: [] };
            try {
              const built = buildUnderlying(quotes, quotes.timestampMs);
              return { quotes, upstream, fits: built.fits, dropped: built.dropped };
            } catch (e) {
              const err = toMarketError(e, `${venue} ${underlying}`);
              return { quotes, upstream, fits: [], dropped: [{ expiryId: "*", reason: err.message }] };
            }
          })(),
          config.deadlineMs,
          `${venue} ${underlying} quotes`,
        ),
      );
      return { body: entry.value, cacheHit: hit, ageMs: Math.max(0, now() - entry.storedAt) };
    },
  };
}
