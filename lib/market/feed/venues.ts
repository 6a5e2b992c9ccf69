import { z } from "zod";
import type { Underlying } from "@/lib/market/types";

/**
 * The venues MarginLab reads public market data from, and the exact instruments it asks each
 * for. Nothing outside these tables is ever requested: clients choose among these names, never
 * symbols or URLs.
 */
export const VENUES = ["deribit", "okx", "bybit", "derive"] as const;
export const venueSchema = z.enum(VENUES);
export type VenueId = z.infer<typeof venueSchema>;

/** Venues that can supply a full underlying bundle (including an option chain with mark IVs). */
export const OPTION_VENUES = ["deribit", "okx", "bybit"] as const;
export type OptionVenueId = (typeof OPTION_VENUES)[number];

/** A client's venue preference for the snapshot: "auto" follows SOURCE_PLAN. */
export const venuePreferenceSchema = z.enum(["auto", ...OPTION_VENUES]);
export type VenuePreference = z.infer<typeof venuePreferenceSchema>;

export const VENUE_NAMES: Record<VenueId, string> = { deribit: "Deribit", okx: "OKX", bybit: "Bybit", derive: "Derive" };

/** The instruments of one underlying on one venue (ccxt unified symbols). */
export interface VenueInstruments {
  /** perpetual swap: mark price, funding (and on most venues the index price) */
  perp: string;
  /** spot market used as the index when the perp ticker carries none (OKX) */
  spot?: string;
  /** settle currency of the dated futures to report (ccxt market.settle) */
  futuresSettle?: string;
  /** settle currency of the option chain (ccxt market.settle) */
  optionsSettle?: string;
  /** OKX: the option underlying ("uly") passed to fetchAllGreeks */
  optionUnderlying?: string;
}

/**
 * The whitelist: which instruments MarginLab reads for each (venue, underlying). An absent
 * entry means the venue is not used for that underlying.
 */
export const INSTRUMENTS: Record<VenueId, Partial<Record<Underlying, VenueInstruments>>> = {
  deribit: {
    BTC: { perp: "BTC/USD:BTC", futuresSettle: "BTC", optionsSettle: "BTC" },
    ETH: { perp: "ETH/USD:ETH", futuresSettle: "ETH", optionsSettle: "ETH" },
  },
  okx: {
    BTC: { perp: "BTC/USD:BTC", spot: "BTC/USDT", futuresSettle: "BTC", optionsSettle: "BTC", optionUnderlying: "BTC-USD" },
    ETH: { perp: "ETH/USD:ETH", spot: "ETH/USDT", futuresSettle: "ETH", optionsSettle: "ETH", optionUnderlying: "ETH-USD" },
  },
  bybit: {
    BTC: { perp: "BTC/USDT:USDT", futuresSettle: "USDC", optionsSettle: "USDC" },
    ETH: { perp: "ETH/USDT:USDT", futuresSettle: "USDC", optionsSettle: "USDC" },
    SOL: { perp: "SOL/USDT:USDT", futuresSettle: "USDC", optionsSettle: "USDC" },
  },
  derive: {
    BTC: { perp: "BTC/USD:USDC" },
    ETH: { perp: "ETH/USD:USDC" },
    SOL: { perp: "SOL/USD:USDC" },
  },
};

/**
 * Which venue supplies each underlying's bundle (index, perp mark and funding, futures marks,
 * option chain), in order of preference; the next one is tried when one fails.
 */
export const SOURCE_PLAN: Record<Underlying, readonly OptionVenueId[]> = {
  BTC: ["deribit", "okx", "bybit"],
  ETH: ["deribit", "okx", "bybit"],
  SOL: ["bybit"],
};

/** Collateral prices that are not an underlying's index: read from Derive's currency list. */
export const COLLATERAL_VENUE: VenueId = "derive";

/**
 * The venue order for one underlying under a client preference: the preferred venue first when
 * it lists the underlying, then the default plan.
 *
 * @example
 * ```ts
 * venueOrder("BTC", "bybit"); // ["bybit", "deribit", "okx"]
 * venueOrder("SOL", "deribit"); // ["bybit"] (Deribit is not used for SOL)
 * ```
 */
export function venueOrder(underlying: Underlying, preference: VenuePreference): OptionVenueId[] {
  const plan = [...SOURCE_PLAN[underlying]];
  if (preference === "auto" || !INSTRUMENTS[preference][underlying]) return plan;
  return [preference, ...plan.filter((v) => v !== preference)];
}
