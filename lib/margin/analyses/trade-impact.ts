import { applyScenario, moveOf, NO_SCENARIO, withSpotFactor, type MarketScenario } from "@/lib/market/scenario";
import { CHART_POINTS, DAYS_FORWARD, SPOT_FACTOR, VOL_SHIFT_PTS } from "@/lib/market/limits";
import { yearsBetween } from "@/lib/market/snapshot";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import { DAYS_PER_YEAR } from "@/lib/quant/precision";
import { LIMITS, type NewPosition, type Position, type SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "@/lib/margin/models/compute";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import { positionGreeks, preparePosition, valuePosition } from "@/lib/margin/valuation/position-value";
import { comparisonModeOf, RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import type {
  ChainExpiry,
  ChainQuote,
  ImpactSide,
  LiquidationDistance,
  OptionChain,
  PayoffResult,
  PayoffSeries,
  SpotVolMatrix,
  SubAccountResult,
  TradeImpact,
  TradeImpactExtras,
  VenueImpactLine,
} from "@/lib/margin/result-types";

/**
 * The trade ticket's engine: the option chain of an underlying (marks, IVs and deltas from the
 * one valuation, lib/margin/valuation/position-value.ts), the margin impact of staged legs
 * (the model with the legs − the model without, per venue through the catalogue), the largest
 * size that fits, payoff curves and a spot × vol matrix — all through computeSubAccount on the
 * one market scenario (lib/market/scenario.ts).
 *
 * @packageDocumentation
 */

const MS_PER_DAY = 24 * 3600 * 1000;

/** Mark, IV and delta per coin of one instrument on an already-moved market. */
function quoteOn(market: MarketSnapshot, p: Position): ChainQuote {
  const prepared = preparePosition(p, market);
  if (typeof prepared === "string") return { mark: Number.NaN, iv: null, delta: Number.NaN };
  const v = valuePosition(prepared);
  return { mark: v.mark, iv: v.iv, delta: positionGreeks(prepared, v).delta };
}

/**
 * The option chain of `underlying` under the scenario: the perp, and per listed expiry the future
 * and each strike's call and put (mark, IV, delta per coin: the numbers the positions table shows
 * for a one-coin position), with the strike nearest the forward marked as at the money.
 */
export function optionChain(snapshot: MarketSnapshot, underlying: Underlying, scenario: MarketScenario = NO_SCENARIO): OptionChain {
  const market = applyScenario(snapshot, scenario);
  const m = market.underlyings[underlying];
  const base = { id: "chain", underlying, size: 1, entryPrice: 1 };
  const expiries = m.expiries.map((e): ChainExpiry => {
    const rows = e.strikes.map((strike) => ({
      strike,
      call: quoteOn(market, { ...base, kind: "option", expiry: e.id, strike, optionType: "call" }),
      put: quoteOn(market, { ...base, kind: "option", expiry: e.id, strike, optionType: "put" }),
    }));
    const atmStrike = e.strikes.reduce((best, k) => (Math.abs(k - e.forward) < Math.abs(best - e.forward) ? k : best), e.strikes[0]!);
    return {
      id: e.id,
      expiryIso: e.expiryIso,
      days: (Date.parse(e.expiryIso) - Date.parse(market.asOf)) / MS_PER_DAY,
      forward: e.forward,
      atmStrike,
      future: quoteOn(market, { ...base, kind: "future", expiry: e.id }),
      rows,
    };
  });
  return { underlying, spot: m.spot, perp: quoteOn(market, { ...base, kind: "perp" }), expiries };
}

/** Staged legs as positions entered at their mark on the scenario market (ids `__staged_i__`). */
export function stageAtMark(legs: readonly NewPosition[], snapshot: MarketSnapshot, scenario: MarketScenario = NO_SCENARIO): Position[] {
  const market = applyScenario(snapshot, scenario);
  return legs.map((leg, i) => {
    const p = { ...leg, id: `__staged_${i}__` } as Position;
    const prepared = preparePosition(p, market);
    const mark = typeof prepared === "string" ? leg.entryPrice : valuePosition(prepared).mark;
    // A worthless option has mark 0: enter it at a tiny positive premium (positions need a price > 0).
    return { ...p, entryPrice: Math.max(mark, 1e-9) } as Position;
  });
}

/** The underlying the staged trade is mostly about (largest |size|·spot), else the account's. */
function mainUnderlying(legs: readonly NewPosition[], sub: SubAccount, snapshot: MarketSnapshot): Underlying {
  const pick = (ps: readonly { underlying: Underlying; size: number }[]) => {
    const by = new Map<Underlying, number>();
    for (const p of ps) by.set(p.underlying, (by.get(p.underlying) ?? 0) + Math.abs(p.size) * snapshot.underlyings[p.underlying].spot);
    return [...by.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  };
  return pick(legs) ?? pick(sub.positions) ?? "BTC";
}

/** The liquidation of `u`: the account's (cross, portfolio) or the nearest isolated position's. */
function liquidationOf(r: SubAccountResult, u: Underlying): LiquidationDistance | null {
  const account = r.liquidation.find((l) => l.underlying === u);
  if (account) return account;
  let out: LiquidationDistance | null = null;
  for (const p of r.positions) {
    const l = p.isolated?.liquidation;
    if (!l || p.underlying !== u) continue;
    const cur: LiquidationDistance = out ?? { underlying: u, spot: l.spot, state: "none-in-range", down: null, up: null };
    const down = l.down && (!cur.down || l.down.price > cur.down.price) ? l.down : cur.down;
    const up = l.up && (!cur.up || l.up.price < cur.up.price) ? l.up : cur.up;
    out = { ...cur, down, up, state: cur.state === "already" || l.state === "already" ? "already" : down || up ? "found" : "none-in-range" };
  }
  return out;
}

function side(r: SubAccountResult, u: Underlying): ImpactSide {
  return { equity: r.equity, im: r.im, mm: r.mm, freeCollateral: r.freeCollateral, status: r.status, liquidation: liquidationOf(r, u) };
}

const usd0 = (x: number) => `$${Math.round(Math.abs(x)).toLocaleString("en-US")}`;

/**
 * Largest multiple k of the staged sizes with free collateral ≥ 0 (IM ≤ equity), by bisection on
 * the full model (as maxExtraCoins in mode-comparison.ts): grows k ×4 from 1 until the account
 * fails, then halves the bracket. 0 when even a tiny trade does not fit.
 */
export function largestFactor(sub: SubAccount, staged: readonly Position[], snapshot: MarketSnapshot, opts: ComputeOptions, maxFactor: number): number {
  const free = (k: number) => {
    const positions = [...sub.positions, ...staged.map((p) => ({ ...p, size: p.size * k }))];
    const r = computeSubAccount({ ...sub, positions }, snapshot, { ...opts, lite: true });
    return r.ok ? r.result.freeCollateral : -1;
  };
  let lo = 0;
  let hi = 1;
  if (free(hi) >= 0) {
    lo = hi;
    for (;;) {
      hi = Math.min(hi * 4, maxFactor);
      if (free(hi) < 0) break;
      lo = hi;
      if (hi >= maxFactor) return maxFactor;
    }
  } else {
    // Below 1×: does any fraction fit at all?
    const tiny = 1e-6;
    if (free(tiny) < 0) return 0;
    lo = tiny;
  }
  // Relative precision 1e-4: the size is shown to 4 significant digits.
  for (let i = 0; i < 60 && hi - lo > 1e-4 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (free(mid) >= 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Margin impact of staging `legs` (entered at the mark) on `sub` under its own rulebook: before/after
 * IM, MM, equity, free collateral, liquidation, and pass/fail. The per-venue lines and the largest
 * size are {@link tradeImpactExtras} (slower: the ticket shows them when they arrive).
 */
export function tradeImpact(sub: SubAccount, legs: readonly NewPosition[], snapshot: MarketSnapshot, opts: ComputeOptions = {}): TradeImpact | { error: string } {
  const scenario = opts.scenario ?? NO_SCENARIO;
  const staged = stageAtMark(legs, snapshot, scenario);
  const u = mainUnderlying(legs, sub, snapshot);
  const withLegs = { ...sub, positions: [...sub.positions, ...staged] };
  if (withLegs.positions.length > LIMITS.maxPositions) return { error: `the sub-account would hold more than ${LIMITS.maxPositions} positions` };
  // Full model (liquidation distances), smallest chart: the ticket shows no chart of its own.
  const full = { ...opts, chartPoints: CHART_POINTS.min };
  const before = computeSubAccount(sub, snapshot, full);
  if (!before.ok) return { error: before.error };
  const after = computeSubAccount(withLegs, snapshot, full);
  if (!after.ok) return { error: after.error };
  const b = before.result;
  const a = after.result;
  const pass = a.freeCollateral >= 0;
  const failReason = pass ? null : `IM would exceed equity by ${usd0(a.freeCollateral)} (IM ${usd0(a.im)}, equity ${usd0(a.equity)})`;
  return { underlying: u, before: side(b, u), after: side(a, u), deltaIm: a.im - b.im, deltaMm: a.mm - b.mm, pass, failReason, legMarks: staged.map((p) => p.entryPrice) };
}

/**
 * The per-venue lines of a trade impact (cross for standard rulebooks, portfolio for portfolio
 * rulebooks, as the venue table; each with − without) and the largest multiple of the staged
 * sizes that keeps IM ≤ equity on the sub-account's own rulebook.
 */
export function tradeImpactExtras(sub: SubAccount, legs: readonly NewPosition[], snapshot: MarketSnapshot, opts: ComputeOptions = {}): TradeImpactExtras | { error: string } {
  const staged = stageAtMark(legs, snapshot, opts.scenario ?? NO_SCENARIO);
  const withLegs = { ...sub, positions: [...sub.positions, ...staged] };
  if (withLegs.positions.length > LIMITS.maxPositions) return { error: `the sub-account would hold more than ${LIMITS.maxPositions} positions` };
  const lite = { ...opts, lite: true };
  const venues = RULEBOOK_INFOS.map((p): VenueImpactLine => {
    const mode = comparisonModeOf(p);
    const profile = { id: p.id, name: p.name, version: p.version, asOf: p.asOf, kind: p.kind };
    const ra = computeSubAccount({ ...withLegs, mode, profileId: p.id }, snapshot, lite);
    if (!ra.ok) return { ok: false, profile, mode, error: ra.error };
    const rb = computeSubAccount({ ...sub, mode, profileId: p.id }, snapshot, lite);
    if (!rb.ok) return { ok: false, profile, mode, error: rb.error };
    return { ok: true, profile, mode, imBefore: rb.result.im, imAfter: ra.result.im, deltaIm: ra.result.im - rb.result.im, freeAfter: ra.result.freeCollateral, pass: ra.result.freeCollateral >= 0 };
  });
  const maxLeg = Math.max(...legs.map((l) => Math.abs(l.size)), 1e-12);
  const maxFactor = LIMITS.maxAbsSize / maxLeg;
  const k = legs.length ? largestFactor(sub, staged, snapshot, opts, maxFactor) : 0;
  return { largestFactor: k, largestSizes: legs.map((l) => l.size * k), maxFactor, venues };
}

/** Spot factors of the payoff curves: −40 % … +40 % in 2.5 % steps. */
export const PAYOFF_FACTORS = Array.from({ length: 33 }, (_, i) => 0.6 + i * 0.025);

/** Days from the snapshot to the nearest expiry among the legs (else the account's positions on `u`), or null. */
function nearestExpiryDays(legs: readonly NewPosition[], sub: SubAccount, u: Underlying, snapshot: MarketSnapshot, daysNow: number): number | null {
  const dated = [...legs, ...sub.positions].filter((p) => p.underlying === u && p.kind !== "perp") as (NewPosition & { expiry: string })[];
  const days = dated
    .map((p) => snapshot.underlyings[u].expiries.find((e) => e.id === p.expiry))
    .filter((e) => e !== undefined)
    .map((e) => yearsBetween(snapshot.asOf, e.expiryIso) * DAYS_PER_YEAR)
    .filter((d) => d > daysNow);
  return days.length ? Math.min(...days) : null;
}

/**
 * P&L against the price of the trade's main underlying (others fixed), for the account with the
 * staged legs (equity at the move − equity now) and for the legs alone, at three horizons: today
 * (the what-if's days forward), at the nearest expiry of the legs, and `extraDays` later than today.
 */
export function payoffCurves(sub: SubAccount, legs: readonly NewPosition[], snapshot: MarketSnapshot, opts: ComputeOptions = {}, extraDays = 7): PayoffResult | { error: string } {
  const scenario = opts.scenario ?? NO_SCENARIO;
  const u = mainUnderlying(legs, sub, snapshot);
  const staged = stageAtMark(legs, snapshot, scenario);
  const account = { ...sub, positions: [...sub.positions, ...staged] };
  const tradeOnly: SubAccount = { ...sub, mode: sub.mode === "isolated" ? "cross" : sub.mode, collateral: [], positions: staged };
  const equityAt = (s: SubAccount, sc: MarketScenario) => {
    const r = computeSubAccount(s, snapshot, { ...opts, scenario: sc, lite: true });
    return r.ok ? r.result.equity : Number.NaN;
  };
  const base = equityAt(account, scenario);
  const tradeBase = equityAt(tradeOnly, scenario);
  if (!Number.isFinite(base)) {
    const r = computeSubAccount(account, snapshot, { ...opts, lite: true });
    return { error: r.ok ? "the account could not be valued" : r.error };
  }
  const now = scenario.daysForward;
  const horizons: { horizon: PayoffSeries["horizon"]; days: number; label: string }[] = [{ horizon: "today", days: now, label: now ? `today (+${now} d)` : "today" }];
  const expiryDays = nearestExpiryDays(legs, sub, u, snapshot, now);
  if (expiryDays !== null) horizons.push({ horizon: "expiry", days: Math.min(expiryDays, DAYS_FORWARD.max), label: `at expiry (${expiryDays.toFixed(1)} d)` });
  const later = Math.min(now + extraDays, DAYS_FORWARD.max);
  if (extraDays > 0 && later !== expiryDays) horizons.push({ horizon: "days", days: later, label: `in ${later} d` });
  const series = horizons.map(({ horizon, days, label }): PayoffSeries => {
    const timed = { ...scenario, daysForward: days };
    return {
      horizon,
      days,
      label,
      points: PAYOFF_FACTORS.map((f) => {
        const sc = withSpotFactor(timed, u, f);
        return { price: snapshot.underlyings[u].spot * moveOf(sc, u).spotFactor, account: equityAt(account, sc) - base, trade: legs.length ? equityAt(tradeOnly, sc) - tradeBase : 0 };
      }),
    };
  });
  return { underlying: u, spot: snapshot.underlyings[u].spot * moveOf(scenario, u).spotFactor, series };
}

export const MATRIX_SPOT_MOVES_PCT = [-30, -20, -10, -5, 0, 5, 10, 20, 30];
export const MATRIX_VOL_SHIFTS_PTS = [-20, -10, 0, 10, 20];

/**
 * Spot × implied-vol matrix of the account with the staged legs, on the main underlying: each cell
 * moves that underlying's spot and ATM vol on top of the scenario and reports the P&L (equity −
 * equity now) and the margin after the move — in every margin mode.
 */
export function spotVolMatrix(sub: SubAccount, legs: readonly NewPosition[], snapshot: MarketSnapshot, opts: ComputeOptions = {}): SpotVolMatrix | { error: string } {
  const scenario = opts.scenario ?? NO_SCENARIO;
  const u = mainUnderlying(legs, sub, snapshot);
  const account = { ...sub, positions: [...sub.positions, ...stageAtMark(legs, snapshot, scenario)] };
  const base = computeSubAccount(account, snapshot, { ...opts, lite: true });
  if (!base.ok) return { error: base.error };
  const m0 = moveOf(scenario, u);
  const cells = MATRIX_VOL_SHIFTS_PTS.map((dv) =>
    MATRIX_SPOT_MOVES_PCT.map((ds) => {
      const move = {
        spotFactor: Math.min(Math.max(m0.spotFactor * (1 + ds / 100), SPOT_FACTOR.min), SPOT_FACTOR.max),
        volShiftPts: Math.min(Math.max(m0.volShiftPts + dv, VOL_SHIFT_PTS.min), VOL_SHIFT_PTS.max),
      };
      const r = computeSubAccount(account, snapshot, { ...opts, scenario: { ...scenario, moves: { ...scenario.moves, [u]: move } }, lite: true });
      if (!r.ok) return { pnl: Number.NaN, im: Number.NaN, mm: Number.NaN, freeCollateral: Number.NaN, status: "liquidation" as const };
      return { pnl: r.result.equity - base.result.equity, im: r.result.im, mm: r.result.mm, freeCollateral: r.result.freeCollateral, status: r.result.status };
    }),
  );
  return { underlying: u, spotMovesPct: MATRIX_SPOT_MOVES_PCT, volShiftsPts: MATRIX_VOL_SHIFTS_PTS, cells };
}
