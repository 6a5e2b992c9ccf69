import { afterEach, describe, expect, it } from "vitest";
import { expose, wrap } from "comlink";
import { AbortedError, EngineBridge, WorkerFailedError, type WorkerLike } from "./bridge";
import type { EngineApi } from "@/lib/engine/worker/api";

/**
 * A stand-in worker: a MessageChannel whose far end exposes `api` with comlink, plus an
 * EventTarget so tests can fire the "error" event a crashed worker fires.
 */
class FakeWorker extends EventTarget implements WorkerLike {
  readonly channel = new MessageChannel();
  terminated = false;
  constructor(api: unknown) {
    super();
    expose(api, this.channel.port2);
  }
  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.channel.port1.postMessage(message, transfer ?? []);
  }
  terminate(): void {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }
  crash(message: string) {
    this.dispatchEvent(Object.assign(new Event("error"), { message }));
  }
}

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

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
