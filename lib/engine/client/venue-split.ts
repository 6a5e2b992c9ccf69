import { profileIdForMode, RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { MARGIN_MODES, type SubAccount } from "@/lib/workspace/schema";

/**
 * The venue table's rows (venue profile ids) as the page's two workers share them
 * (`venueComparisonQuery`, queries.ts). `analysis`: the rows of the rulebooks the mode
 * comparison runs in full (the sub-account's own and its counterparts), which only the analysis
 * worker computes — it reads them from its own runs (lib/margin/analyses/shared-compute.ts), so they
 * cost it almost nothing. `shared`: every other row, the costliest kind first — the portfolio-margin
 * rows (a whole revaluation at every step of each liquidation search: ~70–120 ms each at 1,000
 * positions), then the standard ones (~1–50 ms) — catalogue order within a kind. The headline
 * worker takes shared rows from the front once its live figures and full job are done; the analysis
 * worker, once its offsets and mode comparison are done, from the back; so neither waits while the
 * other still has rows to compute, whichever of the two is free first.
 *
 * @example
 * ```ts
 * venueRowsByWorker({ ...sub, mode: "cross", profileId: "deribit-standard" }).analysis;
 * // ["deribit-standard", "deribit-style-pm"]: the mode comparison's cross/isolated and portfolio columns
 * ```
 */
export function venueRowsByWorker(sub: Pick<SubAccount, "profileId">): { analysis: string[]; shared: string[] } {
  const withModes = new Set(MARGIN_MODES.map((m) => profileIdForMode(m, sub.profileId)));
  const others = RULEBOOK_INFOS.filter((p) => !withModes.has(p.id));
  return {
    analysis: RULEBOOK_INFOS.filter((p) => withModes.has(p.id)).map((p) => p.id),
    shared: [...others.filter((p) => p.kind === "portfolio"), ...others.filter((p) => p.kind !== "portfolio")].map((p) => p.id),
  };
}
