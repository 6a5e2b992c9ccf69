import { z } from "zod";

/** Underlyings MarginLab margins. Linear, USD-settled contracts only. */
export const UNDERLYINGS = ["BTC", "ETH", "SOL"] as const;
export const underlyingSchema = z.enum(UNDERLYINGS);
export type Underlying = z.infer<typeof underlyingSchema>;

/** Collateral assets; wstETH is the yield-bearing (staked-ETH) token, valued through ETH. */
export const COLLATERAL_ASSETS = ["USDC", "USDT", "BTC", "ETH", "SOL", "wstETH"] as const;
export const collateralAssetSchema = z.enum(COLLATERAL_ASSETS);
export type CollateralAsset = z.infer<typeof collateralAssetSchema>;

const positive = z.number().positive();

export const sviParamsSchema = z.object({
  a: z.number(),
  b: z.number().nonnegative(),
  rho: z.number().gt(-1).lt(1),
  m: z.number(),
  sigma: z.number().positive(),
});

/** One listed expiry: its forward, discount rate, SVI slice and listed strikes. */
export const expirySliceSchema = z.object({
  /** Expiry id, e.g. "2026-11-27" (expiries settle at 08:00 UTC). */
  id: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  expiryIso: z.iso.datetime(),
  forward: positive,
  /** Continuously compounded annual discount rate. */
  rate: z.number().gt(-1).lt(1),
  svi: sviParamsSchema,
  strikes: z.array(positive).min(1),
});
export type ExpirySlice = z.infer<typeof expirySliceSchema>;

export const underlyingMarketSchema = z.object({
  underlying: underlyingSchema,
  /** Index (spot) price in USD. */
  spot: positive,
  /** Perpetual swap mark price in USD. */
  perpMark: positive,
  /** Funding rate per 8 hours (fraction, e.g. 0.0001 = 0.01%). */
  funding8h: z.number(),
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
