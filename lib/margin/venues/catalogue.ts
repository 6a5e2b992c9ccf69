/**
 * Every venue rulebook the engine has, and the look-ups the app needs: by id, by model, by the
 * margin mode a sub-account is in. Per-position and Derive-standard rulebooks are "standard"
 * (isolated and/or cross), scenario rulebooks "portfolio".
 *
 * @packageDocumentation
 */

import type { MarginMode } from "@/lib/workspace/schema";
import type { DeriveStandardRulebook, PerPositionRulebook, PortfolioRulebook, Rulebook, RulebookMeta } from "@/lib/margin/rulebook";
import { AEVO_STANDARD } from "./aevo";
import { BINANCE_PM } from "./binance";
import { BYBIT_CROSS } from "./bybit";
import { BYBIT_PM } from "./bybit-pm";
import { DERIBIT_STANDARD, DERIBIT_STYLE_PM } from "./deribit";
import { DERIVE_PM2, DERIVE_STANDARD } from "./derive";
import { DYDX } from "./dydx";
import { HYPERLIQUID } from "./hyperliquid";
import { OKX_PM } from "./okx";

/** Every rulebook: per-position ones first (Deribit-style, the default, leading), then Derive standard, then portfolio ones. */
export const RULEBOOKS: readonly Rulebook[] = [DERIBIT_STANDARD, AEVO_STANDARD, BYBIT_CROSS, HYPERLIQUID, DYDX, BINANCE_PM, DERIVE_STANDARD, DERIVE_PM2, DERIBIT_STYLE_PM, OKX_PM, BYBIT_PM];

/** The rulebook of a new sub-account, and the fallback for a standard mode. */
export const DEFAULT_RULEBOOK_ID = DERIBIT_STANDARD.id;
/** The fallback for portfolio mode. */
const DEFAULT_PORTFOLIO_ID = DERIBIT_STYLE_PM.id;

/**
 * A rulebook by id.
 *
 * @example
 * ```ts
 * getRulebook("hyperliquid")?.model; // "per-position"
 * ```
 */
export function getRulebook(id: string): Rulebook | undefined {
  return RULEBOOKS.find((r) => r.id === id);
}

/**
 * A per-position rulebook by id (undefined for any other model or an unknown id).
 *
 * @example
 * ```ts
 * perPositionRulebook("hyperliquid")?.shortOptions.kind; // "unsupported"
 * ```
 */
export function perPositionRulebook(id: string): PerPositionRulebook | undefined {
  const r = getRulebook(id);
  return r?.model === "per-position" ? r : undefined;
}

/**
 * A portfolio (scenario) rulebook by id (undefined for any other model or an unknown id).
 *
 * @example
 * ```ts
 * portfolioRulebook("derive-pm2")?.grid.lossFactors; // { im: 1, mm: 0.8 }
 * ```
 */
export function portfolioRulebook(id: string): PortfolioRulebook | undefined {
  const r = getRulebook(id);
  return r?.model === "portfolio" ? r : undefined;
}

/**
 * A Derive-standard rulebook by id (undefined for any other model or an unknown id).
 *
 * @example
 * ```ts
 * deriveStandardRulebook("derive-standard")?.srm.depeg; // { threshold: 0.98, factor: 1.2 }
 * ```
 */
export function deriveStandardRulebook(id: string): DeriveStandardRulebook | undefined {
  const r = getRulebook(id);
  return r?.model === "derive-standard" ? r : undefined;
}

/** A rulebook's metadata and kind: "standard" serves isolated/cross, "portfolio" serves portfolio margin. */
export type RulebookInfo = Pick<Rulebook, keyof RulebookMeta> & { kind: "standard" | "portfolio" };

function infoOf(r: Rulebook): RulebookInfo {
  const { id, venue, name, version, asOf, sources, notes, modes, counterpartId } = r;
  return { id, venue, name, version, asOf, sources, notes, modes, counterpartId, kind: r.model === "portfolio" || r.model === "okx-pm" ? "portfolio" : "standard" };
}

/** Every rulebook's metadata, in {@link RULEBOOKS} order. */
export const RULEBOOK_INFOS: readonly RulebookInfo[] = RULEBOOKS.map(infoOf);

/**
 * A rulebook's metadata by id.
 *
 * @example
 * ```ts
 * rulebookInfo("derive-pm2")?.counterpartId; // "derive-standard"
 * ```
 */
export function rulebookInfo(id: string): RulebookInfo | undefined {
  return RULEBOOK_INFOS.find((r) => r.id === id);
}

/** The kind of rulebook a margin mode needs. */
export function kindForMode(mode: MarginMode): RulebookInfo["kind"] {
  return mode === "portfolio" ? "portfolio" : "standard";
}

/**
 * The mode a venue profile is compared in (venue table, trade ticket, stress across venues):
 * portfolio-margin profiles in portfolio mode, standard ones in cross mode.
 */
export function comparisonModeOf(p: Pick<RulebookInfo, "kind">): "portfolio" | "cross" {
  return p.kind === "portfolio" ? "portfolio" : "cross";
}

/** The rulebooks a mode can use. */
export function profilesForMode(mode: MarginMode): RulebookInfo[] {
  return RULEBOOK_INFOS.filter((r) => r.modes.includes(mode));
}

/**
 * The rulebook id to use for `mode`, given the sub-account's current one: the current one if it
 * serves the mode, else its counterpart if that does, else the default of the mode's kind.
 *
 * @example
 * ```ts
 * profileIdForMode("portfolio", "derive-standard"); // "derive-pm2"
 * profileIdForMode("isolated", "derive-standard");  // "deribit-standard" (Derive standard is cross only)
 * ```
 */
export function profileIdForMode(mode: MarginMode, currentId: string): string {
  const cur = rulebookInfo(currentId);
  if (cur?.modes.includes(mode)) return cur.id;
  const counterpart = cur ? rulebookInfo(cur.counterpartId) : undefined;
  if (counterpart?.modes.includes(mode)) return counterpart.id;
  return kindForMode(mode) === "portfolio" ? DEFAULT_PORTFOLIO_ID : DEFAULT_RULEBOOK_ID;
}
