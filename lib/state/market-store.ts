import { z } from "zod";
import { createStore } from "zustand/vanilla";
import { persist } from "zustand/middleware";
import { validatedStorage } from "./persistence";
import { marketSnapshotSchema, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import { liveMetaSchema, type LiveMeta } from "@/lib/market/feed/api-schema";
import { marketOverridesSchema, type MarketOverrides } from "@/lib/market/overrides";
import type { PinnedMarket } from "@/lib/market/feed/resolve";
import { venuePreferenceSchema, type VenuePreference } from "@/lib/market/feed/venues";

/**
 * The trader's market-data choices (inputs only; the live data itself lives in the query
 * cache): the preferred venue, a pinned snapshot, and what-if overrides per underlying.
 * Persisted under its own localStorage key, validated with zod when read.
 */
export const MARKET_STORAGE_KEY = "marginlab.market";
/** Version of the persisted shape. Bump it with a migration in MARKET_MIGRATIONS. */
export const MARKET_STORE_VERSION = 1;

export const pinnedMarketSchema = z.object({
  snapshot: marketSnapshotSchema,
  meta: liveMetaSchema.nullable(),
  pinnedAt: z.iso.datetime(),
});

export const persistedMarketSchema = z.object({
  venue: venuePreferenceSchema,
  pinned: pinnedMarketSchema.nullable(),
  overrides: marketOverridesSchema,
});
export type PersistedMarketState = z.infer<typeof persistedMarketSchema>;

/** Migrations from each older version to the next (none yet). */
export const MARKET_MIGRATIONS: Record<number, (state: unknown) => unknown> = {};

export interface MarketState extends PersistedMarketState {
  hydrated: boolean;
  /** set when stored choices could not be used (they are dropped: nothing in them is irreplaceable) */
  storageProblem: string | null;
  actions: {
    setVenue(venue: VenuePreference): void;
    /** pins a live snapshot: what-if results stay on it while markets move */
    pin(snapshot: MarketSnapshot, meta: LiveMeta | null): void;
    unpin(): void;
    /** sets (or with null clears) a spot override */
    setSpot(u: Underlying, spot: number | null): void;
    /** sets (or with null / 0 clears) a vol shift in vol points */
    setVolShift(u: Underlying, pts: number | null): void;
    clearOverrides(): void;
    dismissStorageProblem(): void;
  };
}

const DEFAULTS: PersistedMarketState = { venue: "auto", pinned: null, overrides: {} };

/**
 * Reads a raw stored string: the validated state, or why it cannot be used.
 *
 * @example
 * ```ts
 * readStoredMarket("{oops"); // { ok: false, reason: "the saved market settings are not valid JSON" }
 * ```
 */
export function readStoredMarket(raw: string): { ok: true; state: PersistedMarketState } | { ok: false; reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "the saved market settings are not valid JSON" };
  }
  if (!parsed || typeof parsed !== "object" || !("state" in parsed)) return { ok: false, reason: "the saved market settings have an unrecognised format" };
  const { state, version } = parsed as { state: unknown; version?: unknown };
  const v = typeof version === "number" ? version : 0;
  if (v > MARKET_STORE_VERSION) return { ok: false, reason: `the saved market settings come from a newer MarginLab (format ${v})` };
  let migrated = state;
  for (let i = v; i < MARKET_STORE_VERSION; i++) {
    const step = MARKET_MIGRATIONS[i];
    if (!step) return { ok: false, reason: `no migration from market settings format ${i}` };
    migrated = step(migrated);
  }
  const checked = persistedMarketSchema.safeParse(migrated);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, reason: `the saved market settings failed validation (${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown"})` };
  }
  return { ok: true, state: checked.data };
}

/**
 * One market store per app mount (never a module global during server rendering). Call
 * `store.persist.rehydrate()` on the client to load the saved choices.
 *
 * @example
 * ```ts
 * const store = createMarketStore();
 * await store.persist.rehydrate();
 * store.getState().actions.setVolShift("ETH", 5);
 * ```
 */
export function createMarketStore(opts: { storage?: () => Storage } = {}) {
  const getStorage = opts.storage ?? (() => window.localStorage);
  let pendingProblem: string | null = null;
  return createStore<MarketState>()(
    persist(
      (set) => {
        const patchOverride = (u: Underlying, patch: { spot?: number | null; volShiftPts?: number | null }) =>
          set((s) => {
            const next = { ...s.overrides[u] };
            if (patch.spot !== undefined) {
              if (patch.spot === null) delete next.spot;
              else next.spot = patch.spot;
            }
            if (patch.volShiftPts !== undefined) {
              if (patch.volShiftPts === null || patch.volShiftPts === 0) delete next.volShiftPts;
              else next.volShiftPts = patch.volShiftPts;
            }
            const overrides: MarketOverrides = { ...s.overrides };
            if (next.spot === undefined && next.volShiftPts === undefined) delete overrides[u];
            else overrides[u] = next;
            return { overrides };
          });
        return {
          ...DEFAULTS,
          hydrated: false,
          storageProblem: null,
          actions: {
            setVenue: (venue) => set({ venue }),
            pin: (snapshot, meta) => {
              const pinned: PinnedMarket = { snapshot, meta, pinnedAt: new Date().toISOString() };
              set({ pinned });
            },
            unpin: () => set({ pinned: null }),
            setSpot: (u, spot) => patchOverride(u, { spot }),
            setVolShift: (u, pts) => patchOverride(u, { volShiftPts: pts }),
            clearOverrides: () => set({ overrides: {} }),
            dismissStorageProblem: () => set({ storageProblem: null }),
          },
        };
      },
      {
        name: MARKET_STORAGE_KEY,
        version: MARKET_STORE_VERSION,
        storage: validatedStorage(getStorage, readStoredMarket, MARKET_STORE_VERSION, (_raw, reason) => {
          pendingProblem = reason;
        }),
        skipHydration: true,
        partialize: (s): PersistedMarketState => ({ venue: s.venue, pinned: s.pinned, overrides: s.overrides }),
        // zustand calls merge() on every rehydration, with undefined when nothing is stored.
        merge: (persisted, current) => {
          const problem = pendingProblem;
          pendingProblem = null;
          const p = persisted as PersistedMarketState | undefined;
          return { ...current, ...(p ?? {}), hydrated: true, storageProblem: problem };
        },
      },
    ),
  );
}

export type MarketStore = ReturnType<typeof createMarketStore>;
