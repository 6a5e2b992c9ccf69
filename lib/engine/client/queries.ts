import { queryOptions } from "@tanstack/react-query";
import type { EngineResult, SubAccountResult } from "@/lib/margin/result-types";
import type { MarketSnapshot } from "@/lib/market/types";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import type { EngineBridge } from "./bridge";
import { fingerprint } from "./fingerprint";
import type { CompareModesResult, CompareVenuesResult, ComputeRequest, OffsetSavingsResult, QuoteResult } from "@/lib/engine/worker/api";

type Options = NonNullable<ComputeRequest["options"]>;

/**
 * Query options for the margin of one sub-account. The key holds every input (content fingerprints
 * of the sub-account and the what-if options, and the snapshot's id), so a result is only ever
 * shown for the inputs it was computed from. A pure computation keyed by its inputs never goes stale.
 */
export function subAccountMarginQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}) {
  return queryOptions({
    queryKey: ["margin", "sub-account", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options)] as const,
    queryFn: async ({ signal }): Promise<SubAccountResult> => {
      const res = await bridge.run<EngineResult>(subAccount.id, (api) => api.computeSubAccount({ subAccount, snapshot, options }), signal);
      if (!res.ok) throw new Error(res.error);
      return res.result;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the mark of one instrument (instrument picker). */
export function instrumentQuoteQuery(bridge: EngineBridge, position: Position, snapshot: MarketSnapshot) {
  return queryOptions({
    queryKey: ["margin", "quote", snapshot.id, fingerprint(position)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<QuoteResult>("quote", (api) => api.quote({ position, snapshot }), signal);
      if (!res.ok) throw new Error(res.error);
      return res;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the isolated / cross / portfolio comparison of one sub-account. */
export function modeComparisonQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}) {
  return queryOptions({
    queryKey: ["margin", "compare-modes", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<CompareModesResult>(`compare:${subAccount.id}`, (api) => api.compareModes({ subAccount, snapshot, options }), signal);
      if (!res.ok) throw new Error(res.error);
      return res;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the offset savings and attribution of one sub-account. */
export function offsetSavingsQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}) {
  return queryOptions({
    queryKey: ["margin", "offsets", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<OffsetSavingsResult>(`offsets:${subAccount.id}`, (api) => api.offsetSavings({ subAccount, snapshot, options }), signal);
      if (!res.ok) throw new Error(res.error);
      return res.savings;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the venue-vs-venue table of one sub-account. */
export function venueComparisonQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}) {
  return queryOptions({
    queryKey: ["margin", "venues", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<CompareVenuesResult>(`venues:${subAccount.id}`, (api) => api.compareVenues({ subAccount, snapshot, options }), signal);
      if (!res.ok) throw new Error(res.error);
      return res.rows;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}
