import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import { instrumentName } from "./instrument-name";
import type { NewPosition, Workspace } from "./schema";

/**
 * The expiries an imported position may name: those the market snapshot in use lists, per
 * underlying, and the snapshot's date. A position on any other expiry could never be priced (its
 * row would wait for figures forever), so imports refuse it, row by row.
 */
export interface ListedExpiries {
  /** the snapshot's date, YYYY-MM-DD */
  asOfDate: string;
  byUnderlying: Record<Underlying, readonly string[]>;
}

/** @example listedExpiriesOf(SAMPLE_SNAPSHOT).byUnderlying.BTC[0] // "2026-11-21" */
export function listedExpiriesOf(snapshot: MarketSnapshot): ListedExpiries {
  return {
    asOfDate: snapshot.asOf.slice(0, 10),
    byUnderlying: { BTC: snapshot.underlyings.BTC.expiries.map((e) => e.id), ETH: snapshot.underlyings.ETH.expiries.map((e) => e.id), SOL: snapshot.underlyings.SOL.expiries.map((e) => e.id) },
  };
}

const MS_PER_DAY = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;

/** The (up to) two listed expiries closest in time to `expiry`, in date order. */
export function nearestListed(expiry: string, listed: readonly string[]): string[] {
  const target = dayNumber(expiry);
  if (!Number.isFinite(target)) return listed.slice(0, 2);
  return [...listed]
    .sort((a, b) => Math.abs(dayNumber(a) - target) - Math.abs(dayNumber(b) - target) || a.localeCompare(b))
    .slice(0, 2)
    .sort();
}

/**
 * Why a position's expiry cannot be imported, or null when it is listed (perps have none).
 * @example expiryProblem({ kind: "future", underlying: "BTC", expiry: "2026-12-20", … }, listed)
 * // "expiry 2026-12-20 is not listed for BTC in the market data of 2026-11-20; nearest listed: 2026-12-04, 2026-12-25"
 */
export function expiryProblem(p: Pick<NewPosition, "kind" | "underlying"> & { expiry?: string }, listed: ListedExpiries): string | null {
  if (p.kind === "perp" || p.expiry === undefined) return null;
  const ids = listed.byUnderlying[p.underlying];
  if (ids.includes(p.expiry)) return null;
  const nearest = nearestListed(p.expiry, ids);
  const hint = nearest.length ? `; nearest listed: ${nearest.join(", ")}` : "";
  if (p.expiry < listed.asOfDate) return `expiry ${p.expiry} is in the past (market data of ${listed.asOfDate})${hint}`;
  return `expiry ${p.expiry} is not listed for ${p.underlying} in the market data of ${listed.asOfDate}${hint}`;
}

/** Every position of a workspace on an unlisted or past expiry, one line each, naming its sub-account. */
export function unlistedExpiryLines(workspace: Workspace, listed: ListedExpiries): string[] {
  const lines: string[] = [];
  for (const sub of workspace.subAccounts)
    sub.positions.forEach((p, i) => {
      const problem = expiryProblem(p, listed);
      if (problem) lines.push(`Sub-account "${sub.name}", position ${i + 1} (${instrumentName(p)}): ${problem}`);
    });
  return lines;
}
