import { queryOptions } from "@tanstack/react-query";
import { dailyHistoryResponseSchema, type DailyHistoryResponse } from "./daily-history";

/** The browser gives up on the history request after this long and keeps the sample. */
export const HISTORY_REQUEST_TIMEOUT_MS = 20_000;

/** Fetches and validates the live daily history from this app's own origin; throws on any failure. */
export async function fetchDailyHistory(signal?: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<DailyHistoryResponse> {
  const timeout = AbortSignal.timeout(HISTORY_REQUEST_TIMEOUT_MS);
  const res = await fetchImpl("/api/market/history", { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`live price history unavailable (HTTP ${res.status})`);
  const parsed = dailyHistoryResponseSchema.safeParse(await res.json());
  if (!parsed.success) throw new Error("live price history failed validation");
  return parsed.data;
}

/** Query options of the live daily history: fetched once per hour at most, never retried in a loop. */
export function dailyHistoryQuery() {
  return queryOptions({
    queryKey: ["market", "daily-history"] as const,
    queryFn: ({ signal }) => fetchDailyHistory(signal),
    staleTime: 3_600_000,
    gcTime: 3_600_000,
    retry: false,
    refetchOnWindowFocus: false,
  });
}
