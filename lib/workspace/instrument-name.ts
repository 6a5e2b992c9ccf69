import type { Position } from "./schema";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/**
 * Venue-style instrument name of a position.
 *
 * @example
 * ```ts
 * instrumentName({ kind: "option", underlying: "BTC", expiry: "2026-11-27", strike: 100000, optionType: "call", … }); // "BTC-27NOV26-100000-C"
 * ```
 */
export function instrumentName(p: Position): string {
  if (p.kind === "perp") return `${p.underlying}-PERP`;
  const [y, m, d] = p.expiry.split("-");
  const exp = y && m && d ? `${Number(d)}${MONTHS[Number(m) - 1] ?? m}${y.slice(2)}` : p.expiry;
  if (p.kind === "future") return `${p.underlying}-${exp}`;
  return `${p.underlying}-${exp}-${p.strike}-${p.optionType === "call" ? "C" : "P"}`;
}
