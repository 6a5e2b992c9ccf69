import { applyScenario, NO_SCENARIO, withSpotFactor } from "@/lib/market/scenario";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import { MARGIN_MODES, type MarginMode, type SubAccount } from "@/lib/workspace/schema";
import { brent } from "@/lib/quant/root";
import { computeSubAccount } from "@/lib/margin/models/compute";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import type { LiquidationDistance, MaxExtraPosition, ModeCurvePoint, ModeView, StressOutcome, SubAccountResult } from "@/lib/margin/result-types";
import { profileIdForMode } from "@/lib/margin/venues/catalogue";
import { computeShared } from "./shared-compute";

/** Named stress moves of every underlying together, in percent. */
export const STRESS_MOVES_PCT = [-10, -20, -35, 25] as const;

const MAX_EXTRA_COINS = 1_000_000;
const MAX_EXTRA_REL_TOL = 1e-9;
/** interpolation rounds of the largest-extra-position search before Brent's method takes over */
const INTERPOLATION_ROUNDS = 3;
/** spot factors of the comparison chart: −50% … +50% in 2.5% steps */
const CURVE_FACTORS: readonly number[] = Array.from({ length: 41 }, (_, i) => 0.5 + i * 0.025);

/**
 * Requirements and equity only, without Greeks: every call but the one full compute per mode reads
 * only equity, IM, MM, free collateral and status (and isolated positions' "already" state), which
 * `figuresOnly` computes exactly as a full run does (model-context.ts).
 */
const FIGURES_ONLY = { lite: true, figuresOnly: true } as const;

/** Options with every spot ×factor on top of the scenario, requirements only. */
function stressed(base: ComputeOptions, factor: number): ComputeOptions {
  return { ...base, scenario: withSpotFactor(base.scenario ?? NO_SCENARIO, "all", factor), ...FIGURES_ONLY };
}

/** The nearest liquidation per underlying across isolated positions (closest down and closest up). */
function nearestIsolated(r: SubAccountResult): LiquidationDistance[] {
  const out = new Map<Underlying, LiquidationDistance>();
  for (const p of r.positions) {
    const l = p.isolated?.liquidation;
    if (!l) continue;
    const cur = out.get(p.underlying) ?? { underlying: p.underlying, spot: l.spot, state: "none-in-range" as const, down: null, up: null };
    const down = l.down && (!cur.down || l.down.price > cur.down.price) ? l.down : cur.down;
    const up = l.up && (!cur.up || l.up.price < cur.up.price) ? l.up : cur.up;
    const state = cur.state === "already" || l.state === "already" ? "already" : down || up ? "found" : "none-in-range";
    out.set(p.underlying, { ...cur, state, down, up });
  }
  return [...out.values()];
}

/** The underlying with the largest gross notional (BTC when the account has no positions). */
function mainUnderlying(r: SubAccountResult): Underlying {
  const by = new Map<Underlying, number>();
  for (const p of r.positions) by.set(p.underlying, (by.get(p.underlying) ?? 0) + p.notionalUsd);
  let best: Underlying = "BTC";
  let max = -1;
  for (const [u, n] of by) if (n > max) [best, max] = [u, n];
  return best;
}

/**
 * Root of the quadratic through the bracket's ends and a third point (Lagrange form, solved
 * in the bracket), or of the secant of the ends when there is no third point or no quadratic root
 * inside; NaN when neither gives one.
 */
export function interpolatedRoot([x0, y0]: [number, number], [x1, y1]: [number, number], third: [number, number] | null): number {
  const secant = x0 + ((x1 - x0) * y0) / (y0 - y1);
  if (!third || third[0] === x0 || third[0] === x1) return secant;
  const [x2, y2] = third;
  // p(x) = a·(x − x0)² + b·(x − x0) + y0 through the three points
  const d1 = (y1 - y0) / (x1 - x0);
  const d2 = (y2 - y0) / (x2 - x0);
  const a = (d2 - d1) / (x2 - x1);
  const b = d1 - a * (x1 - x0);
  if (!(Math.abs(a) > 0) || !Number.isFinite(a)) return secant;
  const disc = b * b - 4 * a * y0;
  if (!(disc >= 0)) return secant;
  const sq = Math.sqrt(disc);
  // the two roots in a cancellation-free form, as offsets from x0
  const q = -0.5 * (b + (b >= 0 ? sq : -sq));
  const lo = Math.min(x0, x1);
  const hi = Math.max(x0, x1);
  for (const t of [q / a, y0 / q]) {
    const x = x0 + t;
    if (x > lo && x < hi) return x;
  }
  return secant;
}

/**
 * Largest extra perp (coins) in `direction` that keeps free collateral ≥ 0, on the full model:
 * a bracket (from the size that 100 % margin would allow, ×4 until free collateral turns negative);
 * then up to {@link INTERPOLATION_ROUNDS} guesses — the quadratic through the bracket's ends and the
 * last other point, else their secant — each checked by two runs 1e-9 of the size apart: where free
 * collateral is quadratic or linear in the size between those points (a requirement rate growing
 * linearly with the size, a flat rate, one worst scenario) a guess is the answer in those two runs;
 * otherwise the runs narrow the bracket and Brent's method finishes it to 1e-9 of the size, the
 * result stepped back by that tolerance while free collateral is still negative at it (bisection as
 * the fallback). `freeNow` is the free collateral with no extra position (the full run's).
 */
function maxExtraCoins(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions, u: Underlying, direction: 1 | -1, mark: number, freeNow: number): number {
  const lite = { ...opts, ...FIGURES_ONLY };
  const seen = new Map<number, number>();
  const free = (coins: number) => {
    if (coins === 0) return freeNow;
    const known = seen.get(coins);
    if (known !== undefined) return known;
    const extra = { id: "__extra__", kind: "perp" as const, underlying: u, size: direction * coins, entryPrice: mark };
    const r = computeSubAccount({ ...sub, positions: [...sub.positions, extra] }, snapshot, lite);
    const f = r.ok ? r.result.freeCollateral : -1;
    seen.set(coins, f);
    return f;
  };
  if (!(freeNow > 0)) return 0;
  let lo = 0;
  let flo = freeNow;
  let hi = Math.max(1e-6, Math.min(freeNow / mark, MAX_EXTRA_COINS));
  let fhi = free(hi);
  while (fhi >= 0) {
    if (hi >= MAX_EXTRA_COINS) return MAX_EXTRA_COINS;
    lo = hi;
    flo = fhi;
    hi = Math.min(hi * 4, MAX_EXTRA_COINS);
    fhi = free(hi);
  }
  const tol = MAX_EXTRA_REL_TOL * hi;
  // interpolation rounds, each checked from both sides of its guess: exact when free collateral is
  // linear (the secant) or quadratic (a requirement rate that grows linearly with the size, as
  // Deribit's futures margin does) in the size between the points used
  let other: [number, number] | null = lo > 0 ? [0, freeNow] : null;
  for (let round = 0; round < INTERPOLATION_ROUNDS && hi - lo > tol; round++) {
    const guess = interpolatedRoot([lo, flo], [hi, fhi], other);
    if (!(guess > lo && guess < hi)) break;
    const a = Math.max(lo, guess - tol / 2);
    const fa = free(a);
    if (fa < 0) {
      other = [hi, fhi];
      [hi, fhi] = [a, fa];
      continue;
    }
    other = [lo, flo];
    [lo, flo] = [a, fa];
    const b = Math.min(hi, a + tol);
    const fb = free(b);
    if (fb < 0) return a;
    other = [lo, flo];
    [lo, flo] = [b, fb];
  }
  if (hi - lo <= tol) return lo;
  const root = brent(free, lo, hi, { tol, maxIter: 60 });
  if (root) {
    for (const x of [root.root, root.root - tol, root.root - 2 * tol]) if (x >= lo && free(x) >= 0) return x;
  }
  for (let i = 0; i < 60 && hi - lo > tol; i++) {
    const mid = 0.5 * (lo + hi);
    if (free(mid) >= 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Equity and maintenance margin with `u`'s spot at each of {@link CURVE_FACTORS}: the full run's
 * chart of `u` (computed on that grid, the model's own equity and MM at each moved spot); when the
 * run has no chart of `u` (no position or moving collateral in it), one requirements-only run per point.
 */
function curveOf(r: SubAccountResult, asMode: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions, u: Underlying, spot: number): ModeCurvePoint[] {
  const series = r.chart.find((c) => c.underlying === u);
  if (series && series.points.length === CURVE_FACTORS.length) return series.points.map((p) => ({ price: p.price, equity: p.equity, mm: p.mm }));
  return CURVE_FACTORS.map((f) => {
    const at = computeSubAccount(asMode, snapshot, { ...opts, scenario: withSpotFactor(opts.scenario ?? NO_SCENARIO, u, f), ...FIGURES_ONLY });
    const price = spot * f;
    return at.ok ? { price, equity: at.result.equity, mm: at.result.mm } : { price, equity: 0, mm: 0 };
  });
}

/**
 * The same positions and collateral under each margin mode, side by side: requirements, free
 * collateral, the largest extra position, liquidation distances and named stress outcomes.
 */
export function compareModes(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}, modes: readonly MarginMode[] = MARGIN_MODES): ModeView[] {
  return modes.map((mode) => modeView(mode, sub, snapshot, opts));
}

/** One column of {@link compareModes}: the sub-account under `mode` (the worker computes the modes one at a time, so a superseded comparison stops between them). */
export function modeView(mode: MarginMode, sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): ModeView {
  const scenarioMarket = applyScenario(snapshot, opts.scenario ?? NO_SCENARIO);
  const asMode = { ...sub, mode, profileId: profileIdForMode(mode, sub.profileId) };
  // the model's own chart is drawn here as `curve`: on the curve's grid, so the full run computes it
  const full = computeShared(asMode, snapshot, { ...opts, chartGrid: CURVE_FACTORS });
  if (!full.ok) return { ok: false, mode, error: full.error };
  const r = full.result;
  const stress = STRESS_MOVES_PCT.map((movePct): StressOutcome => {
    const after = computeSubAccount(asMode, snapshot, stressed(opts, 1 + movePct / 100));
    if (!after.ok) return { movePct, equityAfter: Number.NaN, lossUsd: Number.NaN, accountLiquidated: false, liquidatedPositions: 0 };
    const a = after.result;
    const liquidatedPositions = mode === "isolated" ? a.positions.filter((p) => p.isolated?.liquidation.state === "already").length : 0;
    const rawLoss = r.equity - a.equity;
    return {
      movePct,
      equityAfter: a.equity,
      lossUsd: mode === "isolated" ? rawLoss : Math.min(rawLoss, Math.max(r.equity, 0)),
      accountLiquidated: mode !== "isolated" && a.status === "liquidation",
      liquidatedPositions,
    };
  });
  const u = mainUnderlying(r);
  const market = scenarioMarket.underlyings[u];
  // the full run's free collateral: a requirements-only run computes the very same figure (model-context.ts)
  const freeNow = r.freeCollateral;
  const maxExtra: MaxExtraPosition = {
    underlying: u,
    longCoins: maxExtraCoins(asMode, snapshot, opts, u, 1, market.perpMark, freeNow),
    shortCoins: maxExtraCoins(asMode, snapshot, opts, u, -1, market.perpMark, freeNow),
    markUsd: market.perpMark,
  };
  const curve = curveOf(r, asMode, snapshot, opts, u, market.spot);
  return {
    ok: true,
    mode,
    curve,
    equity: r.equity,
    im: r.im,
    mm: r.mm,
    freeCollateral: r.freeCollateral,
    status: r.status,
    efficiency: r.im > 0 ? r.grossNotionalUsd / r.im : null,
    liquidation: mode === "isolated" ? nearestIsolated(r) : r.liquidation,
    togetherDownPct: r.liquidationTogether?.downMovePct ?? null,
    togetherUpPct: r.liquidationTogether?.upMovePct ?? null,
    maxExtra,
    stress,
  };
}
