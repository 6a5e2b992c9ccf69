"use client";

import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import { liveSnapshotQuery } from "@/lib/market/live/client";
import { resolveMarketView, type MarketView } from "@/lib/market/live/resolve";
import type { MarketSnapshot } from "@/lib/market/types";
import { createMarketStore, MARKET_STORAGE_KEY, type MarketState, type MarketStore } from "@/lib/state/market-store";

interface MarketContextValue {
  view: MarketView;
  store: MarketStore;
  /** a live request is under way */
  fetching: boolean;
  /** when the live query last received data (ms), 0 if never */
  updatedAt: number;
  refetch(): void;
}

const MarketContext = createContext<MarketContextValue | null>(null);

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
  const live = useQuery(liveSnapshotQuery(venue));
  const { data, error, isPending, isFetching, dataUpdatedAt, refetch } = live;
  const view = useMemo(() => resolveMarketView({ data, error, isPending }, pinned, overrides), [data, error, isPending, pinned, overrides]);
  const value = useMemo<MarketContextValue>(
    () => ({ view, store, fetching: isFetching, updatedAt: dataUpdatedAt, refetch: () => void refetch() }),
    [view, store, isFetching, dataUpdatedAt, refetch],
  );
  return <MarketContext.Provider value={value}>{children}</MarketContext.Provider>;
}

function useMarketContext(): MarketContextValue {
  const ctx = useContext(MarketContext);
  if (!ctx) throw new Error("market hooks used outside <MarketProvider>");
  return ctx;
}

/** The market data in use and what the UI must say about it. */
export function useMarketView(): MarketView {
  return useMarketContext().view;
}

/** The one snapshot every computation uses (sample, live or pinned, with overrides applied). */
export function useMarketSnapshot(): MarketSnapshot {
  return useMarketContext().view.snapshot;
}

/** Live request status: under way, last data time, and a manual refresh. */
export function useLiveStatus(): { fetching: boolean; updatedAt: number; refetch(): void } {
  const { fetching, updatedAt, refetch } = useMarketContext();
  return { fetching, updatedAt, refetch };
}

/** Reads the market choices store. */
export function useMarketStore<T>(selector: (s: MarketState) => T): T {
  return useStore(useMarketContext().store, selector);
}

/** The market choices' actions (pin, overrides, venue). */
export function useMarketActions(): MarketState["actions"] {
  return useMarketStore((s) => s.actions);
}
