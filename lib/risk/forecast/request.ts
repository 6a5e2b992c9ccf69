import { z } from "zod";

/**
 * Inputs of the predictive-margin forecast, validated with zod at the worker boundary (the messages
 * are the trader's) and checked again by {@link checkForecastOptions} for direct callers.
 *
 * @packageDocumentation
 */

export const FORECAST_HORIZON_DAYS = { min: 1, max: 30 } as const;
export const FORECAST_PATHS = { min: 100, max: 20_000 } as const;
export const FORECAST_LOOKBACK = { min: 30, max: 6000 } as const;

export interface ForecastOptions {
  /** last day simulated (1–30) */
  maxHorizonDays: number;
  /** Monte Carlo paths */
  paths: number;
  seed: number;
  /** daily returns per underlying in the volatility fit */
  lookbackReturns: number;
}

export const DEFAULT_FORECAST_OPTIONS: ForecastOptions = { maxHorizonDays: 30, paths: 2000, seed: 20_261_128, lookbackReturns: 1500 };

export const forecastOptionsSchema = z.object({
  maxHorizonDays: z
    .number({ error: "The forecast horizon must be a number of days" })
    .int({ error: "The forecast horizon must be a whole number of days" })
    .min(FORECAST_HORIZON_DAYS.min, { error: `The forecast horizon must be at least ${FORECAST_HORIZON_DAYS.min} day` })
    .max(FORECAST_HORIZON_DAYS.max, { error: `The forecast horizon can be at most ${FORECAST_HORIZON_DAYS.max} days` }),
  paths: z
    .number({ error: "The number of paths must be a number" })
    .int({ error: "The number of paths must be a whole number" })
    .min(FORECAST_PATHS.min, { error: `Use at least ${FORECAST_PATHS.min} Monte Carlo paths: fewer give no meaningful 5 %–95 % band` })
    .max(FORECAST_PATHS.max, { error: `Use at most ${FORECAST_PATHS.max.toLocaleString("en-US")} Monte Carlo paths` }),
  seed: z.number().int({ error: "The seed must be a whole number" }).min(0).max(4_294_967_295),
  lookbackReturns: z
    .number()
    .int({ error: "The look-back must be a whole number of days" })
    .min(FORECAST_LOOKBACK.min, { error: `The volatility look-back must be at least ${FORECAST_LOOKBACK.min} days` })
    .max(FORECAST_LOOKBACK.max, { error: `The volatility look-back can be at most ${FORECAST_LOOKBACK.max} days` }),
});

/** A message for the first bad option, else null. */
export function checkForecastOptions(o: ForecastOptions): string | null {
  const r = forecastOptionsSchema.safeParse(o);
  return r.success ? null : (r.error.issues[0]?.message ?? "Invalid forecast options");
}
