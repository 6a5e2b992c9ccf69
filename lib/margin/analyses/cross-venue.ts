/**
 * Capital across venues: the workspace's sub-accounts (silos) grouped by the venue of their
 * rulebook, the same book pooled into one account (what fragmentation costs), the cross-silo
 * hedges no venue credits, and the named stress moves hitting every venue at once.
 *
 * Every figure comes from {@link computeSubAccount} with the sub-account's own rulebook, every
 * market move from `withSpotFactor` / `applyScenario` (lib/market/scenario.ts). Liquidation
 * distances here are "every underlying moving together by the same percentage" — the stress
 * convention — found by scanning {@link TOGETHER_MOVES_PCT} and bisecting the first crossing.
 *
 * Per-sub-account work (the scan, the stress points, the hedge P&L vectors) is memoised by the
 * sub-account's content, the snapshot id and the scenario, so an edit recomputes one silo.
 *
 * @packageDocumentation
 */

import { beat } from "@/lib/quant/heartbeat";
import { applyScenario, moveOf, NO_SCENARIO, withSpotFactor, type MarketScenario } from "@/lib/market/scenario";
import { UNDERLYINGS, type MarketSnapshot } from "@/lib/market/types";
import type { MarginMode, Position, SubAccount } from "@/lib/workspace/schema";
import { instrumentName } from "@/lib/workspace/instrument-name";
import { computeSubAccount, computeWithRulebook } from "@/lib/margin/models/compute";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import { getRulebook, RULEBOOKS } from "@/lib/margin/venues/catalogue";
import type { Rulebook } from "@/lib/margin/rulebook";
import { preparePosition, valuePosition } from "@/lib/margin/valuation/position-value";
import type {
  CrossVenueAccount,
  CrossVenueResult,
  CrossVenueStress,
  FirstLiquidation,
  TogetherLiquidation,
  UncreditedHedge,
  UnifiedCandidate,
  UnifiedComparison,
  VenueGroup,
  SubAccountResult,
  VenueRowProfile,
} from "@/lib/margin/result-types";
import { STRESS_MOVES_PCT } from "./mode-comparison";
import { LruMap } from "@/lib/quant/lru-map";

/** Scan of together-moves (percent), nearest first; contains every stress move. */
export const TOGETHER_MOVES_DOWN_PCT = [-5, -10, -15, -20, -25, -35, -50, -65, -80, -99] as const;
export const TOGETHER_MOVES_UP_PCT = [5, 10, 15, 25, 35, 50, 75, 100, 150, 250, 500, 1000] as const;
export const TOGETHER_MOVES_PCT = [...TOGETHER_MOVES_DOWN_PCT, ...TOGETHER_MOVES_UP_PCT] as const;
/** Bisection steps on the bracket of a crossing (a ≤ 15-point bracket → < 0.06 points, then interpolated; wider outer brackets proportionally). */
const BISECTION_STEPS = 8;
/** Hedge scenarios: every spot together ×f, each at ATM vol −10 / 0 / +10 points. */
const HEDGE_SPOT_FACTORS = [0.65, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.25] as const;
const HEDGE_VOL_SHIFTS_PTS = [-10, 0, 10] as const;
/** A pair is listed as a hedge when its scenario P&L correlation is at most this. */
export const HEDGE_MAX_CORRELATION = -0.5;
/** Listed hedges, largest offset first. */
export const HEDGES_LISTED = 10;
/** An offset below this (USD) is noise, not a hedge. */
const HEDGE_MIN_OFFSET_USD = 1;

/** One point of a sub-account's together-move scan. */
export interface ScanPoint {
  movePct: number;
  equity: number;
  mm: number;
  /** mm − equity (USD) for cross/portfolio; for isolated: +1 when a position is liquidated, else −1 */
  deficit: number;
  liquidatedPositions: number;
}

/** Everything the cross-venue view needs from one sub-account, computed once per content. */
export interface AccountProfile {
  account: CrossVenueAccount;
  /** sorted by movePct; includes 0 and the bisection points */
  scan: ScanPoint[];
  /** the model counts the deficit in USD (cross/portfolio); false for isolated */
  deficitIsUsd: boolean;
  /** change of equity − MM and of equity − IM per USDC added (the credit the model gives USDC) */
  usdcCreditMm: number;
  usdcCreditIm: number;
}

/** Per position: id, name, P&L per hedge scenario (USD). */
export type PositionPnl = { id: string; name: string; vector: Float64Array }[];

const MEMO_LIMIT = 64;
const memo = new LruMap<string, AccountProfile>(MEMO_LIMIT);
const pnlMemo = new LruMap<string, PositionPnl>(MEMO_LIMIT);

function scenarioOf(opts: ComputeOptions): MarketScenario {
  return opts.scenario ?? NO_SCENARIO;
}

function memoKey(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions): string {
  return `${snapshot.id}|${snapshot.asOf}|${JSON.stringify(scenarioOf(opts))}|${JSON.stringify(sub)}`;
}

/** Lite figures of `sub` with every spot ×(1 + movePct/100) on top of the scenario. */
function pointAt(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions, movePct: number): ScanPoint | null {
  const scenario = movePct === 0 ? scenarioOf(opts) : withSpotFactor(scenarioOf(opts), "all", 1 + movePct / 100);
  const r = computeSubAccount(sub, snapshot, { ...opts, scenario, lite: true });
  return r.ok ? pointFrom(r.result, movePct) : null;
}

function pointFrom(x: SubAccountResult, movePct: number): ScanPoint {
  const liquidatedPositions = x.mode === "isolated" ? x.positions.filter((p) => p.isolated?.liquidation.state === "already").length : 0;
  const deficit = x.mode === "isolated" ? (liquidatedPositions > 0 ? 1 : -1) : x.mm - x.equity;
  return { movePct, equity: x.equity, mm: x.mm, deficit, liquidatedPositions };
}

/**
 * The first move (from 0 outwards along `moves`) at which `deficit` turns positive, bisected on the
 * bracket and linearly interpolated on the last one; the evaluated points are pushed to `out`.
 */
function firstCrossing(base: ScanPoint, outward: ScanPoint[], isUsd: boolean, evalAt: (m: number) => ScanPoint | null, out: ScanPoint[]): number | null {
  let prev = base;
  for (const p of outward) {
    if (p.deficit > 0) {
      let lo = prev;
      let hi = p;
      for (let i = 0; i < BISECTION_STEPS; i++) {
        const mid = evalAt(0.5 * (lo.movePct + hi.movePct));
        if (!mid) break;
        out.push(mid);
        if (mid.deficit > 0) hi = mid;
        else lo = mid;
      }
      if (!isUsd) return hi.movePct;
      const w = hi.deficit - lo.deficit;
      return w > 0 ? lo.movePct + ((hi.movePct - lo.movePct) * -lo.deficit) / w : hi.movePct;
    }
    prev = p;
  }
  return null;
}

/** USDC held by a sub-account (units). */
export function usdcOf(sub: SubAccount): number {
  return sub.collateral.find((c) => c.asset === "USDC")?.amount ?? 0;
}

/** `sub` with its USDC balance changed by `delta` (added when absent). */
export function withUsdcDelta(sub: SubAccount, delta: number): SubAccount {
  const has = sub.collateral.some((c) => c.asset === "USDC");
  const collateral = has ? sub.collateral.map((c) => (c.asset === "USDC" ? { ...c, amount: Math.max(0, c.amount + delta) } : c)) : [...sub.collateral, { asset: "USDC" as const, amount: Math.max(0, delta) }];
  return { ...sub, collateral };
}

const PROBE_USDC = 1_000;

/** Markets of the hedge scenarios' vol levels (spot moves are applied per position). */
function hedgeMarkets(snapshot: MarketSnapshot, scenario: MarketScenario): MarketSnapshot[] {
  return HEDGE_VOL_SHIFTS_PTS.map((dv) => {
    const moves: MarketScenario["moves"] = {};
    for (const u of UNDERLYINGS) {
      const m = moveOf(scenario, u);
      moves[u] = { spotFactor: m.spotFactor, volShiftPts: m.volShiftPts + dv };
    }
    return applyScenario(snapshot, { ...scenario, moves });
  });
}

/** P&L (USD) of each position over the hedge scenarios, relative to its value in the scenario. */
function pnlVectors(sub: SubAccount, snapshot: MarketSnapshot, scenario: MarketScenario): PositionPnl {
  const base = applyScenario(snapshot, scenario);
  const markets = hedgeMarkets(snapshot, scenario);
  const out: PositionPnl = [];
  for (const p of sub.positions) {
    beat();
    const p0 = preparePosition(p, base);
    if (typeof p0 === "string") continue;
    const mark0 = valuePosition(p0).mark;
    const vector = new Float64Array(markets.length * HEDGE_SPOT_FACTORS.length);
    let k = 0;
    let failed = false;
    for (const market of markets) {
      const prepared = preparePosition(p, market);
      if (typeof prepared === "string") {
        failed = true;
        break;
      }
      for (const f of HEDGE_SPOT_FACTORS) vector[k++] = p.size * (valuePosition(prepared, f).mark - mark0);
    }
    if (!failed) out.push({ id: p.id, name: instrumentName(p), vector });
  }
  return out;
}

/**
 * The cross-venue profile of one sub-account (memoised by content, snapshot and scenario): its
 * figures, its together-move scan and liquidation, and the credit the model gives extra USDC.
 */
export function accountProfile(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): AccountProfile {
  return memo.getOrMake(memoKey(sub, snapshot, opts), () => buildProfile(sub, snapshot, opts));
}

/** The hedge-scenario P&L of a sub-account's positions (memoised by positions, snapshot and scenario). */
export function positionPnl(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): PositionPnl {
  const key = `${snapshot.id}|${snapshot.asOf}|${JSON.stringify(scenarioOf(opts))}|${JSON.stringify(sub.positions)}`;
  return pnlMemo.getOrMake(key, () => pnlVectors(sub, snapshot, scenarioOf(opts)));
}

function buildProfile(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions): AccountProfile {
  const rb = getRulebook(sub.profileId);
  const head = { id: sub.id, name: sub.name, venue: rb?.venue ?? "Unknown venue", profileId: sub.profileId, profileName: rb?.name ?? sub.profileId, mode: sub.mode, usdcHeld: usdcOf(sub) };
  const now = computeSubAccount(sub, snapshot, { ...opts, lite: true });
  if (!now.ok) {
    return {
      account: { ...head, figures: null, error: now.error, liquidation: { state: "none-in-range", downMovePct: null, upMovePct: null } },
      scan: [],
      deficitIsUsd: false,
      usdcCreditMm: 0,
      usdcCreditIm: 0,
    };
  }
  const x = now.result;
  const isUsd = sub.mode !== "isolated";
  const evalAt = (m: number) => pointAt(sub, snapshot, opts, m);
  const base = pointFrom(x, 0);
  const down = TOGETHER_MOVES_DOWN_PCT.map(evalAt).filter((p): p is ScanPoint => p !== null);
  const up = TOGETHER_MOVES_UP_PCT.map(evalAt).filter((p): p is ScanPoint => p !== null);
  const extra: ScanPoint[] = [];
  let liquidation: TogetherLiquidation;
  if (base.deficit > 0) liquidation = { state: "already", downMovePct: 0, upMovePct: 0 };
  else {
    const d = firstCrossing(base, down, isUsd, evalAt, extra);
    const u = firstCrossing(base, up, isUsd, evalAt, extra);
    liquidation = { state: d === null && u === null ? "none-in-range" : "found", downMovePct: d, upMovePct: u };
  }
  const scan = [base, ...down, ...up, ...extra].sort((a, b) => a.movePct - b.movePct);
  const probe = computeSubAccount(withUsdcDelta(sub, PROBE_USDC), snapshot, { ...opts, lite: true });
  const credit = (f: (e: number, r: number) => number, req: "mm" | "im") => (probe.ok ? (f(probe.result.equity, probe.result[req]) - f(x.equity, x[req])) / PROBE_USDC : 0);
  return {
    account: { ...head, figures: { collateralValue: x.collateralValue, equity: x.equity, im: x.im, mm: x.mm, freeCollateral: x.freeCollateral, status: x.status }, liquidation },
    scan,
    deficitIsUsd: isUsd,
    usdcCreditMm: isUsd ? credit((e, r) => e - r, "mm") : 0,
    usdcCreditIm: credit((e, r) => e - r, "im"),
  };
}

/** The nearest down and nearest up of several together-liquidations. */
export function nearestOf(ls: readonly TogetherLiquidation[]): TogetherLiquidation {
  let down: number | null = null;
  let up: number | null = null;
  let already = false;
  for (const l of ls) {
    if (l.state === "already") already = true;
    if (l.downMovePct !== null && (down === null || l.downMovePct > down)) down = l.downMovePct;
    if (l.upMovePct !== null && (up === null || l.upMovePct < up)) up = l.upMovePct;
  }
  if (already) return { state: "already", downMovePct: 0, upMovePct: 0 };
  return { state: down === null && up === null ? "none-in-range" : "found", downMovePct: down, upMovePct: up };
}

/** Smallest |move| of a together-liquidation (null: none in range). */
export function distanceOf(l: TogetherLiquidation): number | null {
  if (l.state === "already") return 0;
  const ds = [l.downMovePct, l.upMovePct].filter((v): v is number => v !== null).map(Math.abs);
  return ds.length ? Math.min(...ds) : null;
}

/** Sub-accounts grouped by venue, in first-appearance order; sums start from the first account (one account = its figures exactly). */
export function groupByVenue(accounts: readonly CrossVenueAccount[]): VenueGroup[] {
  const order: string[] = [];
  const by = new Map<string, CrossVenueAccount[]>();
  for (const a of accounts) {
    if (!by.has(a.venue)) {
      by.set(a.venue, []);
      order.push(a.venue);
    }
    by.get(a.venue)!.push(a);
  }
  return order.map((venue) => {
    const list = by.get(venue)!;
    const okList = list.filter((a) => a.figures !== null);
    const sum = (f: (a: CrossVenueAccount) => number) => okList.slice(1).reduce((s, a) => s + f(a), okList.length ? f(okList[0]!) : 0);
    return {
      venue,
      accountIds: list.map((a) => a.id),
      collateralValue: sum((a) => a.figures!.collateralValue),
      equity: sum((a) => a.figures!.equity),
      im: sum((a) => a.figures!.im),
      mm: sum((a) => a.figures!.mm),
      freeCollateral: sum((a) => a.figures!.freeCollateral),
      liquidation: nearestOf(okList.map((a) => a.liquidation)),
      failed: list.length - okList.length,
    };
  });
}

/**
 * Every position and all collateral of `subs` as one sub-account: positions keep their contents
 * (ids prefixed by the silo's index so they stay unique), collateral is summed per asset, the
 * haircut choice is kept when every silo shares it (else the venue's own).
 */
export function poolSubAccounts(subs: readonly SubAccount[], mode: MarginMode, profileId: string): SubAccount {
  if (subs.length === 1) return { ...subs[0]!, mode, profileId };
  const amounts = new Map<SubAccount["collateral"][number]["asset"], number>();
  for (const s of subs) for (const c of s.collateral) amounts.set(c.asset, (amounts.get(c.asset) ?? 0) + c.amount);
  const positions: Position[] = subs.flatMap((s, i) => s.positions.map((p) => ({ ...p, id: `${i}.${p.id}` })));
  const haircut = subs[0]?.haircutModel;
  const sameHaircut = subs.every((s) => s.haircutModel === haircut);
  return {
    id: "unified",
    name: "Unified",
    mode,
    profileId,
    collateral: [...amounts].map(([asset, amount]) => ({ asset, amount })),
    positions,
    ...(sameHaircut && haircut ? { haircutModel: haircut } : {}),
  };
}

const usd0 = (x: number) => `$${Math.round(Math.abs(x)).toLocaleString("en-US")}`;

function rowProfile(rb: Rulebook): VenueRowProfile {
  return { id: rb.id, name: rb.name, version: rb.version, asOf: rb.asOf, kind: rb.modes.includes("portfolio") ? "portfolio" : "standard" };
}

/**
 * Siloed against unified: the pooled book under each portfolio rulebook (a rulebook that cannot
 * hold the instruments says so), or — when none can — in cross under each standard rulebook.
 */
export function unifiedComparison(subs: readonly SubAccount[], accounts: readonly CrossVenueAccount[], snapshot: MarketSnapshot, opts: ComputeOptions = {}, rulebooks: readonly Rulebook[] = RULEBOOKS): UnifiedComparison {
  const okAccounts = accounts.filter((a) => a.figures !== null);
  const siloedIm = okAccounts.reduce((s, a) => s + a.figures!.im, 0);
  const siloedMm = okAccounts.reduce((s, a) => s + a.figures!.mm, 0);
  const run = (mode: MarginMode): UnifiedCandidate[] =>
    rulebooks
      .filter((r) => r.modes.includes(mode))
      .map((rb): UnifiedCandidate => {
        const r = computeWithRulebook(poolSubAccounts(subs, mode, rb.id), rb, snapshot, { ...opts, lite: true });
        const profile = rowProfile(rb);
        if (!r.ok) return { ok: false, profile, venue: rb.venue, mode, error: r.error };
        return { ok: true, profile, venue: rb.venue, mode, im: r.result.im, mm: r.result.mm, equity: r.result.equity, freeCollateral: r.result.freeCollateral };
      });
  let basis: UnifiedComparison["basis"] = "portfolio";
  // Every rulebook that serves portfolio mode (the scenario engine's grids and OKX's MR1–MR9).
  let candidates = run("portfolio");
  if (!candidates.some((c) => c.ok)) {
    basis = "cross";
    candidates = [...candidates, ...run("cross")];
  }
  const okC = candidates.filter((c): c is Extract<UnifiedCandidate, { ok: true }> => c.ok && (basis === "portfolio" ? c.mode === "portfolio" : c.mode === "cross"));
  const best = okC.reduce<(typeof okC)[number] | null>((b, c) => (b === null || c.im < b.im ? c : b), null);
  const cost = best ? siloedIm - best.im : null;
  let sentence: string;
  if (subs.length === 0) sentence = "No sub-accounts.";
  else if (!best || cost === null) sentence = `Siloed needs ${usd0(siloedIm)}; no rulebook could hold the pooled book.`;
  else {
    const where = `unified on ${best.profile.name}${basis === "cross" ? " (cross)" : ""}`;
    sentence =
      cost >= 0
        ? `Siloed needs ${usd0(siloedIm)}, ${where} needs ${usd0(best.im)}: fragmentation costs ${usd0(cost)}.`
        : `Siloed needs ${usd0(siloedIm)}, ${where} needs ${usd0(best.im)}: pooling would cost ${usd0(cost)} more.`;
  }
  return { siloedIm, siloedMm, basis, candidates, bestProfileId: best?.profile.id ?? null, fragmentationCostUsd: cost, sentence };
}

/**
 * Pairs of positions in different sub-accounts whose hedge-scenario P&L is negatively correlated
 * (≤ {@link HEDGE_MAX_CORRELATION}): each silo margins its side alone. Largest offset first.
 */
export function uncreditedHedges(silos: readonly { account: CrossVenueAccount; pnl: PositionPnl }[]): UncreditedHedge[] {
  const all: UncreditedHedge[] = [];
  for (let i = 0; i < silos.length; i++) for (let j = i + 1; j < silos.length; j++) all.push(...pairHedges(silos[i]!, silos[j]!));
  return all.sort((x, y) => y.offsetUsd - x.offsetUsd).slice(0, HEDGES_LISTED);
}

type Centred = { id: string; name: string; c: Float64Array; sd: number }[];
const centredMemo = new WeakMap<PositionPnl, Centred>();
/** Per pair of silos (by their memoised account objects): its top hedges — an edit recomputes the pairs of one silo only. */
const pairMemo = new WeakMap<CrossVenueAccount, WeakMap<CrossVenueAccount, UncreditedHedge[]>>();

/** Centred P&L vectors and their σ (positions with no P&L variation left out). */
function centred(pnl: PositionPnl): Centred {
  let out = centredMemo.get(pnl);
  if (out) return out;
  out = pnl.flatMap((p) => {
    const n = p.vector.length;
    let mean = 0;
    for (const x of p.vector) mean += x;
    mean /= n;
    const c = new Float64Array(n);
    let ss = 0;
    for (let k = 0; k < n; k++) {
      c[k] = p.vector[k]! - mean;
      ss += c[k]! * c[k]!;
    }
    const sd = Math.sqrt(ss / n);
    return sd > 0 ? [{ id: p.id, name: p.name, c, sd }] : [];
  });
  centredMemo.set(pnl, out);
  return out;
}

/** The {@link HEDGES_LISTED} largest hedges between two silos (one dot product per pair of positions). */
function pairHedges(x: { account: CrossVenueAccount; pnl: PositionPnl }, y: { account: CrossVenueAccount; pnl: PositionPnl }): UncreditedHedge[] {
  const hit = pairMemo.get(x.account)?.get(y.account);
  if (hit) return hit;
  const top: UncreditedHedge[] = [];
  let floor = HEDGE_MIN_OFFSET_USD;
  const ys = centred(y.pnl);
  for (const a of centred(x.pnl)) {
    beat();
    for (const b of ys) {
      const n = a.c.length;
      let dot = 0;
      for (let k = 0; k < n; k++) dot += a.c[k]! * b.c[k]!;
      const cov = dot / n;
      const rho = cov / (a.sd * b.sd);
      if (rho > HEDGE_MAX_CORRELATION) continue;
      const offsetUsd = a.sd + b.sd - Math.sqrt(Math.max(0, a.sd * a.sd + b.sd * b.sd + 2 * cov));
      if (offsetUsd < floor) continue;
      top.push({
        a: { accountId: x.account.id, venue: x.account.venue, positionId: a.id, name: a.name },
        b: { accountId: y.account.id, venue: y.account.venue, positionId: b.id, name: b.name },
        correlation: Math.max(-1, rho),
        offsetUsd,
      });
      if (top.length > HEDGES_LISTED) {
        top.sort((p, q) => q.offsetUsd - p.offsetUsd);
        top.length = HEDGES_LISTED;
        floor = top[HEDGES_LISTED - 1]!.offsetUsd;
      }
    }
  }
  let inner = pairMemo.get(x.account);
  if (!inner) pairMemo.set(x.account, (inner = new WeakMap()));
  inner.set(y.account, top);
  return top;
}

/** The named stress moves on every silo at once, summed per venue. */
export function crossVenueStress(profiles: readonly AccountProfile[]): CrossVenueStress[] {
  return STRESS_MOVES_PCT.map((movePct): CrossVenueStress => {
    const byVenue = new Map<string, { equityAfter: number; mmAfter: number; liquidatedAccounts: number; lossUsd: number }>();
    let first: { venue: string; d: number } | null = null;
    for (const pr of profiles) {
      const f = pr.account.figures;
      const at = pr.scan.find((p) => p.movePct === movePct);
      if (!f || !at) continue;
      const liquidated = at.deficit > 0;
      const raw = f.equity - at.equity;
      const lossUsd = pr.account.mode === "isolated" ? raw : Math.min(raw, Math.max(f.equity, 0));
      const cell = byVenue.get(pr.account.venue) ?? { equityAfter: 0, mmAfter: 0, liquidatedAccounts: 0, lossUsd: 0 };
      cell.equityAfter += at.equity;
      cell.mmAfter += at.mm;
      cell.liquidatedAccounts += liquidated ? 1 : 0;
      cell.lossUsd += lossUsd;
      byVenue.set(pr.account.venue, cell);
      const l = pr.account.liquidation;
      const d = movePct < 0 ? l.downMovePct : l.upMovePct;
      if (liquidated && d !== null && (first === null || Math.abs(d) < first.d)) first = { venue: pr.account.venue, d: Math.abs(d) };
    }
    return { movePct, venues: [...byVenue].map(([venue, c]) => ({ venue, ...c })), firstVenue: first?.venue ?? null };
  });
}

/** Per direction, the silo that liquidates at the smallest together-move, and what it holds. */
export function firstLiquidations(profiles: readonly AccountProfile[], subs: readonly SubAccount[]): FirstLiquidation[] {
  const out: FirstLiquidation[] = [];
  for (const direction of ["down", "up"] as const) {
    let best: FirstLiquidation | null = null;
    for (const pr of profiles) {
      const a = pr.account;
      const m = direction === "down" ? a.liquidation.downMovePct : a.liquidation.upMovePct;
      if (m === null || !a.figures) continue;
      if (best === null || Math.abs(m) < Math.abs(best.movePct)) {
        const positions = subs.find((s) => s.id === a.id)?.positions.length ?? 0;
        best = { direction, venue: a.venue, accountId: a.id, accountName: a.name, movePct: m, equityAtRiskUsd: a.figures.equity, positions };
      }
    }
    if (best) out.push(best);
  }
  return out;
}

/**
 * The cross-venue view of a workspace: per-silo and per-venue figures, siloed vs unified, the
 * uncredited hedges, and the stress moves on every venue at once.
 *
 * @example
 * ```ts
 * crossVenue(DEMO_WORKSPACE.subAccounts, SAMPLE_SNAPSHOT).unified.sentence;
 * // "Siloed needs $…, unified on Deribit-style PM needs $…: fragmentation costs $…."
 * ```
 */
export function crossVenue(subs: readonly SubAccount[], snapshot: MarketSnapshot, opts: ComputeOptions = {}): CrossVenueResult {
  const profiles = subs.map((s) => accountProfile(s, snapshot, opts));
  const accounts = profiles.map((p) => p.account);
  return {
    accounts,
    venues: groupByVenue(accounts),
    unified: unifiedComparison(subs, accounts, snapshot, opts),
    hedges: uncreditedHedges(profiles.map((p, i) => ({ account: p.account, pnl: positionPnl(subs[i]!, snapshot, opts) }))),
    stress: crossVenueStress(profiles),
    firstLiquidation: firstLiquidations(profiles, subs),
  };
}
