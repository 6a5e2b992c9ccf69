/**
 * Benchmark of the cross-venue overview (prints figures only; no assertions).
 *
 *   npx tsx scripts/bench-venues.ts
 *
 * A workspace of 5 venues × 200 positions (Deribit-style PM, Aevo, Bybit, Derive standard with
 * e2e/helpers.ts-style option books; Hyperliquid with 200 perps), on the sample snapshot. Figures:
 *  1. the cross-venue view cold (every silo scanned);
 *  2. the cross-venue view after an edit of one position (one silo rescanned, the others memoised)
 *     — what the overview recomputes on an edit;
 *  3. the collateral allocation after that edit (the bisection and the model check of the plan);
 *  median and p95 over the runs, in ms, on this machine's Node (the browser worker runs the same code).
 */
import { loadavg } from "node:os";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { accountProfile, crossVenue, positionPnl, uncreditedHedges, unifiedComparison } from "@/lib/margin/analyses/cross-venue";
import { allocateCollateral } from "@/lib/margin/analyses/cross-venue-allocation";

const N = 200;
const RUNS = 15;

function book(id: string, profileId: string, mode: SubAccount["mode"], perpsOnly: boolean, usdc: number): SubAccount {
  const positions = Array.from({ length: N }, (_, i): Position => {
    const u = (["BTC", "ETH", "SOL"] as const)[i % 3]!;
    const m = SAMPLE_SNAPSHOT.underlyings[u];
    const e = m.expiries[i % m.expiries.length]!;
    if (perpsOnly || i % 5 === 0) return { id: `${id}-p${i}`, kind: "perp", underlying: u, size: (i % 2 ? -1 : 1) * (1 + (i % 7)) * (u === "BTC" ? 0.05 : u === "ETH" ? 1 : 20), entryPrice: m.spot };
    const k = e.strikes[(i * 7) % e.strikes.length]!;
    return { id: `${id}-p${i}`, kind: "option", underlying: u, expiry: e.id, strike: k, optionType: i % 2 ? "call" : "put", size: (i % 3 ? -1 : 1) * (1 + (i % 4)), entryPrice: 10 };
  });
  return { id, name: id, mode, profileId, collateral: [{ asset: "USDC", amount: usdc }], positions };
}

const workspace: SubAccount[] = [
  book("deribit", "deribit-style-pm", "portfolio", false, 5_000_000),
  book("aevo", "aevo-standard", "cross", false, 5_000_000),
  book("bybit", "bybit-cross", "cross", false, 5_000_000),
  book("derive", "derive-standard", "cross", false, 5_000_000),
  book("hyperliquid", "hyperliquid", "cross", true, 25_000),
];

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(0).padStart(5)} ms   p95 ${q(0.95).toFixed(0).padStart(5)} ms`;
}

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const cold = time(() => crossVenue(workspace, SAMPLE_SNAPSHOT));
const first = crossVenue(workspace, SAMPLE_SNAPSHOT);
const edits: number[] = [];
const allocs: number[] = [];
const parts = { rescan: [] as number[], unified: [] as number[], hedges: [] as number[] };
let subs = workspace;
for (let r = 0; r < RUNS; r++) {
  // edit one position's size in one silo (rotating), as typing in the positions table does
  const k = r % subs.length;
  subs = subs.map((s, i) => (i === k ? { ...s, positions: s.positions.map((p, j) => (j === 0 ? { ...p, size: p.size * (1 + 0.01 * (r + 1)) } : p)) } : s));
  const edited = subs[k]!;
  parts.rescan.push(time(() => accountProfile(edited, SAMPLE_SNAPSHOT)));
  const profiles = subs.map((x) => accountProfile(x, SAMPLE_SNAPSHOT));
  parts.unified.push(
    time(() =>
      unifiedComparison(
        subs,
        profiles.map((p) => p.account),
        SAMPLE_SNAPSHOT,
      ),
    ),
  );
  parts.hedges.push(time(() => uncreditedHedges(profiles.map((p, i) => ({ account: p.account, pnl: positionPnl(subs[i]!, SAMPLE_SNAPSHOT) })))));
  // the whole view on the same inputs (parts above are memoised now: this one is timed on a fresh edit below)
  const again = subs.map((s, i) => (i === k ? { ...s, positions: s.positions.map((p, j) => (j === 1 ? { ...p, size: p.size * 1.001 } : p)) } : s));
  edits.push(time(() => crossVenue(again, SAMPLE_SNAPSHOT)));
  subs = again;
  allocs.push(time(() => allocateCollateral(subs, SAMPLE_SNAPSHOT)));
}
const alloc = allocateCollateral(subs, SAMPLE_SNAPSHOT);
console.log(`Cross-venue overview: ${workspace.length} venues × ${N} positions (sample snapshot; load average ${loadavg()[0]!.toFixed(1)})`);
console.log(`  cold (every silo scanned)            ${cold.toFixed(0).padStart(5)} ms`);
console.log(`  after an edit of one position         ${stats(edits)}`);
console.log(`    of which: rescan of the edited silo  ${stats(parts.rescan)}`);
console.log(`              pooled unified (2 PM)    ${stats(parts.unified)}`);
console.log(`              uncredited hedges        ${stats(parts.hedges)}`);
console.log(`  collateral allocation after the edit  ${stats(allocs)}`);
console.log(`  ${first.unified.sentence}`);
console.log(`  ${alloc.transfers.length} transfer(s); smallest distance ${alloc.beforeMinDistancePct?.toFixed(1) ?? "none"} % → ${alloc.afterMinDistancePct?.toFixed(1) ?? "none"} %`);
