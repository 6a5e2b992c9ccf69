import type { Underlying } from "@/lib/market/types";
import { BTC_USD_DAILY, ETH_USD_DAILY, SOL_USD_DAILY, type EmbeddedSeries } from "./daily-prices";

/**
 * Joint daily log returns of BTC, ETH and SOL from a price history (by default the embedded,
 * dated sample of ./daily-prices.ts).
 *
 * Gap rule: returns are taken between consecutive **joint** observations (days on which every
 * requested underlying has a price). Across a missing day the return runs from the last price
 * before the gap to the first after it — a multi-day return, recorded with its span in days —
 * never a zero return and never a dropped move.
 *
 * @packageDocumentation
 */

/** A price history: one series per underlying (absent = no history for it). */
export interface PriceHistory {
  /** "sample" = the embedded dated copy; "live" = extended from the venues */
  source: "sample" | "live";
  /** what the UI says about it */
  label: string;
  /** attribution shown beside the figures */
  attribution: string;
  series: Partial<Record<Underlying, EmbeddedSeries>>;
}

/** The embedded history (a dated sample: last day 2025-01-16). */
export const SAMPLE_HISTORY: PriceHistory = {
  source: "sample",
  label: "Embedded daily sample (BTC from 2010-08-16, ETH from 2017-11-09, SOL from 2020-04-10, all to 2025-01-16)",
  attribution:
    "BTC: blockchain.com market price (Nasdaq Data Link MKPRU); ETH, SOL: Yahoo Finance daily open 00:00 UTC; via MiM0ulay/assets_risk_metrics (MIT), commit 08346da. Series from different sources and instants: correlations are approximate.",
  series: { BTC: BTC_USD_DAILY, ETH: ETH_USD_DAILY, SOL: SOL_USD_DAILY },
};

/** Joint log returns of some underlyings over consecutive joint observations. */
export interface JointReturns {
  underlyings: Underlying[];
  /** UTC day number (days since 1970-01-01) at the end of each return */
  endDay: Int32Array;
  /** calendar days each return spans (1, or more across a gap) */
  spanDays: Int32Array;
  /** log returns per underlying, aligned with endDay */
  logReturns: Partial<Record<Underlying, Float64Array>>;
}

/** ISO date (YYYY-MM-DD) of a UTC day number. */
export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** UTC day number of an ISO date (YYYY-MM-DD). */
export function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/**
 * Joint log returns of `underlyings` from `history`, the last `maxReturns` of them (all when
 * absent). Returns a message when an underlying has no history or fewer than two joint days exist.
 *
 * @example
 * ```ts
 * // BTC prices on days 0, 1, 3 (day 2 missing): two returns, the second spans 2 days
 * jointReturns({ ...SAMPLE_HISTORY, series: { BTC: { days: [0, 1, 3], usd: [100, 110, 99] } } }, ["BTC"]);
 * // → logReturns.BTC = [ln(1.1), ln(0.9)], spanDays = [1, 2]
 * ```
 */
export function jointReturns(history: PriceHistory, underlyings: readonly Underlying[], maxReturns?: number): JointReturns | string {
  const wanted = [...new Set(underlyings)];
  for (const u of wanted) if (!history.series[u] || history.series[u]!.days.length < 2) return `No price history for ${u}`;
  // Days on which every wanted underlying has a price (two-pointer walk over the sorted series).
  const cursors = wanted.map(() => 0);
  const days: number[] = [];
  const prices: number[][] = wanted.map(() => []);
  if (wanted.length === 0) return { underlyings: [], endDay: new Int32Array(0), spanDays: new Int32Array(0), logReturns: {} };
  const series = wanted.map((u) => history.series[u]!);
  for (;;) {
    let maxDay = -Infinity;
    let done = false;
    for (let k = 0; k < series.length; k++) {
      if (cursors[k]! >= series[k]!.days.length) done = true;
      else maxDay = Math.max(maxDay, series[k]!.days[cursors[k]!]!);
    }
    if (done) break;
    let aligned = true;
    for (let k = 0; k < series.length; k++) {
      while (cursors[k]! < series[k]!.days.length && series[k]!.days[cursors[k]!]! < maxDay) cursors[k]!++;
      if (cursors[k]! >= series[k]!.days.length || series[k]!.days[cursors[k]!]! !== maxDay) aligned = false;
    }
    if (!aligned) continue;
    days.push(maxDay);
    for (let k = 0; k < series.length; k++) {
      prices[k]!.push(series[k]!.usd[cursors[k]!]!);
      cursors[k]!++;
    }
  }
  if (days.length < 2) return `Too little joint history for ${wanted.join(", ")}: ${days.length} common day(s)`;
  const total = days.length - 1;
  const n = maxReturns === undefined ? total : Math.min(total, Math.max(0, Math.floor(maxReturns)));
  const first = total - n; // index of the first return's end − 1
  const endDay = new Int32Array(n);
  const spanDays = new Int32Array(n);
  const logReturns: Partial<Record<Underlying, Float64Array>> = {};
  for (let i = 0; i < n; i++) {
    endDay[i] = days[first + i + 1]!;
    spanDays[i] = days[first + i + 1]! - days[first + i]!;
  }
  wanted.forEach((u, k) => {
    const r = new Float64Array(n);
    const p = prices[k]!;
    for (let i = 0; i < n; i++) r[i] = Math.log(p[first + i + 1]! / p[first + i]!);
    logReturns[u] = r;
  });
  return { underlyings: wanted, endDay, spanDays, logReturns };
}

/**
 * Overlapping h-observation returns: the sum of h consecutive joint log returns (= the log price
 * change over h joint observations; across a gap the window spans more than h calendar days).
 * With n one-step returns there are n − h + 1 of them.
 */
export function horizonReturns(joint: JointReturns, h: number): JointReturns {
  if (h === 1) return joint;
  const n = Math.max(0, joint.endDay.length - h + 1);
  const endDay = new Int32Array(n);
  const spanDays = new Int32Array(n);
  const logReturns: Partial<Record<Underlying, Float64Array>> = {};
  for (let i = 0; i < n; i++) {
    endDay[i] = joint.endDay[i + h - 1]!;
    let span = 0;
    for (let j = 0; j < h; j++) span += joint.spanDays[i + j]!;
    spanDays[i] = span;
  }
  for (const u of joint.underlyings) {
    const r1 = joint.logReturns[u]!;
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < h; j++) s += r1[i + j]!;
      r[i] = s;
    }
    logReturns[u] = r;
  }
  return { underlyings: joint.underlyings, endDay, spanDays, logReturns };
}

/** The multi-day returns (gaps) inside a return series: end date and span. */
export function gapsIn(joint: JointReturns): { endIso: string; spanDays: number }[] {
  const out: { endIso: string; spanDays: number }[] = [];
  for (let i = 0; i < joint.endDay.length; i++) if (joint.spanDays[i]! > 1) out.push({ endIso: isoDay(joint.endDay[i]!), spanDays: joint.spanDays[i]! });
  return out;
}

/**
 * Index of the first entry ≥ `day` in an ascending list of day numbers (its length when none):
 * where a date range starts in a history.
 *
 * @example
 * ```ts
 * firstDayAtOrAfter([10, 11, 13], 12); // 2
 * ```
 */
export function firstDayAtOrAfter(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
