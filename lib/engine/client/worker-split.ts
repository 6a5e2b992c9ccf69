import { comparisonModeOf, profileIdForMode, RULEBOOK_INFOS, rulebookInfo } from "@/lib/margin/venues/catalogue";
import { MARGIN_MODES, type MarginMode, type SubAccount } from "@/lib/workspace/schema";

/**
 * How the page's two workers share the mode comparison and the venue table of one sub-account.
 *
 * The headline worker has just run the sub-account's full job (liquidation searches and chart, in
 * its own mode and rulebook): its caches hold the revaluations that mode's column needs
 * (lib/margin/models/pm/from-sub-account.ts, per-position.ts), so the mode comparison's column of
 * the sub-account's own mode is computed there; the analysis worker computes the other modes'
 * columns. A venue row whose run is one of those columns (the same sub-account, mode and rulebook)
 * is read from that worker's run (lib/margin/analyses/shared-compute.ts), so it belongs to that
 * worker. Every other row is shared: the costliest kind first — the portfolio-margin rows (a whole
 * revaluation at every step of each liquidation search: ~70–120 ms each at 1,000 positions), then
 * the standard ones (~1–50 ms) — catalogue order within a kind. The headline worker takes shared
 * rows from the front once its live figures, full job and column are done; the analysis worker, once
 * its offsets and columns are done, from the back; so neither waits while the other still has rows
 * to compute, whichever of the two is free first.
 *
 * @packageDocumentation
 */

/** The mode comparison's columns by worker: the sub-account's own mode on the headline worker, the others (MARGIN_MODES order) on the analysis pool. */
export function modesByWorker(sub: Pick<SubAccount, "mode">): { headline: MarginMode[]; analysis: MarginMode[] } {
  return { headline: [sub.mode], analysis: MARGIN_MODES.filter((m) => m !== sub.mode) };
}

/** The venue row (profile id) a mode column's run gives: rows run standard profiles in cross mode and portfolio profiles in portfolio mode (lib/margin/analyses/venue-comparison.ts); an isolated column gives none. */
function rowOfColumn(mode: MarginMode, profileId: string): string | null {
  const info = rulebookInfo(profileIdForMode(mode, profileId));
  return info && comparisonModeOf(info) === mode ? info.id : null;
}

/**
 * The venue table's rows (venue profile ids) by worker: `headline` and `analysis`, the rows each
 * worker reads from its own mode columns ({@link modesByWorker}); `shared`, every other row, the
 * portfolio-margin rows first.
 *
 * @example
 * ```ts
 * venueRowsByWorker({ mode: "cross", profileId: "deribit-standard" });
 * // headline ["deribit-standard"] (the cross column), analysis ["deribit-style-pm"] (the portfolio column)
 * ```
 */
export function venueRowsByWorker(sub: Pick<SubAccount, "mode" | "profileId">): { headline: string[]; analysis: string[]; shared: string[] } {
  const modes = modesByWorker(sub);
  const rowsOf = (ms: readonly MarginMode[]) => new Set(ms.flatMap((m) => rowOfColumn(m, sub.profileId) ?? []));
  const headline = rowsOf(modes.headline);
  const analysis = rowsOf(modes.analysis);
  const inCatalogueOrder = (s: Set<string>) => RULEBOOK_INFOS.filter((p) => s.has(p.id)).map((p) => p.id);
  const others = RULEBOOK_INFOS.filter((p) => !headline.has(p.id) && !analysis.has(p.id));
  return {
    headline: inCatalogueOrder(headline),
    analysis: inCatalogueOrder(new Set([...analysis].filter((id) => !headline.has(id)))),
    shared: [...others.filter((p) => p.kind === "portfolio"), ...others.filter((p) => p.kind !== "portfolio")].map((p) => p.id),
  };
}
