/**
 * Profile harness of the three comparison analyses (mode comparison, venue table, offsets and
 * attribution) at 200 and 1,000 positions: prints the CPU time (process.cpuUsage, the machine is
 * shared) and wall time per call, per rulebook inside the venue table, with the load average.
 * Books: e2e/helpers.ts `largeBook(n)` (the browser benchmark's books) under Deribit standard
 * cross, Derive PM2 and the Deribit-style PM portfolio.
 *
 * Then, per book, "after an edit": the three analyses on a warm engine (as the analysis worker runs
 * them, the sub-account a fresh copy each time as a message would make it) after each of five BTC
 * what-if steps — the per-underlying caches (lib/market/scenario.ts, pm/from-sub-account.ts,
 * derive-standard.ts, per-position.ts) keep what the edit did not move.
 *
 * Usage: `npx tsx scripts/profile-analyses.ts [runs] [sizes…]`, or with a CPU profile:
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/profile-analyses.ts 1 1000`.
 *
 * @packageDocumentation
 */

import os from "node:os";
import { compareModes } from "@/lib/margin/analyses/mode-comparison";
import { offsetSavings } from "@/lib/margin/analyses/offsets";
import { compareVenues } from "@/lib/margin/analyses/venue-comparison";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { NO_SCENARIO, withSpotFactor } from "@/lib/market/scenario";
import type { SubAccount } from "@/lib/workspace/schema";
import { largeBook } from "../e2e/helpers";

const RUNS = Number(process.argv[2] ?? 3);
const SIZES = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [200, 1_000];

/** CPU time (user + system) of this process, in ms. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Median CPU and wall ms of `fn` over `runs` runs (the first run included: the app has no warm-up either). */
function measure(fn: () => unknown, runs: number): { cpu: number; wall: number; first: number } {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  const first = cpu[0] as number;
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { cpu: mid(cpu), wall: mid(wall), first };
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(`load average (1/5/15 min): ${load()}, ${os.cpus().length} CPUs; ${RUNS} runs each, median CPU (first run CPU)`);

const BOOKS: { label: string; of: (n: number) => SubAccount }[] = [
  { label: "cross deribit-standard", of: (n) => ({ ...largeBook(n), mode: "cross", profileId: "deribit-standard" }) },
  { label: "portfolio derive-pm2", of: (n) => ({ ...largeBook(n), mode: "portfolio", profileId: "derive-pm2" }) },
  { label: "portfolio deribit-style-pm", of: (n) => ({ ...largeBook(n), mode: "portfolio", profileId: "deribit-style-pm" }) },
];

const fmt = (t: { cpu: number; wall: number; first: number }) => `CPU ${t.cpu.toFixed(0).padStart(6)} ms (first ${t.first.toFixed(0).padStart(6)}, wall ${t.wall.toFixed(0).padStart(6)})`;

/**
 * A fresh snapshot object per call: the analyses share full runs per snapshot object
 * (lib/margin/analyses/shared-compute.ts), and after an edit nothing is shared from before it.
 */
const fresh = () => ({ ...SAMPLE_SNAPSHOT });

for (const n of SIZES) {
  for (const b of BOOKS) {
    const sub = b.of(n);
    const head = `${b.label.padEnd(27)} ${String(n).padStart(5)}`;
    console.log(`${head} computeSubAccount      ${fmt(measure(() => computeSubAccount(sub, fresh()), RUNS))}`);
    console.log(`${head} compareModes           ${fmt(measure(() => compareModes(sub, fresh()), RUNS))}`);
    console.log(`${head} compareVenues          ${fmt(measure(() => compareVenues(sub, fresh()), RUNS))}`);
    console.log(`${head} offsetSavings          ${fmt(measure(() => offsetSavings(sub, fresh()), RUNS))}`);
    // as the analysis worker runs them after an edit: one snapshot object, one analysis after the other
    const all = () => {
      const snap = fresh();
      compareModes(sub, snap);
      compareVenues(sub, snap);
      offsetSavings(sub, snap);
    };
    console.log(`${head} all three in sequence  ${fmt(measure(all, RUNS))}`);
  }
  if (process.env.PER_RULEBOOK) {
    const sub = BOOKS[0]!.of(n);
    for (const p of RULEBOOK_INFOS) {
      const mode = p.kind === "portfolio" ? "portfolio" : "cross";
      const one = { ...sub, mode, profileId: p.id } as SubAccount;
      console.log(
        `  venue row ${p.id.padEnd(20)} ${String(n).padStart(5)} full ${fmt(measure(() => computeSubAccount(one, fresh(), { chartPoints: 11 }), 1))} lite ${fmt(measure(() => computeSubAccount(one, fresh(), { lite: true }), 1))}`,
      );
    }
  }
}
for (const n of SIZES) {
  for (const b of BOOKS) {
    const sub = b.of(n);
    const head = `${b.label.padEnd(27)} ${String(n).padStart(5)}`;
    const steps = [1, 1.01, 1.02, 1.03, 1.04].map((f) => {
      const copy = structuredClone(sub);
      const snap = fresh();
      const opts = { scenario: withSpotFactor(NO_SCENARIO, "BTC", f) };
      return [measure(() => compareModes(copy, snap, opts), 1).cpu, measure(() => compareVenues(copy, snap, opts), 1).cpu, measure(() => offsetSavings(copy, snap, opts), 1).cpu];
    });
    const warm = steps.slice(1);
    const mid = (k: number) => [...warm.map((x) => x[k] as number)].sort((a, b) => a - b)[Math.floor(warm.length / 2)] as number;
    const [first] = steps;
    console.log(
      `${head} after a BTC what-if edit, CPU ms: modes ${mid(0).toFixed(0)}, venues ${mid(1).toFixed(0)}, offsets ${mid(2).toFixed(0)} (median of 4 edits; the first, cold: ${first!.map((x) => x.toFixed(0)).join(" / ")})`,
    );
  }
}
console.log(`load average at the end: ${load()}`);
