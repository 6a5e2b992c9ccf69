/**
 * The mock venue's "true" market: what every mocked venue quotes, in its own wire format. A
 * deterministic function of the mock clock, so a test can recompute anything the app shows.
 *
 * Listing schedule (as the real venues do, 08:00 UTC): the next 3 daily expiries, the next 4
 * Fridays, the last Friday of the next 3 months and the quarterly last Fridays (Mar/Jun/Sep/Dec)
 * within 13 months. Vol: a raw SVI slice per expiry built like the sample snapshot's
 * (ATM vol from short to long, skew ρ, wings), plus a deterministic ±0.15 vol-point "quote noise"
 * per strike so fits have a small, non-zero error like real mark IVs.
 */
import { black76Price } from "../../lib/quant/black76";
import { sviImpliedVol, type SviParams } from "../../lib/quant/svi";
import type { Underlying } from "../../lib/market/types";

export const MS_PER_DAY = 86_400_000;
const MS_PER_YEAR = 365 * MS_PER_DAY;

export interface MockUnderlyingSpec {
  spot: number;
  /** perp mark = spot·(1 + premium) */
  perpPremium: number;
  /** funding per 8 h (fraction) */
  funding8h: number;
  /** annualised basis: F = S·e^{basis·T} */
  basis: number;
  atmShort: number;
  atmLong: number;
  rho: number;
  wing: number;
  strikeStep: number;
}

/**
 * Mock prices, deliberately different from the built-in sample (BTC 95,000 / ETH 3,400 / SOL 180)
 * so a test can tell live data from sample data at a glance.
 */
export const MOCK_SPECS: Record<Underlying, MockUnderlyingSpec> = {
  BTC: { spot: 87_250.5, perpPremium: 0.00015, funding8h: 0.00008, basis: 0.055, atmShort: 0.42, atmLong: 0.52, rho: -0.25, wing: 0.3, strikeStep: 1_000 },
  ETH: { spot: 3_012.25, perpPremium: 0.0002, funding8h: 0.0001, basis: 0.06, atmShort: 0.55, atmLong: 0.64, rho: -0.2, wing: 0.32, strikeStep: 50 },
  SOL: { spot: 141.3, perpPremium: 0.0003, funding8h: 0.00012, basis: 0.065, atmShort: 0.68, atmLong: 0.78, rho: -0.15, wing: 0.36, strikeStep: 5 },
};

/** USD prices of the non-underlying collateral the mock Derive lists (wstETH ≈ 1.2117 ETH). */
export const MOCK_COLLATERAL = { USDC: 1.0001, USDT: 0.9997, wstETH: 3_650.0 };

/** Amplitude of the deterministic per-strike IV perturbation, in vol (0.0015 = 0.15 vol pts). */
export const QUOTE_NOISE_VOL = 0.0015;

export interface MockExpiry {
  expiryMs: number;
  years: number;
  forward: number;
  svi: SviParams;
  strikes: number[];
  /** whether a dated future is listed on this expiry (Fridays that are not just dailies) */
  hasFuture: boolean;
}

export interface MockUnderlying {
  underlying: Underlying;
  spot: number;
  perpMark: number;
  funding8h: number;
  expiries: MockExpiry[];
}

function at0800(y: number, m: number, d: number): number {
  return Date.UTC(y, m, d, 8, 0, 0, 0);
}

function lastFriday(y: number, m: number): number {
  const lastDay = new Date(Date.UTC(y, m + 1, 0));
  const back = (lastDay.getUTCDay() - 5 + 7) % 7;
  return at0800(y, m, lastDay.getUTCDate() - back);
}

/**
 * Listed expiry instants (ms), ascending, with which ones carry a dated future.
 *
 * @example
 * ```ts
 * expirySchedule(Date.parse("2026-11-24T07:55:00Z"))[0]; // { expiryMs: 2026-11-24 08:00, hasFuture: false }
 * ```
 */
export function expirySchedule(nowMs: number): { expiryMs: number; hasFuture: boolean }[] {
  const now = new Date(nowMs);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  const out = new Map<number, boolean>();
  // dailies
  for (let i = 0, found = 0; found < 3 && i < 5; i++) {
    const t = at0800(y, m, d + i);
    if (t > nowMs) {
      out.set(t, false);
      found++;
    }
  }
  // weeklies (Fridays)
  const dow = now.getUTCDay();
  for (let w = 0, found = 0; found < 4 && w < 6; w++) {
    const t = at0800(y, m, d + ((5 - dow + 7) % 7) + 7 * w);
    if (t > nowMs) {
      out.set(t, true);
      found++;
    }
  }
  // monthlies and quarterlies
  for (let k = 0; k <= 13; k++) {
    const t = lastFriday(y, m + k);
    const month = new Date(t).getUTCMonth();
    const isMonthly = k <= 3;
    const isQuarterly = month % 3 === 2;
    if (t > nowMs && (isMonthly || isQuarterly) && t - nowMs <= 400 * MS_PER_DAY) out.set(t, true);
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([expiryMs, hasFuture]) => ({ expiryMs, hasFuture }));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * The mock market of one underlying at the mock clock's time.
 *
 * @example
 * ```ts
 * mockUnderlying("BTC", Date.now()).spot; // 87250.5
 * ```
 */
export function mockUnderlying(underlying: Underlying, nowMs: number): MockUnderlying {
  const spec = MOCK_SPECS[underlying];
  const schedule = expirySchedule(nowMs);
  const maxYears = Math.max(...schedule.map((e) => (e.expiryMs - nowMs) / MS_PER_YEAR));
  const expiries = schedule.map(({ expiryMs, hasFuture }) => {
    const years = (expiryMs - nowMs) / MS_PER_YEAR;
    const atm = spec.atmShort + (spec.atmLong - spec.atmShort) * Math.sqrt(years / maxYears);
    const sigma = 0.1 * Math.sqrt(years);
    const b = spec.wing * atm * Math.sqrt(years);
    const svi: SviParams = { a: atm * atm * years - b * sigma, b, rho: spec.rho, m: 0, sigma };
    const forward = round(spec.spot * Math.exp(spec.basis * years), 2);
    const width = Math.min(0.15 + 0.6 * Math.sqrt(years), 0.85);
    const step = spec.strikeStep * (years > 0.2 ? 2 : 1);
    const lo = Math.max(step, Math.ceil((spec.spot * (1 - width)) / step) * step);
    const hi = Math.floor((spec.spot * (1 + width)) / step) * step;
    const strikes: number[] = [];
    for (let k = lo; k <= hi; k += step) strikes.push(k);
    return { expiryMs, years, forward, svi, strikes, hasFuture };
  });
  return { underlying, spot: spec.spot, perpMark: round(spec.spot * (1 + spec.perpPremium), 2), funding8h: spec.funding8h, expiries };
}

/** Deterministic noise in [−1, 1] from a strike and an expiry (a hash, not a random number). */
function noise(strike: number, expiryMs: number): number {
  const x = Math.sin(strike * 12.9898 + (expiryMs / MS_PER_DAY) * 78.233) * 43_758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

/**
 * The mark IV (fraction) the mock venues quote for a strike of an expiry.
 *
 * @example
 * ```ts
 * markIv(mockUnderlying("BTC", now).expiries[5]!, 90_000); // ≈ 0.45
 * ```
 */
export function markIv(e: MockExpiry, strike: number): number {
  return sviImpliedVol(e.svi, Math.log(strike / e.forward), e.years) + QUOTE_NOISE_VOL * noise(strike, e.expiryMs);
}

/**
 * The mark price in USD of an option (Black-76 on the forward, zero rate as Deribit quotes it).
 *
 * @example
 * ```ts
 * markUsd(expiry, 90_000, true); // USD per BTC option
 * ```
 */
export function markUsd(e: MockExpiry, strike: number, isCall: boolean): number {
  return black76Price(e.forward, strike, e.years, markIv(e, strike), 0, isCall);
}

/**
 * Deribit/Bybit style date code.
 *
 * @example
 * ```ts
 * dmy(Date.parse("2026-11-27T08:00:00Z")); // "27NOV26"
 * ```
 */
export function dmy(ms: number): string {
  const d = new Date(ms);
  const months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
  return `${d.getUTCDate()}${months[d.getUTCMonth()]}${String(d.getUTCFullYear()).slice(2)}`;
}

/**
 * OKX style date code.
 *
 * @example
 * ```ts
 * ymd6(Date.parse("2026-11-27T08:00:00Z")); // "261127"
 * ```
 */
export function ymd6(ms: number): string {
  return new Date(ms).toISOString().slice(2, 10).replace(/-/g, "");
}

/**
 * Derive style date code.
 *
 * @example
 * ```ts
 * ymd8(Date.parse("2026-11-27T08:00:00Z")); // "20261127"
 * ```
 */
export function ymd8(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, "");
}
