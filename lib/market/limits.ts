/**
 * Input limits of a market scenario, defined once: the what-if schema (lib/workspace/schema.ts),
 * the market overrides, the forms and the worker API all read them from here.
 *
 * @packageDocumentation
 */

/** Spot move of one underlying, percent: −99 % … +1000 % (the liquidation search range too). */
export const SPOT_MOVE_PCT = { min: -99, max: 1000 } as const;

/** The same range as a spot factor (1 + move/100). */
export const SPOT_FACTOR = { min: 1 + SPOT_MOVE_PCT.min / 100, max: 1 + SPOT_MOVE_PCT.max / 100 } as const;

/** Implied-vol shift at the money, in vol points. */
export const VOL_SHIFT_PTS = { min: -100, max: 300 } as const;

/** A downward vol shift never takes an expiry's at-the-money vol below this (fraction: 1 %). */
export const MIN_SHIFTED_ATM_VOL = 0.01;

/** Days forward (time passing): 0 … 400 days, past the longest listed expiry. */
export const DAYS_FORWARD = { min: 0, max: 400 } as const;

/** "Collateral volatility ×k" for dynamic haircuts. */
export const COLLATERAL_VOL_MULTIPLIER = { min: 0, max: 10 } as const;

/** Points per chart series. */
export const CHART_POINTS = { min: 11, max: 1001 } as const;

/** Largest absolute spot an override may set, USD. */
export const MAX_SPOT_USD = 1e9;
