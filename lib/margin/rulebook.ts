/**
 * A rulebook is one venue's margin rules for one kind of account, as plain data: the parameters of
 * one margin model, never a code path. Every rulebook carries the same metadata block (venue,
 * version, as-of date, sources, named assumptions, the modes it serves and its counterpart) and a
 * `model` discriminant that says which engine reads it:
 *
 * - `"per-position"`: each position margined on its own by rule families (lib/margin/rules),
 *   collateral by haircut models — isolated and cross margin (Deribit-style, Aevo, Bybit,
 *   Hyperliquid, dYdX);
 * - `"portfolio"`: the scenario engine (lib/margin/models/pm) on a grid of parameters — portfolio
 *   margin (Deribit-style PM, Derive PM2);
 * - `"derive-standard"`: Derive's standard manager with per-expiry max-loss netting
 *   (lib/margin/models/srm) — cross margin;
 * - `"okx-pm"`: OKX portfolio margin, MMR = max(max(MR1, MR2, MR6) + MR3 + MR4 + MR5 + MR9, MR7)
 *   per risk unit (lib/margin/models/okx-pm), its spot/vol and extreme-move scenarios run by the
 *   scenario engine — portfolio margin.
 *
 * The values live in one file per venue under lib/margin/venues/; the catalogue
 * (lib/margin/venues/catalogue.ts) lists them all.
 *
 * @packageDocumentation
 */

import type { CollateralAsset, Underlying } from "@/lib/market/types";
import type { MarginMode } from "@/lib/workspace/schema";
import type { HaircutModel } from "@/lib/margin/collateral/haircuts";
import type { LinearRule } from "@/lib/margin/rules/linear";
import type { ShortOptionRule } from "@/lib/margin/rules/short-options";
import type { PmParams } from "@/lib/margin/models/pm/types";
import type { SrmParams } from "@/lib/margin/models/srm/params";
import type { OkxPmParams } from "@/lib/margin/models/okx-pm/params";

/** What every rulebook says about itself (shown in the UI beside its numbers). */
export interface RulebookMeta {
  /** stable identifier, stored in sub-accounts and share links (e.g. "deribit-standard") */
  id: string;
  /** the venue whose rules these are (e.g. "Deribit") */
  venue: string;
  /** display name (e.g. "Deribit-style standard") */
  name: string;
  version: string;
  /** date the parameters were checked against their sources (ISO date) */
  asOf: string;
  /** where the method and the numbers come from (addresses and citations) */
  sources: string[];
  /** every assumption MarginLab makes where the sources say nothing, named */
  notes: string[];
  /** the margin modes this rulebook serves */
  modes: MarginMode[];
  /**
   * the same venue's rulebook for the other kind (standard ↔ portfolio): what a mode switch moves
   * to. A venue without one names the default of the other kind.
   */
  counterpartId: string;
}

/** Isolated / cross margin position by position: rule families per instrument, haircuts per collateral. */
export interface PerPositionRulebook extends RulebookMeta {
  model: "per-position";
  /** perps and dated futures, per underlying */
  linear: Record<Underlying, LinearRule>;
  /** short options (long options need no margin: premium paid up front) */
  shortOptions: ShortOptionRule;
  /** collateral haircut model per asset */
  haircuts: Record<CollateralAsset, HaircutModel>;
  /** which instrument kinds the venue lists (perps always) */
  lists: { futures: boolean; options: boolean };
  /**
   * The maintenance an isolated perp/future is liquidated against, i.e. the venue's liquidation
   * convention: `"current-value"` (default) — the rule at the current price, so the position is
   * liquidated where allocation + P&L = MM(price); `"entry-value"` — the rule at the entry price,
   * as Bybit's published isolated liquidation-price formula does (LP = entry ∓ (IM − MM)/qty with
   * both on the entry value). Options always use the current value.
   */
  isolatedMaintenanceOn?: "current-value" | "entry-value";
  /**
   * A unified maintenance-margin account (Binance portfolio margin): no initial margin of its own;
   * the venue acts on uniMMR = equity / Σ maintenance margin. MarginLab's requirements are then
   * IM = `reduceOnlyAt` × Σ MM (below it new orders are refused) and MM = `liquidationAt` × Σ MM
   * (at or below it the account is liquidated); each position's IM from its rule is not used.
   */
  uniMmrBands?: { reduceOnlyAt: number; liquidationAt: number };
  /**
   * Which requirement the collateral haircuts count against: `"both"` (default) — equity after
   * haircuts is compared with IM and MM; `"initial"` — haircuts apply to the initial-margin side
   * only (Deribit's Cross-collateral specifications): the IM check uses the equity after haircuts,
   * the MM check and the liquidation price the equity at market value.
   */
  haircutAppliesTo?: "both" | "initial";
}

/** Portfolio (scenario) margin: the scenario engine's parameters. */
export interface PortfolioRulebook extends RulebookMeta {
  model: "portfolio";
  /** scenario grid, shocks, loss factors and contingencies (lib/margin/models/pm/types.ts) */
  grid: PmParams;
  /** id of the per-position rulebook whose collateral haircuts apply in portfolio mode */
  haircutsFrom: string;
}

/** Derive's standard manager (cross, per-expiry max-loss netting of options). */
export interface DeriveStandardRulebook extends RulebookMeta {
  model: "derive-standard";
  /** lib/margin/models/srm/params.ts */
  srm: SrmParams;
}

/** OKX portfolio margin: MR1–MR9 per risk unit (lib/margin/models/okx-pm). */
export interface OkxPmRulebook extends RulebookMeta {
  model: "okx-pm";
  /** MR1/MR6 scenario sizes, MR2–MR9 rates, MR7 tiers, IMR/MMR ratio (lib/margin/models/okx-pm/params.ts) */
  okx: OkxPmParams;
  /** id of the per-position rulebook whose collateral haircuts value the collateral */
  haircutsFrom: string;
}

/**
 * Any venue rulebook.
 *
 * @example
 * ```ts
 * function shortOptionRuleOf(r: Rulebook) {
 *   return r.model === "per-position" ? r.shortOptions : null; // DERIBIT_STANDARD → { kind: "deribit-family", … }
 * }
 * ```
 */
export type Rulebook = PerPositionRulebook | PortfolioRulebook | DeriveStandardRulebook | OkxPmRulebook;
