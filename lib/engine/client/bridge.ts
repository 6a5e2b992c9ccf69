import { releaseProxy, wrap, type Remote } from "comlink";
import type { EngineApi } from "@/lib/engine/worker/api";

/** Minimal worker surface the bridge needs (a DOM Worker, or a test double). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: (ev: unknown) => void): void;
  removeEventListener(type: string, listener: (ev: unknown) => void): void;
  terminate(): void;
}

export class AbortedError extends Error {
  constructor() {
    super("Superseded by newer inputs");
    this.name = "AbortError";
  }
}

export class WorkerFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkerFailedError";
  }
}

export interface BridgeOptions {
  /** a job running longer than this is treated as a dead worker (default 20 s) */
  timeoutMs?: number;
  /** comlink's wrap; injectable for tests */
  wrapWorker?: (w: WorkerLike) => Remote<EngineApi>;
}

/**
 * Owns the margin worker for the page (squoosh-style): starts it on first use, runs one job at a
 * time, and lets the newest job of a channel win — a queued job that has been superseded (or whose
 * signal aborted) never runs, and a superseded result is discarded. If the worker errors, throws,
 * or does not answer in time, it is terminated and a fresh one is started for the next job.
 */
export class EngineBridge {
  private worker: WorkerLike | null = null;
  private remote: Remote<EngineApi> | null = null;
  private failure: { promise: Promise<never>; reject: (e: Error) => void } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private latest = new Map<string, number>();
  /** how many workers were started (observable for tests and diagnostics) */
  startedWorkers = 0;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly opts: BridgeOptions = {},
  ) {}

  private ensure(): Remote<EngineApi> {
    if (this.remote && this.worker) return this.remote;
    const worker = this.createWorker();
    this.startedWorkers++;
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, rej) => (reject = rej));
    promise.catch(() => {});
    this.failure = { promise, reject };
    const onError = (ev: unknown) => {
      const msg = ev && typeof ev === "object" && "message" in ev && typeof ev.message === "string" && ev.message ? ev.message : "the worker stopped unexpectedly";
      this.restart(new WorkerFailedError(`Margin worker crashed: ${msg}`));
    };
    worker.addEventListener("error", onError);
    worker.addEventListener("messageerror", onError);
    this.worker = worker;
    this.remote = (this.opts.wrapWorker ?? ((w) => wrap<EngineApi>(w as unknown as Worker)))(worker);
    return this.remote;
  }

  /** Terminates the current worker (if any) and fails the job in flight; the next job starts a new one. */
  restart(reason: Error = new WorkerFailedError("Margin worker restarted")): void {
    const w = this.worker;
    this.failure?.reject(reason);
    this.worker = null;
    this.remote = null;
    this.failure = null;
    w?.terminate();
  }

  /**
   * Runs `job` against the worker on `channel` (e.g. one sub-account). Rejects with AbortedError
   * when a newer job was queued on the same channel or `signal` aborted.
   */
  run<T>(channel: string, job: (api: Remote<EngineApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const mySeq = ++this.seq;
    this.latest.set(channel, mySeq);
    const superseded = () => signal?.aborted === true || this.latest.get(channel) !== mySeq;
    const result = this.queue.then(async () => {
      if (superseded()) throw new AbortedError();
      const api = this.ensure();
      const failure = this.failure!.promise;
      const timeoutMs = this.opts.timeoutMs ?? 20_000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new WorkerFailedError(`Margin worker did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      });
      try {
        const value = await Promise.race([job(api), failure, timeout]);
        if (superseded()) throw new AbortedError();
        return value;
      } catch (e) {
        if (e instanceof AbortedError) throw e;
        // A throw inside the worker or a dead worker: start afresh for the next job.
        const err = e instanceof Error ? e : new Error(String(e));
        this.restart(err instanceof WorkerFailedError ? err : new WorkerFailedError(err.message));
        throw err;
      } finally {
        clearTimeout(timer);
      }
    });
    this.queue = result.catch(() => {});
    return result;
  }

  /** releaseProxy() then terminate(). */
  dispose(): void {
    this.remote?.[releaseProxy]();
    this.restart(new WorkerFailedError("Margin worker disposed"));
  }
}
