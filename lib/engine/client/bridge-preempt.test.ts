import { afterEach, expect, it } from "vitest";
import { bridgeOnFakeWorkers, deferred, FAR_MS, type FakeWorker, livenessApi } from "@/lib/test-support/fake-worker";
import { manualClock } from "@/lib/test-support/manual-clock";
import type { BridgeTimers } from "./bridge";
import { readEngineAnswer } from "./engine-answer";
import { JOB_CANCELLED } from "@/lib/engine/protocol";
import { fullMarginChannel, headlinePriority, headlineVenuesChannel } from "./queries";

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
function setUp(timers?: BridgeTimers, priorityOf: (channel: string) => number = (channel) => (channel.startsWith("risk") ? 1 : 0)) {
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
  });
  const run = (channel: string, label: string, honoursCancel = true) =>
    bridge.run(channel, async (api) => readEngineAnswer(await (api as unknown as PartApi).part(label, honoursCancel), "label" as never) as unknown as { label: string });
  const until = (met: () => boolean) =>
    new Promise<void>((resolve) => {
      const poll = () => (met() ? resolve() : setTimeout(poll, 1));
      poll();
    });
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

it("does not pause a job for one of the same priority", async () => {
  const t = setUp();
  const first = t.run("compare:a", "slow");
  await t.slowRunning.promise;
  const second = t.run("venues:a", "panel");
  t.release();
  await expect(first).resolves.toMatchObject({ label: "slow" });
  await expect(second).resolves.toMatchObject({ label: "panel" });
  // a stop request would have been sent when the second job queued, so on the worker's one port it
  // would have arrived before the second job's call: none came
  expect(t.cancelled).toEqual([]);
  expect(t.calls).toEqual(["slow", "panel"]);
  t.bridge.dispose();
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

it("the headline worker: its venue rows pause for the live figures and the full job, which never pause for them", async () => {
  for (const urgent of ["a", fullMarginChannel("a"), "quote"]) await expectPausedFor(headlinePriority, headlineVenuesChannel("a"), urgent);
  // the other way round: a full job running is not paused by venue rows queued behind it
  const t = setUp(undefined, headlinePriority);
  const full = t.run(fullMarginChannel("a"), "slow");
  await t.slowRunning.promise;
  const rows = t.run(headlineVenuesChannel("a"), "panel");
  t.release();
  await expect(full).resolves.toMatchObject({ label: "slow" });
  await expect(rows).resolves.toMatchObject({ label: "panel" });
  expect(t.cancelled).toEqual([]);
  expect(t.calls).toEqual(["slow", "panel"]);
  t.bridge.dispose();
});
