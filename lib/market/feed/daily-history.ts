import { z } from "zod";
import { underlyingSchema } from "@/lib/market/types";

/**
 * Live daily price history (GET /api/market/history): the venue's daily candles after the embedded
 * sample's last day (2025-01-16), per underlying, as UTC day numbers and the candles' 00:00 UTC
 * opens. The risk views append it to the sample (lib/risk/history/extend.ts); when it is
 * unavailable they use the dated sample and say so.
 *
 * @packageDocumentation
 */

/** Most days one series may carry (about 16 years of daily candles). */
export const MAX_HISTORY_DAYS = 6000;

const seriesSchema = z
  .object({
    days: z.array(z.number().int().min(0).max(100_000)).max(MAX_HISTORY_DAYS),
    usd: z.array(z.number().positive().finite()).max(MAX_HISTORY_DAYS),
  })
  .refine((s) => s.days.length === s.usd.length, { error: "days and usd differ in length" });

export const dailyHistoryResponseSchema = z.object({
  venue: z.string().min(1).max(40),
  fetchedAt: z.iso.datetime(),
  series: z.partialRecord(underlyingSchema, seriesSchema),
});
export type DailyHistoryResponse = z.infer<typeof dailyHistoryResponseSchema>;
