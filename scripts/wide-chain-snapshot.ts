import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { marketSnapshotSchema, type MarketSnapshot } from "@/lib/market/types";

/** Expiries and strikes of the wide BTC chain the trade-ticket benches use (issue 13: 10 × 80). */
export const WIDE_EXPIRIES = 10;
export const WIDE_STRIKES = 80;

/**
 * The sample snapshot with BTC widened to 10 expiries of 80 strikes each (55,000 … 134,000): the
 * sample's seven SVI slices, the last one repeated 30, 60 and 90 days further out. Shared by
 * scripts/bench-ticket.ts (the worker's chain batch in Node) and scripts/bench-chain-browser.ts
 * (the chain rendered in the browser, the snapshot pinned in localStorage). Validated with the
 * app's own snapshot schema, so the browser accepts it.
 */
export function wideChainSnapshot(): MarketSnapshot {
  const btc = SAMPLE_SNAPSHOT.underlyings.BTC;
  const expiries = Array.from({ length: WIDE_EXPIRIES }, (_, i) => {
    const base = btc.expiries[Math.min(i, btc.expiries.length - 1)]!;
    const d = new Date(Date.parse(base.expiryIso) + Math.max(0, i - btc.expiries.length + 1) * 30 * 86_400_000);
    const id = d.toISOString().slice(0, 10);
    const strikes = Array.from({ length: WIDE_STRIKES }, (_, k) => 55_000 + k * 1_000);
    return { ...base, id, expiryIso: `${id}T08:00:00.000Z`, strikes };
  });
  return marketSnapshotSchema.parse({ ...SAMPLE_SNAPSHOT, id: "bench-wide", underlyings: { ...SAMPLE_SNAPSHOT.underlyings, BTC: { ...btc, expiries } } });
}
