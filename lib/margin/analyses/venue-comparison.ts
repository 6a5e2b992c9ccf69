import type { MarketSnapshot } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import { comparisonModeOf, RULEBOOK_INFOS, type RulebookInfo } from "@/lib/margin/venues/catalogue";
import type { VenueRow } from "@/lib/margin/result-types";
import { computeShared } from "./shared-compute";

/** The chart grid of the table's runs: no point. */
const NO_CHART: readonly number[] = [];

/**
 * The same sub-account under every venue profile the engine has ("where is this portfolio cheapest
 * to hold"): per-position profiles in cross mode, scenario profiles in portfolio mode. A venue that
 * cannot hold the positions (no options, no dated futures) says so instead of a number.
 */
export function compareVenues(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): VenueRow[] {
  return RULEBOOK_INFOS.map((p) => venueRow(p, sub, snapshot, opts));
}

/** One row of {@link compareVenues}: the sub-account under profile `p` (the worker computes the rows one at a time, so a superseded table stops between rows). */
export function venueRow(p: RulebookInfo, sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): VenueRow {
  const mode = comparisonModeOf(p);
  const profile = { id: p.id, name: p.name, version: p.version, asOf: p.asOf, kind: p.kind };
  // no chart (the table does not draw one): no run at a chart point; the liquidation search is the model's own
  const r = computeShared({ ...sub, mode, profileId: p.id }, snapshot, { ...opts, chartGrid: NO_CHART });
  if (!r.ok) return { ok: false, profile, mode, error: r.error };
  const x = r.result;
  return {
    ok: true,
    profile,
    mode,
    im: x.im,
    mm: x.mm,
    equity: x.equity,
    freeCollateral: x.freeCollateral,
    status: x.status,
    efficiency: x.im > 0 ? x.grossNotionalUsd / x.im : null,
    liquidation: x.liquidation,
    togetherDownPct: x.liquidationTogether?.downMovePct ?? null,
    togetherUpPct: x.liquidationTogether?.upMovePct ?? null,
  };
}
