import { z } from "zod";

// No JIT: zod's probe for it (`new Function("")`) is an eval that the page's CSP blocks and reports
// on every load. Every schema module imports this one, so this runs before any parse.
z.config({ jitless: true });

/** Underlyings MarginLab margins. Linear, USD-settled contracts only. */
export const UNDERLYINGS = ["BTC", "ETH", "SOL"] as const;
export const underlyingSchema = z.enum(UNDERLYINGS);
export type Underlying = z.infer<typeof underlyingSchema>;

/** Collateral assets; wstETH is the yield-bearing (staked-ETH) token, valued through ETH. */
export const COLLATERAL_ASSETS = ["USDC", "USDT", "BTC", "ETH", "SOL", "wstETH"] as const;
export const collateralAssetSchema = z.enum(COLLATERAL_ASSETS);
export type CollateralAsset = z.infer<typeof collateralAssetSchema>;

/** The smallest normal double: below it (denormals) arithmetic loses precision silently. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Bounds that refuse absurd snapshot values (a sender's snapshot in a share link is untrusted):
 * finite, no denormals, and within ranges far wider than any market MarginLab margins.
 */
export const SNAPSHOT_BOUNDS = {
  /** any USD price: spot, perp mark, forward, strike, collateral price */
  minPriceUsd: 1e-6,
  maxPriceUsd: 1e9,
  /** |funding per 8 h| as a fraction (1 = 100 % per 8 hours) */
  maxAbsFunding8h: 1,
  /** |SVI a|, b and |m| (total variance and log-moneyness units) */
  maxAbsSvi: 100,
} as const;

const usd = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .min(SNAPSHOT_BOUNDS.minPriceUsd, { error: `${what} must be at least $${SNAPSHOT_BOUNDS.minPriceUsd}` })
    .max(SNAPSHOT_BOUNDS.maxPriceUsd, { error: `${what} must be at most $${SNAPSHOT_BOUNDS.maxPriceUsd.toLocaleString("en-US")}` });

/** A finite number within ±max that is 0 or a normal double (no denormals). */
const bounded = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .min(-max, { error: `${what} must be between −${max} and ${max}` })
    .max(max, { error: `${what} must be between −${max} and ${max}` })
    .refine((v) => v === 0 || Math.abs(v) >= MIN_NORMAL, { error: `${what} is too close to zero to compute with (a denormal number)` });

const positive = usd("Price");

export const sviParamsSchema = z.object({
  a: bounded("SVI a", SNAPSHOT_BOUNDS.maxAbsSvi),
  b: bounded("SVI b", SNAPSHOT_BOUNDS.maxAbsSvi).nonnegative({ error: "SVI b cannot be negative" }),
  rho: bounded("SVI rho", 1).gt(-1).lt(1),
  m: bounded("SVI m", SNAPSHOT_BOUNDS.maxAbsSvi),
  sigma: bounded("SVI sigma", SNAPSHOT_BOUNDS.maxAbsSvi).positive({ error: "SVI sigma must be greater than 0" }),
});

/** One listed expiry: its forward, discount rate, SVI slice and listed strikes. */
export const expirySliceSchema = z.object({
  /** Expiry id, e.g. "2026-11-27" (expiries settle at 08:00 UTC). */
  id: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine(
      (t) => {
        const [y, m, d] = t.split("-").map(Number) as [number, number, number];
        const date = new Date(Date.UTC(y, m - 1, d));
        return y >= 2000 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
      },
      { error: "Expiry must be a real calendar date (year 2000–2100)" },
    ),
  expiryIso: z.iso.datetime(),
  forward: usd("Forward"),
  /** Continuously compounded annual discount rate. */
  rate: z.number().gt(-1).lt(1),
  svi: sviParamsSchema,
  strikes: z.array(usd("Strike")).min(1),
});
export type ExpirySlice = z.infer<typeof expirySliceSchema>;

export const underlyingMarketSchema = z.object({
  underlying: underlyingSchema,
  /** Index (spot) price in USD. */
  spot: usd("Spot price"),
  /** Perpetual swap mark price in USD. */
  perpMark: usd("Perp mark"),
  /** Funding rate per 8 hours (fraction, e.g. 0.0001 = 0.01%). */
  funding8h: bounded("Funding per 8 h", SNAPSHOT_BOUNDS.maxAbsFunding8h),
  expiries: z.array(expirySliceSchema).min(1),
});
export type UnderlyingMarket = z.infer<typeof underlyingMarketSchema>;

export const marketSnapshotSchema = z.object({
  id: z.string().min(1),
  /** "sample" is the built-in data set; it is never presented as live. */
  source: z.enum(["sample", "live"]),
  label: z.string(),
  asOf: z.iso.datetime(),
  underlyings: z.object({ BTC: underlyingMarketSchema, ETH: underlyingMarketSchema, SOL: underlyingMarketSchema }),
  /** USD price of each collateral asset. */
  collateralPrices: z.object({
    USDC: positive,
    USDT: positive,
    BTC: positive,
    ETH: positive,
    SOL: positive,
    wstETH: positive,
  }),
});
export type MarketSnapshot = z.infer<typeof marketSnapshotSchema>;

/** The underlying whose price a collateral asset moves with, if any. */
export const COLLATERAL_UNDERLYING: Record<CollateralAsset, Underlying | null> = {
  USDC: null,
  USDT: null,
  BTC: "BTC",
  ETH: "ETH",
  SOL: "SOL",
  wstETH: "ETH",
};
