import { SPOT_FACTOR } from "@/lib/market/limits";
import { UNDERLYINGS, type Underlying } from "@/lib/market/types";
import { dayOf, firstDayAtOrAfter, type PriceHistory } from "../history/returns";
import { NAMED_STRESS_DAYS } from "../stress";
import { volShiftFor } from "../vol-rule";
import { bridgePath, seededShocks } from "./brownian-bridge";
import type { PathSpec } from "./schema";
import type { ReplayPath } from "./types";

/**
 * The three kinds of replay path, each an hourly list of per-underlying spot factors (× today's spot)
 * and ATM implied-vol shifts (vol points), i.e. the inputs of `applyScenario`:
 * - **named crash**: the daily prices of a named crash (lib/risk/stress.ts) from the embedded history,
 *   joined hour by hour with a seeded Brownian bridge in log price ({@link bridgePath}); σ per hour =
 *   the standard deviation of the 30 daily log returns before the crash / √24; the underlyings share
 *   one set of shocks (they move together between the closes: an assumption). Vols follow the
 *   vol-beta rule (lib/risk/vol-rule.ts): they rise as the price falls;
 * - **stylised gap**: −X % over H hours, linear in log price, the ATM vol rising linearly to +Y
 *   points, then held for the hold hours;
 * - **drawn**: (hour, factor) points joined linearly in log price; vols by the vol-beta rule.
 *
 * @packageDocumentation
 */

const HOURS_PER_DAY = 24;
/** Daily returns before the crash used for the bridge's σ. */
const SIGMA_LOOKBACK_DAYS = 30;
/** Fewest returns for that σ; with fewer, the crash window's own returns are used. */
const MIN_SIGMA_RETURNS = 5;
/** Days replayed after a named crash window when the request says nothing. */
export const DEFAULT_DAYS_AFTER = 2;

function clampFactor(f: number): number {
  return Math.min(SPOT_FACTOR.max, Math.max(SPOT_FACTOR.min, f));
}

function targets(t: Underlying | "all"): readonly Underlying[] {
  return t === "all" ? UNDERLYINGS : [t];
}

/** Standard deviation of the log returns of `usd[from…to]` (indices inclusive). */
function logReturnSd(usd: readonly number[], from: number, to: number): number {
  const r: number[] = [];
  for (let i = Math.max(1, from); i <= to; i++) r.push(Math.log(usd[i]! / usd[i - 1]!));
  if (r.length < 2) return 0;
  const mean = r.reduce((s, x) => s + x, 0) / r.length;
  return Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / (r.length - 1));
}

/**
 * A named crash as an hourly path: the daily prices from the crash's first day to `daysAfter` days
 * after its last, bridged hour by hour. Returns a message when no underlying has history for it.
 *
 * @example
 * ```ts
 * const p = namedCrashPath(SAMPLE_HISTORY, "ftx-2022", 7, 2); // hours 0 … 96, BTC/ETH/SOL
 * p.moves.BTC!.spotFactor[24]; // = BTC(2022-11-09) / BTC(2022-11-08), exactly
 * ```
 */
export function namedCrashPath(history: PriceHistory, crashId: string, seed: number, daysAfter = DEFAULT_DAYS_AFTER): ReplayPath | string {
  const crash = NAMED_STRESS_DAYS.find((d) => d.id === crashId);
  if (!crash) return `Unknown crash "${crashId}"`;
  const startDay = dayOf(crash.from);
  const endDay = dayOf(crash.to) + 1 + daysAfter;
  const legs: { u: Underlying; knots: number[]; steps: number[]; sigma: number }[] = [];
  const notes: string[] = [];
  for (const u of UNDERLYINGS) {
    const s = history.series[u];
    const a = s ? firstDayAtOrAfter(s.days, startDay) : -1;
    if (!s || a >= s.days.length || s.days[a] !== startDay) {
      notes.push(`${u}: no price on ${crash.from} in the history — it does not move.`);
      continue;
    }
    const knots: number[] = [];
    const steps: number[] = [];
    for (let i = a; i < s.days.length && s.days[i]! <= endDay; i++) {
      knots.push(Math.log(s.usd[i]! / s.usd[a]!));
      steps.push((s.days[i]! - startDay) * HOURS_PER_DAY);
    }
    if (knots.length < 2) {
      notes.push(`${u}: fewer than two daily prices in the window — it does not move.`);
      continue;
    }
    const before = a >= MIN_SIGMA_RETURNS + 1 ? logReturnSd(s.usd, a - SIGMA_LOOKBACK_DAYS, a) : logReturnSd(s.usd, a + 1, a + knots.length - 1);
    legs.push({ u, knots, steps, sigma: before / Math.sqrt(HOURS_PER_DAY) });
  }
  if (legs.length === 0) return `No price history covers ${crash.label} (${crash.from})`;
  const total = Math.max(...legs.map((l) => l.steps[l.steps.length - 1]!));
  const shocks = seededShocks(seed, total);
  const hours = Array.from({ length: total + 1 }, (_, j) => j);
  const moves: ReplayPath["moves"] = {};
  for (const leg of legs) {
    const x = bridgePath(leg.knots, leg.steps, leg.sigma, shocks);
    const spotFactor = new Array<number>(total + 1);
    const volShiftPts = new Array<number>(total + 1);
    for (let j = 0; j <= total; j++) {
      const lr = j < x.length ? x[j]! : x[x.length - 1]!; // a series that ends early holds its last price
      spotFactor[j] = clampFactor(Math.exp(lr));
      volShiftPts[j] = volShiftFor(leg.u, lr);
    }
    moves[leg.u] = { spotFactor, volShiftPts };
    notes.push(`${leg.u}: ${leg.knots.length} daily prices, bridged hourly with σ = ${(leg.sigma * Math.sqrt(HOURS_PER_DAY) * 100).toFixed(2)} % a day.`);
  }
  notes.unshift(
    `${crash.label}: daily prices ${crash.from} to ${daysAfter} day(s) after ${crash.to} from ${history.source === "sample" ? "the embedded dated sample" : "the extended history"}, joined hourly by a Brownian bridge in log price (seed ${seed}; σ from the 30 daily returns before; one set of shocks for every underlying — an assumption). The bridge passes through every daily price exactly. Vols by the vol-beta rule.`,
  );
  return { kind: "named", label: `${crash.label} (${crash.from} … ${crash.to} + ${daysAfter} d)`, hours, moves, notes };
}

/**
 * A stylised gap: the spot of `underlying` (or all) moves by `movePct` over `hours` hours (linear in
 * log price), the ATM vol rising linearly to `volUpPts`, then held `holdHours`.
 *
 * @example
 * ```ts
 * gapPath(-30, 6, 20, 0, "all").moves.BTC!.spotFactor[6]; // 0.7
 * gapPath(-30, 6, 20, 0, "all").moves.BTC!.volShiftPts[3]; // 10
 * ```
 */
export function gapPath(movePct: number, hours: number, volUpPts: number, holdHours: number, underlying: Underlying | "all"): ReplayPath {
  const n = hours + holdHours;
  const lr = Math.log(1 + movePct / 100);
  const spotFactor = new Array<number>(n + 1);
  const volShiftPts = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) {
    const w = Math.min(j, hours) / hours;
    spotFactor[j] = j >= hours ? clampFactor(1 + movePct / 100) : clampFactor(Math.exp(lr * w));
    volShiftPts[j] = volUpPts * w;
  }
  const moves: ReplayPath["moves"] = {};
  for (const u of targets(underlying)) moves[u] = { spotFactor: [...spotFactor], volShiftPts: [...volShiftPts] };
  const who = underlying === "all" ? "every underlying" : underlying;
  return {
    kind: "gap",
    label: `${movePct > 0 ? "+" : ""}${movePct} % over ${hours} h, vol ${volUpPts >= 0 ? "+" : ""}${volUpPts} pts${holdHours > 0 ? `, held ${holdHours} h` : ""}`,
    hours: Array.from({ length: n + 1 }, (_, j) => j),
    moves,
    notes: [`Stylised gap on ${who}: linear in log price over ${hours} h, ATM vol shift rising linearly to ${volUpPts} pts (the smile in proportion).`],
  };
}

/**
 * A drawn path: (hour, factor) points joined linearly in log price, hour by hour, on `underlying`
 * (or all); a first point after hour 0 is joined from (0, 1). Vols by the vol-beta rule.
 *
 * @example
 * ```ts
 * drawnPath([{ hour: 0, factor: 1 }, { hour: 2, factor: 0.81 }], "BTC").moves.BTC!.spotFactor[1]; // 0.9
 * ```
 */
export function drawnPath(points: readonly { hour: number; factor: number }[], underlying: Underlying | "all"): ReplayPath {
  const pts = points[0]!.hour === 0 ? [...points] : [{ hour: 0, factor: 1 }, ...points];
  const n = pts[pts.length - 1]!.hour;
  const logs = new Array<number>(n + 1);
  for (let k = 0; k + 1 < pts.length; k++) {
    const a = pts[k]!;
    const b = pts[k + 1]!;
    const la = Math.log(a.factor);
    const lb = Math.log(b.factor);
    for (let h = a.hour; h <= b.hour; h++) logs[h] = h === b.hour ? lb : la + ((lb - la) * (h - a.hour)) / (b.hour - a.hour);
  }
  const moves: ReplayPath["moves"] = {};
  for (const u of targets(underlying)) {
    moves[u] = { spotFactor: logs.map((l) => clampFactor(Math.exp(l))), volShiftPts: logs.map((l) => volShiftFor(u, l)) };
  }
  return {
    kind: "drawn",
    label: `Drawn path (${points.length} points, ${n} h)`,
    hours: Array.from({ length: n + 1 }, (_, j) => j),
    moves,
    notes: [`Drawn on ${underlying === "all" ? "every underlying" : underlying}: points joined linearly in log price; vols by the vol-beta rule.`],
  };
}

/** The path of a validated spec. */
export function buildPath(spec: PathSpec, history: PriceHistory): ReplayPath | string {
  switch (spec.kind) {
    case "named":
      return namedCrashPath(history, spec.crashId, spec.seed, spec.daysAfter ?? DEFAULT_DAYS_AFTER);
    case "gap":
      return gapPath(spec.movePct, spec.hours, spec.volUpPts, spec.holdHours ?? 0, spec.underlying);
    case "drawn":
      return drawnPath(spec.points, spec.underlying);
  }
}
