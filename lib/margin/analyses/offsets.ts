import type { MarketSnapshot } from "@/lib/market/types";
import { MARGIN_MODES, type MarginMode, type SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "@/lib/margin/models/compute";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import { incrementalContributions, shapleyAllocation } from "./attribution";
import { instrumentName } from "@/lib/workspace/instrument-name";
import { perPositionRulebook, profileIdForMode } from "@/lib/margin/venues/catalogue";

/**
 * Work budget of the sampled allocation, in position revaluations: each model evaluation costs
 * about n of them, and a permutation n evaluations, so permutations ≈ budget / n² (at least 4).
 */
export const ATTRIBUTION_POSITION_BUDGET = 1_500_000;
const MIN_PERMUTATIONS = 4;
/** Sampling stops being worth the wait beyond a few seconds of worker time. */
export const ATTRIBUTION_TIME_BUDGET_MS = 4_000;
const MAX_EXACT_N = 10;

export interface PositionAttribution {
  id: string;
  name: string;
  /** the position margined alone (same mode and profile, no other positions) */
  standaloneIm: number;
  /** IM with the position minus IM without it: negative = the position is a hedge */
  incrementalIm: number;
  /** its share of the total IM (Shapley value): the shares sum exactly to the total */
  allocatedIm: number;
}

export interface OffsetSavings {
  mode: MarginMode;
  /** Σ of every position margined alone (same mode and profile) */
  standaloneIm: number;
  /** IM of the sub-account in its own mode */
  totalIm: number;
  savedUsd: number;
  savedPct: number;
  grossNotionalUsd: number;
  /** "exact" (every subset) or "sampled" (seeded permutations; parts still sum exactly) */
  /**
   * "additive": per-position rules, where each position's share is its own requirement; "exact":
   * Shapley over every subset; "sampled": seeded permutations (parts still sum exactly to the total)
   */
  allocationMethod: "additive" | "exact" | "sampled";
  /** permutations used when sampled */
  permutations: number;
  positions: PositionAttribution[];
  /** the standalone requirement against each netting mode (cross, portfolio) for the same positions */
  byMode: { mode: MarginMode; standaloneIm: number | null; im: number | null; savedUsd: number | null; savedPct: number | null; efficiency: number | null; error?: string }[];
}

/**
 * Offset savings of a sub-account under its own mode and profile: every position margined alone
 * against the account as a whole, and the attribution of the total to positions (incremental and
 * Shapley allocation). In isolated mode nothing offsets: each position's allocation is its own IM.
 */
export function offsetSavings(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): { ok: true; savings: OffsetSavings } | { ok: false; error: string } {
  const lite = { ...opts, lite: true };
  const n = sub.positions.length;
  const cache = new Map<string, number>();
  let failure: string | null = null;
  const im = (mask: boolean[]) => {
    let key = "";
    for (let i = 0; i < n; i++) key += mask[i] ? "1" : "0";
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const r = computeSubAccount({ ...sub, positions: sub.positions.filter((_, i) => mask[i]) }, snapshot, lite);
    if (!r.ok) failure ??= r.error;
    const v = r.ok ? r.result.im : 0;
    cache.set(key, v);
    return v;
  };
  const t0 = performance.now();
  const whole = computeSubAccount(sub, snapshot, lite);
  const wholeMs = performance.now() - t0;
  if (!whole.ok) return { ok: false, error: whole.error };
  // Standalone: every position margined alone under the same mode and profile.
  const alone = sub.positions.map((_, i) => im(sub.positions.map((__, j) => j === i)));
  const standaloneIm = alone.reduce((s, x) => s + x, 0);
  const totalIm = whole.result.im;
  // Per-position rules (isolated, or cross under a venue's per-position profile) are additive: a
  // position's requirement does not depend on the others, so its share and its increment are its own.
  const additive = sub.mode === "isolated" || (sub.mode === "cross" && perPositionRulebook(sub.profileId) !== undefined);
  const exact = !additive && n <= MAX_EXACT_N;
  // Sampling: within the position budget and a time budget (a permutation costs about n/2 whole-account evaluations).
  const byTime = Math.floor(ATTRIBUTION_TIME_BUDGET_MS / Math.max(1e-3, 0.5 * n * wholeMs));
  const permutations = Math.max(1, Math.min(byTime, Math.max(MIN_PERMUTATIONS, Math.floor(ATTRIBUTION_POSITION_BUDGET / Math.max(1, n * n)))));
  const incremental = additive ? alone : incrementalContributions(n, im);
  const allocation = additive ? alone : shapleyAllocation(n, im, { maxExactN: MAX_EXACT_N, permutations });
  if (failure) return { ok: false, error: failure };
  // The same comparison for each netting mode, each against its own standalone sum.
  const byMode = MARGIN_MODES.filter((m) => m !== "isolated").map((mode) => {
    const asMode = { ...sub, mode, profileId: profileIdForMode(mode, sub.profileId) };
    const r = mode === sub.mode ? whole : computeSubAccount(asMode, snapshot, lite);
    if (!r.ok) return { mode, standaloneIm: null, im: null, savedUsd: null, savedPct: null, efficiency: null, error: r.error };
    let modeStandalone = standaloneIm;
    if (mode !== sub.mode) {
      modeStandalone = 0;
      for (const p of sub.positions) {
        const one = computeSubAccount({ ...asMode, positions: [p] }, snapshot, lite);
        if (!one.ok) return { mode, standaloneIm: null, im: null, savedUsd: null, savedPct: null, efficiency: null, error: one.error };
        modeStandalone += one.result.im;
      }
    }
    const saved = modeStandalone - r.result.im;
    return {
      mode,
      standaloneIm: modeStandalone,
      im: r.result.im,
      savedUsd: saved,
      savedPct: modeStandalone > 0 ? (saved / modeStandalone) * 100 : 0,
      efficiency: r.result.im > 0 ? r.result.grossNotionalUsd / r.result.im : null,
    };
  });
  const names = new Map(whole.result.positions.map((p) => [p.id, p.name]));
  return {
    ok: true,
    savings: {
      mode: sub.mode,
      standaloneIm,
      totalIm,
      savedUsd: standaloneIm - totalIm,
      savedPct: standaloneIm > 0 ? ((standaloneIm - totalIm) / standaloneIm) * 100 : 0,
      grossNotionalUsd: whole.result.grossNotionalUsd,
      byMode,
      allocationMethod: additive ? "additive" : exact ? "exact" : "sampled",
      permutations: additive || exact ? 0 : permutations,
      positions: sub.positions.map((p, i) => ({
        id: p.id,
        name: names.get(p.id) ?? instrumentName(p),
        standaloneIm: alone[i]!,
        incrementalIm: incremental[i]!,
        allocatedIm: allocation[i]!,
      })),
    },
  };
}
