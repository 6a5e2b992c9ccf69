import { UNDERLYINGS, type Underlying } from "@/lib/market/types";
import type { EmbeddedSeries } from "./daily-prices";
import { isoDay, type PriceHistory } from "./returns";

/**
 * Live daily prices from a venue (the server's ccxt `fetchOHLCV` daily candles, their 00:00 UTC
 * opens — the same instant as the sample's Yahoo opens for ETH and SOL).
 */
export interface LiveDailyHistory {
  venue: string;
  /** per underlying: UTC day numbers (ascending) and the candle opens, USD(T) */
  series: Partial<Record<Underlying, { days: number[]; usd: number[] }>>;
}

/** Longest hole (days) the extension bridges with one multi-day return; past it the live series stops. */
export const MAX_JOIN_GAP_DAYS = 7;

/**
 * The embedded sample extended with live daily prices: for each underlying, the live days after
 * the sample's last day are appended (days the sample already has keep the sample's value). A
 * day missing between the two is a gap like any other (a multi-day return), up to
 * {@link MAX_JOIN_GAP_DAYS}; a longer hole ends the extension. Returns the sample itself when the
 * live history adds nothing.
 *
 * @example
 * ```ts
 * // sample BTC to day 20104 (2025-01-16), live days 20105…: the history runs to the live last day
 * extendHistory(SAMPLE_HISTORY, { venue: "okx", series: { BTC: { days: [20105, 20106], usd: [1, 2] } } }).source; // "live"
 * ```
 */
export function extendHistory(sample: PriceHistory, live: LiveDailyHistory): PriceHistory {
  const series: Partial<Record<Underlying, EmbeddedSeries>> = { ...sample.series };
  let added = 0;
  let lastDay = -Infinity;
  let firstAdded = Infinity;
  for (const u of UNDERLYINGS) {
    const base = sample.series[u];
    const l = live.series[u];
    if (!l) continue;
    const after = base ? base.days[base.days.length - 1]! : -Infinity;
    const days = base ? [...base.days] : [];
    const usd = base ? [...base.usd] : [];
    for (let i = 0; i < l.days.length; i++) {
      const d = l.days[i]!;
      const p = l.usd[i]!;
      if (!(d > after) || !(p > 0) || !Number.isFinite(p) || (days.length > 0 && !(d > days[days.length - 1]!))) continue;
      // A long hole (a venue that ignored `since`, a delisting) would become one huge "multi-day return": stop there.
      if (days.length > 0 && d - days[days.length - 1]! > MAX_JOIN_GAP_DAYS) break;
      days.push(d);
      usd.push(p);
      added++;
      firstAdded = Math.min(firstAdded, d);
      lastDay = Math.max(lastDay, d);
    }
    series[u] = { days, usd };
  }
  if (added === 0) return sample;
  return {
    source: "live",
    label: `Embedded daily sample to 2025-01-16, extended with ${live.venue} daily candles (00:00 UTC opens) from ${isoDay(firstAdded)} to ${isoDay(lastDay)}`,
    attribution: `${sample.attribution} Extension: ${live.venue} public daily OHLCV via ccxt.`,
    series,
  };
}
