import type { Underlying } from "../types";
import { instrumentSpec } from "./lookup";
import { formatAtTick } from "./tick";
import type { SpecKind, SpecVenue } from "./types";

/** Decimals of an entry price where the venue publishes no tick for the instrument (cents). */
export const ENTRY_FALLBACK_DECIMALS = 2;

/**
 * An entry price as traders write it: rounded to the instrument's USD tick on the sub-account's
 * venue, or to the cent where the venue publishes no tick or quotes the instrument in coins.
 * Display only: the stored price stays exact.
 *
 * A coin tick (Deribit and OKX option premiums, quoted in BTC/ETH) is not applied to a USD entry:
 * the entry was converted from coins at the index of the trade, which MarginLab does not store, so
 * rounding it at today's index would move a price the trader typed (at an index of $95,000 a
 * $1,150 entry would show as $1,140). `indexUsd` is kept for callers that format a price quoted
 * now (e.g. a mark) with {@link formatAtTick}.
 *
 * @example
 * ```ts
 * entryPriceText({ kind: "option", underlying: "BTC" }, "bybit", 95_000, 1234.56); // "1235" (Bybit BTC option tick $5)
 * entryPriceText({ kind: "option", underlying: "BTC" }, "deribit", 95_000, 1150); // "1150.00" (coin tick: cents)
 * entryPriceText({ kind: "perp", underlying: "BTC" }, "dydx", 95_000, 95_432.278); // "95432.28" (no published tick)
 * ```
 */
export function entryPriceText(instrument: { kind: SpecKind; underlying: Underlying }, venue: SpecVenue | null, indexUsd: number, priceUsd: number): string {
  const tick = venue ? instrumentSpec(venue, instrument.kind, instrument.underlying)?.tick : null;
  if (!tick || (tick.value.kind === "fixed" && tick.value.unit === "coin")) return priceUsd.toFixed(ENTRY_FALLBACK_DECIMALS);
  return formatAtTick(priceUsd, tick.value, indexUsd);
}
