import { queryOptions } from "@tanstack/react-query";
import { errorResponseSchema, liveSnapshotResponseSchema, type LiveSnapshotResponse } from "./api-schema";
import type { MarketErrorCode } from "./errors";
import type { VenuePreference } from "./venues";

/** How often the browser asks for a fresh live snapshot (the server caches ~10 s in front of the venues). */
export const LIVE_REFETCH_INTERVAL_MS = 30_000;
/** Live data older than this (three missed refreshes) is flagged as stale. */
export const STALE_AFTER_MS = 90_000;
/** The browser gives up on one snapshot request after this long and shows the sample instead. */
export const LIVE_REQUEST_TIMEOUT_MS = 30_000;

/** A failed live snapshot request, with the server's status, code and message. */
export class LiveMarketError extends Error {
  readonly status: number;
  readonly code: MarketErrorCode | "network" | "invalid-response";
  readonly details: string[];
  constructor(message: string, status: number, code: LiveMarketError["code"], details: string[] = []) {
    super(message);
    this.name = "LiveMarketError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * Fetches the live snapshot from this app's own origin (/api/market/snapshot — the page talks to
 * nothing else) and validates it; any failure becomes a LiveMarketError with a readable message.
 *
 * @param venue - the preferred venue ("auto" = MarginLab's source plan)
 * @param signal - abort signal (TanStack Query passes its own)
 * @param fetchImpl - fetch (injectable for tests)
 * @returns the validated snapshot and its provenance
 *
 * @example
 * ```ts
 * const { snapshot, meta } = await fetchLiveSnapshot("auto");
 * ```
 */
export async function fetchLiveSnapshot(venue: VenuePreference, signal?: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<LiveSnapshotResponse> {
  const timeout = AbortSignal.timeout(LIVE_REQUEST_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetchImpl(`/api/market/snapshot?venue=${encodeURIComponent(venue)}`, { signal: combined, cache: "no-store", headers: { Accept: "application/json" } });
  } catch (e) {
    if (signal?.aborted) throw e;
    const why = timeout.aborted ? "the market data request timed out" : `the market data request failed (${e instanceof Error ? e.message : String(e)})`;
    throw new LiveMarketError(why, 0, "network");
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new LiveMarketError(`the market data service answered HTTP ${res.status} without JSON`, res.status, "invalid-response");
  }
  if (!res.ok) {
    const err = errorResponseSchema.safeParse(body);
    if (err.success) throw new LiveMarketError(err.data.error.message, res.status, err.data.error.code, err.data.error.details);
    throw new LiveMarketError(`the market data service answered HTTP ${res.status}`, res.status, "invalid-response");
  }
  const parsed = liveSnapshotResponseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LiveMarketError(`the live snapshot failed validation (${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown"})`, res.status, "invalid-response");
  }
  return parsed.data;
}

/**
 * TanStack Query options of the live snapshot: refetched every LIVE_REFETCH_INTERVAL_MS while the
 * tab is visible (a hidden tab does not poll; the banner's age and stale flag stay honest), never
 * retried in a loop — a failure shows the sample snapshot at once and the next interval tries again.
 *
 * @example
 * ```ts
 * const live = useQuery(liveSnapshotQuery("auto"));
 * ```
 */
export function liveSnapshotQuery(venue: VenuePreference) {
  return queryOptions({
    queryKey: ["market", "live-snapshot", venue] as const,
    queryFn: ({ signal }) => fetchLiveSnapshot(venue, signal),
    refetchInterval: LIVE_REFETCH_INTERVAL_MS,
    refetchIntervalInBackground: false,
    staleTime: LIVE_REFETCH_INTERVAL_MS / 2,
    gcTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * Whether data as of `asOfIso` counts as stale at `nowMs`.
 *
 * @example
 * ```ts
 * isStale("2026-11-24T08:00:00Z", Date.parse("2026-11-24T08:02:00Z")); // true (120 s > 90 s)
 * ```
 */
export function isStale(asOfIso: string, nowMs: number): boolean {
  return nowMs - Date.parse(asOfIso) > STALE_AFTER_MS;
}
