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
