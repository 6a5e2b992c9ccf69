/**
 * Benchmark of the trade ticket's engine work (prints figures only; no assertions).
 *
 *   ./node_modules/.bin/tsx scripts/bench-ticket.ts
 *
 *  1. the option chain of an underlying with 10 expiries × 80 strikes (1,600 option valuations with
 *     deltas, plus the perp and futures): the one worker batch the ticket asks for when it opens;
 *  2. the trade impact of two staged legs on a 200-position sub-account under its own rulebook
 *     (before/after with liquidation distances, pass/fail): what the ticket shows first after a
 *     size change (the margin worker);
 *  3. the extras of that impact (a line per venue profile and the largest-size bisection), which the
 *     analysis worker computes meanwhile and the ticket shows when they arrive.
 * Median and p95 over the runs, in ms, on this machine's Node (the browser worker runs the same code).
 * Rendering the chain table is React work on the main thread: scripts/bench-chain-browser.ts.
 * The machine's load average is printed with the figures (shared machines make them noisy).
 */
import { loadavg } from "node:os";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { NewPosition } from "@/lib/workspace/schema";
import { bookOf } from "@/lib/workspace/test-books";
import { optionChain, tradeImpact, tradeImpactExtras } from "@/lib/margin/analyses/trade-impact";
import { wideChainSnapshot } from "./wide-chain-snapshot";

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

const wide = wideChainSnapshot();
console.log(
  `load average (1, 5, 15 min): ${loadavg()
    .map((x) => x.toFixed(2))
    .join(", ")}`,
);
const chain = optionChain(wide, "BTC");
console.log(`chain: ${chain.expiries.length} expiries × ${chain.expiries[0]!.rows.length} strikes — ${stats(time(() => optionChain(wide, "BTC")))}`);

const sub = bookOf(200);
const legs: NewPosition[] = [
  { kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 90_000, optionType: "put", size: -2, entryPrice: 1 },
  { kind: "perp", underlying: "BTC", size: 0.5, entryPrice: 1 },
];
console.log(`trade impact (200 positions, ${sub.mode}, own rulebook: with − without, liquidation) — ${stats(time(() => tradeImpact(sub, legs, SAMPLE_SNAPSHOT)))}`);
console.log(`trade impact extras (200 positions: every venue line + largest size) — ${stats(time(() => tradeImpactExtras(sub, legs, SAMPLE_SNAPSHOT)))}`);
