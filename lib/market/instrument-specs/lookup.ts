import type { Underlying } from "../types";
import { AEVO_SPECS } from "./aevo";
import { BINANCE_SPECS } from "./binance";
import { BYBIT_SPECS } from "./bybit";
import { DERIBIT_SPECS } from "./deribit";
import { DERIVE_SPECS } from "./derive";
import { DYDX_SPECS } from "./dydx";
import { HYPERLIQUID_SPECS } from "./hyperliquid";
import { OKX_SPECS } from "./okx";
import { SPEC_VENUE_NAMES, SPEC_VENUES, type InstrumentSpec, type SpecKind, type SpecVenue } from "./types";

/**
 * Every venue's instrument specifications (one file per venue in this folder; each value with its
 * source URL). A venue, kind and underlying with no entry has no published specification we could
 * find: sizes there are checked only against MarginLab's own limit.
 */
export const INSTRUMENT_SPECS: readonly InstrumentSpec[] = [...DERIBIT_SPECS, ...OKX_SPECS, ...BYBIT_SPECS, ...AEVO_SPECS, ...HYPERLIQUID_SPECS, ...DYDX_SPECS, ...DERIVE_SPECS, ...BINANCE_SPECS];

/**
 * The specification of one venue's instrument kind on one underlying, or null when none is published.
 *
 * @example
 * ```ts
 * instrumentSpec("bybit", "option", "BTC")?.maxOrder?.value; // { amount: 100, unit: "coin" }
 * ```
 */
export function instrumentSpec(venue: SpecVenue, kind: SpecKind, underlying: Underlying): InstrumentSpec | null {
  return INSTRUMENT_SPECS.find((s) => s.venue === venue && s.kind === kind && s.underlying === underlying) ?? null;
}

/**
 * The spec venue of a rulebook's venue name ("Deribit" → "deribit"), or null for a name that is
 * not one of the eight venues.
 *
 * @example
 * ```ts
 * specVenueOf("dYdX"); // "dydx"
 * ```
 */
export function specVenueOf(venueName: string): SpecVenue | null {
  return SPEC_VENUES.find((v) => SPEC_VENUE_NAMES[v].toLowerCase() === venueName.trim().toLowerCase()) ?? null;
}
