/**
 * Per-expiry shock parameters of the portfolio-margin engine: DTE-scaled vol multipliers, skew
 * multipliers, static discounts and the naked-short count. Pure functions of plain numbers.
 *
 * @packageDocumentation
 */

import type { PmOption, PmSkewShockParams, PmStaticDiscountParams, PmVolShockParams } from "./types";

/** Days per year of the engine's year fractions (crypto convention). */
export const DAYS_PER_YEAR = 365;

/**
 * Vol-shock multipliers of one expiry: m = (pivot / max(dte, floor))^p with p the short-term power
 * when dte ≤ pivot and the long-term power otherwise; up = 1 + rangeUp·m, down = max(1 − rangeDown·m, 0).
 * (The vol-up floor `minVolUp` applies to the shocked vol, not to the multiplier.)
 *
 * @param years - time to expiry in years (≤ 0 is treated as the floor; with a floor of 0 too, no shock: 1 and 1)
 * @param p - vol-shock parameters
 * @returns the up and down multipliers
 *
 * @example
 * ```ts
 * // Derive PM2 defaults, 9.2 days (794,852 s): (30/9.2)^0.3 = 1.4256… → up = 1 + 0.5·1.4256 = 1.7128
 * volShockMultipliers(794852 / 31536000, { rangeUp: 0.5, rangeDown: 0.275, shortTermPower: 0.3, longTermPower: 0.13, pivotDays: 30, dteFloorDays: 1, minVolUp: 0.45 });
 * ```
 */
export function volShockMultipliers(years: number, p: PmVolShockParams): { up: number; down: number } {
  const dte = years > 0 ? years * DAYS_PER_YEAR : 0;
  const floored = Math.max(dte, p.dteFloorDays);
  // A DTE floor of 0 is valid (Derive's setVolShockParams only caps it at 400 days); an expired
  // expiry then has no finite shock, and needs none: it is valued at intrinsic, unshocked.
  if (!(floored > 0)) return { up: 1, down: 1 };
  const ratio = p.pivotDays / floored;
  const power = dte <= p.pivotDays ? p.shortTermPower : p.longTermPower;
  const m = Math.pow(ratio, power);
  const up = 1 + p.rangeUp * m;
  const down = 1 - p.rangeDown * m;
  return { up, down: down > 0 ? down : 0 };
}

/**
 * Static discounts of one expiry's option value: `pos` multiplies a positive (long) value,
 * `neg` a negative (short) one.
 * pos = long.base·e^{−T·(r·long.rateMult + long.rateAdd)};
 * neg = min(short.base·e^{T·(r·short.rateMult + short.rateAdd)}, 1/D), D = e^{−r·T}.
 *
 * @param years - time to expiry in years (≤ 0 → T = 0)
 * @param rate - the expiry's rate
 * @param p - static-discount parameters (null: no discounting, both factors 1)
 * @returns pos and neg factors
 *
 * @example
 * ```ts
 * // Derive PM2 fixture test_13: T = 794,852 s, r = 0.15 → pos 0.94451, neg 1.00379
 * staticDiscounts(794852 / 31536000, 0.15, {
 *   long: { base: 0.95, rateMult: 1, rateAdd: 0.08 }, short: { base: 1.04, rateMult: 0.5, rateAdd: 0.08 } });
 * ```
 */
export function staticDiscounts(years: number, rate: number, p: PmStaticDiscountParams | null): { pos: number; neg: number } {
  if (!p) return { pos: 1, neg: 1 };
  const t = years > 0 ? years : 0;
  const pos = p.long.base * Math.exp(-t * (rate * p.long.rateMult + p.long.rateAdd));
  const negRaw = p.short.base / Math.exp(-t * (rate * p.short.rateMult + p.short.rateAdd));
  const cap = 1 / Math.exp(-rate * t);
  return { pos, neg: negRaw < cap ? negRaw : cap };
}

/**
 * Skew-shock vol multipliers of one option (linear and absolute rotations of the smile).
 * k = ln(K/F) (|k| for abs); cap = cBase·√T + baseCap; k* = max(minKStar, √T·widthScale·(volParamStatic + √T·volParamScale));
 * multiplier = max(0, 1 + clamp(k·cap/k*, −cap, cap)) (the raw value before the 0 floor is returned too;
 * `linearWithAbsCap` is the linear rotation with the abs cap, see PmScenario.skewCapFrom).
 *
 * @param logMoneyness - ln(K/F) at the unshocked forward
 * @param years - time to expiry (≤ 0 → 0)
 * @param p - skew parameters
 * @returns the linear and abs multipliers
 *
 * @example
 * ```ts
 * // Derive PM2 fixture test_13 (k = 0.043151, T = 794,852 s): both multipliers 1.016526
 * skewMultipliers(0.043151017850228957, 794852 / 31536000, { linearBaseCap: 0.15, absBaseCap: 0.15, linearCBase: -0.05,
 *   absCBase: -0.05, minKStar: 0.01, widthScale: 4, volParamStatic: 0.6, volParamScale: -0.1 });
 * ```
 */
export function skewMultipliers(
  logMoneyness: number,
  years: number,
  p: PmSkewShockParams,
): { linear: number; abs: number; linearWithAbsCap: number; linearRaw: number; absRaw: number; kStar: number; linearCap: number; absCap: number } {
  const { linearCap, absCap, kStar } = skewGeometry(years, p);
  const pos = (m: number) => (m > 0 ? m : 0);
  const linearRaw = skewRotation(logMoneyness, linearCap, kStar);
  const absRaw = skewRotation(Math.abs(logMoneyness), absCap, kStar);
  return { linear: pos(linearRaw), abs: pos(absRaw), linearWithAbsCap: pos(skewRotation(logMoneyness, absCap, kStar)), linearRaw, absRaw, kStar, linearCap, absCap };
}

/** The per-expiry part of {@link skewMultipliers}: caps and width k* (the same for every option of an expiry). */
export interface SkewGeometry {
  linearCap: number;
  absCap: number;
  kStar: number;
}

/**
 * Caps and width of the skew rotation of one expiry (see {@link skewMultipliers}), computed once
 * per expiry so the per-option work is one {@link skewRotation} per state.
 *
 * @param years - time to expiry (≤ 0 → 0)
 * @param p - skew parameters
 * @returns linear cap, abs cap and k*
 *
 * @example
 * ```ts
 * skewGeometry(0, p); // { linearCap: p.linearBaseCap, absCap: p.absBaseCap, kStar: p.minKStar }
 * ```
 */
export function skewGeometry(years: number, p: PmSkewShockParams): SkewGeometry {
  const sqrtT = Math.sqrt(years > 0 ? years : 0);
  const linearCap = p.linearCBase * sqrtT + p.linearBaseCap;
  const absCap = p.absCBase * sqrtT + p.absBaseCap;
  const volParam = p.volParamStatic + sqrtT * p.volParamScale;
  const kStarRaw = sqrtT * p.widthScale * volParam;
  const kStar = kStarRaw > p.minKStar ? kStarRaw : p.minKStar;
  return { linearCap, absCap, kStar };
}

/**
 * Raw skew multiplier 1 + clamp(k·cap/k*, −cap, cap) (the vol uses max(raw, 0)); 1 when k* ≤ 0
 * (degenerate width: no rotation). Allocation-free: the engine calls it per option.
 *
 * @param k - log-moneyness (|k| for the abs rotation)
 * @param cap - the rotation's cap
 * @param kStar - the expiry's width k*
 * @returns the raw multiplier
 *
 * @example
 * ```ts
 * skewRotation(0.1, 0.15, 0.05); // 1.15 (capped)
 * ```
 */
export function skewRotation(k: number, cap: number, kStar: number): number {
  if (!(kStar > 0)) return 1;
  const x = (k * cap) / kStar;
  return 1 + (k >= 0 ? (cap < x ? cap : x) : x > -cap ? x : -cap);
}

/**
 * Naked short options of one expiry, per strike: calls and puts at the same strike offset each
 * other (a long at strike K covers a short at K, whatever the type); what is short and uncovered
 * counts. Options are expected grouped by (strike, type).
 *
 * @param options - the expiry's options
 * @returns the number of naked short contracts
 *
 * @example
 * ```ts
 * nakedShorts([{ strike: 100, isCall: true, amount: 10, vol: 0.5 }, { strike: 100, isCall: false, amount: -20, vol: 0.5 }]); // 10
 * ```
 */
export function nakedShorts(options: readonly PmOption[]): number {
  const byStrike = new Map<number, { long: number; short: number }>();
  for (const o of options) {
    const e = byStrike.get(o.strike) ?? { long: 0, short: 0 };
    if (o.amount > 0) e.long += o.amount;
    else e.short -= o.amount;
    byStrike.set(o.strike, e);
  }
  let naked = 0;
  for (const { long, short } of byStrike.values()) naked += short > long ? short - long : 0;
  return naked;
}
