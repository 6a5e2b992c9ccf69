/**
 * Benchmark of the liquidation-engine replay (lib/risk/replay), prints figures only (no assertions):
 *
 *   npx tsx scripts/bench-replay.ts
 *
 * A 200-position book (lib/workspace/test-books.ts: perps, futures and options on BTC, ETH, SOL,
 * cross, Deribit-style standard, 3.5M USDC added so it starts solvent) replayed along a 7-day hourly path (169 steps):
 *  1. its own mode only (cross), no liquidation on the way (a −5 % drift);
 *  2. its own mode along a +30 % rally over 24 h held 144 h (the short options breach: liquidations);
 *  3. each margin mode alone along that rally, and the full report (the three side by side);
 *  4. issue 15's figure: a 30-day hourly replay (721 steps) in its own mode (standard rulebook), calm and with the rally.
 * Median of a few runs after a warm-up; Node, one thread, the worker's code (the worker adds no maths).
 * The machine's load average is printed beside the figures: on a shared machine they are noisy.
 */
import { loadavg } from "node:os";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { NO_SCENARIO } from "@/lib/market/scenario";
import { getRulebook, profileIdForMode } from "@/lib/margin/venues/catalogue";
import { liquidationProcedureFor } from "@/lib/margin/venues/liquidation-procedures";
import { bookOf } from "@/lib/workspace/test-books";
import { SAMPLE_HISTORY } from "@/lib/risk/history/returns";
import { gapPath } from "@/lib/risk/replay/paths";
import { replay } from "@/lib/risk/replay/replay";
import { replayMode } from "@/lib/risk/replay/simulate";
import { liquidityOf } from "@/lib/risk/replay/slippage";
import { time } from "./bench-timing";

const HOURS = 7 * 24;
/** bookOf(200) with 3,500,000 USDC more collateral: solvent at the start (as built it is already below maintenance). */
const EXTRA_USDC = 3_500_000;
const base200 = bookOf(200);
const sub = { ...base200, collateral: base200.collateral.map((c) => (c.asset === "USDC" ? { ...c, amount: c.amount + EXTRA_USDC } : c)) };
const drift = gapPath(-5, HOURS, 0, 0, "all");
const crash = gapPath(30, 24, 30, HOURS - 24, "all");
const one = (path: typeof drift, mode: typeof sub.mode = sub.mode) => {
  const profileId = profileIdForMode(mode, sub.profileId);
  const r = replayMode({
    sub: { ...sub, mode, profileId },
    rulebook: getRulebook(profileId)!,
    procedure: liquidationProcedureFor(profileId),
    snapshot: SAMPLE_SNAPSHOT,
    base: NO_SCENARIO,
    path,
    liquidity: liquidityOf(1),
  });
  if (!r.ok) throw new Error(r.error);
  return r;
};

const calm = one(drift);
const hit = one(crash);
const tCalm = time(1, () => one(drift));
const tHit = time(1, () => one(crash));
const perMode = (["isolated", "portfolio"] as const).map((mode) => {
  let events = 0;
  const ms = time(1, () => {
    events = one(crash, mode).events.length;
  });
  return { mode, ms, events };
});
const tAll = time(1, () => {
  const r = replay(sub, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, { path: { kind: "gap", movePct: 30, hours: 24, volUpPts: 30, holdHours: HOURS - 24, underlying: "all" } });
  if (typeof r === "string") throw new Error(r);
});
const MONTH = 30 * 24;
const tMonthCalm = time(1, () => one(gapPath(-5, MONTH, 0, 0, "all")));
let monthEvents = 0;
const tMonthHit = time(1, () => {
  monthEvents = one(gapPath(30, 24, 30, MONTH - 24, "all")).events.length;
});
const [l1, l5] = loadavg();
console.log(`Liquidation replay, ${sub.positions.length}-position book (${sub.profileId}, ${sub.mode}), ${HOURS + 1} hourly steps (load ${l1!.toFixed(1)} / ${l5!.toFixed(1)}):`);
console.log(`  own mode, no liquidation (−5 % drift):            ${tCalm.toFixed(0)} ms  (${calm.events.length} events)`);
console.log(`  own mode, +30 % rally over 24 h (liquidations):   ${tHit.toFixed(0)} ms  (${hit.events.length} events)`);
for (const m of perMode) console.log(`  ${m.mode.padEnd(9)} alone along the rally:              ${m.ms.toFixed(0)} ms  (${m.events} events)`);
console.log(`  report: isolated / cross / portfolio side by side: ${tAll.toFixed(0)} ms`);
console.log(`  30 days hourly (${MONTH + 1} steps), own mode, no liquidation: ${tMonthCalm.toFixed(0)} ms; with the rally: ${tMonthHit.toFixed(0)} ms (${monthEvents} events)`);
