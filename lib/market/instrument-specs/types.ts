import type { Underlying } from "../types";

/**
 * Instrument specifications of a venue: the price increment (tick), the smallest order, the size
 * step, and the largest order and position, per instrument kind and underlying.
 *
 * Conventions:
 * - Sizes are in coins of the underlying (MarginLab's unit). A venue that states a size in USD
 *   (Deribit's inverse contracts) says so with `unit: "usd"`; it is turned into coins at the
 *   snapshot's index price when a size is checked.
 * - A tick is in USD (`unit: "usd"`) or in coins of the underlying (`unit: "coin"`, e.g. Deribit
 *   and OKX option premiums). MarginLab's snapshot prices are in USD, so a coin tick is converted
 *   at the displayed index price before a USD price is rounded to it.
 * - Every value carries the URL it came from. A value we could not verify is labelled with
 *   `assumption` (shown in the UI as "ASSUMPTION: …"); a field that is `null` was not found in any
 *   published source and is not checked.
 *
 * @packageDocumentation
 */

export const SPEC_VENUES = ["deribit", "okx", "bybit", "aevo", "hyperliquid", "dydx", "derive", "binance"] as const;
export type SpecVenue = (typeof SPEC_VENUES)[number];

export type SpecKind = "option" | "perp" | "future";

/** A published value with the page it came from; `assumption` says what we could not verify. */
export interface Sourced<T> {
  value: T;
  /** the URL of the page the value is read from */
  source: string;
  /** set when the value is not verified as current or is inferred (shown as "ASSUMPTION: …") */
  assumption?: string;
}

/** A size limit or step, in coins or (inverse contracts) in USD. */
export interface SizeValue {
  amount: number;
  unit: "coin" | "usd";
}

/**
 * A price increment. `fixed`: a tick per price band (`steps[i]` applies above `steps[i].abovePrice`,
 * the first band from 0). `significant`: Hyperliquid's rule (at most `sigFigs` significant figures
 * and `maxDecimals` decimals; an integer price is always valid).
 */
export type TickRule = { kind: "fixed"; unit: "usd" | "coin"; steps: readonly { abovePrice: number; tick: number }[] } | { kind: "significant"; sigFigs: number; maxDecimals: number };

/** One venue's specification of one instrument kind on one underlying. */
export interface InstrumentSpec {
  venue: SpecVenue;
  kind: SpecKind;
  underlying: Underlying;
  tick: Sourced<TickRule> | null;
  minSize: Sourced<SizeValue> | null;
  sizeStep: Sourced<SizeValue> | null;
  maxOrder: Sourced<SizeValue> | null;
  maxPosition: Sourced<SizeValue> | null;
}

/** The display names of the venues (as the rulebooks name them). */
export const SPEC_VENUE_NAMES: Record<SpecVenue, string> = {
  deribit: "Deribit",
  okx: "OKX",
  bybit: "Bybit",
  aevo: "Aevo",
  hyperliquid: "Hyperliquid",
  dydx: "dYdX",
  derive: "Derive",
  binance: "Binance",
};
