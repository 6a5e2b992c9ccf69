import { afterEach, expect, it } from "vitest";
import { wrap } from "comlink";
import { deferred, FAR_MS, FakeWorker } from "@/lib/test-support/fake-worker";
import { EngineBridge } from "./bridge";
import type { EngineApi } from "@/lib/engine/worker/api";

/** `idle(ignore)`: the analyses wait for the headline worker's live figures, not for its full job. */

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

it("resolves while only an ignored channel's job runs, and waits while any other job runs", async () => {
  const gate = deferred<void>();
  const started = deferred<void>();
  const bridge = new EngineBridge(
    () => {
      const w = new FakeWorker({
        ping: async () => {
          started.resolve();
          await gate.promise;
          return "pong";
        },
      });
      workers.push(w);
      return w;
    },
    { startupMs: FAR_MS, progressSilenceMs: FAR_MS, wrapWorker: (w) => wrap<EngineApi>((w as FakeWorker).channel.port1) },
  );
  const full = bridge.run("margin-full:a", (api) => api.ping());
  await started.promise;
  const order: string[] = [];
  const ignoring = bridge.idle((ch) => ch.startsWith("margin-full:")).then(() => order.push("ignoring full"));
  const strict = bridge.idle().then(() => order.push("strict"));
  await ignoring;
  expect(order).toEqual(["ignoring full"]); // the strict wait is still waiting for the full job
  gate.resolve();
  await full;
  await strict;
  expect(order).toEqual(["ignoring full", "strict"]);
  bridge.dispose();
});
