import { z } from "zod";
import { marketSnapshotSchema } from "@/lib/market/types";
import { MARKET_ERROR_CODES } from "./errors";
import { venueQuotesSchema } from "./venue-quotes";
import { venueSchema } from "./venues";

/**
 * Wire format of /api/market/* (shared by the route handlers and the browser, which validates
 * every response before using it). No ccxt or server code is imported here.
 */

/** How well one expiry's SVI slice fits the venue's mark IVs. */
export const sliceFitSchema = z.object({
  expiryId: z.string(),
  /** quotes the slice was fitted to */
  points: z.number().int().nonnegative(),
  /** root-mean-square error of the fitted vol against the mark IVs, in vol points */
  rmseVolPts: z.number().nonnegative(),
  maxAbsErrVolPts: z.number().nonnegative(),
});
export type SliceFit = z.infer<typeof sliceFitSchema>;

/** An expiry the venue lists that did not make it into the snapshot, and why. */
export const droppedExpirySchema = z.object({ expiryId: z.string(), reason: z.string() });

/** Where one underlying's data came from and how its vol surface fits. */
export const underlyingProvenanceSchema = z.object({
  venue: venueSchema,
  perpSymbol: z.string(),
  indexSource: z.string(),
  fundingIntervalHours: z.number().positive(),
  /** dated futures marks read from the venue (reported; the forward of each expiry is the option chain's) */
  futures: z.array(z.object({ symbol: z.string(), expiryId: z.string(), mark: z.number().positive() })),
  fits: z.array(sliceFitSchema),
  dropped: z.array(droppedExpirySchema),
  /** venues tried before this one, with their errors */
  fallbacks: z.array(z.string()),
});
export type UnderlyingProvenance = z.infer<typeof underlyingProvenanceSchema>;

export const liveMetaSchema = z.object({
  /** "mock" when the server reads a configured mock upstream instead of the real venues */
  upstream: z.enum(["venues", "mock"]),
  /** server time the snapshot was built */
  fetchedAt: z.iso.datetime(),
  underlyings: z.object({ BTC: underlyingProvenanceSchema, ETH: underlyingProvenanceSchema, SOL: underlyingProvenanceSchema }),
  collateral: z.object({ venue: venueSchema.nullable(), assumed: z.array(z.string()) }),
  /** everything a trader should know about this snapshot (fallbacks, assumptions, dropped expiries) */
  warnings: z.array(z.string()),
});
export type LiveMeta = z.infer<typeof liveMetaSchema>;

/** GET /api/market/snapshot → 200 */
export const liveSnapshotResponseSchema = z.object({
  snapshot: marketSnapshotSchema.refine((s) => s.source === "live", "a live response must carry a live snapshot"),
  meta: liveMetaSchema,
});
export type LiveSnapshotResponse = z.infer<typeof liveSnapshotResponseSchema>;

/** GET /api/market/quotes → 200 */
export const quotesResponseSchema = z.object({
  quotes: venueQuotesSchema,
  upstream: z.enum(["venues", "mock"]),
  fits: z.array(sliceFitSchema),
  dropped: z.array(droppedExpirySchema),
});
export type QuotesResponse = z.infer<typeof quotesResponseSchema>;

/** Any non-2xx answer of /api/market/* */
export const errorResponseSchema = z.object({
  error: z.object({
    status: z.number().int(),
    code: z.enum(MARKET_ERROR_CODES),
    message: z.string(),
    details: z.array(z.string()),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
