import { z } from "zod";
import { collateralAssetSchema, underlyingSchema } from "@/lib/market/types";
import { COLLATERAL_VOL_MULTIPLIER, DAYS_FORWARD, SPOT_MOVE_PCT, VOL_SHIFT_PTS } from "@/lib/market/limits";
import { HAIRCUT_CHOICES } from "./haircut-choice";

/** Bounds that keep every input finite and sane before it reaches the engine. */
export const LIMITS = {
  /** largest |size| of one position, in coins */
  maxAbsSize: 1_000_000,
  /** largest price (entry, strike) in USD */
  maxPrice: 100_000_000,
  /** largest collateral amount of one asset, in units of the asset */
  maxCollateralAmount: 1_000_000_000_000,
  maxPositions: 1_000,
  maxSubAccounts: 50,
  maxNameLength: 60,
} as const;

const id = z.string().min(1).max(64);

export const sizeSchema = z
  .number({ error: "Size must be a number" })
  .refine((v) => v !== 0, { error: "Size cannot be 0 (use a negative size for a short)" })
  .refine((v) => Math.abs(v) <= LIMITS.maxAbsSize, { error: `|Size| must be at most ${LIMITS.maxAbsSize.toLocaleString("en-US")}` });

export const priceSchema = z
  .number({ error: "Price must be a number" })
  .positive({ error: "Price must be greater than 0" })
  .max(LIMITS.maxPrice, { error: `Price must be at most ${LIMITS.maxPrice.toLocaleString("en-US")}` });

export const allocationSchema = z
  .number({ error: "Allocated margin must be a number" })
  .nonnegative({ error: "Allocated margin cannot be negative" })
  .max(LIMITS.maxCollateralAmount, { error: "Allocated margin is too large" });

const positionBase = {
  id,
  underlying: underlyingSchema,
  /** Signed size in coins of the underlying: positive = long, negative = short. */
  size: sizeSchema,
  /** Entry price in USD (premium per coin for options). */
  entryPrice: priceSchema,
  /** Isolated mode only: USD collateral allocated to this position; absent = its initial margin. */
  isolatedMargin: allocationSchema.optional(),
};

export const perpPositionSchema = z.object({ ...positionBase, kind: z.literal("perp") });

/** True for "YYYY-MM-DD" strings naming a day that exists (2026-02-31 and 0000-00-00 do not), years 2000–2100. */
export function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  if (!(y >= 2000 && y <= 2100 && m >= 1 && m <= 12 && d >= 1)) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
/** Expiry ids are dates (expiries settle at 08:00 UTC). */
export const expiryIdSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Expiry must be a date like 2026-12-25" })
  .refine(isCalendarDate, { error: "Expiry must be a real calendar date (year 2000–2100), like 2026-12-25" });

export const futurePositionSchema = z.object({ ...positionBase, kind: z.literal("future"), expiry: expiryIdSchema });
export const optionPositionSchema = z.object({
  ...positionBase,
  kind: z.literal("option"),
  expiry: expiryIdSchema,
  strike: z.number({ error: "Strike must be a number" }).positive({ error: "Strike must be greater than 0" }).max(LIMITS.maxPrice, { error: "Strike is too large" }),
  optionType: z.enum(["call", "put"]),
});

export const positionSchema = z.discriminatedUnion("kind", [perpPositionSchema, futurePositionSchema, optionPositionSchema]);
export type Position = z.infer<typeof positionSchema>;
export type PerpPosition = z.infer<typeof perpPositionSchema>;
export type FuturePosition = z.infer<typeof futurePositionSchema>;
export type OptionPosition = z.infer<typeof optionPositionSchema>;
/** A position before it has an id (Omit distributed over the union, so each kind keeps its fields). */
export type NewPosition = Position extends infer P ? (P extends Position ? Omit<P, "id"> : never) : never;

export const collateralBalanceSchema = z.object({
  asset: collateralAssetSchema,
  amount: z.number({ error: "Amount must be a number" }).nonnegative({ error: "Amount cannot be negative" }).max(LIMITS.maxCollateralAmount, { error: "Amount is too large" }),
});
export type CollateralBalance = z.infer<typeof collateralBalanceSchema>;

export const MARGIN_MODES = ["isolated", "cross", "portfolio"] as const;
export const marginModeSchema = z.enum(MARGIN_MODES);
export type MarginMode = z.infer<typeof marginModeSchema>;

/**
 * Why a (trimmed, NFC) name cannot be used, or null: names are shown everywhere and shared in
 * links, so they must be visible text that reads the way it is stored.
 */
export function nameProblem(name: string): string | null {
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) return "Name has a broken (incomplete) character: retype it";
  if (/\p{Cc}/u.test(name)) return "Name cannot contain control characters (such as NUL or a line break)";
  if (/[\u202A-\u202E\u2066-\u2069]/.test(name)) return "Name cannot contain text-direction override characters (they make it read differently from what it is)";
  if (name.replace(/[\s\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E]|\u034F/g, "") === "") return "Name must contain visible characters";
  return null;
}

export const subAccountSchema = z
  .object({
    id,
    name: z
      .string()
      .normalize("NFC")
      .trim()
      .min(1, { error: "Name cannot be empty" })
      .max(LIMITS.maxNameLength, { error: `Name must be at most ${LIMITS.maxNameLength} characters` })
      .superRefine((name, ctx) => {
        const problem = nameProblem(name);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    mode: marginModeSchema,
    profileId: z.string().min(1),
    collateral: z.array(collateralBalanceSchema).max(20),
    positions: z.array(positionSchema).max(LIMITS.maxPositions),
    /** haircut models: the venue's (absent) or a MarginLab preset (lib/margin/haircut-presets.ts) */
    haircutModel: z.enum(HAIRCUT_CHOICES).optional(),
  })
  .superRefine((s, ctx) => {
    // One balance per asset (value tiers and size-scaled weights apply to the whole holding) and unique position ids.
    const assets = new Set<string>();
    s.collateral.forEach((c, i) => {
      if (assets.has(c.asset)) ctx.addIssue({ code: "custom", path: ["collateral", i, "asset"], message: `Duplicate collateral asset ${c.asset}: give one balance per asset` });
      assets.add(c.asset);
    });
    const ids = new Set<string>();
    s.positions.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: "custom", path: ["positions", i, "id"], message: `Duplicate position id "${p.id}"` });
      ids.add(p.id);
    });
  });
export type SubAccount = z.infer<typeof subAccountSchema>;

/** What-if settings: market moves applied on top of the snapshot in every view. */
export const whatIfSchema = z.object({
  /** spot move per underlying, in percent (−99 … +1000) */
  spotMovePct: z.object({
    BTC: z.number().min(SPOT_MOVE_PCT.min).max(SPOT_MOVE_PCT.max),
    ETH: z.number().min(SPOT_MOVE_PCT.min).max(SPOT_MOVE_PCT.max),
    SOL: z.number().min(SPOT_MOVE_PCT.min).max(SPOT_MOVE_PCT.max),
  }),
  /** implied-vol shift in vol points at the money, the smile in proportion (lib/market/scenario.ts) */
  volShiftPts: z.number().min(VOL_SHIFT_PTS.min).max(VOL_SHIFT_PTS.max),
  /** days forward: options decay, forwards roll, expired contracts settle */
  daysForward: z.number().min(DAYS_FORWARD.min).max(DAYS_FORWARD.max),
  /** "collateral volatility ×k" for dynamic haircuts */
  collateralVolMultiplier: z.number().min(COLLATERAL_VOL_MULTIPLIER.min).max(COLLATERAL_VOL_MULTIPLIER.max),
});
export type WhatIf = z.infer<typeof whatIfSchema>;
export const NO_WHAT_IF: WhatIf = { spotMovePct: { BTC: 0, ETH: 0, SOL: 0 }, volShiftPts: 0, daysForward: 0, collateralVolMultiplier: 1 };

export const WORKSPACE_VERSION = 1;

/** A named what-if (spot moves, vol shift, days forward, collateral vol), recalled in one click from the trade ticket. */
export const savedScenarioSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "Name cannot be empty" })
    .max(LIMITS.maxNameLength, { error: `Name must be at most ${LIMITS.maxNameLength} characters` }),
  whatIf: whatIfSchema,
});
export type SavedScenario = z.infer<typeof savedScenarioSchema>;
export const MAX_SAVED_SCENARIOS = 30;

export const workspaceSchema = z.object({
  subAccounts: z.array(subAccountSchema).max(LIMITS.maxSubAccounts),
  /** saved what-if scenarios (trade ticket); travel in the JSON export with the workspace */
  savedScenarios: z.array(savedScenarioSchema).max(MAX_SAVED_SCENARIOS).optional(),
});
export type Workspace = z.infer<typeof workspaceSchema>;

const FIELD_NAMES: Record<string, string> = {
  entryPrice: "entry price",
  optionType: "option type",
  isolatedMargin: "allocated margin",
  profileId: "venue profile",
  mode: "margin mode",
  asset: "collateral asset",
  subAccounts: "sub-accounts",
  spotMovePct: "spot move",
  volShiftPts: "vol shift",
  daysForward: "days forward",
  collateralVolMultiplier: "collateral volatility",
};
const CONTAINERS: Record<string, string> = { subAccounts: "sub-account", positions: "position", collateral: "collateral row" };
const TYPE_NAMES: Record<string, string> = { string: "text", number: "a number", array: "a list", object: "a group of fields", boolean: "true or false" };

/** "a, b or c" */
function oneOf(values: readonly unknown[]): string {
  const v = values.map(String);
  return v.length <= 1 ? (v[0] ?? "") : `${v.slice(0, -1).join(", ")} or ${v[v.length - 1]}`;
}

/** Where an issue is, as a trader reads it: "sub-account 1, position 2, entry price". */
function describePath(path: readonly PropertyKey[]): { where: string; field: string | null } {
  const parts: string[] = [];
  let field: string | null = null;
  path.forEach((p, i) => {
    const next = path[i + 1];
    if (typeof p === "number") return;
    const key = String(p);
    if (typeof next === "number" && CONTAINERS[key]) parts.push(`${CONTAINERS[key]} ${next + 1}`);
    else if (i === path.length - 1) field = FIELD_NAMES[key] ?? key;
    else parts.push(FIELD_NAMES[key] ?? key);
  });
  return { where: parts.join(", "), field };
}

/** One issue in plain words: "kind must be perp, future or option", "size is missing". */
function plainIssue(issue: z.core.$ZodIssue): string {
  const { where, field } = describePath(issue.path);
  const name = field ?? "the value";
  let text: string;
  // A message written for a trader (a schema's own `error`) is kept; only the library's generic ones are reworded.
  const generic = /^Invalid /.test(issue.message);
  if (!generic) text = issue.message;
  else if (issue.code === "invalid_value") text = `${name} must be ${oneOf(issue.values)}`;
  else if (issue.code === "invalid_union" && /discriminator/i.test(issue.message)) text = `${name} must be ${oneOf([...issue.message.matchAll(/'([^']+)'/g)].map((m) => m[1]))}`;
  else if (issue.code === "invalid_type") text = /received undefined/.test(issue.message) ? `${name} is missing` : `${name} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  else if (issue.code === "unrecognized_keys") text = `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.join(", ")}`;
  else if (issue.code === "too_big" && issue.origin === "array") text = `${name}: at most ${String(issue.maximum)}`;
  else if (issue.code === "too_small" && issue.origin === "string") text = `${name} cannot be empty`;
  else text = issue.message;
  return where ? `${where}: ${text}` : text;
}

/** Human-readable list of what is wrong with a value, each issue with its path. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/**
 * What is wrong with a value in a trader's words, each issue with where it is ("sub-account 1,
 * position 2: kind must be perp, future or option"), never library jargon; for files a trader imports.
 */
export function describeIssuesPlainly(error: z.ZodError): string {
  return error.issues.slice(0, 5).map(plainIssue).join("; ");
}
