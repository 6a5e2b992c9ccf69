import { afterEach, describe, expect, it } from "vitest";
import { wrap } from "comlink";
import { deferred, FakeWorker } from "@/lib/test-support/fake-worker";
import { AbortedError, EngineBridge, EngineRefusal, HEARTBEAT_MS, isWorkerFault, WorkerFailedError } from "./bridge";
import type { EngineApi } from "@/lib/engine/worker/api";

/** Issue 9: a worker that died while idle is replaced within 2 s of being needed (on the injected clock). */
const REPLACED_WITHIN_MS = 2_000;

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

function makeBridge(api: Record<string, (...a: never[]) => unknown>, timeoutMs = 5_000) {
  const bridge = new EngineBridge(
    () => {
      const w = new FakeWorker(api);
      workers.push(w);
      return w;
    },
    { timeoutMs, wrapWorker: (w) => wrap<EngineApi>((w as FakeWorker).channel.port1) },
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

  it("treats a worker that does not answer in time as dead", async () => {
    const bridge = makeBridge({ hang: () => new Promise(() => {}) }, 50);
    const p = bridge.run("a", (api) => (api as unknown as { hang: () => Promise<never> }).hang());
    await expect(p).rejects.toBeInstanceOf(WorkerFailedError);
    await expect(p).rejects.toThrow("did not answer within 0.05 s");
    expect(workers[0]!.terminated).toBe(true);
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

describe("EngineBridge: heartbeat", () => {
  /** Timers that fire only when the test says so: no test here depends on the machine's speed. */
  function manualTimers() {
    const pending = new Map<number, { fire: () => void; ms: number }>();
    const waiting: { ms: number; resolve: () => void }[] = [];
    let next = 0;
    return {
      pending,
      set: (fire: () => void, ms: number) => {
        pending.set(++next, { fire, ms });
        for (const w of waiting.splice(0)) (w.ms === ms ? w.resolve : () => waiting.push(w))();
        return next;
      },
      /** resolves once a timer of `ms` has been set */
      whenSet: (ms: number) => ([...pending.values()].some((t) => t.ms === ms) ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ ms, resolve }))),
      clear: (h: unknown) => void pending.delete(h as number),
      /** fires every pending timer of at most `ms` */
      fireUpTo(ms: number) {
        for (const [h, t] of [...pending])
          if (t.ms <= ms) {
            pending.delete(h);
            t.fire();
          }
      },
    };
  }

  function bridgeWith(api: Record<string, (...a: never[]) => unknown>, timers: ReturnType<typeof manualTimers>) {
    return new EngineBridge(
      () => {
        const w = new FakeWorker(api);
        workers.push(w);
        return w;
      },
      { timeoutMs: 120_000, timers, wrapWorker: (w) => wrap<EngineApi>((w as FakeWorker).channel.port1) },
    );
  }

  it("replaces a worker that stopped answering while idle within 2 s of it being needed", async () => {
    const timers = manualTimers();
    const bridge = bridgeWith({ ping: () => "pong" }, timers);
    await expect(bridge.run("a", (api) => api.ping())).resolves.toBe("pong");
    workers[0]!.channel.port2.close(); // the worker dies silently: no error event, no answer ever
    const job = bridge.run("a", (api) => api.ping());
    await timers.whenSet(HEARTBEAT_MS);
    // Only 2 s of the injected clock pass (issue 9's bound): the heartbeat deadline has passed by
    // then and the 120 s job deadline has not, so the job can only finish on a replacement worker.
    timers.fireUpTo(REPLACED_WITHIN_MS);
    await expect(job).resolves.toBe("pong");
    expect(bridge.startedWorkers).toBe(2);
    expect(workers[0]!.terminated).toBe(true);
  });

  it("never cuts a long legitimate job short: the heartbeat is checked between jobs only", async () => {
    const timers = manualTimers();
    const gate = deferred<string>();
    const started = deferred<void>();
    const bridge = bridgeWith(
      {
        ping: () => "pong",
        long: async () => {
          started.resolve();
          return gate.promise;
        },
      },
      timers,
    );
    await bridge.run("a", (api) => api.ping());
    const job = bridge.run("a", (api) => (api as unknown as { long: () => Promise<string> }).long());
    await started.promise;
    timers.fireUpTo(HEARTBEAT_MS * 10); // however many heartbeat periods pass while it computes
    gate.resolve("done");
    await expect(job).resolves.toBe("done");
    expect(bridge.startedWorkers).toBe(1);
    expect(workers[0]!.terminated).toBe(false);
  });

  it("does not ping a fresh worker (it may still be loading its code)", async () => {
    const timers = manualTimers();
    let pings = 0;
    const bridge = bridgeWith({ ping: () => `pong ${++pings}` }, timers);
    await expect(bridge.run("a", (api) => api.ping())).resolves.toBe("pong 1");
  });
});
