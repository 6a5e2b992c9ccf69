"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { modeComparisonQuery, offsetSavingsQuery, subAccountMarginQuery, venueComparisonQuery } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import type { SubAccount } from "@/lib/workspace/schema";
import { useAnalysisEngine, useEngine, useSnapshot, useWorkspace } from "../providers";

function stateOf(q: { isError: boolean; data: unknown }) {
  return q.isError ? "error" : q.data ? "ready" : "computing";
}

/**
 * The margin result of a sub-account for its current inputs and what-if. `data` is only ever the
 * result of the current inputs; `held` is the previous result while the new one computes, for
 * components that stay mounted but hidden meanwhile (charts are costly to mount) — never shown.
 */
export function useSubAccountMargin(sub: SubAccount) {
  const bridge = useEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const query = useQuery({ ...subAccountMarginQuery(bridge, sub, snapshot, whatIfOptions(whatIf)), placeholderData: keepPreviousData });
  const data = query.isPlaceholderData ? undefined : query.data;
  return { ...query, data, held: query.data, state: stateOf({ isError: query.isError, data }) } as const;
}

/** Isolated vs cross vs portfolio for a sub-account, under the current what-if. */
export function useModeComparison(sub: SubAccount) {
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const query = useQuery({ ...modeComparisonQuery(bridge, sub, snapshot, whatIfOptions(whatIf)), placeholderData: keepPreviousData });
  // As for the margin result: `data` is current-inputs only; `held` keeps the chart mounted (hidden) meanwhile.
  const data = query.isPlaceholderData ? undefined : query.data;
  return { ...query, data, held: query.data, state: stateOf({ isError: query.isError, data }) } as const;
}

/** Offset savings and per-position attribution, under the current what-if. */
export function useOffsetSavings(sub: SubAccount) {
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const query = useQuery(offsetSavingsQuery(bridge, sub, snapshot, whatIfOptions(whatIf)));
  return { ...query, state: stateOf(query) } as const;
}

/** Venue vs venue: the sub-account under every profile, under the current what-if. */
export function useVenueComparison(sub: SubAccount) {
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const query = useQuery(venueComparisonQuery(bridge, sub, snapshot, whatIfOptions(whatIf)));
  return { ...query, state: stateOf(query) } as const;
}
