import type { ExpirySlice, MarketSnapshot, Underlying } from "./types";

const MS_PER_YEAR = 365 * 24 * 3600 * 1000;

/** Most distinct ISO strings kept parsed (snapshot times and expiries: a few hundred at most). */
const PARSED_LIMIT = 4096;
const parsed = new Map<string, number>();

/** `Date.parse`, remembered: the engine asks for the same few instants millions of times. */
function parseIso(iso: string): number {
  let t = parsed.get(iso);
  if (t === undefined) {
    t = Date.parse(iso);
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(iso, t);
  }
  return t;
}

/** Year fraction (365-day year) from the snapshot time to an ISO instant; negative when past. */
export function yearsBetween(fromIso: string, toIso: string): number {
  return (parseIso(toIso) - parseIso(fromIso)) / MS_PER_YEAR;
}

/** The listed expiry of an underlying, or undefined. */
export function findExpiry(snapshot: MarketSnapshot, underlying: Underlying, expiryId: string): ExpirySlice | undefined {
  return snapshot.underlyings[underlying].expiries.find((e) => e.id === expiryId);
}
