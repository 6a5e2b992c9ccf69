/**
 * Profile harness of the per-position (cross / isolated) compute at 200 and 1,000 positions:
 * prints the median CPU time (process.cpuUsage, the machine is shared) and wall time per
 * `computeSubAccount`, with the load average. Books: e2e/helpers.ts `largeBook(n)` (the browser
 * benchmark's books: Deribit standard, options/perps on BTC/ETH/SOL).
 *
 * Usage: `npx tsx scripts/profile-cross.ts [runs]`, or with a CPU profile:
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/profile-cross.ts`.
 *
 * @packageDocumentation
 */

import os from "node:os";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { SubAccount } from "@/lib/workspace/schema";
import { largeBook } from "../e2e/helpers";

const RUNS = Number(process.argv[2] ?? 9);

/** CPU time (user + system) of this process, in ms. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Median CPU and wall ms of `fn` over `runs` runs after one warm-up. */
function median(fn: () => unknown, runs: number): { cpu: number; wall: number } {
  fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { cpu: mid(cpu), wall: mid(wall) };
}

console.log(
  `load average (1/5/15 min): ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}, ${os.cpus().length} CPUs`,
);
for (const mode of ["cross", "isolated"] as const) {
  for (const n of [200, 1_000]) {
    const sub: SubAccount = { ...largeBook(n), mode };
    const r = computeSubAccount(sub, SAMPLE_SNAPSHOT);
    if (!r.ok) throw new Error(r.error);
    const t = median(() => computeSubAccount(sub, SAMPLE_SNAPSHOT), RUNS);
    console.log(`  deribit-standard ${mode.padEnd(8)} ${String(n).padStart(5)} positions: computeSubAccount CPU ${t.cpu.toFixed(1)} ms median (wall ${t.wall.toFixed(1)} ms) over ${RUNS} runs`);
  }
}
