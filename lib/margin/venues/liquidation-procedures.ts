import { BYBIT_LIQUIDATION } from "./bybit-liquidation";
import { DERIBIT_LIQUIDATION } from "./deribit-liquidation";
import { DERIVE_LIQUIDATION } from "./derive-liquidation";
import { DYDX_LIQUIDATION } from "./dydx-liquidation";
import { HYPERLIQUID_LIQUIDATION } from "./hyperliquid-liquidation";
import type { LiquidationProcedure } from "./liquidation-procedure-types";
import { OKX_LIQUIDATION } from "./okx-liquidation";

/**
 * The liquidation procedure of each rulebook, by rulebook id. Rulebooks not listed (Aevo, Binance
 * portfolio margin, Bybit portfolio margin: no procedure sourced) have none: the replay then uses {@link FALLBACK_LIQUIDATION}.
 */
export const LIQUIDATION_PROCEDURES: Readonly<Record<string, LiquidationProcedure>> = {
  "deribit-standard": DERIBIT_LIQUIDATION,
  "deribit-style-pm": DERIBIT_LIQUIDATION,
  hyperliquid: HYPERLIQUID_LIQUIDATION,
  "bybit-cross": BYBIT_LIQUIDATION,
  dydx: DYDX_LIQUIDATION,
  "derive-standard": DERIVE_LIQUIDATION,
  "derive-pm2": DERIVE_LIQUIDATION,
  "okx-pm": OKX_LIQUIDATION,
};

/** For rulebooks without a sourced procedure: a full close at the slippage assumption, no fee — every part an assumption. */
export const FALLBACK_LIQUIDATION: LiquidationProcedure = {
  id: "fallback-full-close",
  venue: "—",
  name: "Full close (no sourced procedure)",
  asOf: "2026-11-28",
  summary: "No liquidation procedure was sourced for this venue: MarginLab closes every position at once, with no fee.",
  kind: "full-close",
  maxPenaltyRate: 0,
  sources: [],
  assumptions: ["ASSUMPTION: no published liquidation procedure was read for this venue; the full close with no penalty is MarginLab's placeholder, not the venue's rule."],
};

/**
 * The procedure of a rulebook (the fallback when none is sourced).
 *
 * @example
 * ```ts
 * liquidationProcedureFor("hyperliquid").kind; // "partial-then-full"
 * liquidationProcedureFor("aevo-standard").id; // "fallback-full-close"
 * ```
 */
export function liquidationProcedureFor(rulebookId: string): LiquidationProcedure {
  return LIQUIDATION_PROCEDURES[rulebookId] ?? FALLBACK_LIQUIDATION;
}
