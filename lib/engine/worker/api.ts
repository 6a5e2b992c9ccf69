import { z } from "zod";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { compareModes, verdict } from "@/lib/margin/analyses/mode-comparison";
import { offsetSavings, type OffsetSavings } from "@/lib/margin/analyses/offsets";
import { compareVenues } from "@/lib/margin/analyses/venue-comparison";
import type { EngineResult, ModeView, VenueRow } from "@/lib/margin/result-types";
import { marketSnapshotSchema } from "@/lib/market/types";
import { marketScenarioSchema } from "@/lib/market/scenario";
import { CHART_POINTS } from "@/lib/market/limits";
import { describeIssues, positionSchema, subAccountSchema } from "@/lib/workspace/schema";
import { positionGreeks, preparePosition, valuePosition } from "@/lib/margin/valuation/position-value";

const optionsSchema = z
  .object({
    scenario: marketScenarioSchema.optional(),
    chartPoints: z.number().int().min(CHART_POINTS.min).max(CHART_POINTS.max).optional(),
  })
  .optional();

export const computeRequestSchema = z.object({
  subAccount: subAccountSchema,
  snapshot: marketSnapshotSchema,
  options: optionsSchema,
});
export type ComputeRequest = z.infer<typeof computeRequestSchema>;

type Failure = { ok: false; error: string };

export type CompareModesResult = { ok: true; views: ModeView[]; verdict: string } | { ok: false; error: string };

export type OffsetSavingsResult = { ok: true; savings: OffsetSavings } | { ok: false; error: string };

export type CompareVenuesResult = { ok: true; rows: VenueRow[] } | { ok: false; error: string };

export const quoteRequestSchema = z.object({ position: positionSchema, snapshot: marketSnapshotSchema });
export type QuoteResult = { ok: true; mark: number; iv: number | null; delta: number } | { ok: false; error: string };

/**
 * Validates a compute request and runs `fn` on it: invalid input and any throw come back as
 * `{ ok: false, error }`, never as an exception across the worker boundary.
 */
function onComputeRequest<T>(request: unknown, fn: (r: ComputeRequest) => T | Failure): T | Failure {
  const parsed = computeRequestSchema.safeParse(request);
  if (!parsed.success) return { ok: false, error: `Invalid input: ${describeIssues(parsed.error)}` };
  try {
    return fn(parsed.data);
  } catch (e) {
    return { ok: false, error: `Engine error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * The engine API the margin worker exposes: plain functions of plain data. Every input is
 * validated here, so a bad message never crashes the engine: it comes back as `{ ok: false }`.
 */
export const engineApi = {
  computeSubAccount(request: unknown): EngineResult {
    return onComputeRequest(request, ({ subAccount, snapshot, options }) => computeSubAccount(subAccount, snapshot, options));
  },
  /** The same sub-account under every margin mode, with stress outcomes and a verdict line. */
  compareModes(request: unknown): CompareModesResult {
    return onComputeRequest(request, ({ subAccount, snapshot, options }) => {
      const views = compareModes(subAccount, snapshot, options ?? {});
      return { ok: true as const, views, verdict: verdict(subAccount.mode, views) };
    });
  },
  /** Offset savings and per-position attribution of a sub-account. */
  offsetSavings(request: unknown): OffsetSavingsResult {
    return onComputeRequest(request, ({ subAccount, snapshot, options }) => offsetSavings(subAccount, snapshot, options ?? {}));
  },
  /** The sub-account under every venue profile, side by side. */
  compareVenues(request: unknown): CompareVenuesResult {
    return onComputeRequest(request, ({ subAccount, snapshot, options }) => ({ ok: true as const, rows: compareVenues(subAccount, snapshot, options ?? {}) }));
  },
  /** Mark, implied vol and delta of one instrument (for the instrument picker's "use mark"). */
  quote(request: unknown): QuoteResult {
    const parsed = quoteRequestSchema.safeParse(request);
    if (!parsed.success) return { ok: false, error: `Invalid input: ${describeIssues(parsed.error)}` };
    const prepared = preparePosition(parsed.data.position, parsed.data.snapshot);
    if (typeof prepared === "string") return { ok: false, error: prepared };
    const v = valuePosition(prepared);
    return { ok: true, mark: v.mark, iv: v.iv, delta: positionGreeks(prepared, v).delta };
  },
  ping(): "pong" {
    return "pong";
  },
};

export type EngineApi = typeof engineApi;
