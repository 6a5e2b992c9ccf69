import { profileIdForMode, RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { MARGIN_MODES, type SubAccount } from "@/lib/workspace/schema";

/**
 * The venue table's rows (venue profile ids, catalogue order) split between the page's two
 * workers. The analysis worker keeps the rows of the rulebooks the mode comparison runs in full
 * (the sub-account's own and its counterparts: it reads those rows from its own runs,
 * lib/margin/analyses/shared-compute.ts) and the per-position ones; the headline worker, idle once
 * its liquidation search is done, takes the other portfolio-margin rows — the costliest (a whole
 * revaluation at every step of each liquidation search: ~60–120 ms each at 1,000 positions).
 *
 * @example
 * ```ts
 * venueRowsByWorker({ ...sub, mode: "cross", profileId: "deribit-standard" }).headline;
 * // ["derive-pm2", "okx-pm", "bybit-pm"]: deribit-style-pm is the mode comparison's portfolio column
 * ```
 */
export function venueRowsByWorker(sub: Pick<SubAccount, "profileId">): { analysis: string[]; headline: string[] } {
  const withModes = new Set(MARGIN_MODES.map((m) => profileIdForMode(m, sub.profileId)));
  const onHeadline = (p: (typeof RULEBOOK_INFOS)[number]) => p.kind === "portfolio" && !withModes.has(p.id);
  return { analysis: RULEBOOK_INFOS.filter((p) => !onHeadline(p)).map((p) => p.id), headline: RULEBOOK_INFOS.filter(onHeadline).map((p) => p.id) };
}
