import { afterEach, expect, it } from "vitest";
import v8 from "node:v8";
import vm from "node:vm";
import { wrap } from "comlink";
import { FakeWorker } from "@/lib/test-support/fake-worker";
import { EngineBridge } from "./bridge";
import type { EngineApi } from "@/lib/engine/worker/api";

/**
 * Issue 9 probe (scripts/probe/memory.ts): a 2,000-position workspace grew the heap by ~0.57 MB per
 * edit — every job's result stayed reachable from the worker's slot for the worker's lifetime. A
 * result the caller has dropped must be collectable once its job has ended.
 */

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

it("does not keep the results of ended jobs: ten jobs on one worker leave at most the last delivered message reachable", async () => {
  const bridge = new EngineBridge(
    () => {
      const w = new FakeWorker({ result: () => ({ rows: [1, 2, 3] }), ping: () => "pong" });
      workers.push(w);
      return w;
    },
    { wrapWorker: (w) => wrap<EngineApi>((w as FakeWorker).channel.port1) },
  );
  const refs: WeakRef<object>[] = [];
  for (let i = 0; i < 10; i++) {
    const value = await bridge.run("a", (api) => (api as unknown as { result: () => Promise<object> }).result());
    refs.push(new WeakRef(value));
  }
  await bridge.run("a", (api) => api.ping()); // one more job: the last result's job is over, not just its turn
  // WeakRef targets stay alive until the current task ends: let it end, then collect.
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  // The message transport may still hold the last message it delivered; no more than that.
  expect(refs.filter((r) => r.deref() !== undefined).length).toBeLessThanOrEqual(1);
  expect(bridge.startedWorkers).toBe(1); // one worker served every job
  bridge.dispose();
});
