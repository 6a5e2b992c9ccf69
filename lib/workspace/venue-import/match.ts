import { UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import { findExpiry } from "@/lib/market/snapshot";
import type { ParsedInstrument } from "./instrument-names";

/** An instrument the snapshot lists, as MarginLab positions name it (no size, no price). */
export type SnapshotInstrument =
  { kind: "perp"; underlying: Underlying } | { kind: "future"; underlying: Underlying; expiry: string } | { kind: "option"; underlying: Underlying; expiry: string; strike: number; optionType: "call" | "put" };

export type MatchResult = { ok: true; instrument: SnapshotInstrument } | { ok: false; reason: string };

/** Strikes are compared with this relative tolerance (a listed 0.5 strike equals "0d5"). */
const STRIKE_REL_TOL = 1e-9;

/**
 * Maps a parsed venue instrument to the snapshot's instruments, or says why it cannot: an
 * underlying MarginLab does not margin, an expiry already past at the snapshot's time, an expiry
 * or a strike the snapshot does not list.
 *
 * @example
 * ```ts
 * matchInstrument({ kind: "option", base: "BTC", expiry: "2026-12-25", strike: 100000, optionType: "call", settlement: "linear" }, SAMPLE_SNAPSHOT);
 * // { ok: true, instrument: { kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 100000, optionType: "call" } }
 * ```
 */
export function matchInstrument(p: ParsedInstrument, snapshot: MarketSnapshot): MatchResult {
  const underlying = UNDERLYINGS.find((u) => u === p.base);
  if (!underlying) return { ok: false, reason: `${p.base} is not an underlying MarginLab margins (${UNDERLYINGS.join(", ")})` };
  if (p.kind === "perp") return { ok: true, instrument: { kind: "perp", underlying } };
  const expiresAt = Date.parse(`${p.expiry}T08:00:00.000Z`);
  if (expiresAt <= Date.parse(snapshot.asOf)) return { ok: false, reason: `expired: ${p.expiry} 08:00 UTC is before the market snapshot (${snapshot.asOf.slice(0, 16).replace("T", " ")} UTC)` };
  const slice = findExpiry(snapshot, underlying, p.expiry);
  if (!slice) {
    const listed = snapshot.underlyings[underlying].expiries.map((e) => e.id).join(", ");
    return { ok: false, reason: `the market snapshot lists no ${underlying} expiry ${p.expiry} (listed: ${listed})` };
  }
  if (p.kind === "future") return { ok: true, instrument: { kind: "future", underlying, expiry: p.expiry } };
  const strike = slice.strikes.find((k) => Math.abs(k - p.strike) <= STRIKE_REL_TOL * k);
  if (strike === undefined) {
    const lo = slice.strikes[0]!;
    const hi = slice.strikes[slice.strikes.length - 1]!;
    return { ok: false, reason: `the market snapshot lists no ${underlying} ${p.expiry} strike ${p.strike} (listed ${lo}…${hi})` };
  }
  return { ok: true, instrument: { kind: "option", underlying, expiry: p.expiry, strike, optionType: p.optionType } };
}

/** A key that is equal for the same instrument, e.g. "option|BTC|2026-12-25|100000|call". */
export function instrumentKey(i: SnapshotInstrument): string {
  if (i.kind === "perp") return `perp|${i.underlying}`;
  if (i.kind === "future") return `future|${i.underlying}|${i.expiry}`;
  return `option|${i.underlying}|${i.expiry}|${i.strike}|${i.optionType}`;
}
