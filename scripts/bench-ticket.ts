/**
 * Benchmark of the trade ticket's engine work (prints figures only; no assertions).
 *
 *   npx tsx scripts/bench-ticket.ts
 *
 *  1. the option chain of an underlying with 10 expiries × 80 strikes (1,600 option valuations with
 *     deltas, plus the perp and futures): the one worker batch the ticket asks for when it opens;
 *  2. the trade impact of two staged legs on a 200-position sub-account under its own rulebook
 *     (before/after with liquidation distances, pass/fail): what the ticket shows first after a
 *     size change (the margin worker);
 *  3. the extras of that impact (a line per venue profile and the largest-size bisection), which the
 *     analysis worker computes meanwhile and the ticket shows when they arrive.
 * Median and p95 over the runs, in ms, on this machine's Node (the browser worker runs the same code).
 * Rendering the chain table is React work on the main thread and is not measured here.
 */
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { MarketSnapshot } from "@/lib/market/types";
import type { NewPosition } from "@/lib/workspace/schema";
import { bookOf } from "@/lib/workspace/test-books";
import { optionChain, tradeImpact, tradeImpactExtras } from "@/lib/margin/analyses/trade-impact";

const RUNS = 15;

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms`;
}
function time(fn: () => unknown): number[] {
  fn(); // warm-up
  return Array.from({ length: RUNS }, () => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  });
}

/** The sample's BTC with 10 expiries of 80 strikes each (the sample's SVI slices, repeated further out). */
function wideSnapshot(): MarketSnapshot {
  const btc = SAMPLE_SNAPSHOT.underlyings.BTC;
  const expiries = Array.from({ length: 10 }, (_, i) => {
    const base = btc.expiries[Math.min(i, btc.expiries.length - 1)]!;
    const d = new Date(Date.parse(base.expiryIso) + Math.max(0, i - btc.expiries.length + 1) * 30 * 86_400_000);
    const id = d.toISOString().slice(0, 10);
    const strikes = Array.from({ length: 80 }, (_, k) => 55_000 + k * 1_000);
    return { ...base, id, expiryIso: `${id}T08:00:00.000Z`, strikes };
  });
  return { ...SAMPLE_SNAPSHOT, id: "bench-wide", underlyings: { ...SAMPLE_SNAPSHOT.underlyings, BTC: { ...btc, expiries } } };
}

const wide = wideSnapshot();
const chain = optionChain(wide, "BTC");
console.log(`chain: ${chain.expiries.length} expiries × ${chain.expiries[0]!.rows.length} strikes — ${stats(time(() => optionChain(wide, "BTC")))}`);

const sub = bookOf(200);
const legs: NewPosition[] = [
  { kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 90_000, optionType: "put", size: -2, entryPrice: 1 },
  { kind: "perp", underlying: "BTC", size: 0.5, entryPrice: 1 },
];
console.log(`trade impact (200 positions, ${sub.mode}, own rulebook: with − without, liquidation) — ${stats(time(() => tradeImpact(sub, legs, SAMPLE_SNAPSHOT)))}`);
console.log(`trade impact extras (200 positions: every venue line + largest size) — ${stats(time(() => tradeImpactExtras(sub, legs, SAMPLE_SNAPSHOT)))}`);
