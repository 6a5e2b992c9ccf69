/**
 * Longest stretch between two heartbeats (lib/quant/heartbeat.ts `beat()`) of every analysis of
 * the engine worker API, on the 1,000-position books of e2e/helpers.ts `largeBook(n)`: the bridge
 * declares a worker dead after PROGRESS_SILENCE_MS (2 s) without a beat of its job, so the longest
 * gap of a legitimate computation must stay far below it (target < 100 ms here, so that even a
 * tenfold CPU starvation keeps it below 2 s). Prints figures only (no assertions, not in `npm test`).
 *
 * Each analysis is called through `engineApi` (the worker's own entry, request validation
 * included) with the snapshot held by reference, as the bridge sends it. A recording sink with no
 * throttle sees every `beat()`; the gaps counted are: call start → first beat, beat → beat, last
 * beat → return, in CPU time of the process (process.cpuUsage: the machine is shared) and in wall
 * time (≈ CPU time on a quiet machine; the load average is printed). The first calls include the
 * JIT's warm-up, as in a fresh worker.
 *
 * Usage: `npx tsx scripts/profile-beats.ts [positions]` (default 1000); `--where` also prints the
 * stack of the beat that ended the longest gap of each analysis (where a beat is missing before it).
 *
 * @packageDocumentation
 */

import os from "node:os";
import { installBeatSink } from "@/lib/quant/heartbeat";
import { engineApi } from "@/lib/engine/worker/api";
import { SNAPSHOT_REF_FIELD } from "@/lib/engine/protocol";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { SubAccount } from "@/lib/workspace/schema";
import { largeBook } from "../e2e/helpers";

const WHERE = process.argv.includes("--where");
const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000);

interface Gaps {
  /** CPU ms */
  longest: number;
  longestWall: number;
  /** start of the longest gap, ms from the call's start */
  at: number;
  beats: number;
  total: number;
  where: string;
}

/** CPU time (user + system) of this process, in ms: the machine is shared, so gaps are counted in CPU time as well as wall time. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `fn` under a recording sink; the longest gap between beats (call start and return included), in CPU and wall ms. */
/** Gaps between beats while `fn` runs; an analysis computed in parts (a promise) is followed to its answer, its checkpoints included. */
async function gapsOf(fn: () => unknown): Promise<Gaps> {
  const t0 = performance.now();
  const c0 = cpuMs();
  let last = c0;
  let lastWall = t0;
  let longest = 0;
  let longestWall = 0;
  let at = 0;
  let beats = 0;
  let where = "";
  const stop = installBeatSink(
    () => {
      const c = cpuMs();
      const t = performance.now();
      beats++;
      longestWall = Math.max(longestWall, t - lastWall);
      if (c - last > longest) {
        longest = c - last;
        at = lastWall - t0;
        if (WHERE) where = (new Error().stack ?? "").split("\n").slice(3, 9).join("\n");
      }
      last = c;
      lastWall = t;
    },
    { intervalMs: 0 },
  );
  try {
    await fn();
  } finally {
    stop();
  }
  const c = cpuMs();
  const end = performance.now();
  longestWall = Math.max(longestWall, end - lastWall);
  if (c - last > longest) {
    longest = c - last;
    at = lastWall - t0;
    where = "(after the last beat, until the analysis returned)";
  }
  return { longest, longestWall, at, beats, total: end - t0, where };
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

const BOOKS: { label: string; sub: SubAccount }[] = [
  { label: "cross deribit-standard", sub: { ...largeBook(N), mode: "cross", profileId: "deribit-standard" } },
  { label: "portfolio derive-pm2", sub: { ...largeBook(N), mode: "portfolio", profileId: "derive-pm2" } },
];

const legs = [
  { kind: "option", underlying: "BTC", expiry: SAMPLE_SNAPSHOT.underlyings.BTC.expiries.at(-1)!.id, strike: SAMPLE_SNAPSHOT.underlyings.BTC.expiries.at(-1)!.strikes[0]!, optionType: "put", size: -2, entryPrice: 1 },
  { kind: "perp", underlying: "BTC", size: 0.5, entryPrice: 1 },
];

console.log(`load average (1/5/15 min): ${load()}, ${os.cpus().length} CPUs; books of ${N} positions; longest gap between beats (CPU ms, wall ms), beats, total wall (ms)`);

/** Every analysis on every book, one after the other (async: analyses in parts answer a promise). */
async function main(): Promise<void> {
  let worst = 0;
  for (const b of BOOKS) {
    // A fresh snapshot object per book (the analyses share full runs per snapshot object, as in the app after an edit).
    const snapshot = { ...SAMPLE_SNAPSHOT };
    const key = `profile#${b.label}`;
    const ref = { [SNAPSHOT_REF_FIELD]: key };
    const base = { subAccount: b.sub, ...ref };
    // the ticket's legs are added to the book: at most LIMITS.maxPositions (1,000) in all
    const ticket = { subAccount: { ...b.sub, positions: b.sub.positions.slice(0, b.sub.positions.length - legs.length) }, ...ref };
    const cross = { subAccounts: [b.sub, { ...b.sub, id: "second", profileId: "okx-standard" }], ...ref };
    const analyses: [string, () => unknown][] = [
      ["loadSnapshot", () => engineApi.loadSnapshot(key, snapshot)],
      ["computeSubAccount lite", () => engineApi.computeSubAccount({ ...base, options: { lite: true } })],
      ["computeSubAccount", () => engineApi.computeSubAccount(base)],
      ["compareModes", () => engineApi.compareModes(base)],
      ["offsetSavings", () => engineApi.offsetSavings(base)],
      ["compareVenues", () => engineApi.compareVenues(base)],
      ["crossVenue", () => engineApi.crossVenue(cross)],
      ["allocateCollateral", () => engineApi.allocateCollateral({ ...cross, allocation: { costPerTransferUsd: 0, minTransferUsd: 1_000 } })],
      ["riskReport", () => engineApi.riskReport(base)],
      ["greeksMargin", () => engineApi.greeksMargin(base)],
      ["stressReplays", () => engineApi.stressReplays(base)],
      ["forecast", () => engineApi.forecast(base)],
      ["replay (gap, 7 days)", () => engineApi.replay({ ...base, replay: { path: { kind: "gap", movePct: -30, hours: 24, volUpPts: 30, holdHours: 144, underlying: "all" } } })],
      ["optionChain", () => engineApi.optionChain({ ...ref, underlying: "BTC" })],
      ["tradeImpact", () => engineApi.tradeImpact({ ...ticket, legs })],
      ["tradeImpactExtras", () => engineApi.tradeImpactExtras({ ...ticket, legs })],
      ["payoff", () => engineApi.payoff({ ...ticket, legs })],
      ["spotVolMatrix", () => engineApi.spotVolMatrix({ ...ticket, legs })],
      ["marks", () => engineApi.marks({ ...ref, positions: b.sub.positions.map(({ id: _id, ...p }) => p) })],
    ];
    for (const [name, fn] of analyses) {
      let answer: unknown;
      const g = await gapsOf(async () => (answer = await fn()));
      const ok = typeof answer === "object" && answer !== null && "ok" in answer ? (answer as { ok: boolean; error?: string }).ok : true;
      worst = Math.max(worst, g.longest);
      const flag = g.longest >= 100 ? "  <-- over 100 ms" : "";
      console.log(
        `${b.label.padEnd(23)} ${name.padEnd(24)} longest CPU ${g.longest.toFixed(1).padStart(7)} wall ${g.longestWall.toFixed(1).padStart(7)} (at ${g.at.toFixed(0).padStart(6)})  beats ${String(g.beats).padStart(8)}  total ${g.total.toFixed(0).padStart(7)}${ok ? "" : `  refused: ${(answer as { error?: string }).error}`}${flag}`,
      );
      if (WHERE && g.longest >= 50) console.log(g.where);
    }
  }
  console.log(`worst gap: ${worst.toFixed(1)} ms; load average after: ${load()}`);
}

void main();
