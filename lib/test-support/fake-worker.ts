import { expose } from "comlink";
import type { WorkerLike } from "@/lib/engine/client/bridge";

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
