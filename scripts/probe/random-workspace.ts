import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { COLLATERAL_ASSETS, marketSnapshotSchema, UNDERLYINGS, type MarketSnapshot } from "@/lib/market/types";
import { COLLATERAL_VOL_MULTIPLIER, DAYS_FORWARD, SPOT_MOVE_PCT, VOL_SHIFT_PTS } from "@/lib/market/limits";
import { mulberry32 } from "@/lib/quant/prng";
import { HAIRCUT_CHOICES } from "@/lib/workspace/haircut-choice";
import { LIMITS, MARGIN_MODES, MAX_SAVED_SCENARIOS, savedScenarioSchema, subAccountSchema, type Position, type SavedScenario, type SubAccount, type WhatIf } from "@/lib/workspace/schema";
import type { SharePayload } from "@/lib/workspace/share-link";

/**
 * Structure-aware random share payloads for the reliability probe: every field drawn across its
 * whole valid range (sizes from 1e-8 to the limit, denormal and maximal prices, calendar dates of
 * 2000–2100 with leap days, names in many scripts with HTML and quotes, every margin mode, haircut
 * choice and venue id, what-ifs at their bounds, saved scenarios, and the sample snapshot with
 * moved spots) and checked with the app's own schemas, so each payload is one a trader could share.
 */

/** Every venue rulebook, and one id no rulebook has (valid in a link: the preview says why it cannot compute it). */
const PROFILE_IDS = [...RULEBOOK_INFOS.map((r) => r.id), "no-such-venue"];
const NAME_PARTS = ["Basis", "trade", "Книга", "期权组合", "ETH 📈", "Café", "שורט", "عربي", "<img src=x onerror=alert(1)>", '"quoted"', "back\\slash", "a&b", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ß", "Ω", "1", "—", "#s=1.AAAA", "%20", "'"];

export type Rng = () => number;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
/** Log-uniform in [10^lo, 10^hi], sometimes an edge value. */
function magnitude(rng: Rng, lo: number, hi: number, edges: number[]): number {
  const r = rng();
  if (r < 0.08) return pick(rng, edges);
  const x = 10 ** (lo + rng() * (hi - lo));
  return r < 0.4 ? Math.max(10 ** lo, Math.round(x)) : x;
}
const within = (rng: Rng, b: { min: number; max: number }) => {
  const r = rng();
  return r < 0.1 ? b.min : r < 0.2 ? b.max : r < 0.4 ? 0 : b.min + rng() * (b.max - b.min);
};

function calendarDate(rng: Rng): string {
  const y = int(rng, 2000, 2100);
  const m = int(rng, 1, 12);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = int(rng, 1, days);
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function name(rng: Rng): string {
  const parts = Array.from({ length: int(rng, 1, 4) }, () => pick(rng, NAME_PARTS));
  return parts.join(" ").normalize("NFC").slice(0, LIMITS.maxNameLength).trim() || "x";
}

function position(rng: Rng, i: number): Position {
  const underlying = pick(rng, UNDERLYINGS);
  const size = (rng() < 0.5 ? -1 : 1) * magnitude(rng, -8, 6, [1e-8, LIMITS.maxAbsSize, 0.1, 1]);
  const entryPrice = magnitude(rng, -8, 8, [Number.MIN_VALUE, LIMITS.maxPrice, 1e-8]);
  const isolatedMargin = rng() < 0.3 ? (rng() < 0.2 ? 0 : magnitude(rng, -2, 12, [LIMITS.maxCollateralAmount])) : undefined;
  const base = {
    id: `p${i}`,
    underlying,
    size: Math.min(LIMITS.maxAbsSize, Math.abs(size)) * Math.sign(size),
    entryPrice: Math.min(LIMITS.maxPrice, entryPrice),
    ...(isolatedMargin !== undefined ? { isolatedMargin: Math.min(LIMITS.maxCollateralAmount, isolatedMargin) } : {}),
  };
  const listed = SAMPLE_SNAPSHOT.underlyings[underlying].expiries;
  const expiry = rng() < 0.6 ? pick(rng, listed).id : calendarDate(rng);
  const k = rng();
  if (k < 0.25) return { ...base, kind: "perp" };
  if (k < 0.45) return { ...base, kind: "future", expiry };
  return { ...base, kind: "option", expiry, strike: Math.min(LIMITS.maxPrice, magnitude(rng, -4, 8, [LIMITS.maxPrice, Number.MIN_VALUE])), optionType: rng() < 0.5 ? "call" : "put" };
}

function subAccount(rng: Rng, i: number, maxPositions: number): SubAccount {
  const assets = COLLATERAL_ASSETS.filter(() => rng() < 0.4);
  const haircut =
    rng() < 0.5
      ? undefined
      : pick(
          rng,
          HAIRCUT_CHOICES.filter((h) => h !== "venue"),
        );
  return {
    id: `s${i}`,
    name: name(rng),
    mode: pick(rng, MARGIN_MODES),
    profileId: pick(rng, PROFILE_IDS),
    ...(haircut ? { haircutModel: haircut } : {}),
    collateral: assets.map((asset) => ({ asset, amount: rng() < 0.1 ? 0 : Math.min(LIMITS.maxCollateralAmount, magnitude(rng, -6, 12, [LIMITS.maxCollateralAmount])) })),
    positions: Array.from({ length: int(rng, 0, maxPositions) }, (_, j) => position(rng, j)),
  };
}

function whatIf(rng: Rng): WhatIf {
  return {
    spotMovePct: { BTC: within(rng, SPOT_MOVE_PCT), ETH: within(rng, SPOT_MOVE_PCT), SOL: within(rng, SPOT_MOVE_PCT) },
    volShiftPts: within(rng, VOL_SHIFT_PTS),
    daysForward: within(rng, DAYS_FORWARD),
    collateralVolMultiplier: within(rng, COLLATERAL_VOL_MULTIPLIER),
  };
}

/** The sample snapshot with each spot (and perp mark) moved by up to ±50 %: a sender's own market. */
function snapshot(rng: Rng): MarketSnapshot {
  const s = structuredClone(SAMPLE_SNAPSHOT);
  s.id = `sender-${Math.floor(rng() * 1e9)}`;
  for (const u of UNDERLYINGS) {
    const f = 0.5 + rng();
    s.underlyings[u].spot *= f;
    s.underlyings[u].perpMark *= f;
  }
  return s;
}

export interface RandomPayloadOptions {
  /** most sub-accounts in one payload (default 6) */
  maxSubAccounts?: number;
  /** most positions in one sub-account (default 12; one in fifty draws up to 200) */
  maxPositions?: number;
}

/**
 * A random valid share payload. `rejected` counts drafts the app's schemas refused (each is
 * redrawn), so the generator's own validity is visible in the report.
 */
export function randomPayload(rng: Rng, opts: RandomPayloadOptions = {}, stats = { rejected: 0 }): SharePayload {
  for (;;) {
    const subs = Array.from({ length: int(rng, 1, opts.maxSubAccounts ?? 6) }, (_, i) => subAccount(rng, i, rng() < 0.02 ? 200 : (opts.maxPositions ?? 12)));
    const scenarios: SavedScenario[] = rng() < 0.3 ? Array.from({ length: int(rng, 1, rng() < 0.1 ? MAX_SAVED_SCENARIOS : 4) }, () => ({ name: name(rng), whatIf: whatIf(rng) })) : [];
    const payload: SharePayload = {
      scope: subs.length === 1 && rng() < 0.5 ? "sub-account" : "workspace",
      subAccounts: subs,
      snapshot: rng() < 0.2 ? snapshot(rng) : null,
      whatIf: rng() < 0.4 ? whatIf(rng) : null,
      ...(scenarios.length ? { scenarios } : {}),
    };
    const valid =
      subs.every((s) => subAccountSchema.safeParse(s).success) &&
      scenarios.every((s) => savedScenarioSchema.safeParse(s).success) &&
      (payload.snapshot === null || marketSnapshotSchema.safeParse(payload.snapshot).success);
    if (valid) return payload;
    stats.rejected++;
  }
}

/** A seeded generator (mulberry32), so a probe run can be repeated exactly. */
export const seeded = (seed: number): Rng => mulberry32(seed);
