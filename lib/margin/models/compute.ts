import { beat } from "@/lib/quant/heartbeat";
import { stopPoint } from "@/lib/quant/stop-point";
import { applyScenario, NO_SCENARIO } from "@/lib/market/scenario";
import { CHART_POINTS } from "@/lib/market/limits";
import type { MarketSnapshot } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import { getRulebook } from "@/lib/margin/venues/catalogue";
import type { Rulebook } from "@/lib/margin/rulebook";
import type { EngineResult } from "@/lib/margin/result-types";
import type { ComputeOptions, ModelContext } from "./model-context";
import { computePerPosition } from "./per-position";
import { computePortfolio } from "./portfolio";
import { computeDeriveStandard } from "./derive-standard";
import { computeOkxPm } from "./okx-pm/compute";

const DEFAULT_CHART_POINTS = 41;

/**
 * Margin of one sub-account under its mode and rulebook — the one entry point of every model.
 * The market scenario is applied to the snapshot here, once (lib/market/scenario.ts); every model
 * and analysis then values on that market. Never throws for a schema-valid sub-account: problems
 * come back as `{ ok: false }` or as warnings. (In the engine worker, a job the page cancelled stops
 * at its next stop point with StopRequested: lib/quant/stop-point.ts.)
 */
export function computeSubAccount(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): EngineResult {
  const rulebook = getRulebook(sub.profileId);
  if (!rulebook) return { ok: false, error: `Unknown venue profile "${sub.profileId}"` };
  return computeWithRulebook(sub, rulebook, snapshot, opts);
}

/** {@link computeSubAccount} with an explicit rulebook (rulebooks are data: tests pass variants). */
export function computeWithRulebook(sub: SubAccount, rulebook: Rulebook, snapshot: MarketSnapshot, opts: ComputeOptions = {}): EngineResult {
  beat();
  stopPoint(); // nothing of this run started yet
  if (!rulebook.modes.includes(sub.mode)) {
    const error = rulebook.model === "derive-standard" ? `${rulebook.name} is a cross-margin manager: choose cross mode (or Derive PM2 for portfolio)` : `${rulebook.name} does not serve ${sub.mode} margin`;
    return { ok: false, error };
  }
  const scenario = opts.scenario ?? NO_SCENARIO;
  const ctx: ModelContext = {
    sub,
    market: applyScenario(snapshot, scenario),
    snapshot,
    snapshotId: snapshot.id,
    collateralVolMultiplier: scenario.collateralVolMultiplier,
    chartPoints: Math.max(CHART_POINTS.min, Math.min(opts.chartPoints ?? DEFAULT_CHART_POINTS, CHART_POINTS.max)),
    chartGrid: opts.chartGrid ?? null,
    lite: opts.lite === true || opts.figuresOnly === true,
    figuresOnly: opts.figuresOnly === true,
  };
  switch (rulebook.model) {
    case "per-position":
      return computePerPosition(ctx, rulebook);
    case "portfolio":
      return computePortfolio(ctx, rulebook);
    case "derive-standard":
      return computeDeriveStandard(ctx, rulebook);
    case "okx-pm":
      return computeOkxPm(ctx, rulebook);
  }
}
