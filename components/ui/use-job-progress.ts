"use client";

import { useCallback, useSyncExternalStore } from "react";
import type { EngineBridge } from "@/lib/engine/client/bridge";

/**
 * Percent done (whole number, 0–100, rounded down so 100 shows only when the worker says it is
 * done) of the job running on `channel` of `bridge`, or null when no fraction is known (no job
 * running, no report yet, or the job was superseded). The worker reports at most every 250 ms and
 * the component re-renders only when the whole percent changes.
 */
export function useJobProgress(bridge: EngineBridge, channel: string): number | null {
  const subscribe = useCallback((listener: () => void) => bridge.subscribeProgress(channel, listener), [bridge, channel]);
  const percent = useCallback(() => {
    const fraction = bridge.progressOf(channel);
    return fraction === null ? null : Math.floor(fraction * 100);
  }, [bridge, channel]);
  return useSyncExternalStore(subscribe, percent, noProgress);
}

/** Server render: no job runs there. */
const noProgress = () => null;
