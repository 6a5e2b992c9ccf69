import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import { garchTermStructure } from "./garch";
import { buildSurface, engineFigures, evalSurface, stateScenario, SURFACE_NODES, type EngineFigures, type Surface } from "./margin-surface";
import { quantileSorted } from "./quantile";
import { simulatePaths, type PathModel, type PathSet } from "./simulate";
import type { EngineCheckOut, HorizonOut, ProbabilityOut } from "./types";

/**
 * Forward margin: the distribution of equity, IM and MM of a sub-account under its own rulebook
 * over the next days, from seeded Monte Carlo paths (./simulate.ts) valued on margin surfaces built
 * by the engine (./margin-surface.ts).
 *
 * - Revaluation days {@link REVALUATION_DAYS} (those ≤ the horizon, and the horizon itself): the
 *   book is revalued on these days only — every day to a week, then 14, 21, 30. A margin call
 *   or liquidation is a **first passage**: P(equity < IM on some revaluation day ≤ d), day 0 (today)
 *   included; a breach that starts and ends between two revaluation days is missed, so after day 7
 *   the probabilities are lower bounds.
 * - Dynamic haircuts: on each path the collateral's implied vol moves by the vol rule (the engine's
 *   haircut reads the scenario market's 30-day ATM vol), and over time by the forecast:
 *   collateral-vol multiplier k_h = √(E[h_{T+h}]/h_{T+1}) of the collateral's underlying (the
 *   blended GARCH term structure), weighted by the collateral's market value across BTC/ETH/SOL
 *   (ASSUMPTION: one multiplier per day for the whole account, as the what-if slider has); 1 when
 *   no coin collateral.
 * - Bands: 5 %, 50 %, 95 % quantiles across paths (type 7, ./quantile.ts).
 *
 * @packageDocumentation
 */

/** Days at which the book is revalued (those ≤ the horizon, plus the horizon). */
export const REVALUATION_DAYS = [1, 2, 3, 4, 5, 6, 7, 14, 21, 30] as const;
/** Days of the margin-call / liquidation probabilities (those ≤ the horizon, plus the horizon). */
export const PROBABILITY_DAYS = [1, 7, 30] as const;
/** Paths checked against a whole-book engine call per checked day (quantile ranks of IM). */
const CHECK_RANKS = [0, 0.05, 0.5, 0.95, 1];

/** The revaluation days up to `maxDays`. */
export function revaluationDays(maxDays: number): number[] {
  return [...new Set([...REVALUATION_DAYS.filter((d) => d <= maxDays), maxDays])].sort((a, b) => a - b);
}

/** Underlyings the book moves with: its positions' and its coin collateral's. */
export function exposedUnderlyings(sub: SubAccount): Underlying[] {
  const s = new Set<Underlying>();
  for (const p of sub.positions) s.add(p.underlying);
  for (const c of sub.collateral) {
    const u = COLLATERAL_UNDERLYING[c.asset];
    if (u && c.amount !== 0) s.add(u);
  }
  return UNDERLYINGS.filter((u) => s.has(u));
}

/** The collateral-vol multiplier of each revaluation day (see the module note). */
export function collateralVolMultipliers(sub: SubAccount, snapshot: MarketSnapshot, us: readonly Underlying[], models: readonly PathModel[], days: readonly number[]): number[] {
  const last = days[days.length - 1] ?? 1;
  const weights = new Map<Underlying, number>();
  for (const c of sub.collateral) {
    const u = COLLATERAL_UNDERLYING[c.asset];
    if (!u || !(c.amount > 0)) continue;
    weights.set(u, (weights.get(u) ?? 0) + c.amount * snapshot.collateralPrices[c.asset]);
  }
  const terms = us.map((u, k) => (weights.has(u) ? garchTermStructure(models[k]!.params, models[k]!.nextVariance, last) : null));
  return days.map((d) => {
    let wSum = 0;
    let kSum = 0;
    us.forEach((u, k) => {
      const w = weights.get(u);
      const t = terms[k];
      if (!w || !t || !(t[0]! > 0)) return;
      wSum += w;
      kSum += w * Math.sqrt(t[d - 1]! / t[0]!);
    });
    return wSum > 0 ? kSum / wSum : 1;
  });
}

export interface ForwardInputs {
  us: Underlying[];
  models: PathModel[];
  /** correlation of the underlyings, nU × nU */
  corr: Float64Array;
  maxHorizonDays: number;
  paths: number;
  seed: number;
  /** the what-if's "collateral volatility ×k" (1 = as observed): every day's multiplier is scaled by it */
  baseCollateralVolMultiplier?: number;
  /** per revaluation day (by day), extra log-return values per underlying the surface must cover (the forecast check's) */
  extraValues?: Map<number, Float64Array[]>;
}

export interface ForwardResult {
  today: EngineFigures;
  days: number[];
  horizons: HorizonOut[];
  probabilities: ProbabilityOut[];
  surfaces: Surface[];
  pathSet: PathSet;
  engineCheck: EngineCheckOut;
  /** engine calls made (surfaces and check) */
  engineCalls: number;
}

function band(sorted: Float64Array) {
  return { p5: quantileSorted(sorted, 0.05), median: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) };
}

/**
 * Forward margin of `sub` on `snapshot` (the market as the user sees it). `onProgress` receives the
 * fraction done (simulation 5 %, engine calls the rest). Returns the engine's message when the
 * rulebook refuses the book.
 */
export function forwardMargin(sub: SubAccount, snapshot: MarketSnapshot, inp: ForwardInputs, onProgress?: (fraction: number) => void): ForwardResult | string {
  const k0 = inp.baseCollateralVolMultiplier ?? 1;
  const today = engineFigures(sub, snapshot, { moves: {}, daysForward: 0, collateralVolMultiplier: k0 });
  if (typeof today === "string") return today;
  const days = revaluationDays(inp.maxHorizonDays);
  const nU = inp.us.length;
  const nD = days.length;
  const SIM_SHARE = 0.05;
  const pathSet = simulatePaths(inp.models, inp.corr, days, inp.paths, inp.seed, onProgress ? (f) => onProgress(SIM_SHARE * f) : undefined);
  const ks = collateralVolMultipliers(sub, snapshot, inp.us, inp.models, days).map((k) => k * k0);
  const totalCalls = nD * (1 + nU * (SURFACE_NODES + 1)) + 2 * CHECK_RANKS.length;
  let calls = 0;
  const tick = () => {
    calls++;
    if (onProgress && calls % 4 === 0) onProgress(SIM_SHARE + (1 - SIM_SHARE) * Math.min(1, calls / totalCalls));
  };
  const surfaces: Surface[] = [];
  const eq = new Float64Array(inp.paths * nD);
  const ieq = new Float64Array(inp.paths * nD);
  const im = new Float64Array(inp.paths * nD);
  const mm = new Float64Array(inp.paths * nD);
  const horizons: HorizonOut[] = [];
  for (let d = 0; d < nD; d++) {
    const values: Float64Array[] = [];
    const extra = inp.extraValues?.get(days[d]!);
    for (let k = 0; k < nU; k++) {
      const ex = extra?.[k];
      const v = new Float64Array(inp.paths + (ex?.length ?? 0));
      for (let p = 0; p < inp.paths; p++) v[p] = pathSet.cum[(p * nD + d) * nU + k]!;
      if (ex) v.set(ex, inp.paths);
      values.push(v);
    }
    const s = buildSurface(sub, snapshot, inp.us, days[d]!, ks[d]!, values, tick);
    if (typeof s === "string") return s;
    surfaces.push(s);
    for (let p = 0; p < inp.paths; p++) {
      const f = evalSurface(s, pathSet.cum, (p * nD + d) * nU);
      eq[p * nD + d] = f.equity;
      ieq[p * nD + d] = f.initialEquity;
      im[p * nD + d] = f.im;
      mm[p * nD + d] = f.mm;
    }
    const col = (a: Float64Array) => {
      const c = new Float64Array(inp.paths);
      for (let p = 0; p < inp.paths; p++) c[p] = a[p * nD + d]!;
      return c.sort();
    };
    horizons.push({ days: days[d]!, im: band(col(im)), mm: band(col(mm)), equity: band(col(eq)), collateralVolMultiplier: ks[d]! });
  }
  // First passage: a path "calls" within D days when equity < IM today or on any revaluation day ≤ D
  // (the IM check's equity: after haircuts when the rulebook applies them to the IM side only).
  const probDays = [...new Set([...PROBABILITY_DAYS.filter((d) => d <= inp.maxHorizonDays), inp.maxHorizonDays])].sort((a, b) => a - b);
  const firstCall = new Float64Array(inp.paths).fill(Infinity);
  const firstLiq = new Float64Array(inp.paths).fill(Infinity);
  for (let p = 0; p < inp.paths; p++) {
    if (today.initialEquity < today.im) firstCall[p] = 0;
    if (today.equity < today.mm) firstLiq[p] = 0;
    for (let d = 0; d < nD; d++) {
      const i = p * nD + d;
      if (firstCall[p] === Infinity && ieq[i]! < im[i]!) firstCall[p] = days[d]!;
      if (firstLiq[p] === Infinity && eq[i]! < mm[i]!) firstLiq[p] = days[d]!;
    }
  }
  const probabilities: ProbabilityOut[] = probDays.map((D) => {
    let c = 0;
    let l = 0;
    for (let p = 0; p < inp.paths; p++) {
      if (firstCall[p]! <= D) c++;
      if (firstLiq[p]! <= D) l++;
    }
    const pc = c / inp.paths;
    const pl = l / inp.paths;
    return { days: D, marginCall: pc, liquidation: pl, marginCallSe: Math.sqrt((pc * (1 - pc)) / inp.paths), liquidationSe: Math.sqrt((pl * (1 - pl)) / inp.paths) };
  });
  // Engine check: whole-book engine calls at the joint states of some paths (IM quantile ranks), on day 7 (or the last ≤ 7) and the last day.
  const checkDays = [...new Set([days.filter((x) => x <= 7).pop() ?? days[0]!, days[nD - 1]!])];
  let maxIm = 0;
  let maxMm = 0;
  let maxEq = 0;
  let points = 0;
  for (const day of checkDays) {
    const d = days.indexOf(day);
    const order = Array.from({ length: inp.paths }, (_, p) => p).sort((a, b) => im[a * nD + d]! - im[b * nD + d]!);
    const picks = [...new Set(CHECK_RANKS.map((q) => order[Math.round(q * (inp.paths - 1))]!))];
    for (const p of picks) {
      const R = pathSet.cum.subarray((p * nD + d) * nU, (p * nD + d) * nU + nU);
      const exact = engineFigures(sub, snapshot, stateScenario(inp.us, R, day, ks[d]!));
      tick();
      if (typeof exact === "string") return exact;
      const i = p * nD + d;
      maxIm = Math.max(maxIm, Math.abs(exact.im - im[i]!));
      maxMm = Math.max(maxMm, Math.abs(exact.mm - mm[i]!));
      maxEq = Math.max(maxEq, Math.abs(exact.equity - eq[i]!));
      points++;
    }
  }
  onProgress?.(1);
  return {
    engineCalls: calls + 1,
    today,
    days,
    horizons,
    probabilities,
    surfaces,
    pathSet,
    engineCheck: { points, maxAbsImError: maxIm, maxAbsMmError: maxMm, maxAbsEquityError: maxEq, maxRelImError: today.im > 0 ? maxIm / today.im : 0 },
  };
}
