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

/**
 * The engine answered, and its answer is a refusal (an unknown profile, options on a perp-only
 * venue, invalid input): deterministic, so the worker is healthy and is kept.
 */
export class EngineRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EngineRefusal";
  }
}

/** True when an error means the worker itself failed (and was restarted), not that the engine refused. */
export function isWorkerFault(e: unknown): boolean {
  return e instanceof Error && !(e instanceof EngineRefusal) && !(e instanceof AbortedError);
}

/** Timers, injectable so tests fire deadlines explicitly instead of racing the clock. */
export interface BridgeTimers {
  set(fire: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: BridgeTimers = {
  set: (fire, ms) => setTimeout(fire, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** How long an idle worker may take to answer the heartbeat before it is replaced. */
export const HEARTBEAT_MS = 2_000;

export interface BridgeOptions {
  /** a job running longer than this is treated as a dead worker (default 20 s) */
  timeoutMs?: number;
  /** heartbeat deadline of an idle worker that has answered before (default HEARTBEAT_MS) */
  heartbeatMs?: number;
  timers?: BridgeTimers;
  /** comlink's wrap; injectable for tests */
  wrapWorker?: (w: WorkerLike) => Remote<EngineApi>;
}

/**
 * Owns the margin worker for the page (squoosh-style): starts it on first use, runs one job at a
 * time, and lets the newest job of a channel win — a queued job that has been superseded (or whose
 * signal aborted) never runs, and a superseded result is discarded. If the worker errors, throws,
 * or does not answer in time, it is terminated and a fresh one is started for the next job; an
 * EngineRefusal thrown by a job (the engine's own `{ ok: false }` answer) keeps the worker.
 */
export class EngineBridge {
  private worker: WorkerLike | null = null;
  private remote: Remote<EngineApi> | null = null;
  private failure: { promise: Promise<never>; reject: (e: Error) => void } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private latest = new Map<string, number>();
  /** the current worker has answered at least once (a fresh one is still loading its code) */
  private answered = false;
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
    this.answered = false;
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
   * Heartbeat: an idle worker that has answered before must answer a ping within `heartbeatMs`, or
   * it is replaced — so a dead worker costs at most that long when it is next needed. The ping is
   * sent only between jobs (one job runs at a time), so a long legitimate job is never cut short
   * by it; a fresh worker (still loading its code) is not pinged.
   */
  private async ensureAlive(): Promise<Remote<EngineApi>> {
    const api = this.ensure();
    if (!this.answered) return api;
    const timers = this.opts.timers ?? REAL_TIMERS;
    const heartbeatMs = this.opts.heartbeatMs ?? HEARTBEAT_MS;
    let handle: unknown;
    const silent = new Promise<"silent">((resolve) => {
      handle = timers.set(() => resolve("silent"), heartbeatMs);
    });
    // Any answer, even a refusal, shows the worker is alive.
    const answer = api.ping().then(
      () => "alive" as const,
      () => "alive" as const,
    );
    const failed = this.failure!.promise.then(
      () => "silent" as const,
      () => "silent" as const,
    );
    const verdict = await Promise.race([answer, silent, failed]);
    timers.clear(handle);
    if (verdict === "alive") return api;
    this.restart(new WorkerFailedError(`Margin worker stopped answering (no heartbeat within ${heartbeatMs / 1000} s): replaced`));
    return this.ensure();
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
      const api = await this.ensureAlive();
      if (superseded()) throw new AbortedError();
      const failure = this.failure!.promise;
      const timeoutMs = this.opts.timeoutMs ?? 20_000;
      const timers = this.opts.timers ?? REAL_TIMERS;
      let timer: unknown;
      const timeout = new Promise<never>((_, rej) => {
        timer = timers.set(() => rej(new WorkerFailedError(`Margin worker did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      });
      try {
        const value = await Promise.race([job(api), failure, timeout]);
        this.answered = true;
        if (superseded()) throw new AbortedError();
        return value;
      } catch (e) {
        if (e instanceof AbortedError || e instanceof EngineRefusal) {
          this.answered = true;
          throw e;
        }
        // A throw inside the worker or a dead worker: start afresh for the next job.
        const err = e instanceof Error ? e : new Error(String(e));
        this.restart(err instanceof WorkerFailedError ? err : new WorkerFailedError(err.message));
        throw err;
      } finally {
        timers.clear(timer);
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
