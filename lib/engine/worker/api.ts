import { z } from "zod";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { modeView } from "@/lib/margin/analyses/mode-comparison";
import { verdict } from "@/lib/margin/analyses/mode-verdict";
import { offsetSavings, type OffsetSavings } from "@/lib/margin/analyses/offsets";
import { venueRow } from "@/lib/margin/analyses/venue-comparison";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { MARGIN_MODES, marginModeSchema } from "@/lib/workspace/schema";
import { crossVenue } from "@/lib/margin/analyses/cross-venue";
import { allocateCollateral } from "@/lib/margin/analyses/cross-venue-allocation";
import type { CollateralAllocation, CrossVenueResult, EngineResult, ModeView, VenueRow } from "@/lib/margin/result-types";
import { marketSnapshotSchema, type MarketSnapshot } from "@/lib/market/types";
import { JOB_CANCELLED, MAX_WORKER_SNAPSHOTS, PROGRESS_INTERVAL_MS, SNAPSHOT_MISSING, SNAPSHOT_REF_FIELD, type ProgressPortLike } from "@/lib/engine/protocol";
import { marketScenarioSchema } from "@/lib/market/scenario";
import { CHART_POINTS } from "@/lib/market/limits";
import { describeIssues, LIMITS, positionSchema, subAccountSchema } from "@/lib/workspace/schema";
import { futurePositionSchema, optionPositionSchema, perpPositionSchema, type Position } from "@/lib/workspace/schema";
import { underlyingSchema } from "@/lib/market/types";
import { DAYS_FORWARD } from "@/lib/market/limits";
import { optionChain, payoffCurves, spotVolMatrix, tradeImpact, tradeImpactExtras } from "@/lib/margin/analyses/trade-impact";
import type { OptionChain, PayoffResult, SpotVolMatrix, TradeImpact, TradeImpactExtras } from "@/lib/margin/result-types";
import { positionGreeks, preparePosition, valuePosition } from "@/lib/margin/valuation/position-value";
import { applyScenario, NO_SCENARIO } from "@/lib/market/scenario";
import { DEFAULT_RISK_OPTIONS, HORIZON_DAYS, LOOKBACK_RETURNS, MC_PATHS, riskReportInParts } from "@/lib/risk/var-report";
import { greeksMargin } from "@/lib/risk/greeks-margin";
import { stressReplays } from "@/lib/risk/stress";
import { SAMPLE_HISTORY } from "@/lib/risk/history/returns";
import { extendHistory } from "@/lib/risk/history/extend";
import { dailyHistoryResponseSchema } from "@/lib/market/feed/daily-history";
import type { GreeksMarginReport, RiskReport, StressReport } from "@/lib/risk/types";
import { forecastReport } from "@/lib/risk/forecast/forecast-report";
import { DEFAULT_FORECAST_OPTIONS, forecastOptionsSchema } from "@/lib/risk/forecast/request";
import type { ForecastReport } from "@/lib/risk/forecast/types";
import { replay as replayAlongPath } from "@/lib/risk/replay/replay";
import { replayOptionsSchema } from "@/lib/risk/replay/schema";
import { beat, beatSentAt, installBeatSink } from "@/lib/quant/heartbeat";
import { installStopCheck, StopRequested } from "@/lib/quant/stop-point";
import type { ReplayReport } from "@/lib/risk/replay/types";

const optionsSchema = z
  .object({
    scenario: marketScenarioSchema.optional(),
    chartPoints: z.number().int().min(CHART_POINTS.min).max(CHART_POINTS.max).optional(),
    /** headline figures only: no liquidation search and no chart (ComputeOptions.lite) */
    lite: z.boolean().optional(),
  })
  .optional();

export const computeRequestSchema = z.object({
  subAccount: subAccountSchema,
  snapshot: marketSnapshotSchema,
  options: optionsSchema,
});
export type ComputeRequest = z.infer<typeof computeRequestSchema>;

/** The venue table's request: the compute request, and optionally which of its rows (venue profile ids; default every one). */
export const venuesRequestSchema = computeRequestSchema.extend({ profiles: z.array(z.string().max(64)).max(64).optional() });
export type VenuesRequest = z.infer<typeof venuesRequestSchema>;

/** The mode comparison's request: the compute request, and optionally which of its columns (default every mode). */
export const modesRequestSchema = computeRequestSchema.extend({ modes: z.array(marginModeSchema).min(1).max(MARGIN_MODES.length).optional() });
export type ModesRequest = z.infer<typeof modesRequestSchema>;

/** A refusal; `code` is set only for protocol answers (SNAPSHOT_MISSING), which the client handles itself. */
type Failure = { ok: false; error: string; code?: string };

/** Risk-view options (lib/risk); confidence levels are checked by lib/risk with a message of its own. */
export const riskOptionsSchema = z.object({
  horizonDays: z.number().int().min(HORIZON_DAYS.min).max(HORIZON_DAYS.max),
  varConfidence: z.number(),
  esConfidence: z.number(),
  lookbackReturns: z.number().int().min(LOOKBACK_RETURNS.min).max(LOOKBACK_RETURNS.max),
  mcPaths: z.number().int().min(MC_PATHS.min).max(MC_PATHS.max),
  seed: z.number().int().min(0).max(4_294_967_295),
});
export type RiskOptionsInput = Partial<z.infer<typeof riskOptionsSchema>>;
export const riskRequestSchema = computeRequestSchema.extend({
  risk: riskOptionsSchema.partial().optional(),
  /** live daily candles after the embedded sample (absent: the dated sample alone) */
  liveHistory: dailyHistoryResponseSchema.optional(),
});

export type RiskReportResult = { ok: true; report: RiskReport } | Failure;
export type GreeksMarginResult = { ok: true; report: GreeksMarginReport } | Failure;
export type StressReplaysResult = { ok: true; report: StressReport } | Failure;

/** Predictive margin (lib/risk/forecast): forecast options are partial (defaults in lib/risk/forecast/request.ts). */
export const forecastRequestSchema = computeRequestSchema.extend({
  forecast: forecastOptionsSchema.partial().optional(),
  /** live daily candles after the embedded sample (absent: the dated sample alone) */
  liveHistory: dailyHistoryResponseSchema.optional(),
});
export type ForecastOptionsInput = NonNullable<z.infer<typeof forecastRequestSchema>["forecast"]>;
export type ForecastResult = { ok: true; report: ForecastReport } | Failure;

/** Liquidation-engine replay (lib/risk/replay): the path and liquidity assumption, validated (paths to zero are refused). */
export const replayRequestSchema = computeRequestSchema.extend({
  replay: replayOptionsSchema,
  /** live daily candles after the embedded sample (absent: the dated sample alone) */
  liveHistory: dailyHistoryResponseSchema.optional(),
});
export type ReplayRequestOptions = z.infer<typeof replayOptionsSchema>;
export type ReplayResult = { ok: true; report: ReplayReport } | Failure;

/** The columns asked for, in MARGIN_MODES order; the verdict line only when every mode was asked (null otherwise: the page writes it from the merged columns). */
export type CompareModesResult = { ok: true; views: ModeView[]; verdict: string | null } | { ok: false; error: string };

export type OffsetSavingsResult = { ok: true; savings: OffsetSavings } | { ok: false; error: string };

export type CompareVenuesResult = { ok: true; rows: VenueRow[] } | { ok: false; error: string };

/** The whole workspace across venues; `allocation` only for the collateral-allocation call. */
export const crossVenueRequestSchema = z.object({
  subAccounts: z.array(subAccountSchema).max(LIMITS.maxSubAccounts),
  snapshot: marketSnapshotSchema,
  options: optionsSchema,
  allocation: z.object({ costPerTransferUsd: z.number().min(0).max(1_000_000), minTransferUsd: z.number().min(0).max(1_000_000_000) }).optional(),
});
export type CrossVenueRequest = z.infer<typeof crossVenueRequestSchema>;
export type CrossVenueResponse = { ok: true; result: CrossVenueResult } | { ok: false; error: string };
export type AllocationResponse = { ok: true; allocation: CollateralAllocation } | { ok: false; error: string };

export const quoteRequestSchema = z.object({ position: positionSchema, snapshot: marketSnapshotSchema });
export type QuoteResult = { ok: true; mark: number; iv: number | null; delta: number } | { ok: false; error: string };

// Trade ticket (lib/margin/analyses/trade-impact.ts): the chain, staged legs' impact, payoff, matrix.
const newPositionSchema = z.discriminatedUnion("kind", [perpPositionSchema.omit({ id: true }), futurePositionSchema.omit({ id: true }), optionPositionSchema.omit({ id: true })]);
export const chainRequestSchema = z.object({ snapshot: marketSnapshotSchema, underlying: underlyingSchema, scenario: marketScenarioSchema.optional() });
export const tradeRequestSchema = computeRequestSchema.extend({ legs: z.array(newPositionSchema).max(50), extraDays: z.number().min(0).max(DAYS_FORWARD.max).optional() });
export type TradeRequest = z.infer<typeof tradeRequestSchema>;
export const marksRequestSchema = z.object({ positions: z.array(newPositionSchema).max(LIMITS.maxPositions), snapshot: marketSnapshotSchema });
export type ChainResult = { ok: true; chain: OptionChain } | Failure;
export type TradeImpactResult = { ok: true; impact: TradeImpact } | Failure;
export type TradeImpactExtrasResult = { ok: true; extras: TradeImpactExtras } | Failure;
export type PayoffResponse = { ok: true; payoff: PayoffResult } | Failure;
export type SpotVolMatrixResult = { ok: true; matrix: SpotVolMatrix } | Failure;
export type MarksResult = { ok: true; marks: (number | null)[] } | Failure;

/** Snapshots this worker holds, each validated once on arrival (`loadSnapshot`), oldest first. */
const heldSnapshots = new Map<string, MarketSnapshot>();

/** Each request schema with its `snapshot` field left out (the held snapshot is already valid). */
const withoutSnapshot = new WeakMap<z.ZodType, z.ZodType | null>();
function schemaWithoutSnapshot(schema: z.ZodType): z.ZodType | null {
  let s = withoutSnapshot.get(schema);
  if (s === undefined) {
    s = schema instanceof z.ZodObject && "snapshot" in schema.shape ? (schema as z.ZodObject<{ snapshot: z.ZodType }>).omit({ snapshot: true }) : null;
    withoutSnapshot.set(schema, s);
  }
  return s;
}

/** The client's progress port (`connectProgress`): every job's liveness messages go there, so a hung worker is seen within seconds. */
let progressPort: ProgressPortLike | null = null;

/** The id of the job this worker runs now (`beginJob`); null before the first. Every liveness message carries it. */
let currentJob: number | null = null;

/** The clock of the liveness throttle (ms); tests inject one with `setLivenessClock`. */
let livenessNow: () => number = () => performance.now();

/** Test seam: the clock the liveness throttle reads (default performance.now). */
export function setLivenessClock(now: () => number): void {
  livenessNow = now;
}

/** Posts a liveness message of the current job (a beat, or progress with `fraction`); nothing without a port or a job. */
function postBeat(fraction?: number): void {
  if (progressPort === null || currentJob === null) return;
  progressPort.postMessage(fraction === undefined ? { type: "beat", job: currentJob } : { type: "beat", job: currentJob, fraction });
}

/**
 * The `onProgress` callback of one long analysis: posts the current job's fraction done on the
 * client's port at most once per PROGRESS_INTERVAL_MS (the first call always), so reporting is
 * cheap enough to call from an inner loop. Every call is a beat (lib/quant/heartbeat.ts); a report
 * counts as one. Without a connected port it only beats.
 */
export function jobProgress(now: () => number = () => livenessNow()): (fraction: number) => void {
  let last = -Infinity;
  return (fraction) => {
    if (!progressPort) return beat();
    const t = now();
    if (t - last < PROGRESS_INTERVAL_MS) return beat(); // no report due: still a beat (under the heartbeat's own throttle)
    last = t;
    postBeat(fraction);
    beatSentAt(t);
  };
}

/** The answer of a job the client cancelled (at a checkpoint, or at a stop point: lib/quant/stop-point.ts). */
const CANCELLED: Failure = { ok: false, error: "Cancelled: newer inputs replaced this calculation", code: JOB_CANCELLED };

/**
 * Validates a request against `schema` and runs `fn` on it: invalid input and any throw come back
 * as `{ ok: false, error }`, never as an exception across the worker boundary. A request may name
 * a snapshot this worker holds (`snapshotRef`, protocol.ts) instead of carrying one: the held,
 * already validated snapshot is used and only the rest of the request is validated; an unknown key
 * answers `{ ok: false, code: SNAPSHOT_MISSING }` (the client sends the snapshot, then asks again).
 */
function onRequest<S extends z.ZodType, T>(schema: S, request: unknown, fn: (r: z.infer<S>) => T | Failure): T | Failure {
  const parsed = parseRequest(schema, request);
  if (!parsed.ok) return parsed;
  try {
    return fn(parsed.data);
  } catch (e) {
    if (e instanceof StopRequested) return CANCELLED;
    return { ok: false, error: `Engine error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * {@link onRequest} for an analysis computed in parts with a {@link checkpoint} between them: a
 * job the client cancels (`cancelJob`) stops at its next checkpoint and answers JOB_CANCELLED.
 */
async function onRequestInParts<S extends z.ZodType, T>(schema: S, request: unknown, fn: (r: z.infer<S>) => Promise<T | Failure>): Promise<T | Failure> {
  const parsed = parseRequest(schema, request);
  if (!parsed.ok) return parsed;
  try {
    return await fn(parsed.data);
  } catch (e) {
    if (e instanceof JobCancelledError || e instanceof StopRequested) return CANCELLED;
    return { ok: false, error: `Engine error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The request validated against `schema` (the held snapshot put back in), or the refusal. */
function parseRequest<S extends z.ZodType>(schema: S, request: unknown): { ok: true; data: z.infer<S> } | Failure {
  beat();
  let target: z.ZodType = schema;
  let input = request;
  let held: MarketSnapshot | undefined;
  if (typeof request === "object" && request !== null && SNAPSHOT_REF_FIELD in request) {
    const { [SNAPSHOT_REF_FIELD]: ref, ...rest } = request as Record<string, unknown>;
    held = typeof ref === "string" ? heldSnapshots.get(ref) : undefined;
    if (!held) return { ok: false, error: "The market snapshot is not loaded in this worker", code: SNAPSHOT_MISSING };
    const omitted = schemaWithoutSnapshot(schema);
    if (omitted) [target, input] = [omitted, rest];
    else [input, held] = [{ ...rest, snapshot: held }, undefined];
  }
  const parsed = target.safeParse(input);
  if (!parsed.success) return { ok: false, error: `Invalid input: ${describeIssues(parsed.error)}` };
  beat(); // validating a request of 1,000 positions is a stretch of its own
  return { ok: true, data: (held ? { ...(parsed.data as object), snapshot: held } : parsed.data) as z.infer<S> };
}

/** Thrown at a checkpoint of a job the client cancelled. */
class JobCancelledError extends Error {}

/** The job the client asked to stop (`cancelJob`), if it is still the current one. */
let cancelledJob: number | null = null;

/**
 * Between two parts of an analysis: lets the worker read its messages (a timer task, so queued
 * messages go first) and stops the job here if the client cancelled it meanwhile.
 */
async function checkpoint(): Promise<void> {
  const job = currentJob;
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (job !== null && cancelledJob === job) throw new JobCancelledError();
}

const onComputeRequest = <T>(request: unknown, fn: (r: ComputeRequest) => T | Failure) => onRequest(computeRequestSchema, request, fn);
const onRiskRequest = <T>(request: unknown, fn: (r: z.infer<typeof riskRequestSchema>) => T | Failure) => onRequest(riskRequestSchema, request, fn);
const onCrossVenueRequest = <T>(request: unknown, fn: (r: CrossVenueRequest) => T | Failure) => onRequest(crossVenueRequestSchema, request, fn);

/** A trade-ticket request; the analysis answers a value, or a reason (string or `{ error }`) when it cannot. */
function onTradeRequest<T>(request: unknown, fn: (r: TradeRequest) => T | string | { error: string }): { ok: true; value: T } | Failure {
  return onRequest(tradeRequestSchema, request, (r) => {
    const out = fn(r);
    if (typeof out === "string") return { ok: false as const, error: out };
    if (typeof out === "object" && out !== null && "error" in out) return { ok: false as const, error: out.error };
    return { ok: true as const, value: out as T };
  });
}

/**
 * The engine API the margin worker exposes: plain functions of plain data. Every input is
 * validated here, so a bad message never crashes the engine: it comes back as `{ ok: false }`.
 */
export const engineApi = {
  computeSubAccount(request: unknown): EngineResult {
    return onComputeRequest(request, ({ subAccount, snapshot, options }) => computeSubAccount(subAccount, snapshot, options));
  },
  /**
   * The same sub-account under every margin mode, with stress outcomes and a verdict line — or
   * under the modes named in `modes` only (the page computes its own mode's column on the headline
   * worker and the others on the analysis pool).
   */
  compareModes(request: unknown): Promise<CompareModesResult> {
    // one mode at a time: a comparison superseded by newer inputs stops between modes (cancelJob)
    return onRequestInParts(modesRequestSchema, request, async ({ subAccount, snapshot, options, modes }) => {
      const views: ModeView[] = [];
      for (const mode of MARGIN_MODES) {
        if (modes && !modes.includes(mode)) continue;
        views.push(modeView(mode, subAccount, snapshot, options ?? {}));
        await checkpoint();
      }
      return { ok: true as const, views, verdict: views.length === MARGIN_MODES.length ? verdict(subAccount.mode, views) : null };
    });
  },
  /** Offset savings and per-position attribution of a sub-account. */
  offsetSavings(request: unknown): OffsetSavingsResult {
    return onComputeRequest(request, ({ subAccount, snapshot, options }) => offsetSavings(subAccount, snapshot, options ?? {}));
  },
  /**
   * The sub-account under every venue profile, side by side (in catalogue order), or under the
   * profiles named in `profiles` only (the page shares the table's rows between its two workers).
   */
  compareVenues(request: unknown): Promise<CompareVenuesResult> {
    // one venue row at a time: a table superseded by newer inputs stops between rows (cancelJob)
    return onRequestInParts(venuesRequestSchema, request, async ({ subAccount, snapshot, options, profiles }) => {
      const unknown = profiles?.find((id) => !RULEBOOK_INFOS.some((p) => p.id === id));
      if (unknown !== undefined) return { ok: false as const, error: `Unknown venue profile "${unknown}"` };
      const rows: VenueRow[] = [];
      for (const p of RULEBOOK_INFOS) {
        if (profiles && !profiles.includes(p.id)) continue;
        rows.push(venueRow(p, subAccount, snapshot, options ?? {}));
        await checkpoint();
      }
      return { ok: true as const, rows };
    });
  },
  /** The workspace across venues: per venue, siloed vs unified, uncredited hedges, stress on every venue at once. */
  crossVenue(request: unknown): CrossVenueResponse {
    return onCrossVenueRequest(request, ({ subAccounts, snapshot, options }) => ({ ok: true as const, result: crossVenue(subAccounts, snapshot, options ?? {}) }));
  },
  /** Suggested USDC transfers between sub-accounts that raise the smallest liquidation distance. */
  allocateCollateral(request: unknown): AllocationResponse {
    return onCrossVenueRequest(request, ({ subAccounts, snapshot, options, allocation }) => ({ ok: true as const, allocation: allocateCollateral(subAccounts, snapshot, options ?? {}, allocation) }));
  },
  /** Mark, implied vol and delta of one instrument (for the instrument picker's "use mark"). */
  quote(request: unknown): QuoteResult {
    return onRequest(quoteRequestSchema, request, ({ position, snapshot }) => {
      const prepared = preparePosition(position, snapshot);
      if (typeof prepared === "string") return { ok: false as const, error: prepared };
      const v = valuePosition(prepared);
      return { ok: true as const, mark: v.mark, iv: v.iv, delta: positionGreeks(prepared, v).delta };
    });
  },
  /** VaR / ES (historical, filtered historical, Monte Carlo), components, backtest (lib/risk/var-report.ts). */
  riskReport(request: unknown): Promise<RiskReportResult> {
    // one measure at a time: a report the page asks to stop (newer inputs, or a more urgent panel waiting) stops between them
    return onRequestInParts(riskRequestSchema, request, async ({ subAccount, snapshot, options, risk, liveHistory }) => {
      const history = liveHistory ? extendHistory(SAMPLE_HISTORY, liveHistory) : SAMPLE_HISTORY;
      const parts = riskReportInParts(subAccount, applyScenario(snapshot, options?.scenario ?? NO_SCENARIO), history, { ...DEFAULT_RISK_OPTIONS, ...risk });
      for (;;) {
        const step = parts.next();
        if (step.done) return typeof step.value === "string" ? { ok: false as const, error: step.value } : { ok: true as const, report: step.value };
        await checkpoint();
      }
    });
  },
  /** Greeks-based margin decomposition vs full revaluation (lib/risk/greeks-margin.ts). */
  greeksMargin(request: unknown): GreeksMarginResult {
    return onRiskRequest(request, ({ subAccount, snapshot, options, risk }) => {
      const r = greeksMargin(subAccount, snapshot, options?.scenario ?? NO_SCENARIO, risk?.horizonDays ?? DEFAULT_RISK_OPTIONS.horizonDays);
      return typeof r === "string" ? { ok: false as const, error: r } : { ok: true as const, report: r };
    });
  },
  /** Named crash-day replays with margin after, per venue (lib/risk/stress.ts). */
  stressReplays(request: unknown): StressReplaysResult {
    return onRiskRequest(request, ({ subAccount, snapshot, options }) => {
      const r = stressReplays(subAccount, snapshot, SAMPLE_HISTORY, options?.scenario ?? NO_SCENARIO);
      return typeof r === "string" ? { ok: false as const, error: r } : { ok: true as const, report: r };
    });
  },
  /** Predictive margin: vol forecast, forward IM/MM bands, call/liquidation probabilities, forecast check (lib/risk/forecast). */
  forecast(request: unknown): ForecastResult {
    return onRequest(forecastRequestSchema, request, ({ subAccount, snapshot, options, forecast, liveHistory }) => {
      const history = liveHistory ? extendHistory(SAMPLE_HISTORY, liveHistory) : SAMPLE_HISTORY;
      const scenario = options?.scenario ?? NO_SCENARIO;
      const r = forecastReport(subAccount, applyScenario(snapshot, scenario), history, { ...DEFAULT_FORECAST_OPTIONS, ...forecast }, jobProgress(), scenario.collateralVolMultiplier);
      return typeof r === "string" ? { ok: false as const, error: r } : { ok: true as const, report: r };
    });
  },
  /** Liquidation-engine replay along a path, in the sub-account's mode and the other two side by side (lib/risk/replay); reports progress. */
  replay(request: unknown): ReplayResult {
    return onRequest(replayRequestSchema, request, ({ subAccount, snapshot, options, replay, liveHistory }) => {
      const history = liveHistory ? extendHistory(SAMPLE_HISTORY, liveHistory) : SAMPLE_HISTORY;
      const r = replayAlongPath(subAccount, snapshot, history, replay, options?.scenario ?? NO_SCENARIO, jobProgress());
      return typeof r === "string" ? { ok: false as const, error: r } : { ok: true as const, report: r };
    });
  },
  /** The option chain of one underlying in one batch (marks, IVs, deltas of the one valuation). */
  optionChain(request: unknown): ChainResult {
    return onRequest(chainRequestSchema, request, ({ snapshot, underlying, scenario }) => ({ ok: true as const, chain: optionChain(snapshot, underlying, scenario ?? NO_SCENARIO) }));
  },
  /** Margin impact of staged legs on the sub-account's rulebook: with − without, pass/fail, liquidation. */
  tradeImpact(request: unknown): TradeImpactResult {
    const r = onTradeRequest(request, ({ subAccount, snapshot, options, legs }) => tradeImpact(subAccount, legs, snapshot, options ?? {}));
    return r.ok ? { ok: true, impact: r.value } : r;
  },
  /** The per-venue lines and the largest size of a trade impact (slower; the analysis worker). */
  tradeImpactExtras(request: unknown): TradeImpactExtrasResult {
    const r = onTradeRequest(request, ({ subAccount, snapshot, options, legs }) => tradeImpactExtras(subAccount, legs, snapshot, options ?? {}));
    return r.ok ? { ok: true, extras: r.value } : r;
  },
  /** P&L against the underlying's price: today, at the legs' nearest expiry, and days forward. */
  payoff(request: unknown): PayoffResponse {
    const r = onTradeRequest(request, ({ subAccount, snapshot, options, legs, extraDays }) => payoffCurves(subAccount, legs, snapshot, options ?? {}, extraDays));
    return r.ok ? { ok: true, payoff: r.value } : r;
  },
  /** Spot × implied-vol matrix (P&L and margin after the move) of the account with the staged legs. */
  spotVolMatrix(request: unknown): SpotVolMatrixResult {
    const r = onTradeRequest(request, ({ subAccount, snapshot, options, legs }) => spotVolMatrix(subAccount, legs, snapshot, options ?? {}));
    return r.ok ? { ok: true, matrix: r.value } : r;
  },
  /** Marks of many positions at once on the snapshot (imports without an entry price); null = not listed. */
  marks(request: unknown): MarksResult {
    return onRequest(marksRequestSchema, request, ({ positions, snapshot }) => ({
      ok: true as const,
      marks: positions.map((p) => {
        const prepared = preparePosition({ ...p, id: "mark" } as Position, snapshot);
        return typeof prepared === "string" ? null : valuePosition(prepared).mark;
      }),
    }));
  },
  /** Validates `snapshot` once and keeps it under `key` (the newest MAX_WORKER_SNAPSHOTS are kept); requests then name the key. */
  loadSnapshot(key: unknown, snapshot: unknown): { ok: true } | Failure {
    beat();
    if (typeof key !== "string" || key.length === 0 || key.length > 200) return { ok: false, error: "Invalid input: snapshot key" };
    const parsed = marketSnapshotSchema.safeParse(snapshot);
    if (!parsed.success) return { ok: false, error: `Invalid input: snapshot ${describeIssues(parsed.error)}` };
    heldSnapshots.delete(key);
    heldSnapshots.set(key, parsed.data);
    while (heldSnapshots.size > MAX_WORKER_SNAPSHOTS) heldSnapshots.delete(heldSnapshots.keys().next().value!);
    return { ok: true };
  },
  /** The client's port for the liveness messages of every job (acknowledgement, beats, progress). */
  connectProgress(port: ProgressPortLike): void {
    progressPort = port;
  },
  /**
   * The client starts job `id` (its calls follow on the same channel, in order): acknowledges it at
   * once on the progress port, before any computation, and sends the engine's beats
   * (lib/quant/heartbeat.ts) under this id from now on (at most one per PROGRESS_INTERVAL_MS).
   */
  beginJob(id: unknown): void {
    if (typeof id !== "number" || !Number.isSafeInteger(id)) return;
    currentJob = id;
    installBeatSink(() => postBeat(), { intervalMs: PROGRESS_INTERVAL_MS, now: livenessNow });
    postBeat();
    beatSentAt(livenessNow());
  },
  /**
   * The client no longer needs job `id` (newer inputs superseded it): an analysis computed in parts
   * stops at its next checkpoint and answers JOB_CANCELLED; the worker and its caches stay.
   */
  cancelJob(id: unknown): void {
    if (typeof id === "number" && id === currentJob) cancelledJob = id;
  },
  /**
   * The client's stop flag: an Int32Array on a SharedArrayBuffer (a cross-origin isolated page can
   * make one) where it writes the id of each job it cancels, read at the engine's stop points
   * (lib/quant/stop-point.ts) — so a cancelled job stops within one model run, not at the end of
   * its part (a message cannot reach a computation that is running). Anything else is ignored.
   */
  connectStopFlag(flag: unknown): void {
    if (!(flag instanceof Int32Array) || flag.length < 1 || typeof SharedArrayBuffer === "undefined" || !(flag.buffer instanceof SharedArrayBuffer)) return;
    installStopCheck(() => currentJob !== null && Atomics.load(flag, 0) === currentJob);
  },
  ping(): "pong" {
    return "pong";
  },
};

export type EngineApi = typeof engineApi;
