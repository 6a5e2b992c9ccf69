import { queryOptions } from "@tanstack/react-query";
import type { EngineResult, SubAccountResult } from "@/lib/margin/result-types";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { EngineRefusal, type EngineBridge } from "./bridge";
import { fingerprint } from "./fingerprint";
import type { AllocationResponse, CompareModesResult, CompareVenuesResult, ComputeRequest, CrossVenueRequest, CrossVenueResponse, OffsetSavingsResult, QuoteResult } from "@/lib/engine/worker/api";
import type { GreeksMarginResult, RiskOptionsInput, RiskReportResult, StressReplaysResult } from "@/lib/engine/worker/api";
import type { ForecastOptionsInput, ForecastResult } from "@/lib/engine/worker/api";
import type { ForecastReport } from "@/lib/risk/forecast/types";
import type { ReplayRequestOptions, ReplayResult } from "@/lib/engine/worker/api";
import type { ReplayReport } from "@/lib/risk/replay/types";
import type { DailyHistoryResponse } from "@/lib/market/feed/daily-history";

type Options = NonNullable<ComputeRequest["options"]>;

/**
 * Query options for the margin of one sub-account. The key holds every input (content fingerprints
 * of the sub-account and the what-if options, and the snapshot's id), so a result is only ever
 * shown for the inputs it was computed from. A pure computation keyed by its inputs never goes stale.
 * `options.lite` gives the headline figures alone (no liquidation search, no chart); `channel` (default
 * the sub-account's id) is the bridge channel whose newest job wins — the full job of a sub-account
 * runs on {@link fullMarginChannel}, so it never supersedes its headline job.
 */
export function subAccountMarginQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}, channel: string = subAccount.id) {
  return queryOptions({
    queryKey: ["margin", "sub-account", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options)] as const,
    queryFn: async ({ signal }): Promise<SubAccountResult> => {
      const res = await bridge.run<EngineResult>(channel, (api) => api.computeSubAccount({ subAccount, snapshot, options }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.result;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** The bridge channel of the full margin job (liquidation distances and chart) of one sub-account. */
export const fullMarginChannel = (subAccountId: string) => `margin-full:${subAccountId}`;

/** Query options for the mark of one instrument (instrument picker). */
export function instrumentQuoteQuery(bridge: EngineBridge, position: Position, snapshot: MarketSnapshot) {
  return queryOptions({
    queryKey: ["margin", "quote", snapshot.id, fingerprint(position)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<QuoteResult>("quote", (api) => api.quote({ position, snapshot }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
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
      if (!res.ok) throw new EngineRefusal(res.error);
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
      if (!res.ok) throw new EngineRefusal(res.error);
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
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.rows;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

type AllocationParams = NonNullable<CrossVenueRequest["allocation"]>;

/** Query options for the workspace across venues (every sub-account's content is in the key). */
export function crossVenueQuery(bridge: EngineBridge, subAccounts: readonly SubAccount[], snapshot: MarketSnapshot, options: Options = {}) {
  return queryOptions({
    queryKey: ["margin", "cross-venue", snapshot.id, fingerprint(subAccounts), fingerprint(options)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<CrossVenueResponse>("cross-venue", (api) => api.crossVenue({ subAccounts, snapshot, options }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.result;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the suggested collateral transfers between sub-accounts. */
export function collateralAllocationQuery(bridge: EngineBridge, subAccounts: readonly SubAccount[], snapshot: MarketSnapshot, options: Options, allocation: AllocationParams) {
  return queryOptions({
    queryKey: ["margin", "allocation", snapshot.id, fingerprint(subAccounts), fingerprint(options), fingerprint(allocation)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<AllocationResponse>("allocation", (api) => api.allocateCollateral({ subAccounts, snapshot, options, allocation }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.allocation;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the VaR / ES report of one sub-account (lib/risk, in the worker), on the sample extended by `liveHistory` when given. */
export function riskReportQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}, risk: RiskOptionsInput = {}, liveHistory?: DailyHistoryResponse) {
  const historyKey = liveHistory ? `${liveHistory.venue}:${liveHistory.fetchedAt}` : "sample";
  return queryOptions({
    queryKey: ["risk", "var", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options), fingerprint(risk), historyKey] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<RiskReportResult>(`risk:${subAccount.id}`, (api) => api.riskReport({ subAccount, snapshot, options, risk, liveHistory }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.report;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the Greeks-based margin decomposition of one sub-account. */
export function greeksMarginQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}, risk: RiskOptionsInput = {}) {
  return queryOptions({
    queryKey: ["risk", "greeks-margin", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options), fingerprint(risk)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<GreeksMarginResult>(`risk-greeks:${subAccount.id}`, (api) => api.greeksMargin({ subAccount, snapshot, options, risk }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.report;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the historical stress replays of one sub-account. */
export function stressReplaysQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}) {
  return queryOptions({
    queryKey: ["risk", "stress", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<StressReplaysResult>(`risk-stress:${subAccount.id}`, (api) => api.stressReplays({ subAccount, snapshot, options }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.report;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** The predictive-margin report's types, for components (which never import lib/risk/forecast). */
export type { ForecastReport };

/** The bridge channel of the forecast of one sub-account (its progress: `EngineBridge.progressOf`). */
export const forecastChannel = (subAccountId: string) => `risk-forecast:${subAccountId}`;

/** Query options for the predictive-margin forecast of one sub-account (lib/risk/forecast, in the worker). */
export function forecastQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}, forecast: ForecastOptionsInput = {}, liveHistory?: DailyHistoryResponse) {
  const historyKey = liveHistory ? `${liveHistory.venue}:${liveHistory.fetchedAt}` : "sample";
  return queryOptions({
    queryKey: ["risk", "forecast", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options), fingerprint(forecast), historyKey] as const,
    queryFn: async ({ signal }): Promise<ForecastReport> => {
      const res = await bridge.run<ForecastResult>(forecastChannel(subAccount.id), (api) => api.forecast({ subAccount, snapshot, options, forecast, liveHistory }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.report;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** The liquidation-replay report's types, for components (which never import lib/risk/replay). */
export type { ReplayReport, ReplayRequestOptions };

/** The bridge channel of the liquidation replay of one sub-account (its progress: `EngineBridge.progressOf`). */
export const replayChannel = (subAccountId: string) => `risk-replay:${subAccountId}`;

/** Query options for the liquidation-engine replay of one sub-account along a path (lib/risk/replay, in the worker). */
export function replayQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options, replay: ReplayRequestOptions, liveHistory?: DailyHistoryResponse) {
  const historyKey = liveHistory ? `${liveHistory.venue}:${liveHistory.fetchedAt}` : "sample";
  return queryOptions({
    queryKey: ["risk", "replay", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options), fingerprint(replay), historyKey] as const,
    queryFn: async ({ signal }): Promise<ReplayReport> => {
      const res = await bridge.run<ReplayResult>(replayChannel(subAccount.id), (api) => api.replay({ subAccount, snapshot, options, replay, liveHistory }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.report;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

// Trade ticket -------------------------------------------------------------------------------

type TradeLegs = NonNullable<import("@/lib/engine/worker/api").TradeRequest["legs"]>;

/** Query options for the option chain of one underlying (one batch in the worker). */
export function optionChainQuery(bridge: EngineBridge, snapshot: MarketSnapshot, underlying: Underlying, options: Options = {}) {
  return queryOptions({
    queryKey: ["margin", "chain", underlying, snapshot.id, fingerprint(options.scenario ?? {})] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<import("@/lib/engine/worker/api").ChainResult>(`chain`, (api) => api.optionChain({ snapshot, underlying, scenario: options.scenario }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.chain;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the margin impact of staged legs on one sub-account (with − without, its own rulebook). */
export function tradeImpactQuery(bridge: EngineBridge, subAccount: SubAccount, legs: TradeLegs, snapshot: MarketSnapshot, options: Options = {}) {
  return queryOptions({
    queryKey: ["margin", "trade-impact", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(legs), fingerprint(options)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<import("@/lib/engine/worker/api").TradeImpactResult>(`impact:${subAccount.id}`, (api) => api.tradeImpact({ subAccount, snapshot, options, legs }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.impact;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the per-venue lines and the largest size of staged legs (run on the analysis worker). */
export function tradeImpactExtrasQuery(bridge: EngineBridge, subAccount: SubAccount, legs: TradeLegs, snapshot: MarketSnapshot, options: Options = {}) {
  return queryOptions({
    queryKey: ["margin", "trade-impact-extras", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(legs), fingerprint(options)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<import("@/lib/engine/worker/api").TradeImpactExtrasResult>(`impact-extras:${subAccount.id}`, (api) => api.tradeImpactExtras({ subAccount, snapshot, options, legs }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.extras;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the payoff curves (today, at expiry, days forward) of the account with the staged legs. */
export function payoffQuery(bridge: EngineBridge, subAccount: SubAccount, legs: TradeLegs, snapshot: MarketSnapshot, options: Options = {}, extraDays = 7) {
  return queryOptions({
    queryKey: ["margin", "payoff", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(legs), fingerprint(options), extraDays] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<import("@/lib/engine/worker/api").PayoffResponse>(`payoff:${subAccount.id}`, (api) => api.payoff({ subAccount, snapshot, options, legs, extraDays }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.payoff;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Query options for the spot × vol matrix of the account with the staged legs (every mode). */
export function spotVolMatrixQuery(bridge: EngineBridge, subAccount: SubAccount, legs: TradeLegs, snapshot: MarketSnapshot, options: Options = {}) {
  return queryOptions({
    queryKey: ["margin", "spot-vol", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(legs), fingerprint(options)] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run<import("@/lib/engine/worker/api").SpotVolMatrixResult>(`matrix:${subAccount.id}`, (api) => api.spotVolMatrix({ subAccount, snapshot, options, legs }), signal);
      if (!res.ok) throw new EngineRefusal(res.error);
      return res.matrix;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Marks of imported positions that came without a USD entry price (one batch). */
export async function fetchMarks(bridge: EngineBridge, positions: TradeLegs, snapshot: MarketSnapshot): Promise<(number | null)[]> {
  const res = await bridge.run<import("@/lib/engine/worker/api").MarksResult>("marks", (api) => api.marks({ positions, snapshot }));
  if (!res.ok) throw new EngineRefusal(res.error);
  return res.marks;
}
