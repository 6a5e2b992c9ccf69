import { releaseProxy, transfer, wrap, type Remote } from "comlink";
import type { EngineApi } from "@/lib/engine/worker/api";
import { MAX_WORKER_SNAPSHOTS, PROGRESS_SILENCE_MS, SNAPSHOT_MISSING, SNAPSHOT_REF_FIELD, type ProgressMessage } from "@/lib/engine/protocol";

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
  /** milliseconds, monotonic enough for elapsed times (default Date.now) */
  now?(): number;
}

const REAL_TIMERS: BridgeTimers = {
  set: (fire, ms) => setTimeout(fire, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** How long an idle worker may take to answer the heartbeat before it is replaced. */
export const HEARTBEAT_MS = 2_000;

export interface BridgeOptions {
  /** a job that reports no progress and runs longer than this is treated as a dead worker (default 20 s) */
  timeoutMs?: number;
  /** heartbeat deadline of an idle worker that has answered before (default HEARTBEAT_MS) */
  heartbeatMs?: number;
  /** a job that has reported progress and then stays silent this long has a dead worker (default PROGRESS_SILENCE_MS) */
  progressSilenceMs?: number;
  /** how many workers run jobs in parallel (default 1; the analysis pool uses hardwareConcurrency − 1) */
  workers?: number;
  /**
   * A running job whose inputs were superseded (a newer job on its channel, or its signal aborted)
   * is abandoned once it has run this long — its worker is terminated and replaced, so the newest
   * inputs need not wait behind a long obsolete computation. Absent: a running job always finishes.
   */
  abandonSupersededAfterMs?: number;
  /**
   * Awaited before each job starts (after the jobs queued before it): the analysis pool passes the
   * headline bridge's `idle()`, so a new analysis never takes a core from the live figures.
   */
  yieldTo?: () => Promise<void>;
  /** Queued jobs start most urgent first: lower runs earlier (default 0 for every channel), then oldest first. */
  priorityOf?: (channel: string) => number;
  timers?: BridgeTimers;
  /** comlink's wrap; injectable for tests */
  wrapWorker?: (w: WorkerLike) => Remote<EngineApi>;
}

/** One worker of the bridge: its jobs run one at a time, in order. */
interface Slot {
  worker: WorkerLike | null;
  remote: Remote<EngineApi> | null;
  failure: { promise: Promise<never>; reject: (e: Error) => void } | null;
  /** a job is running (or waiting for `yieldTo`) on this worker */
  busy: boolean;
  /** the current worker has answered at least once (a fresh one is still loading its code) */
  answered: boolean;
  /** snapshot keys this worker holds (insertion order mirrors its eviction order), or their loading */
  snapshots: Map<string, Promise<void>>;
  progressPort: MessagePort | null;
  running: Running | null;
}

/** The job running on a slot: what its progress reports and its supersession act on. */
interface Running {
  channel: string;
  started: number;
  /** a progress report of the worker arrived (liveness), with the fraction it carries */
  progressed(fraction: unknown): void;
  superseded(): void;
}

/** The fraction a progress report carries, clamped to 0..1; null when it carries none usable. */
function fractionOf(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : null;
}

type SnapshotCarrier = { snapshot: { id: string } } & Record<string, unknown>;
const carriesSnapshot = (r: unknown): r is SnapshotCarrier =>
  typeof r === "object" && r !== null && "snapshot" in r && typeof r.snapshot === "object" && r.snapshot !== null && typeof (r.snapshot as { id?: unknown }).id === "string";
const isSnapshotMissing = (r: unknown) => typeof r === "object" && r !== null && (r as { code?: unknown }).code === SNAPSHOT_MISSING;

/**
 * Owns the margin worker(s) for the page (squoosh-style): starts a worker on first use, runs one job
 * at a time per worker, and lets the newest job of a channel win — a queued job that has been
 * superseded (or whose signal aborted) never runs, and a superseded result is discarded. Queued
 * jobs start on the first free worker (`workers` of them), most urgent first (`priorityOf`). If a
 * worker errors, throws, stops reporting progress, or does not answer in time, it is terminated
 * and a fresh one is started for the next job; an EngineRefusal thrown by a job (the engine's own
 * `{ ok: false }` answer) keeps the worker.
 *
 * The market snapshot goes to each worker once: a request carrying `snapshot` (any method, no
 * per-method code) is sent with a key instead, after `loadSnapshot` (validated once, in the
 * worker). A new worker (restart) or a new snapshot object is loaded again; a worker that lost
 * the key answers SNAPSHOT_MISSING and is sent the snapshot again.
 *
 * Progress: the fraction done that a long job's worker reports is kept per channel for the job
 * running now (`progressOf` / `subscribeProgress`), so a panel can show a determinate bar.
 */
export class EngineBridge {
  private readonly slots: Slot[];
  private seq = 0;
  private latest = new Map<string, number>();
  private snapshotKeys = new WeakMap<object, string>();
  private snapshotCount = 0;
  /** how many workers were started (observable for tests and diagnostics) */
  startedWorkers = 0;
  /** how many snapshots were sent to workers (observable for tests and diagnostics) */
  snapshotsSent = 0;
  private idleWaiters: (() => void)[] = [];
  /** the last fraction reported by the running job of each channel, with that job's sequence number */
  private progress = new Map<string, { seq: number; fraction: number }>();
  private progressListeners = new Map<string, Set<() => void>>();
  private waiting: { priority: number; seq: number; superseded(): boolean; start(slot: Slot): void; drop(): void }[] = [];

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly opts: BridgeOptions = {},
  ) {
    const n = Math.max(1, Math.floor(opts.workers ?? 1));
    this.slots = Array.from({ length: n }, () => ({ worker: null, remote: null, failure: null, busy: false, answered: false, snapshots: new Map(), progressPort: null, running: null }));
  }

  private get timers(): BridgeTimers {
    return this.opts.timers ?? REAL_TIMERS;
  }

  private ensure(slot: Slot): Remote<EngineApi> {
    if (slot.remote && slot.worker) return slot.remote;
    const worker = this.createWorker();
    this.startedWorkers++;
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, rej) => (reject = rej));
    promise.catch(() => {});
    slot.failure = { promise, reject };
    const onError = (ev: unknown) => {
      if (slot.worker !== worker) return;
      const msg = ev && typeof ev === "object" && "message" in ev && typeof ev.message === "string" && ev.message ? ev.message : "the worker stopped unexpectedly";
      this.restartSlot(slot, new WorkerFailedError(`Margin worker crashed: ${msg}`));
    };
    worker.addEventListener("error", onError);
    worker.addEventListener("messageerror", onError);
    slot.worker = worker;
    slot.answered = false;
    slot.snapshots = new Map();
    const remote = (this.opts.wrapWorker ?? ((w) => wrap<EngineApi>(w as unknown as Worker)))(worker);
    slot.remote = remote;
    // Progress reports of long jobs arrive on a port of their own (a job blocks the worker's comlink replies).
    if (typeof MessageChannel !== "undefined") {
      const channel = new MessageChannel();
      channel.port1.onmessage = (ev: MessageEvent<ProgressMessage>) => {
        if (slot.worker !== worker || ev.data?.type !== "progress") return;
        slot.answered = true;
        slot.running?.progressed(ev.data.fraction);
      };
      slot.progressPort = channel.port1;
      // A worker without the method (an older build, a test double) simply reports nothing.
      remote.connectProgress(transfer(channel.port2, [channel.port2])).catch(() => {});
    }
    return remote;
  }

  /** Terminates one worker (if any) and fails its job in flight; its next job starts a new one. */
  private restartSlot(slot: Slot, reason: Error): void {
    const w = slot.worker;
    slot.failure?.reject(reason);
    slot.worker = null;
    slot.remote = null;
    slot.failure = null;
    slot.snapshots = new Map();
    slot.progressPort?.close();
    slot.progressPort = null;
    w?.terminate();
  }

  /** Terminates every worker and fails the jobs in flight; the next jobs start new ones. */
  restart(reason: Error = new WorkerFailedError("Margin worker restarted")): void {
    for (const slot of this.slots) this.restartSlot(slot, reason);
  }

  /**
   * Heartbeat: an idle worker that has answered before must answer a ping within `heartbeatMs`, or
   * it is replaced — so a dead worker costs at most that long when it is next needed. The ping is
   * sent only between jobs (one job runs at a time), so a long legitimate job is never cut short
   * by it; a fresh worker (still loading its code) is not pinged.
   */
  private async ensureAlive(slot: Slot): Promise<Remote<EngineApi>> {
    const api = this.ensure(slot);
    if (!slot.answered) return api;
    const timers = this.timers;
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
    const failed = slot.failure!.promise.then(
      () => "silent" as const,
      () => "silent" as const,
    );
    const verdict = await Promise.race([answer, silent, failed]);
    timers.clear(handle);
    if (verdict === "alive") return api;
    this.restartSlot(slot, new WorkerFailedError(`Margin worker stopped answering (no heartbeat within ${heartbeatMs / 1000} s): replaced`));
    return this.ensure(slot);
  }

  /** The key of a snapshot object (its id and a serial: one key per distinct object, so a changed snapshot is sent again). */
  private keyOf(snapshot: { id: string }): string {
    let key = this.snapshotKeys.get(snapshot);
    if (key === undefined) {
      key = `${snapshot.id}#${++this.snapshotCount}`;
      this.snapshotKeys.set(snapshot, key);
    }
    return key;
  }

  /** Sends `snapshot` to the slot's worker once (validated there once); the keys mirror the worker's eviction order. */
  private loadInto(slot: Slot, api: Remote<EngineApi>, key: string, snapshot: object): Promise<void> {
    const known = slot.snapshots.get(key);
    if (known) return known;
    const loading = (async () => {
      this.snapshotsSent++;
      const res = await api.loadSnapshot(key, snapshot);
      if (!res.ok) throw new EngineRefusal(res.error);
    })();
    slot.snapshots.set(key, loading);
    loading.catch(() => slot.snapshots.delete(key));
    while (slot.snapshots.size > MAX_WORKER_SNAPSHOTS) slot.snapshots.delete(slot.snapshots.keys().next().value!);
    return loading;
  }

  /** The worker's API as jobs see it: any request carrying `snapshot` is sent by key instead (see the class comment). */
  private withSnapshots(slot: Slot, api: Remote<EngineApi>): Remote<EngineApi> {
    return new Proxy(api, {
      get: (target, prop) => {
        if (prop === "then") return undefined;
        const method = Reflect.get(target, prop) as (...args: unknown[]) => Promise<unknown>;
        if (typeof prop !== "string") return method;
        return async (request: unknown, ...rest: unknown[]) => {
          if (!carriesSnapshot(request)) return method(request, ...rest);
          const { snapshot, ...others } = request;
          const key = this.keyOf(snapshot);
          const send = () => method({ ...others, [SNAPSHOT_REF_FIELD]: key }, ...rest);
          await this.loadInto(slot, api, key, snapshot);
          const res = await send();
          if (!isSnapshotMissing(res)) return res;
          slot.snapshots.delete(key); // the worker evicted it: send it again, then ask again
          await this.loadInto(slot, api, key, snapshot);
          return send();
        };
      },
    });
  }

  /**
   * Fraction done (0..1) of the job of `channel` that is running now, as its worker last reported
   * it (at most one report per PROGRESS_INTERVAL_MS); null while no job of the channel runs, before
   * its first report, and once it has ended, been superseded by a newer job or aborted. A
   * superseded job's reports never show. Pairs with `subscribeProgress` (useSyncExternalStore).
   */
  progressOf(channel: string): number | null {
    return this.progress.get(channel)?.fraction ?? null;
  }

  /** Calls `listener` whenever `progressOf(channel)` changes; returns the unsubscribe function. */
  subscribeProgress(channel: string, listener: () => void): () => void {
    let set = this.progressListeners.get(channel);
    if (!set) this.progressListeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.progressListeners.get(channel) === set) this.progressListeners.delete(channel);
    };
  }

  /** Records `fraction` as the progress of job `seq` of `channel`. */
  private showProgress(channel: string, seq: number, fraction: number): void {
    const current = this.progress.get(channel);
    if (current && current.seq === seq && current.fraction === fraction) return;
    this.progress.set(channel, { seq, fraction });
    this.notifyProgress(channel);
  }

  /** Clears the progress of `channel` — only when it is job `seq`'s, or whoever's when `seq` is absent. */
  private clearProgress(channel: string, seq?: number): void {
    const current = this.progress.get(channel);
    if (!current || (seq !== undefined && current.seq !== seq)) return;
    this.progress.delete(channel);
    this.notifyProgress(channel);
  }

  private notifyProgress(channel: string): void {
    for (const listener of [...(this.progressListeners.get(channel) ?? [])]) listener();
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.slots.every((s) => !s.busy);
  }

  /** Resolves once no job is queued or running on any worker of this bridge. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Starts queued jobs on free workers: the most urgent first (`priorityOf`, then the oldest). A
   * queued job that has been superseded (or whose signal aborted) is dropped here, never run.
   */
  private pump(): void {
    for (;;) {
      const slot = this.slots.find((s) => !s.busy);
      if (!slot || this.waiting.length === 0) break;
      let best = 0;
      for (let i = 1; i < this.waiting.length; i++) {
        const w = this.waiting[i]!;
        const b = this.waiting[best]!;
        if (w.priority < b.priority || (w.priority === b.priority && w.seq < b.seq)) best = i;
      }
      const next = this.waiting.splice(best, 1)[0]!;
      if (next.superseded()) {
        next.drop();
        continue;
      }
      slot.busy = true;
      next.start(slot);
    }
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /**
   * Runs `job` against a worker on `channel` (e.g. one sub-account). Rejects with AbortedError
   * when a newer job was queued on the same channel or `signal` aborted.
   */
  run<T>(channel: string, job: (api: Remote<EngineApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const mySeq = ++this.seq;
    this.latest.set(channel, mySeq);
    const superseded = () => signal?.aborted === true || this.latest.get(channel) !== mySeq;
    for (const s of this.slots) if (s.running?.channel === channel) s.running.superseded();
    this.clearProgress(channel); // the older job's progress no longer describes what the user asked for
    const body = async (slot: Slot): Promise<T> => {
      if (superseded()) throw new AbortedError();
      if (this.opts.yieldTo) {
        await this.opts.yieldTo();
        if (superseded()) throw new AbortedError();
      }
      const api = await this.ensureAlive(slot);
      if (superseded()) throw new AbortedError();
      const failure = slot.failure!.promise;
      const timeoutMs = this.opts.timeoutMs ?? 20_000;
      const silenceMs = this.opts.progressSilenceMs ?? PROGRESS_SILENCE_MS;
      const timers = this.timers;
      let fail!: (e: Error) => void;
      const deadline = new Promise<never>((_, rej) => (fail = rej));
      // No progress reported: the long deadline. Progress reported: silence longer than silenceMs is death.
      let timer: unknown = timers.set(() => fail(new WorkerFailedError(`Margin worker did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      let abandonTimer: unknown = null;
      const abandonAfter = this.opts.abandonSupersededAfterMs;
      const now = () => (timers.now ? timers.now() : Date.now());
      const started = now();
      const abandon = () => {
        if (abandonAfter === undefined || abandonTimer !== null || slot.running !== running) return;
        abandonTimer = timers.set(
          () => {
            if (slot.running === running) this.restartSlot(slot, new AbortedError());
          },
          Math.max(0, started + abandonAfter - now()),
        );
      };
      const running: Running = {
        channel,
        started,
        progressed: (reported) => {
          timers.clear(timer);
          timer = timers.set(() => fail(new WorkerFailedError(`Margin worker stopped reporting progress for ${silenceMs / 1000} s`)), silenceMs);
          const fraction = fractionOf(reported);
          if (fraction !== null && !superseded()) this.showProgress(channel, mySeq, fraction);
        },
        superseded: abandon,
      };
      const aborted = () => {
        this.clearProgress(channel, mySeq);
        abandon();
      };
      slot.running = running;
      signal?.addEventListener("abort", aborted);
      try {
        const value = await Promise.race([job(this.withSnapshots(slot, api)), failure, deadline]);
        slot.answered = true;
        if (superseded()) throw new AbortedError();
        return value;
      } catch (e) {
        if (e instanceof AbortedError || e instanceof EngineRefusal) {
          slot.answered ||= e instanceof EngineRefusal;
          throw e;
        }
        // A throw inside the worker or a dead worker: start afresh for the next job.
        const err = e instanceof Error ? e : new Error(String(e));
        this.restartSlot(slot, err instanceof WorkerFailedError ? err : new WorkerFailedError(err.message));
        throw err;
      } finally {
        slot.running = null;
        this.clearProgress(channel, mySeq);
        signal?.removeEventListener("abort", aborted);
        timers.clear(timer);
        if (abandonTimer !== null) timers.clear(abandonTimer);
      }
    };
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        priority: this.opts.priorityOf?.(channel) ?? 0,
        seq: mySeq,
        superseded,
        drop: () => reject(new AbortedError()),
        start: (slot) => {
          body(slot)
            .then(resolve, reject)
            .finally(() => {
              slot.busy = false;
              this.pump();
            });
        },
      });
      this.pump();
    });
  }

  /** releaseProxy() then terminate(). */
  dispose(): void {
    for (const slot of this.slots) {
      slot.remote?.[releaseProxy]();
      this.restartSlot(slot, new WorkerFailedError("Margin worker disposed"));
    }
  }
}
