import { z } from "zod";
import { underlyingSchema } from "@/lib/market/types";
import { venueSchema } from "./venues";

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const positive = z.number().positive().refine(Number.isFinite, "must be finite");

/** One option of a venue's chain, normalised: strike, expiry, type, mark IV and forward. */
export const optionQuoteSchema = z.object({
  symbol: z.string(),
  expiryMs: z.number().int(),
  strike: positive,
  type: z.enum(["call", "put"]),
  /** mark implied vol as a fraction (0.55 = 55 %); null when the venue gave none */
  markIv: finite.nullable(),
  /** the forward (underlying price) the venue's IV refers to; null when absent */
  underlyingPrice: positive.nullable(),
});
export type OptionQuote = z.infer<typeof optionQuoteSchema>;

/** A dated future's mark. */
export const futureQuoteSchema = z.object({ symbol: z.string(), expiryMs: z.number().int(), mark: positive });
export type FutureQuote = z.infer<typeof futureQuoteSchema>;

/**
 * Everything MarginLab reads from one venue for one underlying, in plain numbers: what the
 * `/api/market/quotes` route returns and what the snapshot builder consumes.
 */
export const venueQuotesSchema = z.object({
  venue: venueSchema,
  underlying: underlyingSchema,
  /** the venue's own timestamp of the data (ms since epoch) */
  timestampMs: z.number().int(),
  index: z.object({ price: positive, source: z.string() }),
  perp: z.object({
    symbol: z.string(),
    mark: positive,
    /** funding per 8 hours as a fraction, converted from the venue's own interval */
    funding8h: finite,
    fundingIntervalHours: positive,
  }),
  futures: z.array(futureQuoteSchema),
  /** null when ccxt offers no option chain for this venue */
  options: z.array(optionQuoteSchema).nullable(),
  /** the venue's interest rate for option pricing, when it states one */
  rate: finite.nullable(),
});
export type VenueQuotes = z.infer<typeof venueQuotesSchema>;

/** USD prices of the collateral assets that are not an underlying's index. */
export const collateralQuotesSchema = z.object({
  venue: venueSchema,
  prices: z.object({ USDC: positive.optional(), USDT: positive.optional(), wstETH: positive.optional() }),
});
export type CollateralQuotes = z.infer<typeof collateralQuotesSchema>;
