import { afterEach, describe, expect, it } from "vitest";
import { wrap } from "comlink";
import { deferred, FAR_MS, FakeWorker } from "@/lib/test-support/fake-worker";
import { AbortedError, EngineBridge, EngineRefusal, isWorkerFault, STOPPED_RESPONDING, WorkerFailedError } from "./bridge";
import type { EngineApi } from "@/lib/engine/worker/api";

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

function makeBridge(api: Record<string, (...a: never[]) => unknown>, startupMs = FAR_MS) {
  const bridge = new EngineBridge(
    () => {
      const w = new FakeWorker(api);
      workers.push(w);
      return w;
    },
    { startupMs, progressSilenceMs: FAR_MS, wrapWorker: (w) => wrap<EngineApi>((w as FakeWorker).channel.port1) },
  );
  return bridge;
}

describe("EngineBridge", () => {
  it("starts the worker on first use only and reuses it", async () => {
    const bridge = makeBridge({ ping: () => "pong" });
    expect(bridge.startedWorkers).toBe(0);
    await expect(bridge.run("a", (api) => api.ping())).resolves.toBe("pong");
    await expect(bridge.run("a", (api) => api.ping())).resolves.toBe("pong");
    expect(bridge.startedWorkers).toBe(1);
  });

  it("lets the newest job of a channel win: queued older jobs never run, their results are dropped", async () => {
    const gate = deferred<void>();
    const started = deferred<void>();
    const ran: string[] = [];
    const bridge = makeBridge({
      ping: async () => {
        started.resolve();
        await gate.promise;
        return "pong";
      },
    });
    const first = bridge.run("acct", async (api) => {
      ran.push("first");
      return api.ping();
    });
    await started.promise; // the first job is now running in the worker
    const second = bridge.run("acct", async (api) => {
      ran.push("second");
      return api.ping();
    });
    const third = bridge.run("acct", async (api) => {
      ran.push("third");
      return api.ping();
    });
    const other = bridge.run("other", async (api) => {
      ran.push("other");
      return api.ping();
    });
    gate.resolve();
    await expect(first).rejects.toBeInstanceOf(AbortedError); // ran, but superseded by the time it finished
    await expect(second).rejects.toBeInstanceOf(AbortedError);
    await expect(third).resolves.toBe("pong");
    await expect(other).resolves.toBe("pong");
    expect(ran).toEqual(["first", "third", "other"]);
  });

  it("skips a job whose signal aborted before it started", async () => {
    const bridge = makeBridge({ ping: () => "pong" });
    const ctl = new AbortController();
    ctl.abort();
    await expect(bridge.run("a", (api) => api.ping(), ctl.signal)).rejects.toBeInstanceOf(AbortedError);
    expect(bridge.startedWorkers).toBe(0);
  });

  it("fails the job in flight when the worker crashes, then starts a new worker", async () => {
    const started = deferred<void>();
    const bridge = makeBridge({
      hang: () => {
        started.resolve();
        return new Promise(() => {});
      },
      ping: () => "pong",
    });
    const pending = bridge.run("a", (api) => (api as unknown as { hang: () => Promise<never> }).hang());
    await started.promise; // the job is running in the worker
    workers[0]!.crash("out of memory");
    await expect(pending).rejects.toThrow("Margin worker crashed: out of memory");
    expect(workers[0]!.terminated).toBe(true);
    await expect(bridge.run("a", (api) => api.ping())).resolves.toBe("pong");
    expect(bridge.startedWorkers).toBe(2);
  });

  it("restarts the worker after a throw inside it, and reports the error", async () => {
    const bridge = makeBridge({
      ping: () => {
        throw new Error("boom");
      },
    });
    await expect(bridge.run("a", (api) => api.ping())).rejects.toThrow("boom");
    expect(workers[0]!.terminated).toBe(true);
    await expect(bridge.run("a", (api) => api.ping())).rejects.toThrow("boom");
    expect(bridge.startedWorkers).toBe(2);
  });

  it("treats a fresh worker that never acknowledges its job as dead, retries once, then says so in a trader's words", async () => {
    const bridge = makeBridge({ hang: () => new Promise(() => {}) }, 50);
    const p = bridge.run("a", (api) => (api as unknown as { hang: () => Promise<never> }).hang());
    await expect(p).rejects.toBeInstanceOf(WorkerFailedError);
    await expect(p).rejects.toThrow(STOPPED_RESPONDING);
    expect(workers.map((w) => w.terminated)).toEqual([true, true]);
  });
});

describe("EngineBridge: refusals are not faults", () => {
  it("passes a deterministic refusal (unknown profile) through as a refusal, keeping the worker", async () => {
    const bridge = makeBridge({ computeSubAccount: () => ({ ok: false, error: 'Unknown venue profile "nope"' }), ping: () => "pong" });
    const refused = bridge.run("a", async (api) => {
      const res = (await api.computeSubAccount({})) as { ok: boolean; error?: string };
      if (!res.ok) throw new EngineRefusal(res.error!);
      return res;
    });
    await expect(refused).rejects.toBeInstanceOf(EngineRefusal);
    await expect(refused).rejects.toThrow('Unknown venue profile "nope"');
    expect(isWorkerFault(await refused.catch((e: unknown) => e))).toBe(false);
    await expect(bridge.run("a", (api) => api.ping())).resolves.toBe("pong");
    expect(bridge.startedWorkers).toBe(1);
    expect(workers[0]!.terminated).toBe(false);
  });

  it("still restarts on a real fault (a throw across the worker boundary)", async () => {
    const bridge = makeBridge({
      ping: () => {
        throw new Error("boom");
      },
    });
    const failed = bridge.run("a", (api) => api.ping());
    await expect(failed).rejects.toThrow("boom");
    expect(isWorkerFault(await failed.catch((e: unknown) => e))).toBe(true);
    expect(workers[0]!.terminated).toBe(true);
  });
});
