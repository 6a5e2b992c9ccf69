import { afterEach, expect, it } from "vitest";
import { bridgeOnFakeWorkers, deferred, FAR_MS, type FakeWorker, livenessApi } from "@/lib/test-support/fake-worker";
import { manualClock } from "@/lib/test-support/manual-clock";
import { until } from "@/lib/test-support/until";
import type { BridgeTimers } from "./bridge";
import { readEngineAnswer } from "./engine-answer";
import { JOB_CANCELLED } from "@/lib/engine/protocol";
import { CHAIN_PREFETCH_CHANNEL, fullMarginChannel, headlinePriority, headlineVenuesChannel } from "./queries";

/**
 * A long, less urgent analysis (a risk report) must not hold the one analysis worker while a panel
 * waits: the bridge asks it to stop at its next checkpoint, runs the panel's job, then runs the
 * report again — it is paused, not dropped, and the trader never sees it refused.
 */

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

type PartAnswer = { ok: true; label: string } | { ok: false; error: string; code?: string };
type PartApi = { part(label: string, honoursCancel: boolean): Promise<PartAnswer> };

/** A fake worker whose "slow" calls wait at a checkpoint until released, answering cancelled if asked to stop meanwhile. */
function setUp(timers?: BridgeTimers, priorityOf: (channel: string) => number = (channel) => (channel.startsWith("risk") ? 1 : 0), yieldTo?: () => Promise<void>) {
  const cancelled: number[] = [];
  const calls: string[] = [];
  const slowRunning = deferred<void>();
  let releaseSlow: () => void = () => {};
  const fake = livenessApi({
    part: async (label: string, honoursCancel: boolean): Promise<PartAnswer> => {
      calls.push(label);
      if (label === "slow" && calls.filter((c) => c === "slow").length === 1) {
        const job = fake.job();
        slowRunning.resolve();
        await new Promise<void>((r) => (releaseSlow = r));
        if (honoursCancel && cancelled.includes(job as number)) return { ok: false, error: "Cancelled: newer inputs replaced this calculation", code: JOB_CANCELLED };
      }
      return { ok: true, label };
    },
    cancelJob: (id: number) => void cancelled.push(id),
  });
  const bridge = bridgeOnFakeWorkers(fake.api, workers, {
    abandonSupersededAfterMs: () => FAR_MS,
    priorityOf,
    ...(timers ? { timers } : {}),
    ...(yieldTo ? { yieldTo } : {}),
  });
  const run = (channel: string, label: string, honoursCancel = true) =>
    bridge.run(channel, async (api) => readEngineAnswer(await (api as unknown as PartApi).part(label, honoursCancel), "label" as never) as unknown as { label: string });
  return { bridge, run, cancelled, calls, slowRunning, release: () => releaseSlow(), until, job: () => fake.job() };
}

/**
 * Runs a slow job on `low`, then one on `urgent` while it runs: the slow one is asked to stop (its
 * job id cancelled), the urgent one answers, then the slow one runs again to its answer on the same
 * warm worker — paused, never refused.
 */
async function expectPausedFor(priorityOf: ((channel: string) => number) | undefined, low: string, urgent: string) {
  const t = setUp(undefined, priorityOf);
  const slow = t.run(low, "slow");
  await t.slowRunning.promise;
  const slowJob = t.job();
  const panel = t.run(urgent, "panel");
  await t.until(() => t.cancelled.length > 0);
  expect(t.cancelled).toEqual([slowJob]);
  t.release();
  await expect(panel).resolves.toMatchObject({ label: "panel" });
  await expect(slow).resolves.toMatchObject({ label: "slow" });
  expect(t.calls).toEqual(["slow", "panel", "slow"]);
  expect(t.bridge.startedWorkers).toBe(1);
  t.bridge.dispose();
}

it("pauses a running less urgent job for a waiting panel, then runs it again to its answer", async () => {
  await expectPausedFor(undefined, "risk:a", "venues:a");
});

/** Runs a slow job on `running`, then one on `queued` while it runs: the first is not asked to stop, and the second runs after it. */
async function expectNotPausedBy(priorityOf: ((channel: string) => number) | undefined, running: string, queued: string) {
  const t = setUp(undefined, priorityOf);
  const first = t.run(running, "slow");
  await t.slowRunning.promise;
  const second = t.run(queued, "panel");
  t.release();
  await expect(first).resolves.toMatchObject({ label: "slow" });
  await expect(second).resolves.toMatchObject({ label: "panel" });
  // a stop request would have been sent when the second job queued, so on the worker's one port it
  // would have arrived before the second job's call: none came
  expect(t.cancelled).toEqual([]);
  expect(t.calls).toEqual(["slow", "panel"]);
  t.bridge.dispose();
}

it("does not pause a job for one of the same priority", async () => {
  await expectNotPausedBy(undefined, "compare:a", "venues:a");
});

it("keeps the answer of a paused job that finished before reaching a checkpoint (no rerun)", async () => {
  const t = setUp();
  const report = t.run("risk:a", "slow", false);
  await t.slowRunning.promise;
  const panel = t.run("venues:a", "panel");
  await t.until(() => t.cancelled.length > 0);
  t.release();
  await expect(report).resolves.toMatchObject({ label: "slow" });
  await expect(panel).resolves.toMatchObject({ label: "panel" });
  expect(t.calls).toEqual(["slow", "panel"]);
  t.bridge.dispose();
});

/** The announcement of the panels' jobs, as the dashboard makes it while its inputs settle. */
const EXPECTED_WITHIN_MS = 250;

it("while the panels' jobs are announced, starts no less urgent job, until they ran or the announcement lapsed", async () => {
  const clock = manualClock();
  const t = setUp(clock);
  t.bridge.expectUrgent(EXPECTED_WITHIN_MS);
  const report = t.run("risk:a", "quick");
  expect(t.bridge.busyWorkers).toBe(0); // a started job holds its worker from the moment it starts
  expect(t.calls).toEqual([]);
  // the panel's job arrives within the announcement: it runs at once, the report after it
  const panel = t.run("venues:a", "panel");
  await expect(panel).resolves.toMatchObject({ label: "panel" });
  expect(t.calls).toEqual(["panel"]);
  // the report still waits for the announcement to lapse
  clock.advance(EXPECTED_WITHIN_MS - 1);
  expect(t.bridge.busyWorkers).toBe(0);
  expect(t.calls).toEqual(["panel"]);
  clock.advance(1);
  await expect(report).resolves.toMatchObject({ label: "quick" });
  expect(t.calls).toEqual(["panel", "quick"]);
  t.bridge.dispose();
});

it("an announcement pauses a running less urgent job at its next checkpoint; it runs again once the announcement lapses", async () => {
  const clock = manualClock();
  const t = setUp(clock);
  const report = t.run("risk:a", "slow");
  await t.slowRunning.promise;
  const reportJob = t.job();
  t.bridge.expectUrgent(EXPECTED_WITHIN_MS);
  await t.until(() => t.cancelled.length > 0);
  expect(t.cancelled).toEqual([reportJob]);
  t.release();
  // paused, not refused, and not rerun while the announcement runs
  await t.until(() => t.bridge.busyWorkers === 0);
  expect(t.calls).toEqual(["slow"]);
  clock.advance(EXPECTED_WITHIN_MS);
  await expect(report).resolves.toMatchObject({ label: "slow" });
  expect(t.calls).toEqual(["slow", "slow"]);
  t.bridge.dispose();
});

it("the headline worker: its venue rows pause for the live figures, the full job and the open ticket, which never pause for them", async () => {
  for (const urgent of ["a", fullMarginChannel("a"), "quote", "chain"]) await expectPausedFor(headlinePriority, headlineVenuesChannel("a"), urgent);
  // the other way round: a full job running is not paused by venue rows queued behind it
  await expectNotPausedBy(headlinePriority, fullMarginChannel("a"), headlineVenuesChannel("a"));
});

it("the headline worker: the chain fetched ahead of the ticket waits behind venue rows already running", async () => {
  await expectNotPausedBy(headlinePriority, headlineVenuesChannel("a"), CHAIN_PREFETCH_CHANNEL);
  // and itself gives way to the live figures
  await expectPausedFor(headlinePriority, CHAIN_PREFETCH_CHANNEL, "a");
});

it("a less urgent job still waiting for its turn to start (yieldTo) gives way to a more urgent one queued meanwhile, or to an announcement", async () => {
  const clock = manualClock();
  for (const meanwhile of ["panel", "announcement"] as const) {
    const turn = deferred<void>();
    const t = setUp(clock, undefined, () => turn.promise);
    const report = t.run("risk:a", "quick");
    expect(t.bridge.busyWorkers).toBe(1); // it holds the worker, waiting for its turn: nothing runs that could be paused
    const panel = meanwhile === "panel" ? t.run("venues:a", "panel") : (t.bridge.expectUrgent(EXPECTED_WITHIN_MS), null);
    turn.resolve();
    if (panel) await expect(panel).resolves.toMatchObject({ label: "panel" });
    else {
      await t.until(() => t.bridge.busyWorkers === 0);
      expect(t.calls).toEqual([]); // back in the queue until the announcement lapses
      clock.advance(EXPECTED_WITHIN_MS);
    }
    await expect(report).resolves.toMatchObject({ label: "quick" });
    expect(t.calls).toEqual(meanwhile === "panel" ? ["panel", "quick"] : ["quick"]);
    expect(t.cancelled).toEqual([]); // it never reached the worker before giving way
    t.bridge.dispose();
  }
});
