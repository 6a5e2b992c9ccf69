import { moveOf, type MarketScenario } from "@/lib/market/scenario";
import { DAYS_FORWARD, SPOT_FACTOR, VOL_SHIFT_PTS } from "@/lib/market/limits";
import { UNDERLYINGS, type MarketSnapshot } from "@/lib/market/types";
import type { Rulebook } from "@/lib/margin/rulebook";
import type { LiquidationProcedure } from "@/lib/margin/venues/liquidation-procedure-types";
import { instrumentName } from "@/lib/workspace/instrument-name";
import type { SubAccount } from "@/lib/workspace/schema";
import { liquidateStep } from "./liquidate";
import { ReplayState, type StepContext } from "./replay-state";
import type { Liquidity } from "./slippage";
import type { ReplayModeResult, ReplayPath, ReplayPoint } from "./types";

/**
 * The step simulator: walks a path hour by hour; at each step values the book under the
 * sub-account's rulebook on the step's market (the user's what-if, the path's spot factors and vol
 * shifts on top, and the hours passed as days forward — expired options and futures settle through
 * `applyScenario`), and when the book is below maintenance applies the venue's liquidation procedure
 * (./liquidate.ts). Beside it, the untouched book along the same path (no liquidation).
 *
 * @packageDocumentation
 */

const HOURS_PER_DAY = 24;
/** Progress is reported every this many steps. */
export const PROGRESS_EVERY_STEPS = 24;

/** The base scenario with step `j` of the path on top (spot factors multiply, vol shifts add, hours become days forward; all clamped to the engine's ranges). */
export function stepScenario(base: MarketScenario, path: ReplayPath, j: number): MarketScenario {
  const moves = { ...base.moves };
  for (const u of UNDERLYINGS) {
    const m = path.moves[u];
    if (!m) continue;
    const b = moveOf(base, u);
    moves[u] = {
      spotFactor: Math.min(SPOT_FACTOR.max, Math.max(SPOT_FACTOR.min, b.spotFactor * m.spotFactor[j]!)),
      volShiftPts: Math.min(VOL_SHIFT_PTS.max, Math.max(VOL_SHIFT_PTS.min, b.volShiftPts + m.volShiftPts[j]!)),
    };
  }
  return { ...base, moves, daysForward: Math.min(DAYS_FORWARD.max, base.daysForward + path.hours[j]! / HOURS_PER_DAY) };
}

/**
 * The market a fraction θ of the way from step j − 1 to step j: spot factors log-linearly, vol shifts
 * and time linearly (the path between two steps, where the liquidation engine acts first).
 */
export function betweenSteps(base: MarketScenario, path: ReplayPath, j: number, theta: number): MarketScenario {
  const a = stepScenario(base, path, j - 1);
  const b = stepScenario(base, path, j);
  const moves = { ...b.moves };
  for (const u of UNDERLYINGS) {
    const ma = moveOf(a, u);
    const mb = moveOf(b, u);
    moves[u] = { spotFactor: ma.spotFactor ** (1 - theta) * mb.spotFactor ** theta, volShiftPts: ma.volShiftPts + theta * (mb.volShiftPts - ma.volShiftPts) };
  }
  return { ...b, moves, daysForward: a.daysForward + theta * (b.daysForward - a.daysForward) };
}

/** Bisection steps for the moment of a breach between two steps (2⁻¹⁰ of a step: about 3.5 s an hour). */
export const BREACH_BISECTIONS = 10;
/** Books above this many positions find a crossing to {@link LARGE_BOOK_BISECTIONS} steps (2⁻⁶ of an hour, about a minute): each step revalues the whole book. */
export const LARGE_BOOK_POSITIONS = 50;
export const LARGE_BOOK_BISECTIONS = 6;
/** Most maintenance crossings handled between two steps (the step's end handles the rest). */
export const MAX_CROSSINGS_PER_STEP = 16;
/** The same for books above {@link LARGE_BOOK_POSITIONS} positions. */
export const LARGE_BOOK_CROSSINGS_PER_STEP = 4;

function isBelow(state: ReplayState): boolean {
  return state.isolated ? state.breachedIsolated().length > 0 : state.sub.positions.length > 0 && state.equity < state.mm;
}

export interface ModeRun {
  sub: SubAccount;
  rulebook: Rulebook;
  procedure: LiquidationProcedure;
  snapshot: MarketSnapshot;
  base: MarketScenario;
  path: ReplayPath;
  liquidity: Liquidity;
  /** fraction of this run done (0…1), every few steps */
  onProgress?: (fraction: number) => void;
}

/**
 * Replays one sub-account (in its mode, under its rulebook) along the path.
 *
 * Isolated margin with several positions is replayed position by position: each position stands on
 * its own allocation (allocation + P&L against its own maintenance), so its liquidation does not
 * depend on the others, and the account is the sum — collateral valued along the path plus each
 * position's capped equity (exactly the engine's isolated equity, collateral + Σ max(P&L, −allocation)).
 * The same figures as one book, without revaluing 200 positions for each fill of one of them.
 * An isolated event's equity before/after is then the position's own (allocation + P&L).
 */
export function replayMode(run: ModeRun): ReplayModeResult {
  if (run.sub.mode !== "isolated" || run.sub.positions.length < 2) return replayBook(run);
  const fail = (error: string): ReplayModeResult => ({ ok: false, mode: run.sub.mode, error });
  const probe = new ReplayState(run.sub, run.rulebook, run.snapshot, run.liquidity);
  const err0 = probe.value({ hour: 0, scenario: run.base });
  if (err0) return fail(err0);
  const pinned = run.sub.positions.map((p) => ({ ...p, isolatedMargin: probe.positionResult(p.id).isolated?.allocated ?? 0 }));
  const n = pinned.length;
  const parts: Extract<ReplayModeResult, { ok: true }>[] = [];
  for (let i = 0; i < n; i++) {
    const part = replayBook({ ...run, sub: { ...run.sub, collateral: [], positions: [pinned[i]!] }, onProgress: run.onProgress ? (f) => run.onProgress!((i + f) / (n + 1)) : undefined });
    if (!part.ok) return part;
    parts.push(part);
  }
  // The collateral along the path (coins move with their underlying).
  const collateral = new ReplayState({ ...run.sub, positions: [] }, run.rulebook, run.snapshot, run.liquidity);
  const points: ReplayPoint[] = [];
  for (let j = 0; j < run.path.hours.length; j++) {
    const e = collateral.value({ hour: run.path.hours[j]!, scenario: stepScenario(run.base, run.path, j) });
    if (e) return fail(e);
    let equity = collateral.equity;
    let noLiq = collateral.equity;
    let mm = collateral.mm;
    let im = collateral.result.im;
    for (const part of parts) {
      const pt = part.points[j]!;
      equity += pt.equity;
      noLiq += pt.equityNoLiquidation;
      mm += pt.mm;
      im += pt.im;
    }
    points.push({ hour: run.path.hours[j]!, equity, mm, im, marginRatio: equity > 0 ? mm / equity : null, equityNoLiquidation: noLiq });
  }
  run.onProgress?.(1);
  // A part's equity is its capped P&L plus what its fills realised; with the allocation added back it is the position's own equity.
  const events = parts.flatMap((p, i) => p.events.map((e) => ({ ...e, equityBefore: e.equityBefore + pinned[i]!.isolatedMargin, equityAfter: e.equityAfter + pinned[i]!.isolatedMargin }))).sort((a, b) => a.hour - b.hour);
  const breaches = parts.map((p) => p.firstBreachHour).filter((h): h is number => h !== null);
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return {
    ...parts[0]!,
    points,
    events,
    eventEquityScope: "position",
    positionsLeft: parts.flatMap((p) => p.positionsLeft),
    initialEquity: first.equity,
    finalEquity: last.equity,
    finalEquityNoLiquidation: last.equityNoLiquidation,
    lossUsd: first.equity - last.equity,
    lossNoLiquidationUsd: first.equity - last.equityNoLiquidation,
    feesUsd: parts.reduce((s, p) => s + p.feesUsd, 0),
    slippageUsd: parts.reduce((s, p) => s + p.slippageUsd, 0),
    survived: parts.every((p) => p.survived),
    firstBreachHour: breaches.length > 0 ? Math.min(...breaches) : null,
  };
}

/** {@link replayMode} on the book as one account (cross, portfolio; isolated with one position). */
function replayBook(run: ModeRun): ReplayModeResult {
  const { path, snapshot, rulebook, procedure, liquidity, base } = run;
  const mode = run.sub.mode;
  const fail = (error: string): ReplayModeResult => ({ ok: false, mode, error });
  const step0: StepContext = { hour: 0, scenario: stepScenario(base, path, 0) };
  // Isolated allocations are pinned at the start (a default allocation would otherwise follow the size as it is cut).
  const probe = new ReplayState(run.sub, rulebook, snapshot, liquidity);
  const err0 = probe.value({ hour: 0, scenario: base });
  if (err0) return fail(err0);
  const start: SubAccount = mode === "isolated" ? { ...run.sub, positions: run.sub.positions.map((p) => ({ ...p, isolatedMargin: probe.positionResult(p.id).isolated?.allocated ?? 0 })) } : run.sub;
  const state = new ReplayState(start, rulebook, snapshot, liquidity);
  const untouched = new ReplayState(start, rulebook, snapshot, liquidity);
  let done = 0;
  const large = start.positions.length > LARGE_BOOK_POSITIONS;
  const bisections = large ? LARGE_BOOK_BISECTIONS : BREACH_BISECTIONS;
  const crossings = large ? LARGE_BOOK_CROSSINGS_PER_STEP : MAX_CROSSINGS_PER_STEP;
  if (run.onProgress) state.onValue = () => run.onProgress!(done);
  const points: ReplayPoint[] = [];
  let firstBreachHour: number | null = null;
  let breachedEver = false;
  /** the book was still below maintenance at the end of the previous step (the engine could not restore it) */
  let belowBefore = false;
  const n = path.hours.length;
  for (let j = 0; j < n; j++) {
    const step: StepContext = j === 0 ? step0 : { hour: path.hours[j]!, scenario: stepScenario(base, path, j) };
    const err = state.value(step);
    if (err) return fail(err);
    const eventsBefore = state.events.length;
    // The engine acts the moment the book crosses maintenance, not at the next hourly step: find that
    // moment between the steps (bisection), liquidate there, and again at each later crossing in the step.
    let below = isBelow(state);
    let from = 0;
    for (let round = 0; below && j > 0 && !belowBefore && round < crossings; round++) {
      let lo = from;
      let hi = 1;
      for (let k = 0; k < bisections; k++) {
        const mid = 0.5 * (lo + hi);
        const e = state.value({ hour: step.hour, scenario: betweenSteps(base, path, j, mid) });
        if (e) return fail(e);
        if (isBelow(state)) hi = mid;
        else lo = mid;
      }
      const h0 = path.hours[j - 1]!;
      const at: StepContext = { hour: h0 + hi * (step.hour - h0), scenario: betweenSteps(base, path, j, hi) };
      const e = state.value(at);
      if (e) return fail(e);
      firstBreachHour ??= at.hour;
      breachedEver = true;
      const liqErr = liquidateStep(state, at, procedure);
      if (liqErr) return fail(liqErr);
      const restored = !isBelow(state);
      const e2 = state.value(step);
      if (e2) return fail(e2);
      below = isBelow(state);
      if (!restored) break;
      from = hi;
    }
    if (below) {
      breachedEver = true;
      firstBreachHour ??= step.hour;
    }
    const liqErr = liquidateStep(state, step, procedure);
    if (liqErr) return fail(liqErr);
    belowBefore = isBelow(state);
    // Until the first fill the two books are the same: value the untouched one only after.
    let equityNoLiquidation = state.equity;
    if (eventsBefore > 0 || state.events.length > 0) {
      const e = untouched.value(step);
      if (e) return fail(e);
      equityNoLiquidation = untouched.equity;
    }
    points.push({ hour: step.hour, equity: state.equity, mm: state.mm, im: state.result.im, marginRatio: state.equity > 0 ? state.mm / state.equity : null, equityNoLiquidation });
    done = (j + 1) / n;
    if (run.onProgress && (j % PROGRESS_EVERY_STEPS === 0 || j === n - 1)) run.onProgress(done);
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const sizes = new Map(state.sub.positions.map((p) => [p.id, p.size] as const));
  return {
    ok: true,
    mode,
    profileId: rulebook.id,
    profileName: rulebook.name,
    procedure: { id: procedure.id, venue: procedure.venue, name: procedure.name, summary: procedure.summary, sources: procedure.sources, assumptions: procedure.assumptions },
    points,
    events: state.events,
    eventEquityScope: "account",
    positionsLeft: run.sub.positions.map((p) => ({ id: p.id, name: instrumentName(p), sizeBefore: p.size, sizeAfter: sizes.get(p.id) ?? 0 })),
    initialEquity: first.equity,
    finalEquity: last.equity,
    finalEquityNoLiquidation: last.equityNoLiquidation,
    lossUsd: first.equity - last.equity,
    lossNoLiquidationUsd: first.equity - last.equityNoLiquidation,
    feesUsd: state.feesUsd,
    slippageUsd: state.slippageUsd,
    survived: !breachedEver && state.events.length === 0,
    firstBreachHour,
  };
}
