import { z } from "zod";
import { SPOT_MOVE_PCT, VOL_SHIFT_PTS } from "@/lib/market/limits";
import { UNDERLYINGS } from "@/lib/market/types";
import { NAMED_STRESS_DAYS } from "../stress";

/**
 * The replay's inputs, validated at the worker boundary: which path (a named crash, a stylised gap,
 * a drawn path) and the liquidity assumption. A path that would take a price to zero or below is
 * refused with a message, never clamped.
 *
 * @packageDocumentation
 */

/** Bounds of a replay: at most 30 days of hourly steps, 200 drawn points, 7 days after a named crash. */
export const REPLAY_LIMITS = { maxHours: 720, maxDrawnPoints: 200, maxDaysAfter: 7, liquidityMultiplier: { min: 0.01, max: 100 } } as const;

const ZERO_PRICE = "A path cannot take a price to zero or below: choose a move above −100 %";
const ENGINE_FLOOR = `The margin engine values moves down to ${SPOT_MOVE_PCT.min} %: choose a smaller fall`;
const target = z.enum([...UNDERLYINGS, "all"]);
const hours = z
  .number()
  .int({ error: "Hours must be a whole number" })
  .min(0, { error: "Hours cannot be negative" })
  .max(REPLAY_LIMITS.maxHours, { error: `A replay lasts at most ${REPLAY_LIMITS.maxHours} hours (30 days)` });

const crashIds = NAMED_STRESS_DAYS.map((d) => d.id) as [string, ...string[]];

export const namedPathSpecSchema = z.object({
  kind: z.literal("named"),
  crashId: z.enum(crashIds, { error: "Unknown crash: pick one of the named crash days" }),
  seed: z.number().int().min(0).max(4_294_967_295),
  /** days replayed after the crash window (its aftermath) */
  daysAfter: z.number().int().min(0).max(REPLAY_LIMITS.maxDaysAfter).optional(),
});

export const gapPathSpecSchema = z
  .object({
    kind: z.literal("gap"),
    /** the move, percent (−30 = a 30 % fall) */
    movePct: z
      .number({ error: "The move must be a number" })
      .refine((v) => v > -100, { error: ZERO_PRICE })
      .refine((v) => v >= SPOT_MOVE_PCT.min, { error: ENGINE_FLOOR })
      .refine((v) => v <= SPOT_MOVE_PCT.max, { error: `A move is at most +${SPOT_MOVE_PCT.max} %` }),
    /** hours over which the move happens (≥ 1) */
    hours: hours.refine((h) => h >= 1, { error: "A gap takes at least 1 hour" }),
    /** ATM implied-vol rise at the end of the move, vol points */
    volUpPts: z.number().min(VOL_SHIFT_PTS.min).max(VOL_SHIFT_PTS.max),
    /** hours replayed after the move, prices held */
    holdHours: hours.optional(),
    underlying: target,
  })
  .refine((g) => g.hours + (g.holdHours ?? 0) <= REPLAY_LIMITS.maxHours, { error: `Move plus hold last at most ${REPLAY_LIMITS.maxHours} hours` });

export const drawnPointSchema = z.object({
  hour: hours,
  /** spot as a multiple of today's (1 = unchanged) */
  factor: z
    .number({ error: "Each point needs a price factor" })
    .refine((f) => f > 0, { error: "A drawn path cannot reach a price of zero or below: every factor must be above 0" })
    .refine((f) => f >= 1 + SPOT_MOVE_PCT.min / 100, { error: ENGINE_FLOOR })
    .refine((f) => f <= 1 + SPOT_MOVE_PCT.max / 100, { error: `A factor is at most ${1 + SPOT_MOVE_PCT.max / 100}` }),
});

export const drawnPathSpecSchema = z
  .object({
    kind: z.literal("drawn"),
    points: z.array(drawnPointSchema).min(2, { error: "Draw at least two points" }).max(REPLAY_LIMITS.maxDrawnPoints),
    underlying: target,
  })
  .refine((d) => d.points.every((p, i) => i === 0 || p.hour > d.points[i - 1]!.hour), { error: "Points must be in order of strictly increasing hour" });

export const pathSpecSchema = z.union([namedPathSpecSchema, gapPathSpecSchema, drawnPathSpecSchema]);
export type PathSpec = z.infer<typeof pathSpecSchema>;

export const replayOptionsSchema = z.object({
  path: pathSpecSchema,
  /** multiplies every liquidity parameter (2 = twice as deep a book: less slippage) */
  liquidityMultiplier: z.number().min(REPLAY_LIMITS.liquidityMultiplier.min).max(REPLAY_LIMITS.liquidityMultiplier.max).optional(),
});
export type ReplayOptions = z.infer<typeof replayOptionsSchema>;
