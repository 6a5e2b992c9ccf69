import { afterEach, expect, it } from "vitest";
import { wrap } from "comlink";
import { deferred, FAR_MS, FakeWorker, livenessApi } from "@/lib/test-support/fake-worker";
import { AbortedError, EngineBridge } from "./bridge";
import type { EngineApi } from "@/lib/engine/worker/api";
import { JOB_CANCELLED } from "@/lib/engine/protocol";
import { until } from "@/lib/test-support/until";

/**
 * A superseded analysis is asked to stop (`cancelJob`) instead of having its worker killed: an
 * analysis computed in parts stops at its next checkpoint and the same, warm worker runs the newer
 * inputs (its caches kept). The abandon limit stays only as the fallback.
 */

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

it("asks a superseded job to stop, takes its cancelled answer on the same worker, and runs the newer inputs there", async () => {
  const cancelled: number[] = [];
  const firstRunning = deferred<void>();
  let releaseFirst!: () => void;
  const fake = livenessApi({
    // the first call waits at a "checkpoint" until the test lets it go; it answers cancelled if asked to stop meanwhile
    part: async (label: string) => {
      if (label === "old") {
        const job = fake.job();
        firstRunning.resolve();
        await new Promise<void>((r) => (releaseFirst = r));
        return cancelled.includes(job as number) ? { ok: false, error: "Cancelled", code: JOB_CANCELLED } : { ok: true, label };
      }
      return { ok: true, label };
    },
    cancelJob: (id: number) => void cancelled.push(id),
  });
  const bridge = new EngineBridge(
    () => {
      const w = new FakeWorker(fake.api);
      workers.push(w);
      return w;
    },
    { startupMs: FAR_MS, progressSilenceMs: FAR_MS, abandonSupersededAfterMs: () => FAR_MS, wrapWorker: (w) => wrap<EngineApi>((w as FakeWorker).channel.port1) },
  );
  type PartApi = { part(label: string): Promise<{ ok: boolean; label?: string; code?: string }> };
  const old = bridge.run("venues:a", (api) => (api as unknown as PartApi).part("old"));
  await firstRunning.promise;
  const oldJob = fake.job();
  const fresh = bridge.run("venues:a", (api) => (api as unknown as PartApi).part("new"));
  // the cancel reaches the worker while the old job waits at its checkpoint
  await until(() => cancelled.length > 0);
  expect(cancelled).toEqual([oldJob]);
  releaseFirst();
  await expect(old).rejects.toBeInstanceOf(AbortedError);
  await expect(fresh).resolves.toEqual({ ok: true, label: "new" });
  expect(bridge.startedWorkers).toBe(1); // no worker was killed: the newer inputs ran on the warm one
  expect(workers[0]!.terminated).toBe(false);
  bridge.dispose();
});
