"use client";

import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import { liveSnapshotQuery } from "@/lib/market/feed/client";
import { applyOverrides } from "@/lib/market/overrides";
import { resolveBaseSnapshot, resolveMarketView, type MarketView } from "@/lib/market/feed/resolve";
import type { MarketSnapshot } from "@/lib/market/types";
import { createMarketStore, MARKET_STORAGE_KEY, type MarketState, type MarketStore } from "@/lib/state/market-store";

interface LiveStatus {
  /** a live request is under way */
  fetching: boolean;
  /** when the live query last received data (ms), 0 if never */
  updatedAt: number;
  refetch(): void;
}

// Separate contexts so that a change of request status or of the banner's wording never
// re-renders the components that compute: they read only the snapshot, whose identity changes
// only when the data in use changes.
const SnapshotContext = createContext<MarketSnapshot | null>(null);
const ViewContext = createContext<MarketView | null>(null);
const StatusContext = createContext<LiveStatus | null>(null);
const StoreContext = createContext<MarketStore | null>(null);

/**
 * Owns the market data in use: the live snapshot query (TanStack Query, refetched on an
 * interval), the trader's market choices (pin, overrides, venue — their own zustand store) and
 * the resolution of both into the one snapshot every computation uses. Must sit inside the
 * QueryClientProvider.
 */
export function MarketProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => createMarketStore());
  useEffect(() => {
    void store.persist.rehydrate();
    // Another tab changed the market choices: take them, so open tabs agree.
    const onStorage = (e: StorageEvent) => {
      if (e.key === MARKET_STORAGE_KEY && e.storageArea === window.localStorage) void store.persist.rehydrate();
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [store]);
  const venue = useStore(store, (s) => s.venue);
  const pinned = useStore(store, (s) => s.pinned);
  const overrides = useStore(store, (s) => s.overrides);
  const { data, error, isPending, isFetching, dataUpdatedAt, refetch } = useQuery(liveSnapshotQuery(venue));
  // The snapshot's identity changes only when the data in use or the overrides change (never on
  // a change of request status), so the computing components re-render only then.
  const base = useMemo(() => resolveBaseSnapshot(data, pinned), [data, pinned]);
  const snapshot = useMemo(() => applyOverrides(base, overrides), [base, overrides]);
  const view = useMemo(() => resolveMarketView({ data, error, isPending }, pinned, overrides, base, snapshot), [data, error, isPending, pinned, overrides, base, snapshot]);
  const status = useMemo<LiveStatus>(() => ({ fetching: isFetching, updatedAt: dataUpdatedAt, refetch: () => void refetch() }), [isFetching, dataUpdatedAt, refetch]);
  return (
    <StoreContext.Provider value={store}>
      <SnapshotContext.Provider value={snapshot}>
        <ViewContext.Provider value={view}>
          <StatusContext.Provider value={status}>{children}</StatusContext.Provider>
        </ViewContext.Provider>
      </SnapshotContext.Provider>
    </StoreContext.Provider>
  );
}

function required<T>(value: T | null): T {
  if (value === null) throw new Error("market hooks used outside <MarketProvider>");
  return value;
}

/** The market data in use and what the UI must say about it. */
export function useMarketView(): MarketView {
  return required(useContext(ViewContext));
}

/** The one snapshot every computation uses (sample, live or pinned, with overrides applied). */
export function useMarketSnapshot(): MarketSnapshot {
  return required(useContext(SnapshotContext));
}

/** Live request status: under way, last data time, and a manual refresh. */
export function useLiveStatus(): LiveStatus {
  return required(useContext(StatusContext));
}

/** Reads the market choices store. */
export function useMarketStore<T>(selector: (s: MarketState) => T): T {
  return useStore(required(useContext(StoreContext)), selector);
}

/** The market choices' actions (pin, overrides, venue). */
export function useMarketActions(): MarketState["actions"] {
  return useMarketStore((s) => s.actions);
}
