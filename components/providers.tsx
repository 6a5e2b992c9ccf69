"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import { EngineBridge, type WorkerLike } from "@/lib/engine/client/bridge";
import { CHAIN_PREFETCH_CHANNEL, fullMarginChannel, headlinePriority, isHeadlineModesChannel, isHeadlineVenuesChannel } from "@/lib/engine/client/queries";
import { createWorkspaceStore, type WorkspaceState, type WorkspaceStore } from "@/lib/state/store";
import { STORAGE_KEY } from "@/lib/state/persistence";
import { unsavedWork } from "@/lib/state/notices";
import type { MarketSnapshot } from "@/lib/market/types";
import { MarketProvider, useMarketSnapshot } from "./market/market-provider";

/**
 * A superseded analysis stops holding its worker after this long (then a worker restart costs less
 * than waiting). The comparisons (modes, venues) stop by themselves at their next part when
 * superseded (cancelJob), keeping the worker warm with its caches — a restart would cost them
 * seconds at 1,000 positions — so they get a long fallback only.
 */
const ABANDON_AFTER_MS = 1_000;
const ABANDON_COMPARISONS_AFTER_MS = 10_000;
const abandonAfter = (channel: string) => (/^(compare|venues):/.test(channel) ? ABANDON_COMPARISONS_AFTER_MS : ABANDON_AFTER_MS);

/** Analysis workers: one per core beyond the one the page and the live margin worker use, at least 1. */
function analysisWorkers(): number {
  const cores = typeof navigator !== "undefined" && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 2;
  return Math.max(1, cores - 1);
}

/** The panels under the headline figures (attribution, mode and venue comparisons) go before the slower risk analyses. */
const analysisPriority = (channel: string) => (/^(compare|offsets|venues):/.test(channel) ? 0 : 1);

/** The headline worker's full-job channels (`fullMarginChannel`). */
const isFullMarginChannel = (channel: string) => channel.startsWith(fullMarginChannel(""));

/** What the analysis pool does not wait for on the headline worker: its full jobs, its mode column, its venue rows and the option chain fetched ahead. */
const notLiveFigures = (channel: string) => isFullMarginChannel(channel) || isHeadlineModesChannel(channel) || isHeadlineVenuesChannel(channel) || channel === CHAIN_PREFETCH_CHANNEL;

const StoreContext = createContext<WorkspaceStore | null>(null);
const EngineContext = createContext<{ main: EngineBridge; analysis: EngineBridge } | null>(null);

function createMarginWorker(): WorkerLike {
  return new Worker(new URL("../workers/margin.worker.ts", import.meta.url), { type: "module", name: "margin-engine" }) as unknown as WorkerLike;
}

/** App-wide client state: the query cache, the workspace store and the margin worker bridge. */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }));
  const [store] = useState(() => createWorkspaceStore());
  // Two workers (the machines have 2 cores): the live margin figures never wait behind the heavier
  // comparisons (modes, venues, attribution), which run on their own worker. Once idle, the headline
  // worker also computes the mode comparison's column of the account's own mode and part of the venue
  // table (lib/engine/client/worker-split.ts), paused at once by any live-figures job.
  // The analyses run on a small pool (hardwareConcurrency − 1 workers, at least 1); a superseded
  // analysis that has run ABANDON_AFTER_MS is abandoned (its worker replaced) so new inputs never wait on it.
  // A new analysis starts only while the headline worker has no live-figures job: it never takes a core from them.
  const [bridges] = useState(() => {
    // its mode column and venue rows wait for (and are paused by) its live figures and full jobs
    const main = new EngineBridge(createMarginWorker, { priorityOf: headlinePriority });
    const analysis = new EngineBridge(createMarginWorker, {
      workers: analysisWorkers(),
      abandonSupersededAfterMs: abandonAfter,
      // the headline worker's full job (liquidation and chart), mode column and venue rows do not hold them back: only its live figures do
      yieldTo: () => main.idle(notLiveFigures),
      priorityOf: analysisPriority,
    });
    return { main, analysis };
  });
  useEffect(() => {
    void store.persist.rehydrate();
    // Another tab saved the workspace: merge its edits, so open tabs stay consistent.
    const onStorage = (e: StorageEvent) => {
      // Merged per sub-account (lib/state/tab-merge.ts): edits made in both tabs at once are all kept.
      if (e.key === STORAGE_KEY && e.storageArea === window.localStorage) store.getState().actions.syncFromStorage();
    };
    window.addEventListener("storage", onStorage);
    // Work that is not saved (a failed save, or a held value not yet downloaded): ask before leaving.
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!unsavedWork(store.getState())) return;
      e.preventDefault();
      e.returnValue = ""; // older browsers show their own question only when this is set
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      window.removeEventListener("storage", onStorage);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [store]);
  useEffect(
    () => () => {
      bridges.main.dispose();
      bridges.analysis.dispose();
    },
    [bridges],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <MarketProvider>
        <StoreContext.Provider value={store}>
          <EngineContext.Provider value={bridges}>{children}</EngineContext.Provider>
        </StoreContext.Provider>
      </MarketProvider>
    </QueryClientProvider>
  );
}

export function useWorkspace<T>(selector: (s: WorkspaceState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useWorkspace outside <Providers>");
  return useStore(store, selector);
}

/** Undo/redo of workspace edits (history lives in the store's temporal companion). */
export function useUndoRedo() {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useUndoRedo outside <Providers>");
  const canUndo = useStore(store.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (s) => s.futureStates.length > 0);
  const step = (fn: () => void) => {
    fn();
    store.getState().actions.breakUndoGroup();
  };
  return { canUndo, canRedo, undo: () => step(() => store.temporal.getState().undo()), redo: () => step(() => store.temporal.getState().redo()) };
}

export function useActions(): WorkspaceState["actions"] {
  return useWorkspace((s) => s.actions);
}

export function useEngine(): EngineBridge {
  const bridges = useContext(EngineContext);
  if (!bridges) throw new Error("useEngine outside <Providers>");
  return bridges.main;
}

/** The worker for heavier analyses (mode and venue comparisons, offset attribution). */
export function useAnalysisEngine(): EngineBridge {
  const bridges = useContext(EngineContext);
  if (!bridges) throw new Error("useAnalysisEngine outside <Providers>");
  return bridges.analysis;
}

/**
 * The market snapshot every computation uses: live (or pinned) data when available, else the
 * built-in sample — one snapshot at a time, with overrides applied (components/market).
 */
export function useSnapshot(): MarketSnapshot {
  return useMarketSnapshot();
}
