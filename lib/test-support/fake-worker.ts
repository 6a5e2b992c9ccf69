import { expose, wrap } from "comlink";
import { EngineBridge, type BridgeOptions, type WorkerLike } from "@/lib/engine/client/bridge";
import type { EngineApi } from "@/lib/engine/worker/api";

/**
 * A stand-in worker for the bridge tests: a MessageChannel whose far end exposes `api` with
 * comlink, plus an EventTarget so a test can fire the "error" event a crashed worker fires.
 * The bridge under test wraps `channel.port1`.
 */
export class FakeWorker extends EventTarget implements WorkerLike {
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

/** A promise with its resolve function, for a test to release a fake job when it chooses. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A fake engine API that follows the liveness protocol (lib/engine/protocol.ts): it keeps the
 * client's progress port, acknowledges `beginJob(id)` at once (unless `ack` is false: a worker that
 * never answers), and `beat(fraction?)` posts a liveness message of the job it runs now. `posted`
 * counts its messages, so a test can wait until the bridge has received them all.
 */
export function livenessApi<A extends Record<string, (...a: never[]) => unknown>>(methods: A, options: { ack?: boolean } = {}) {
  let port: { postMessage(m: unknown): void } | null = null;
  let job: number | null = null;
  const fake = {
    posted: 0,
    /** the id of the job it runs now (null before the first `beginJob`) */
    job: () => job,
    /** posts `message` as is (a test may forge a late message of an earlier job) */
    post(message: unknown) {
      fake.posted++;
      port!.postMessage(message);
    },
    beat(fraction?: number) {
      fake.post(fraction === undefined ? { type: "beat", job } : { type: "beat", job, fraction });
    },
    api: {
      ping: () => "pong",
      connectProgress: (p: { postMessage(m: unknown): void }) => void (port = p),
      beginJob: (id: number) => {
        job = id;
        if (options.ack !== false) fake.beat();
      },
      ...methods,
    },
  };
  return fake;
}

/** Liveness deadlines far beyond a test's duration (liveness itself is tested on an injected clock). */
export const FAR_MS = 600_000;

/**
 * A bridge whose workers are FakeWorkers serving `api` (each one started is pushed to `started`, for
 * the test's teardown), with far liveness deadlines and the given options on top.
 */
export function bridgeOnFakeWorkers(api: unknown, started: FakeWorker[], options: BridgeOptions = {}): EngineBridge {
  return new EngineBridge(
    () => {
      const w = new FakeWorker(api);
      started.push(w);
      return w;
    },
    { startupMs: FAR_MS, progressSilenceMs: FAR_MS, wrapWorker: (w) => wrap<EngineApi>((w as FakeWorker).channel.port1), ...options },
  );
}
