import { queryOptions } from "@tanstack/react-query";
import type { SubAccountResult, VenueRow } from "@/lib/margin/result-types";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import { MARGIN_MODES, type MarginMode, type Position, type SubAccount } from "@/lib/workspace/schema";
import type { EngineBridge } from "./bridge";
import { readEngineAnswer } from "./engine-answer";
import { fingerprint } from "./fingerprint";
import { modesByWorker, venueRowsByWorker } from "./worker-split";
import { verdict } from "@/lib/margin/analyses/mode-verdict";
import type { ComputeRequest, CrossVenueRequest } from "@/lib/engine/worker/api";
import type { RiskOptionsInput } from "@/lib/engine/worker/api";
import type { ForecastOptionsInput } from "@/lib/engine/worker/api";
import type { ForecastReport } from "@/lib/risk/forecast/types";
import type { ReplayRequestOptions } from "@/lib/engine/worker/api";
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
      const res = await bridge.run(channel, async (api) => readEngineAnswer(await api.computeSubAccount({ subAccount, snapshot, options }), "result"), signal);
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
      const res = await bridge.run("quote", async (api) => readEngineAnswer(await api.quote({ position, snapshot }), "mark"), signal);
      return res;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** The bridge channel of the mode comparison's column computed on the headline worker ({@link modeComparisonQuery}). */
export const headlineModesChannel = (subAccountId: string) => `modes-headline:${subAccountId}`;

/** Whether a headline-worker channel is the mode comparison's column ({@link headlineModesChannel}). */
export const isHeadlineModesChannel = (channel: string) => channel.startsWith(headlineModesChannel(""));

/**
 * Query options for the isolated / cross / portfolio comparison of one sub-account: every column on
 * `bridge` (the analysis pool) in one job, or, given the headline bridge, the column of the
 * sub-account's own mode there (on {@link headlineModesChannel}, after its full job, whose
 * revaluations it reuses) and the others on the analysis pool, at the same time
 * (lib/engine/client/worker-split.ts). The answer is the whole comparison in mode order with its
 * verdict line either way; a refusal of either part is the comparison's refusal.
 */
export function modeComparisonQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}, headline?: EngineBridge) {
  return queryOptions({
    queryKey: ["margin", "compare-modes", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options)] as const,
    queryFn: async ({ signal }) => {
      const analysisChannel = `compare:${subAccount.id}`;
      const columns = async (on: EngineBridge, channel: string, modes?: MarginMode[]) =>
        on.run(channel, async (api) => readEngineAnswer(await api.compareModes({ subAccount, snapshot, options, ...(modes ? { modes } : {}) }), "views"), signal);
      if (!headline) {
        const all = await columns(bridge, analysisChannel);
        return { views: all.views, verdict: all.verdict ?? verdict(subAccount.mode, all.views) };
      }
      const split = modesByWorker(subAccount);
      const parts = await Promise.all([columns(headline, headlineModesChannel(subAccount.id), split.headline), columns(bridge, analysisChannel, split.analysis)]);
      const answered = parts.flatMap((p) => p.views);
      const views = MARGIN_MODES.flatMap((m) => answered.filter((v) => v.mode === m));
      return { views, verdict: verdict(subAccount.mode, views) };
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
      const res = await bridge.run(`offsets:${subAccount.id}`, async (api) => readEngineAnswer(await api.offsetSavings({ subAccount, snapshot, options }), "savings"), signal);
      return res.savings;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** The bridge channel of the venue table's rows computed on the headline worker ({@link venueComparisonQuery}). */
export const headlineVenuesChannel = (subAccountId: string) => `venues-headline:${subAccountId}`;

/** Whether a headline-worker channel is the venue table's rows ({@link headlineVenuesChannel}). */
export const isHeadlineVenuesChannel = (channel: string) => channel.startsWith(headlineVenuesChannel(""));

/** The bridge channel of the option chain fetched ahead, for a ticket not open yet ({@link optionChainQuery}). */
export const CHAIN_PREFETCH_CHANNEL = "chain-prefetch";

/**
 * The headline bridge's `priorityOf`: after everything else there (0) — the live figures, the full
 * job, quotes, the open ticket — the mode comparison's column (1), then the venue rows and the chain
 * fetched ahead (2); each paused the moment a more urgent job is queued. The column goes first: it
 * reads the full job's revaluations, and the row of its own rulebook is then read from it
 * (lib/engine/client/worker-split.ts). The chain fetched ahead waits its turn behind venue rows
 * already running instead of pausing them (a paused job starts again: the rows' work so far was lost).
 */
export const headlinePriority = (channel: string) => (isHeadlineModesChannel(channel) ? 1 : isHeadlineVenuesChannel(channel) || channel === CHAIN_PREFETCH_CHANNEL ? 2 : 0);

/**
 * Query options for the venue-vs-venue table of one sub-account: every row on `bridge` (the analysis
 * pool) in one job, or, given the headline bridge, shared between the two workers
 * ({@link venueRowsByWorker}): each worker first computes the rows of the mode comparison's columns
 * it runs (read from those runs), then — the headline worker on {@link headlineVenuesChannel}, a
 * channel its bridge runs after, and pauses for, its live figures — takes the other rows one job
 * each, from opposite ends of one list, until none is left. Each worker runs its jobs one after
 * another on its channel, so the next inputs' first job supersedes the one running. The answer is
 * the whole table in catalogue order either way; a refusal of any job is the table's refusal (no
 * further row is started).
 */
export function venueComparisonQuery(bridge: EngineBridge, subAccount: SubAccount, snapshot: MarketSnapshot, options: Options = {}, headline?: EngineBridge) {
  return queryOptions({
    queryKey: ["margin", "venues", subAccount.id, snapshot.id, fingerprint(subAccount), fingerprint(options)] as const,
    queryFn: async ({ signal }): Promise<VenueRow[]> => {
      const rowsOn = async (on: EngineBridge, channel: string, profiles?: string[]) =>
        (await on.run(channel, async (api) => readEngineAnswer(await api.compareVenues({ subAccount, snapshot, options, ...(profiles ? { profiles } : {}) }), "rows"), signal)).rows;
      const analysisChannel = `venues:${subAccount.id}`;
      if (!headline) return rowsOn(bridge, analysisChannel);
      const { headline: onHeadline, analysis, shared } = venueRowsByWorker(subAccount);
      const rows: VenueRow[] = [];
      let failed = false;
      /** One worker's part: `first` in one job, then shared rows one per job, from the front or the back, until none is left. */
      const take = async (on: EngineBridge, channel: string, first: string[], fromFront: boolean) => {
        try {
          if (first.length > 0) rows.push(...(await rowsOn(on, channel, first)));
          while (!failed) {
            const next = fromFront ? shared.shift() : shared.pop();
            if (next === undefined) return;
            rows.push(...(await rowsOn(on, channel, [next])));
          }
        } catch (e) {
          failed = true;
          throw e;
        }
      };
      await Promise.all([take(bridge, analysisChannel, analysis, false), take(headline, headlineVenuesChannel(subAccount.id), onHeadline, true)]);
      const byId = new Map(rows.map((r) => [r.profile.id, r]));
      return RULEBOOK_INFOS.flatMap((p) => byId.get(p.id) ?? []);
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
      const res = await bridge.run("cross-venue", async (api) => readEngineAnswer(await api.crossVenue({ subAccounts, snapshot, options }), "result"), signal);
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
      const res = await bridge.run("allocation", async (api) => readEngineAnswer(await api.allocateCollateral({ subAccounts, snapshot, options, allocation }), "allocation"), signal);
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
      const res = await bridge.run(`risk:${subAccount.id}`, async (api) => readEngineAnswer(await api.riskReport({ subAccount, snapshot, options, risk, liveHistory }), "report"), signal);
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
      const res = await bridge.run(`risk-greeks:${subAccount.id}`, async (api) => readEngineAnswer(await api.greeksMargin({ subAccount, snapshot, options, risk }), "report"), signal);
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
      const res = await bridge.run(`risk-stress:${subAccount.id}`, async (api) => readEngineAnswer(await api.stressReplays({ subAccount, snapshot, options }), "report"), signal);
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
      const res = await bridge.run(forecastChannel(subAccount.id), async (api) => readEngineAnswer(await api.forecast({ subAccount, snapshot, options, forecast, liveHistory }), "report"), signal);
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
      const res = await bridge.run(replayChannel(subAccount.id), async (api) => readEngineAnswer(await api.replay({ subAccount, snapshot, options, replay, liveHistory }), "report"), signal);
      return res.report;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

// Trade ticket -------------------------------------------------------------------------------

type TradeLegs = NonNullable<import("@/lib/engine/worker/api").TradeRequest["legs"]>;

/**
 * Query options for the option chain of one underlying (one batch in the worker). `ahead`: fetched
 * before the ticket opens, on {@link CHAIN_PREFETCH_CHANNEL} (the same query, so an open ticket reads it).
 */
export function optionChainQuery(bridge: EngineBridge, snapshot: MarketSnapshot, underlying: Underlying, options: Options = {}, ahead = false) {
  return queryOptions({
    queryKey: ["margin", "chain", underlying, snapshot.id, fingerprint(options.scenario ?? {})] as const,
    queryFn: async ({ signal }) => {
      const res = await bridge.run(ahead ? CHAIN_PREFETCH_CHANNEL : "chain", async (api) => readEngineAnswer(await api.optionChain({ snapshot, underlying, scenario: options.scenario }), "chain"), signal);
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
      const res = await bridge.run(`impact:${subAccount.id}`, async (api) => readEngineAnswer(await api.tradeImpact({ subAccount, snapshot, options, legs }), "impact"), signal);
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
      const res = await bridge.run(`impact-extras:${subAccount.id}`, async (api) => readEngineAnswer(await api.tradeImpactExtras({ subAccount, snapshot, options, legs }), "extras"), signal);
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
      const res = await bridge.run(`payoff:${subAccount.id}`, async (api) => readEngineAnswer(await api.payoff({ subAccount, snapshot, options, legs, extraDays }), "payoff"), signal);
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
      const res = await bridge.run(`matrix:${subAccount.id}`, async (api) => readEngineAnswer(await api.spotVolMatrix({ subAccount, snapshot, options, legs }), "matrix"), signal);
      return res.matrix;
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Marks of imported positions that came without a USD entry price (one batch). */
export async function fetchMarks(bridge: EngineBridge, positions: TradeLegs, snapshot: MarketSnapshot): Promise<(number | null)[]> {
  const res = await bridge.run("marks", async (api) => readEngineAnswer(await api.marks({ positions, snapshot }), "marks"));
  return res.marks;
}
