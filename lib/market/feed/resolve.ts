import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { MarketSnapshot } from "@/lib/market/types";
import type { LiveMeta, LiveSnapshotResponse } from "./api-schema";
import { applyOverrides, describeOverrides, pinSnapshot, type MarketOverrides } from "@/lib/market/overrides";

/** What the live query knows right now (a subset of TanStack Query's result). */
export interface LiveQueryState {
  data: LiveSnapshotResponse | undefined;
  error: Error | null;
  isPending: boolean;
}

/** A snapshot the trader pinned, with the provenance it had then. */
export interface PinnedMarket {
  snapshot: MarketSnapshot;
  meta: LiveMeta | null;
  pinnedAt: string;
}

/**
 * Which market data every computation uses, and everything the banner must say about it.
 * Exactly one snapshot is in use at any time — sample, live or pinned, plus overrides — so a
 * result never mixes sources; `snapshot.id` names it in every query key.
 */
export interface MarketView {
  /** the snapshot computations use (overrides applied) */
  snapshot: MarketSnapshot;
  /** the snapshot before overrides */
  base: MarketSnapshot;
  /** where `base` comes from */
  mode: "live" | "sample" | "pinned";
  /** why the sample is in use: live data still loading, or unavailable */
  sampleReason: "loading" | "unavailable" | null;
  /** the last live request's error message (also while older live data is still shown) */
  liveError: string | null;
  /** provenance of the data in use (live or pinned live), else null */
  meta: LiveMeta | null;
  /** the newest live snapshot received (for "newer data available" while pinned) */
  latestLive: MarketSnapshot | null;
  /** pinned, and the live data has moved on since */
  newerLiveAvailable: boolean;
  /** human description of active overrides, "" when none */
  overridesText: string;
}

/**
 * The snapshot in use before overrides: the pinned one (under its own id), else the live one,
 * else the built-in sample. Depends only on the pin and the live data, so its identity is stable
 * while neither changes (a change of request status does not produce a new object).
 *
 * @example
 * ```ts
 * resolveBaseSnapshot(undefined, null) === SAMPLE_SNAPSHOT; // true
 * ```
 */
export function resolveBaseSnapshot(data: LiveSnapshotResponse | undefined, pinned: PinnedMarket | null): MarketSnapshot {
  if (pinned) return pinSnapshot(pinned.snapshot);
  return data?.snapshot ?? SAMPLE_SNAPSHOT;
}

/**
 * Resolves the market data in use from the live query, the pin and the overrides (`base` and
 * `snapshot` may be passed in when the caller memoises them; by default they are computed).
 *
 * - pinned → the pinned snapshot (own id), whatever the live query does;
 * - else live data when the query has any (a failed refresh keeps the last good data, with the
 *   error reported and its age shown by the banner);
 * - else the built-in sample, flagged "loading" while the first request is under way and
 *   "unavailable" once it failed — never presented as live.
 *
 * @example
 * ```ts
 * resolveMarketView({ data: undefined, error: null, isPending: true }, null, {}).sampleReason; // "loading"
 * ```
 */
export function resolveMarketView(
  live: LiveQueryState,
  pinned: PinnedMarket | null,
  overrides: MarketOverrides,
  base: MarketSnapshot = resolveBaseSnapshot(live.data, pinned),
  snapshot: MarketSnapshot = applyOverrides(base, overrides),
): MarketView {
  const latestLive = live.data?.snapshot ?? null;
  const liveError = live.error ? live.error.message : null;
  let mode: MarketView["mode"];
  let meta: LiveMeta | null = null;
  let sampleReason: MarketView["sampleReason"] = null;
  if (pinned) {
    mode = "pinned";
    meta = pinned.meta;
  } else if (live.data) {
    mode = "live";
    meta = live.data.meta;
  } else {
    mode = "sample";
    sampleReason = live.isPending && !live.error ? "loading" : "unavailable";
  }
  return {
    snapshot,
    base,
    mode,
    sampleReason,
    liveError,
    meta,
    latestLive,
    newerLiveAvailable: pinned !== null && latestLive !== null && latestLive.id !== pinned.snapshot.id,
    overridesText: describeOverrides(overrides),
  };
}
