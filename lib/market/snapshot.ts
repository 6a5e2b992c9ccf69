import type { ExpirySlice, MarketSnapshot, Underlying } from "./types";

const MS_PER_YEAR = 365 * 24 * 3600 * 1000;

/** Year fraction (365-day year) from the snapshot time to an ISO instant; negative when past. */
export function yearsBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / MS_PER_YEAR;
}

/** The listed expiry of an underlying, or undefined. */
export function findExpiry(snapshot: MarketSnapshot, underlying: Underlying, expiryId: string): ExpirySlice | undefined {
  return snapshot.underlyings[underlying].expiries.find((e) => e.id === expiryId);
}
