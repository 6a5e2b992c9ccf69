import type { MarketSnapshot } from "@/lib/market/types";
import { MARGIN_MODES, type MarginMode, type SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "@/lib/margin/models/compute";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import type { SubAccountResult } from "@/lib/margin/result-types";
import { incrementalContributions, shapleyAllocation } from "./attribution";
import { eulerAttribution } from "./euler-attribution";
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

/**
 * How a netting model's IM is split between positions: "euler" (default) — each position's share
 * of every term it drives, from one revaluation (lib/margin/analyses/euler-attribution.ts; models
 * without such a decomposition fall back to Shapley); "shapley" — Shapley values over
 * sub-portfolios (exact up to 10 positions, sampled within ATTRIBUTION_POSITION_BUDGET and
 * ATTRIBUTION_TIME_BUDGET_MS above).
 */
export type AttributionMethod = "euler" | "shapley";

/** Options of {@link offsetSavings}: the compute options and the attribution method. */
export interface OffsetSavingsOptions extends ComputeOptions {
  attribution?: AttributionMethod;
}

export interface PositionAttribution {
  id: string;
  name: string;
  /** the position margined alone (same mode and profile, no other positions) */
  standaloneIm: number;
  /** IM with the position minus IM without it: negative = the position is a hedge */
  incrementalIm: number;
  /** its share of the total IM (Euler share or Shapley value): with collateralIm the shares sum exactly to the total */
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
  /**
   * "additive": per-position rules, where each position's share is its own requirement; "euler":
   * each position's part of every term of the requirement it drives (its P&L in the binding
   * scenario × the loss factor, its contingencies; one revaluation); "exact": Shapley over every
   * subset; "sampled": seeded permutations (parts still sum exactly to the total)
   */
  allocationMethod: "additive" | "euler" | "exact" | "sampled";
  /**
   * The part of totalIm no position carries: the collateral's own (haircut charges, its P&L in the
   * binding scenario, base-asset credit) under Euler, the requirement with no positions under
   * Shapley. Σ allocatedIm + collateralIm = totalIm.
   */
  collateralIm: number;
  /** permutations used when sampled */
  permutations: number;
  positions: PositionAttribution[];
  /** the standalone requirement against each netting mode (cross, portfolio) for the same positions */
  byMode: { mode: MarginMode; standaloneIm: number | null; im: number | null; savedUsd: number | null; savedPct: number | null; efficiency: number | null; error?: string }[];
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/**
 * Whether a sub-account is margined by per-position rules (isolated, or cross under a venue's
 * per-position profile): additive — a position's requirement does not depend on the others.
 */
function perPositionRules(s: SubAccount): boolean {
  return s.mode === "isolated" || (s.mode === "cross" && perPositionRulebook(s.profileId) !== undefined);
}

/**
 * Each position's IM under per-position rules, read from a run of the whole account: a position's
 * requirement reads that position alone (lib/margin/models/per-position.ts), so it is the figure of
 * the position margined alone, and the account's IM is their sum. A position the model left out
 * (it cannot be valued: a warning in the result) is margined at 0 alone too.
 */
function ownRequirements(sub: SubAccount, whole: SubAccountResult): number[] {
  const byId = new Map(whole.positions.map((p) => [p.id, p.im]));
  return sub.positions.map((p) => byId.get(p.id) ?? 0);
}

/**
 * Offset savings of a sub-account under its own mode and profile: every position margined alone
 * against the account as a whole, and the attribution of the total to positions (incremental and
 * Shapley allocation). In isolated mode nothing offsets: each position's allocation is its own IM.
 */
export function offsetSavings(sub: SubAccount, snapshot: MarketSnapshot, opts: OffsetSavingsOptions = {}): { ok: true; savings: OffsetSavings } | { ok: false; error: string } {
  const { attribution: method = "euler", ...computeOpts } = opts;
  const lite = { ...computeOpts, lite: true };
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
  /** one position margined alone (no mask: n of these would otherwise build n masks of n) */
  const aloneIm = (p: SubAccount["positions"][number]) => {
    const r = computeSubAccount({ ...sub, positions: [p] }, snapshot, lite);
    if (!r.ok) failure ??= r.error;
    return r.ok ? r.result.im : 0;
  };
  const t0 = performance.now();
  const whole = computeSubAccount(sub, snapshot, lite);
  const wholeMs = performance.now() - t0;
  if (!whole.ok) return { ok: false, error: whole.error };
  const totalIm = whole.result.im;
  // Per-position rules are additive: a position's share and its increment are its own requirement.
  const additive = perPositionRules(sub);
  const euler = !additive && method === "euler" ? eulerAttribution(sub, snapshot, computeOpts) : null;
  if (euler && !euler.ok) return { ok: false, error: euler.error };
  // Standalone: every position margined alone under the same mode and profile — from the Euler
  // revaluation when there is one, and under per-position rules from the whole run's own
  // per-position requirements (the same figure: a position's requirement reads that position
  // only), in both cases without n model runs.
  const alone = euler ? euler.attribution.standalone : additive ? ownRequirements(sub, whole.result) : sub.positions.map((p) => aloneIm(p));
  const standaloneIm = sum(alone);
  const exact = !additive && !euler && n <= MAX_EXACT_N;
  // Sampling: within the position budget and a time budget (a permutation costs about n/2 whole-account evaluations).
  const byTime = Math.floor(ATTRIBUTION_TIME_BUDGET_MS / Math.max(1e-3, 0.5 * n * wholeMs));
  const permutations = Math.max(1, Math.min(byTime, Math.max(MIN_PERMUTATIONS, Math.floor(ATTRIBUTION_POSITION_BUDGET / Math.max(1, n * n)))));
  const incremental = additive ? alone : euler ? euler.attribution.incremental : incrementalContributions(n, im);
  // the time budget is also enforced while sampling: the estimate above can be far off (a cached
  // whole-account run is much cheaper than the sub-portfolios the permutations evaluate)
  const tSampling = performance.now();
  const sampled = { permutations };
  const allocation = additive
    ? alone
    : euler
      ? euler.attribution.shares
      : shapleyAllocation(n, im, { maxExactN: MAX_EXACT_N, permutations, stop: () => performance.now() - tSampling > ATTRIBUTION_TIME_BUDGET_MS, report: sampled });
  if (failure) return { ok: false, error: failure };
  // what no position carries: Euler's collateral part; Shapley's R(no positions); additive: whatever Σ alone leaves
  const collateralIm = euler ? euler.attribution.collateralIm : additive ? totalIm - standaloneIm : im(new Array<boolean>(n).fill(false));
  // The same comparison for each netting mode, each against its own standalone sum.
  const byMode = MARGIN_MODES.filter((m) => m !== "isolated").map((mode) => {
    const asMode = { ...sub, mode, profileId: profileIdForMode(mode, sub.profileId) };
    const r = mode === sub.mode ? whole : computeSubAccount(asMode, snapshot, lite);
    if (!r.ok) return { mode, standaloneIm: null, im: null, savedUsd: null, savedPct: null, efficiency: null, error: r.error };
    let modeStandalone = standaloneIm;
    // a netting model with an Euler decomposition gives every standalone figure from one revaluation
    const viaEuler = mode !== sub.mode && method === "euler" ? eulerAttribution(asMode, snapshot, computeOpts) : null;
    if (viaEuler?.ok) modeStandalone = sum(viaEuler.attribution.standalone);
    else if (mode !== sub.mode && perPositionRules(asMode)) modeStandalone = sum(ownRequirements(asMode, r.result));
    else if (mode !== sub.mode) {
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
      allocationMethod: additive ? "additive" : euler ? "euler" : exact ? "exact" : "sampled",
      permutations: additive || euler || exact ? 0 : sampled.permutations,
      collateralIm,
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
