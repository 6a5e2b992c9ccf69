import { computeSubAccount } from "@/lib/margin/models/compute";
import { SPOT_FACTOR } from "@/lib/market/limits";
import type { MarketScenario, UnderlyingMove } from "@/lib/market/scenario";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import { volShiftFor } from "../vol-rule";
import { quantileSorted } from "./quantile";

/**
 * Equity, IM and MM of the book at one horizon as a function of the simulated moves, computed by
 * the engine's one path — `computeSubAccount` (applyScenario with the days forward, then the
 * sub-account's own rulebook) — at a few nodes, so thousands of paths cost a few hundred engine calls.
 *
 * A market state at day h is, per underlying u, a cumulative log return R_u: spot ×e^{R_u} and the
 * ATM implied vol moved by the vol rule Δσ = volShiftFor(u, R_u) (lib/risk/vol-rule.ts), plus the
 * collateral-volatility multiplier of the day. Per underlying u the engine is run on the
 * **sub-book** of u (u's positions with all the collateral) with only u moved, at nodes R_u,j
 * (0, the 0 %, 1/(G−1), …, 100 % quantiles of the values to cover, and G evenly spaced points
 * from their least to their greatest: dense where paths are, and no wide gap in the tails); a
 * path's figures are
 *   X(R) = X_book(0) + Σ_u [X_u(R_u) − X_u(0)],
 * interpolated between nodes by monotone cubic Hermite (PCHIP). This is exact where the rulebook's requirement is a sum over underlyings
 * (per-position standard margin; portfolio margin computed per underlying) and the interpolation
 * is fine enough; the report checks it by running the engine on whole-book joint states of some
 * paths (the "engine check" figures), so the approximation is measured, never assumed.
 *
 * @packageDocumentation
 */

export interface EngineFigures {
  /** the equity MM and liquidation use */
  equity: number;
  /** the equity the IM check uses: differs from `equity` when the rulebook's haircuts apply to the IM side only */
  initialEquity: number;
  im: number;
  mm: number;
}

/** Nodes per underlying and horizon (before adding 0 and removing duplicates). */
export const SURFACE_NODES = 12;
/** Nodes closer than this (log return) are merged. */
const NODE_TOL = 1e-9;

const clampFactor = (f: number) => Math.min(SPOT_FACTOR.max, Math.max(SPOT_FACTOR.min, f));

/** The market move of a cumulative log return R of u: spot ×e^R (clamped to the engine's range), vol by the vol rule. */
export function moveFor(u: Underlying, R: number): UnderlyingMove {
  return { spotFactor: clampFactor(Math.exp(R)), volShiftPts: volShiftFor(u, R) };
}

/** The scenario of a joint state at day `days`. */
export function stateScenario(us: readonly Underlying[], R: ArrayLike<number>, days: number, collateralVolMultiplier: number): MarketScenario {
  const moves: MarketScenario["moves"] = {};
  us.forEach((u, k) => {
    if (R[k] !== 0) moves[u] = moveFor(u, R[k]!);
  });
  return { moves, daysForward: days, collateralVolMultiplier };
}

/** Equity, IM and MM of `sub` under its rulebook in `scenario` (the engine's one path), or its message. */
export function engineFigures(sub: SubAccount, snapshot: MarketSnapshot, scenario: MarketScenario): EngineFigures | string {
  const r = computeSubAccount(sub, snapshot, { scenario, figuresOnly: true });
  if (!r.ok) return r.error;
  const res = r.result;
  const initialEquity = "initialEquity" in res && typeof res.initialEquity === "number" ? res.initialEquity : res.equity;
  return { equity: res.equity, initialEquity, im: res.im, mm: res.mm };
}

/** One underlying's response: nodes (ascending) and the change of each figure from R = 0. */
export interface Curve {
  nodes: Float64Array;
  equity: Float64Array;
  initialEquity: Float64Array;
  im: Float64Array;
  mm: Float64Array;
  /** PCHIP slopes of each figure at the nodes */
  dEquity: Float64Array;
  dInitialEquity: Float64Array;
  dIm: Float64Array;
  dMm: Float64Array;
}

export interface Surface {
  days: number;
  collateralVolMultiplier: number;
  base: EngineFigures;
  curves: Curve[];
}

/** Nodes covering `values`: 0 and G quantiles (type 7), ascending, duplicates merged. */
export function nodesFor(values: ArrayLike<number>, g = SURFACE_NODES): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const raw = [0];
  const n = sorted.length;
  if (n > 0) {
    const lo = sorted[0]!;
    const hi = sorted[n - 1]!;
    for (let i = 0; i < g; i++) raw.push(quantileSorted(sorted, i / (g - 1)), lo + ((hi - lo) * i) / (g - 1));
  }
  // 0 stays exactly (the base of the differences): values within the tolerance of it are dropped
  const kept = raw.filter((v) => v === 0 || Math.abs(v) > NODE_TOL).sort((a, b) => a - b);
  const out: number[] = [];
  for (const v of kept) if (out.length === 0 || v - out[out.length - 1]! > NODE_TOL) out.push(v);
  return Float64Array.from(out);
}

/**
 * The surface at day `days`: the whole book at R = 0, and per underlying `us[k]` its sub-book at
 * the nodes of `values[k]`. `tick` is called after every engine call (progress).
 */
export function buildSurface(
  sub: SubAccount,
  snapshot: MarketSnapshot,
  us: readonly Underlying[],
  days: number,
  collateralVolMultiplier: number,
  values: readonly ArrayLike<number>[],
  tick?: () => void,
): Surface | string {
  const base = engineFigures(sub, snapshot, { moves: {}, daysForward: days, collateralVolMultiplier });
  if (typeof base === "string") return base;
  tick?.();
  const curves: Curve[] = [];
  for (let k = 0; k < us.length; k++) {
    const u = us[k]!;
    const part: SubAccount = { ...sub, positions: sub.positions.filter((p) => p.underlying === u) };
    const nodes = nodesFor(values[k]!);
    const eq = new Float64Array(nodes.length);
    const ieq = new Float64Array(nodes.length);
    const im = new Float64Array(nodes.length);
    const mm = new Float64Array(nodes.length);
    let zero: EngineFigures | null = null;
    for (let j = 0; j < nodes.length; j++) {
      const f = engineFigures(part, snapshot, { moves: nodes[j] === 0 ? {} : { [u]: moveFor(u, nodes[j]!) }, daysForward: days, collateralVolMultiplier });
      if (typeof f === "string") return f;
      tick?.();
      if (nodes[j] === 0) zero = f;
      eq[j] = f.equity;
      ieq[j] = f.initialEquity;
      im[j] = f.im;
      mm[j] = f.mm;
    }
    const z = zero!; // nodesFor always holds 0
    for (let j = 0; j < nodes.length; j++) {
      eq[j] = eq[j]! - z.equity;
      ieq[j] = ieq[j]! - z.initialEquity;
      im[j] = im[j]! - z.im;
      mm[j] = mm[j]! - z.mm;
    }
    curves.push({ nodes, equity: eq, initialEquity: ieq, im, mm, dEquity: pchipSlopes(nodes, eq), dInitialEquity: pchipSlopes(nodes, ieq), dIm: pchipSlopes(nodes, im), dMm: pchipSlopes(nodes, mm) });
  }
  return { days, collateralVolMultiplier, base, curves };
}

/**
 * Slopes of the monotone piecewise-cubic Hermite interpolant (PCHIP) of ys over ascending xs:
 * F. N. Fritsch and R. E. Carlson, "Monotone piecewise cubic interpolation", SIAM J. Numer. Anal.
 * 17 (1980) 238–246, with the weighted harmonic mean of C. Moler, Numerical Computing with MATLAB
 * (2004) §3.4 (`pchip`): interior d_k = 0 where the secants change sign, else
 * (w1 + w2)/(w1/δ_{k−1} + w2/δ_k), w1 = 2h_k + h_{k−1}, w2 = h_k + 2h_{k−1}; ends by the
 * one-sided three-point formula, kept shape-preserving. It follows kinks (a margin rule's max())
 * without overshooting, and is exact for linear pieces.
 */
export function pchipSlopes(xs: Float64Array, ys: Float64Array): Float64Array {
  const n = xs.length;
  const d = new Float64Array(n);
  if (n < 2) return d;
  const h = new Float64Array(n - 1);
  const del = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) {
    h[k] = xs[k + 1]! - xs[k]!;
    del[k] = (ys[k + 1]! - ys[k]!) / h[k]!;
  }
  if (n === 2) {
    d[0] = del[0]!;
    d[1] = del[0]!;
    return d;
  }
  for (let k = 1; k < n - 1; k++) {
    const a = del[k - 1]!;
    const b = del[k]!;
    if (a === 0 || b === 0 || Math.sign(a) !== Math.sign(b)) d[k] = 0;
    else {
      const w1 = 2 * h[k]! + h[k - 1]!;
      const w2 = h[k]! + 2 * h[k - 1]!;
      d[k] = (w1 + w2) / (w1 / a + w2 / b);
    }
  }
  const end = (h0: number, h1: number, d0: number, d1: number) => {
    let v = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
    if (Math.sign(v) !== Math.sign(d0)) v = 0;
    else if (Math.sign(d0) !== Math.sign(d1) && Math.abs(v) > Math.abs(3 * d0)) v = 3 * d0;
    return v;
  };
  d[0] = end(h[0]!, h[1]!, del[0]!, del[1]!);
  d[n - 1] = end(h[n - 2]!, h[n - 3]!, del[n - 2]!, del[n - 3]!);
  return d;
}

/** The PCHIP interpolant (slopes `ds` from {@link pchipSlopes}) of `ys` over ascending `xs` at x; flat beyond the ends. */
export function interpolate(xs: Float64Array, ys: Float64Array, ds: Float64Array, x: number): number {
  const n = xs.length;
  if (n === 1 || x <= xs[0]!) return ys[0]!;
  if (x >= xs[n - 1]!) return ys[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  // cubic Hermite basis on [x_lo, x_hi]
  const hk = xs[hi]! - xs[lo]!;
  const t = (x - xs[lo]!) / hk;
  const t2 = t * t;
  const t3 = t2 * t;
  return (2 * t3 - 3 * t2 + 1) * ys[lo]! + (t3 - 2 * t2 + t) * hk * ds[lo]! + (-2 * t3 + 3 * t2) * ys[hi]! + (t3 - t2) * hk * ds[hi]!;
}

/** Figures of a joint state R (one value per underlying of the surface, from `R[offset]`). */
export function evalSurface(s: Surface, R: ArrayLike<number>, offset = 0): EngineFigures {
  let equity = s.base.equity;
  let initialEquity = s.base.initialEquity;
  let im = s.base.im;
  let mm = s.base.mm;
  for (let k = 0; k < s.curves.length; k++) {
    const c = s.curves[k]!;
    const x = R[offset + k]!;
    equity += interpolate(c.nodes, c.equity, c.dEquity, x);
    initialEquity += interpolate(c.nodes, c.initialEquity, c.dInitialEquity, x);
    im += interpolate(c.nodes, c.im, c.dIm, x);
    mm += interpolate(c.nodes, c.mm, c.dMm, x);
  }
  return { equity, initialEquity, im, mm };
}
