/**
 * Collateral allocation across silos: USDC transfers that maximise the smallest together-move
 * liquidation distance of the cross and portfolio sub-accounts, with a fee per move and a minimum
 * transfer.
 *
 * Method: bisection on a common target distance d. For each sub-account the requirement
 * need(d) = max over moves m ∈ [−d, d] of (MM(m) − equity(m)) / c, with c the equity − MM the model
 * credits per USDC added (measured on the model), is non-decreasing in d by construction (a max
 * over a growing interval of the scan of lib/margin/analyses/cross-venue.ts, linearly interpolated).
 * A silo with need(d) > 0 must receive that much; one with need(d) < 0 can give up to
 * min(−need(d), its USDC, free collateral / credit) — it keeps covering its IM and stays at d or
 * beyond. d is feasible when the donors cover every need plus the fees (a largest-donor-first
 * matching, every move at least the minimum). The largest feasible d on [current, 99 %] is kept;
 * the plan is then checked on the model (the silos after the transfers, scanned again), and
 * dropped when it would lower the smallest distance — never worse than doing nothing.
 *
 * Isolated sub-accounts only give: extra collateral is not allocated to their positions, so their
 * distances do not move either way.
 *
 * @packageDocumentation
 */

import type { MarketSnapshot } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import type { AllocationRow, AllocationSide, CollateralAllocation, CollateralTransfer } from "@/lib/margin/result-types";
import { accountProfile, distanceOf, withUsdcDelta, type AccountProfile, type ScanPoint } from "./cross-venue";

export interface AllocationParams {
  /** USD fee per transfer, paid by the source on top of the amount */
  costPerTransferUsd: number;
  /** smallest amount one transfer may move, USD */
  minTransferUsd: number;
}

export const DEFAULT_ALLOCATION: AllocationParams = { costPerTransferUsd: 10, minTransferUsd: 1_000 };

/** The largest common target distance (percent): down moves end at −99 %. */
const MAX_TARGET_PCT = 99;
const BISECTION_STEPS = 40;
/** A need below this (USD) is met. */
const NEED_EPS_USD = 1e-6;

/** max of the scan's deficit over moves in [−d, d], the ends linearly interpolated. */
export function maxDeficitWithin(scan: readonly ScanPoint[], d: number): number {
  let max = -Infinity;
  const at = (m: number) => {
    for (let i = 1; i < scan.length; i++) {
      const a = scan[i - 1]!;
      const b = scan[i]!;
      if (a.movePct <= m && m <= b.movePct) return b.movePct === a.movePct ? a.deficit : a.deficit + ((b.deficit - a.deficit) * (m - a.movePct)) / (b.movePct - a.movePct);
    }
    return -Infinity;
  };
  for (const p of scan) if (Math.abs(p.movePct) <= d && p.deficit > max) max = p.deficit;
  return Math.max(max, at(-d), at(d));
}

interface Silo {
  sub: SubAccount;
  profile: AccountProfile;
  /** cross/portfolio with a positive USDC credit: can be protected by a transfer */
  receives: boolean;
  distance: number | null;
}

/** USDC a silo can send while keeping its IM covered (and, when it receives, its distance ≥ d). */
function available(s: Silo, need: number): number {
  const f = s.profile.account.figures!;
  const byFree = s.profile.usdcCreditIm > 0 ? Math.max(0, f.freeCollateral) / s.profile.usdcCreditIm : Infinity;
  const byTarget = s.receives ? Math.max(0, -need) : Infinity;
  return Math.max(0, Math.min(s.profile.account.usdcHeld, byFree, byTarget));
}

/** Transfers that give every receiving silo its need at d, or null when the donors cannot. */
function planAt(silos: readonly Silo[], d: number, p: AllocationParams): CollateralTransfer[] | null {
  const needs = silos.map((s) => (s.receives ? maxDeficitWithin(s.profile.scan, d) / s.profile.usdcCreditMm : 0));
  // A silo that cannot receive and sits inside d cannot be helped; it is left out of the target.
  const left = silos.map((s, i) => available(s, needs[i]!));
  const transfers: CollateralTransfer[] = [];
  const order = silos.map((_, i) => i).sort((a, b) => needs[b]! - needs[a]!);
  for (const r of order) {
    let need = needs[r]!;
    if (!(need > NEED_EPS_USD)) continue;
    while (need > NEED_EPS_USD) {
      let best = -1;
      for (let i = 0; i < silos.length; i++) if (i !== r && !(needs[i]! > NEED_EPS_USD) && (best < 0 || left[i]! > left[best]!)) best = i;
      if (best < 0) return null;
      const canSend = left[best]! - p.costPerTransferUsd;
      const amount = Math.max(Math.min(need, canSend), p.minTransferUsd);
      if (!(canSend >= amount) || !(amount > 0)) return null;
      left[best] = left[best]! - amount - p.costPerTransferUsd;
      need -= amount;
      const from = silos[best]!.profile.account;
      const to = silos[r]!.profile.account;
      transfers.push({ fromId: from.id, fromVenue: from.venue, toId: to.id, toVenue: to.venue, amountUsd: amount, costUsd: p.costPerTransferUsd });
    }
  }
  return transfers;
}

/** The sub-accounts after the transfers (USDC moved; fees leave the source). */
export function applyTransfers(subs: readonly SubAccount[], transfers: readonly CollateralTransfer[]): SubAccount[] {
  return subs.map((s) => {
    let delta = 0;
    for (const t of transfers) {
      if (t.fromId === s.id) delta -= t.amountUsd + t.costUsd;
      if (t.toId === s.id) delta += t.amountUsd;
    }
    return delta === 0 ? s : withUsdcDelta(s, delta);
  });
}

function sideOf(profile: AccountProfile): AllocationSide {
  const f = profile.account.figures;
  return { usdc: profile.account.usdcHeld, equity: f?.equity ?? Number.NaN, freeCollateral: f?.freeCollateral ?? Number.NaN, distancePct: distanceOf(profile.account.liquidation) };
}

/** Smallest distance of several (null = none in range anywhere). */
function minDistance(ds: readonly (number | null)[]): number | null {
  const xs = ds.filter((d): d is number => d !== null);
  return xs.length ? Math.min(...xs) : null;
}

/** null (no liquidation in range) counts as farther than any distance. */
const asNumber = (d: number | null) => (d === null ? Infinity : d);

/**
 * Suggested USDC transfers between the workspace's sub-accounts (see the module comment), with
 * every silo before and after.
 *
 * @example
 * ```ts
 * allocateCollateral(subs, SAMPLE_SNAPSHOT, {}, { costPerTransferUsd: 10, minTransferUsd: 1_000 }).transfers;
 * ```
 */
export function allocateCollateral(subs: readonly SubAccount[], snapshot: MarketSnapshot, opts: ComputeOptions = {}, params: AllocationParams = DEFAULT_ALLOCATION): CollateralAllocation {
  const profiles = subs.map((s) => accountProfile(s, snapshot, opts));
  const silos: Silo[] = subs.flatMap((sub, i): Silo[] => {
    const profile = profiles[i]!;
    if (!profile.account.figures) return [];
    const receives = profile.deficitIsUsd && profile.usdcCreditMm > 0;
    return [{ sub, profile, receives, distance: distanceOf(profile.account.liquidation) }];
  });
  const before = profiles.map(sideOf);
  const beforeMin = minDistance(before.map((b) => b.distancePct));
  const result = (transfers: CollateralTransfer[], afterProfiles: AccountProfile[], note: string): CollateralAllocation => {
    const rows: AllocationRow[] = subs.map((s, i) => ({ id: s.id, name: s.name, venue: profiles[i]!.account.venue, before: before[i]!, after: sideOf(afterProfiles[i]!) }));
    return {
      transfers,
      rows,
      beforeMinDistancePct: beforeMin,
      afterMinDistancePct: minDistance(rows.map((r) => r.after.distancePct)),
      totalCostUsd: transfers.reduce((s, t) => s + t.costUsd, 0),
      note,
    };
  };
  // the nearest liquidation sits in an isolated silo: transfers do not reach its positions' allocations
  const nearestIsolated = silos.some((s) => !s.receives && s.distance !== null && s.distance === beforeMin);
  const isolatedNote = nearestIsolated ? " The nearest liquidation is in an isolated sub-account, which transfers do not reach: raise that position's allocation instead." : "";
  const nothing = (note: string) => result([], profiles, note + isolatedNote);
  const receivers = silos.filter((s) => s.receives);
  if (receivers.length === 0) return nothing("No cross or portfolio sub-account that extra USDC would protect.");
  const start = Math.min(MAX_TARGET_PCT, ...receivers.map((s) => asNumber(s.distance)));
  if (start >= MAX_TARGET_PCT) return nothing("Every cross and portfolio sub-account already survives moves of ±99 %.");
  let lo = start;
  let loPlan: CollateralTransfer[] = [];
  const top = planAt(silos, MAX_TARGET_PCT, params);
  if (top) [lo, loPlan] = [MAX_TARGET_PCT, top];
  else {
    let hi = MAX_TARGET_PCT;
    for (let i = 0; i < BISECTION_STEPS && hi - lo > 1e-4; i++) {
      const mid = 0.5 * (lo + hi);
      const plan = planAt(silos, mid, params);
      if (plan) [lo, loPlan] = [mid, plan];
      else hi = mid;
    }
  }
  if (loPlan.length === 0) return nothing("No transfer raises the smallest liquidation distance: the sub-accounts with room hold no USDC they can spare (after fees and the minimum transfer).");
  // Check on the model: the silos after the transfers, scanned again.
  const afterSubs = applyTransfers(subs, loPlan);
  const afterProfiles = afterSubs.map((s) => accountProfile(s, snapshot, opts));
  const afterMin = minDistance(afterProfiles.map((p) => distanceOf(p.account.liquidation)));
  const freeOk = afterProfiles.every((p, i) => !loPlan.some((t) => t.fromId === subs[i]!.id) || (p.account.figures?.freeCollateral ?? -1) >= -1e-6);
  if (!freeOk || asNumber(afterMin) < asNumber(beforeMin)) return nothing("No transfer was kept: checked on the model, the best plan would not raise the smallest liquidation distance.");
  const moved = loPlan.reduce((s, t) => s + t.amountUsd, 0);
  return result(
    loPlan,
    afterProfiles,
    `${loPlan.length} transfer${loPlan.length === 1 ? "" : "s"} of $${Math.round(moved).toLocaleString("en-US")} USDC ${loPlan.length === 1 ? "raises" : "raise"} the smallest distance of the cross/portfolio sub-accounts to ±${lo.toFixed(1)} %.` +
      isolatedNote,
  );
}
