import { afterEach, expect, it } from "vitest";
import { bridgeOnFakeWorkers, deferred, type FakeWorker, livenessApi } from "@/lib/test-support/fake-worker";
import { readEngineAnswer } from "./engine-answer";
import { JOB_CANCELLED } from "@/lib/engine/protocol";

/**
 * The stop flag (BridgeOptions.stopFlags): each worker gets an Int32Array on shared memory, and the
 * bridge writes into it the id of every job it asks to stop — superseded by newer inputs, or paused
 * for a more urgent job — at the moment it asks, so a computation that cannot read messages while
 * it runs stops at the engine's next stop point (lib/quant/stop-point.ts).
 */

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

type Answer = { ok: true; label: string } | { ok: false; error: string; code?: string };

/** A fake worker whose first "slow" call spins (as a computation does) until the flag names its job, then answers cancelled. */
function setUp(stopFlags: boolean | undefined) {
  const flags: unknown[] = [];
  const calls: string[] = [];
  const running = deferred<void>();
  const fake = livenessApi({
    connectStopFlag: (flag: unknown) => void flags.push(flag),
    part: async (label: string): Promise<Answer> => {
      calls.push(label);
      if (label === "slow" && calls.length === 1) {
        const job = fake.job();
        const flag = flags[0] as Int32Array;
        running.resolve();
        // what the engine's stop points do: read the flag (no message is needed to see it change)
        while (Atomics.load(flag, 0) !== job) await new Promise((r) => setTimeout(r, 1));
        return { ok: false, error: "Cancelled: newer inputs replaced this calculation", code: JOB_CANCELLED };
      }
      return { ok: true, label };
    },
    cancelJob: () => {},
  });
  const bridge = bridgeOnFakeWorkers(fake.api, workers, {
    priorityOf: (channel) => (channel.startsWith("venues") ? 1 : 0),
    ...(stopFlags === undefined ? {} : { stopFlags }),
  });
  const run = (channel: string, label: string) =>
    bridge.run(channel, async (api) => readEngineAnswer(await (api as unknown as { part(l: string): Promise<Answer> }).part(label), "label" as never) as unknown as { label: string });
  return { bridge, run, flags, calls, running, job: () => fake.job() };
}

it("gives the worker a flag on shared memory and writes a superseded job's id into it at once", async () => {
  const t = setUp(true);
  expect(t.bridge.stopsAtOnce).toBe(true);
  const old = t.run("compare:a", "slow");
  await t.running.promise;
  const oldJob = t.job();
  expect(t.flags).toHaveLength(1);
  const flag = t.flags[0] as Int32Array;
  expect(flag.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(Atomics.load(flag, 0)).toBe(0);
  const newer = t.run("compare:a", "fresh"); // newer inputs on the same channel
  expect(Atomics.load(flag, 0)).toBe(oldJob); // written synchronously, before any message is read
  await expect(old).rejects.toThrow(); // superseded: its answer is never shown
  await expect(newer).resolves.toMatchObject({ label: "fresh" });
  t.bridge.dispose();
});

it("writes a paused job's id, then runs it again after the more urgent job", async () => {
  const t = setUp(true);
  const table = t.run("venues:a", "slow"); // less urgent (priority 1)
  await t.running.promise;
  const tableJob = t.job();
  const figures = t.run("a", "figures");
  expect(Atomics.load(t.flags[0] as Int32Array, 0)).toBe(tableJob);
  await expect(figures).resolves.toMatchObject({ label: "figures" });
  await expect(table).resolves.toMatchObject({ label: "slow" }); // run again, to its answer
  expect(t.calls).toEqual(["slow", "figures", "slow"]);
  t.bridge.dispose();
});

it("without shared memory (stopFlags false, or a page that is not cross-origin isolated) sends no flag", async () => {
  for (const t of [setUp(false), setUp(undefined)]) {
    expect(t.bridge.stopsAtOnce).toBe(false); // vitest's Node is not a cross-origin isolated page
    await expect(t.run("a", "figures")).resolves.toMatchObject({ label: "figures" });
    expect(t.flags).toEqual([]);
    t.bridge.dispose();
  }
});
