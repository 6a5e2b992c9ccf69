import type { MarginMode } from "@/lib/workspace/schema";
import { DERIVE_STANDARD } from "@/lib/margin/models/srm/params";
import { PM_PROFILES } from "./pm-profiles";
import { VENUE_RULE_PROFILES } from "./venue-profiles";

/**
 * Every venue profile the engine has, by the margin modes it serves: per-position ("standard")
 * profiles for isolated and cross, scenario ("portfolio") profiles for portfolio margin.
 */
export type ProfileKind = "standard" | "portfolio";

export interface ProfileInfo {
  id: string;
  name: string;
  version: string;
  asOf: string;
  sources: string[];
  notes: string[];
  kind: ProfileKind;
  /** the margin modes this profile serves */
  modes: MarginMode[];
  /** the same venue's profile for the other kind (what a mode switch moves to) */
  counterpartId: string;
}

const DEFAULT_STANDARD_ID = "deribit-standard";
const DEFAULT_PORTFOLIO_ID = "deribit-style-pm";

const COUNTERPART: Record<string, string> = {
  "deribit-standard": "deribit-style-pm",
  "deribit-style-pm": "deribit-standard",
  "derive-standard": "derive-pm2",
  "derive-pm2": "derive-standard",
};

const info = (p: { id: string; name: string; version: string; asOf: string; sources: string[]; notes: string[] }, kind: ProfileKind, modes: MarginMode[]): ProfileInfo => ({
  modes,
  id: p.id,
  name: p.name,
  version: p.version,
  asOf: p.asOf,
  sources: p.sources,
  notes: p.notes,
  kind,
  counterpartId: COUNTERPART[p.id] ?? (kind === "standard" ? DEFAULT_PORTFOLIO_ID : DEFAULT_STANDARD_ID),
});

export const ALL_PROFILES: readonly ProfileInfo[] = [
  ...VENUE_RULE_PROFILES.map((p) => info(p, "standard", ["isolated", "cross"])),
  info(DERIVE_STANDARD, "standard", ["cross"]),
  ...PM_PROFILES.map((p) => info(p, "portfolio", ["portfolio"])),
];

export function profileInfo(id: string): ProfileInfo | undefined {
  return ALL_PROFILES.find((p) => p.id === id);
}

export function kindForMode(mode: MarginMode): ProfileKind {
  return mode === "portfolio" ? "portfolio" : "standard";
}

/** The profiles a mode can use. */
export function profilesForMode(mode: MarginMode): ProfileInfo[] {
  return ALL_PROFILES.filter((p) => p.modes.includes(mode));
}

/** The profile id to use for `mode`, given the sub-account's current one (its counterpart when the kind differs). */
export function profileIdForMode(mode: MarginMode, currentId: string): string {
  const cur = profileInfo(currentId);
  if (cur?.modes.includes(mode)) return cur.id;
  const counterpart = cur ? profileInfo(cur.counterpartId) : undefined;
  if (counterpart?.modes.includes(mode)) return counterpart.id;
  return kindForMode(mode) === "portfolio" ? DEFAULT_PORTFOLIO_ID : DEFAULT_STANDARD_ID;
}
