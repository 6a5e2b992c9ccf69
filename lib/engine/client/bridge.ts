import { releaseProxy, transfer, wrap, type Remote } from "comlink";
import type { EngineApi } from "@/lib/engine/worker/api";
import { JOB_CANCELLED, MAX_WORKER_SNAPSHOTS, PROGRESS_INTERVAL_MS, PROGRESS_SILENCE_MS, SNAPSHOT_MISSING, SNAPSHOT_REF_FIELD, UNREADABLE_ANSWER, type BeatMessage } from "@/lib/engine/protocol";

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

/** The worker sent nothing of its job (no acknowledgement, beat or progress) for the silence limit: it was replaced. */
export class WorkerSilentError extends WorkerFailedError {
  constructor(message: string) {
    super(message);
    this.name = "WorkerSilentError";
  }
}

/** What the panel shows when a job's worker went silent, was replaced, and the replacement went silent too. */
export const STOPPED_RESPONDING = "The calculation stopped responding twice, so it was stopped. Your positions and settings are kept: try again, and reload the page if it happens again.";

/**
 * The engine answered, and its answer is a refusal (an unknown profile, options on a perp-only
 * venue, invalid input): deterministic, so the worker is healthy and is kept.
 */
export class EngineRefusal extends Error {
  /** the worker's machine-readable reason, when it gave one (e.g. JOB_CANCELLED) */
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = "EngineRefusal";
    this.code = code;
  }
}

/** A job stopped at a checkpoint to let more urgent work run first (not superseded): it goes back in the queue. */
class PreemptedError extends Error {
  constructor() {
    super("Paused for more urgent work");
    this.name = "PreemptedError";
  }
}

/** Whether a worker answer (or the refusal read from it) says the job stopped at a checkpoint on request. */
const isCancelledAnswer = (x: unknown) => (x instanceof EngineRefusal && x.code === JOB_CANCELLED) || (typeof x === "object" && x !== null && (x as { code?: unknown }).code === JOB_CANCELLED);

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

/** The priority of the page's most urgent panels (see {@link EngineBridge.expectUrgent}). */
const URGENT_PRIORITY = 0;

/** How long a fresh worker (still loading its code) may take to acknowledge its first job. */
export const STARTUP_MS = 20_000;

/**
 * The last part of the silence limit: when the first part has passed without a message, the
 * verdict waits this much longer (a timer of its own), so that messages the worker posted while this
 * page was busy — queued behind the page's own work — are read before it is judged. On an idle page
 * the two parts add up to exactly the silence limit.
 */
export const SILENCE_DRAIN_MS = PROGRESS_INTERVAL_MS;

export interface BridgeOptions {
  /** a fresh worker that has not acknowledged its first job after this long is treated as dead (default STARTUP_MS) */
  startupMs?: number;
  /** a job whose worker sends nothing of it (acknowledgement, beat, progress) this long has a dead worker (default PROGRESS_SILENCE_MS) */
  progressSilenceMs?: number;
  /** how many workers run jobs in parallel (default 1; the analysis pool uses hardwareConcurrency − 1) */
  workers?: number;
  /**
   * A running job whose inputs were superseded (a newer job on its channel, or its signal aborted)
   * is first asked to stop (`cancelJob`: analyses computed in parts stop at their next checkpoint,
   * keeping the worker and its caches), then abandoned once it has run this long — its worker is
   * terminated and replaced, so the newest inputs need not wait behind a long obsolete computation.
   * Per channel when a function. Absent: a running job always finishes.
   */
  abandonSupersededAfterMs?: number | ((channel: string) => number | undefined);
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
  /**
   * Whether each worker gets a stop flag in shared memory (`connectStopFlag`), so that a cancelled
   * job stops at the engine's next stop point (within one model run: lib/quant/stop-point.ts)
   * instead of at the end of its part. Default: when the page can share memory (cross-origin
   * isolated: next.config.ts sends COOP and COEP).
   */
  stopFlags?: boolean;
}

/** Whether this page may share memory with its workers (cross-origin isolated, SharedArrayBuffer defined). */
function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === "function" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** One worker of the bridge: its jobs run one at a time, in order. */
interface Slot {
  worker: WorkerLike | null;
  remote: Remote<EngineApi> | null;
  /**
   * Who to tell when the current worker fails: each job's wait subscribes, and unsubscribes when it
   * ends. (One worker-long promise raced by every job kept every job's result reachable for as long
   * as the worker lived: ~0.57 MB per edit of a 2,000-position workspace, found by `npm run probe`.)
   */
  failure: Set<(e: Error) => void> | null;
  /** a job is running (or waiting for `yieldTo`) on this worker */
  busy: boolean;
  /** the channel of that job (null when free) */
  channel: string | null;
  /** the current worker has answered at least once (a fresh one is still loading its code) */
  answered: boolean;
  /** snapshot keys this worker holds (insertion order mirrors its eviction order), or their loading */
  snapshots: Map<string, Promise<void>>;
  progressPort: MessagePort | null;
  /** shared with the current worker (`connectStopFlag`): the id of the job last cancelled, read at the engine's stop points; null where the page cannot share memory */
  stopFlag: Int32Array | null;
  running: Running | null;
}

/** The job running on a slot: what its liveness messages and its supersession act on. */
interface Running {
  channel: string;
  /** the id given to this attempt of the job (`beginJob`): liveness messages of other ids are ignored */
  job: number;
  started: number;
  /** a liveness message of this job arrived (acknowledgement, beat, or progress with the fraction it carries) */
  beat(fraction: unknown): void;
  superseded(): void;
  /** the job's queue priority (lower is more urgent) */
  priority: number;
  /** asked to stop at its next checkpoint so a more urgent job can run (it is queued again) */
  preempted: boolean;
  preempt(): void;
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
 * worker errors or throws, it is terminated and a fresh one is started for the next job; an
 * EngineRefusal thrown by a job (the engine's own `{ ok: false }` answer) keeps the worker.
 *
 * Liveness (protocol.ts): each attempt of a job gets an id (`beginJob`), which the worker
 * acknowledges at once; from then on its engine beats at most every PROGRESS_INTERVAL_MS while it
 * computes. A job whose worker sends nothing of that id for `progressSilenceMs` (2 s) — however
 * long the computation legitimately takes — has a hung worker: it is replaced and the job is
 * retried once on the new one; silent again, the job fails with STOPPED_RESPONDING. A fresh
 * worker, still loading its code, has `startupMs` to acknowledge its first job.
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
  /** liveness messages received from the current workers (observable for tests and diagnostics) */
  beatsSeen = 0;
  /** of those, the ones ignored because they carried another job's id (observable for tests and diagnostics) */
  staleBeats = 0;
  private jobIds = 0;
  private idleWaiters: { ignore?: (channel: string) => boolean; resolve: () => void }[] = [];
  /** the last fraction reported by the running job of each channel, with that job's sequence number */
  private progress = new Map<string, { seq: number; fraction: number }>();
  private progressListeners = new Map<string, Set<() => void>>();
  private waiting: { channel: string; priority: number; seq: number; superseded(): boolean; start(slot: Slot): void; drop(): void }[] = [];
  /** until when (timers' clock) the page expects jobs of the most urgent priority ({@link expectUrgent}) */
  private urgentUntil = Number.NEGATIVE_INFINITY;
  private urgentTimer: unknown = null;
  /**
   * Whether a cancelled or paused job stops at the engine's next stop point (a stop flag shared with
   * each worker, {@link BridgeOptions.stopFlags}) rather than at the end of its part.
   */
  readonly stopsAtOnce: boolean;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly opts: BridgeOptions = {},
  ) {
    const n = Math.max(1, Math.floor(opts.workers ?? 1));
    this.stopsAtOnce = (opts.stopFlags ?? canShareMemory()) && typeof SharedArrayBuffer === "function";
    this.slots = Array.from({ length: n }, () => ({ worker: null, remote: null, failure: null, busy: false, channel: null, answered: false, snapshots: new Map(), progressPort: null, stopFlag: null, running: null }));
  }

  /** workers running (or about to run) a job now */
  get busyWorkers(): number {
    return this.slots.filter((s) => s.busy).length;
  }

  private get timers(): BridgeTimers {
    return this.opts.timers ?? REAL_TIMERS;
  }

  private ensure(slot: Slot): Remote<EngineApi> {
    if (slot.remote && slot.worker) return slot.remote;
    const worker = this.createWorker();
    this.startedWorkers++;
    slot.failure = new Set();
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
    // Liveness messages arrive on a port of their own (a job blocks the worker's comlink replies).
    if (typeof MessageChannel !== "undefined") {
      const channel = new MessageChannel();
      channel.port1.onmessage = (ev: MessageEvent<BeatMessage>) => {
        if (slot.worker !== worker || ev.data?.type !== "beat" || typeof ev.data.job !== "number") return;
        slot.answered = true;
        this.beatsSeen++;
        if (slot.running?.job === ev.data.job) slot.running.beat(ev.data.fraction);
        else this.staleBeats++; // a late message of an earlier job: it says nothing of the one running now
      };
      slot.progressPort = channel.port1;
      // A worker without the method (an older build, a test double) simply reports nothing.
      remote.connectProgress(transfer(channel.port2, [channel.port2])).catch(() => {});
    }
    // A cancelled job stops at the engine's next stop point (read from shared memory), not at the end of its part.
    slot.stopFlag = this.stopsAtOnce ? new Int32Array(new SharedArrayBuffer(4)) : null;
    if (slot.stopFlag) remote.connectStopFlag(slot.stopFlag).catch(() => {});
    return remote;
  }

  /** A promise that rejects when the slot's current worker fails, and `done()` to stop listening once the wait is over. */
  private failureOf(slot: Slot): { promise: Promise<never>; done(): void } {
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, rej) => (reject = rej));
    promise.catch(() => {});
    const listeners = slot.failure;
    listeners?.add(reject);
    return { promise, done: () => void listeners?.delete(reject) };
  }

  /** Terminates one worker (if any) and fails its job in flight; its next job starts a new one. */
  private restartSlot(slot: Slot, reason: Error): void {
    const w = slot.worker;
    const waiting = slot.failure;
    slot.worker = null;
    slot.remote = null;
    slot.failure = null;
    for (const fail of waiting ?? []) fail(reason);
    slot.snapshots = new Map();
    slot.progressPort?.close();
    slot.progressPort = null;
    slot.stopFlag = null;
    w?.terminate();
  }

  /** Terminates every worker and fails the jobs in flight; the next jobs start new ones. */
  restart(reason: Error = new WorkerFailedError("Margin worker restarted")): void {
    for (const slot of this.slots) this.restartSlot(slot, reason);
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
      if (res?.ok !== true) {
        // a reason is the engine's refusal of the snapshot; anything else is a broken worker (replaced)
        const reason = res?.ok === false && typeof res.error === "string" && res.error.trim() !== "" ? res.error : null;
        throw reason !== null ? new EngineRefusal(reason) : new WorkerFailedError(UNREADABLE_ANSWER);
      }
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

  private isIdle(ignore?: (channel: string) => boolean): boolean {
    const ignored = (channel: string | null) => channel !== null && ignore !== undefined && ignore(channel);
    return this.waiting.every((w) => ignored(w.channel)) && this.slots.every((s) => !s.busy || ignored(s.channel));
  }

  /**
   * Resolves once no job is queued or running on any worker of this bridge — not counting jobs on
   * the channels `ignore` names (e.g. the headline worker's full job, which need not hold back the
   * analyses: it is not what the trader is waiting for while dragging).
   */
  idle(ignore?: (channel: string) => boolean): Promise<void> {
    if (this.isIdle(ignore)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push({ ignore, resolve }));
  }

  /**
   * Starts queued jobs on free workers: the most urgent first (`priorityOf`, then the oldest). A
   * queued job that has been superseded (or whose signal aborted) is dropped here, never run.
   */
  private pump(): void {
    const holding = this.holdingForUrgent();
    for (;;) {
      const slot = this.slots.find((s) => !s.busy);
      if (!slot || this.waiting.length === 0) break;
      let best = -1;
      for (let i = 0; i < this.waiting.length; i++) {
        const w = this.waiting[i]!;
        if (holding && w.priority > URGENT_PRIORITY) continue;
        const b = best < 0 ? null : this.waiting[best]!;
        if (!b || w.priority < b.priority || (w.priority === b.priority && w.seq < b.seq)) best = i;
      }
      if (best < 0) break;
      const next = this.waiting.splice(best, 1)[0]!;
      if (next.superseded()) {
        next.drop();
        continue;
      }
      slot.busy = true;
      next.start(slot);
    }
    this.preemptForWaiting();
    const ready = this.idleWaiters.filter((w) => this.isIdle(w.ignore));
    if (ready.length > 0) {
      this.idleWaiters = this.idleWaiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve();
    }
  }

  /** Whether an {@link expectUrgent} announcement is still running. */
  private holdingForUrgent(): boolean {
    const t = this.timers;
    return (t.now ? t.now() : Date.now()) < this.urgentUntil;
  }

  /**
   * The page's inputs changed and the jobs of its most urgent panels (priority 0) will follow
   * within `ms` (they wait for the inputs to settle): until then no less urgent job starts, and
   * running ones are asked to stop at their next checkpoint (they run again afterwards), so the
   * worker is free when the panels' jobs arrive. Each call extends the announcement.
   */
  expectUrgent(ms: number): void {
    const t = this.timers;
    const now = t.now ? t.now() : Date.now();
    this.urgentUntil = Math.max(this.urgentUntil, now + ms);
    if (this.urgentTimer !== null) t.clear(this.urgentTimer);
    this.urgentTimer = t.set(
      () => {
        this.urgentTimer = null;
        this.pump();
      },
      Math.max(0, this.urgentUntil - now),
    );
    this.pump();
  }

  /**
   * When a job waits and every worker is busy with less urgent jobs (a higher `priorityOf`), those
   * are asked to stop at their next checkpoint (`cancelJob`); each is queued again and reruns once
   * the more urgent work is done. A job without checkpoints ignores the request and finishes.
   */
  private preemptForWaiting(): void {
    let urgent = this.holdingForUrgent() ? URGENT_PRIORITY : Infinity;
    if (urgent === Infinity && (this.waiting.length === 0 || this.slots.some((s) => !s.busy))) return;
    for (const w of this.waiting) if (!w.superseded() && w.priority < urgent) urgent = w.priority;
    for (const s of this.slots) if (s.running && !s.running.preempted && s.running.priority > urgent) s.running.preempt();
  }

  /** Whether a job of `priority` about to start should go back in the queue: a more urgent job waits, or one is announced ({@link expectUrgent}). */
  private outranked(priority: number): boolean {
    if (priority > URGENT_PRIORITY && this.holdingForUrgent()) return true;
    return this.waiting.some((w) => w.priority < priority && !w.superseded());
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
    const body = async (slot: Slot, priority: number): Promise<T> => {
      if (superseded()) throw new AbortedError();
      if (this.opts.yieldTo) {
        await this.opts.yieldTo();
        if (superseded()) throw new AbortedError();
        // While it waited, a more urgent job may have been queued (or announced): it had nothing running to pause, so this job gives way now.
        if (this.outranked(priority)) throw new PreemptedError();
      }
      // A worker replaced for silence gets the job again, once: a second silence is reported to the trader.
      try {
        return await this.attempt(slot, channel, mySeq, job, superseded, signal, priority);
      } catch (e) {
        if (!(e instanceof WorkerSilentError)) throw e;
        if (superseded()) throw new AbortedError();
      }
      try {
        return await this.attempt(slot, channel, mySeq, job, superseded, signal, priority);
      } catch (e) {
        throw e instanceof WorkerSilentError ? new WorkerSilentError(STOPPED_RESPONDING) : e;
      }
    };
    const priority = this.opts.priorityOf?.(channel) ?? 0;
    return new Promise<T>((resolve, reject) => {
      const entry = {
        channel,
        priority,
        seq: mySeq,
        superseded,
        drop: () => reject(new AbortedError()),
        start: (slot: Slot) => {
          slot.channel = channel;
          body(slot, priority)
            .then(resolve, (e: unknown) => (e instanceof PreemptedError ? this.waiting.push(entry) : reject(e)))
            .finally(() => {
              slot.busy = false;
              slot.channel = null;
              this.pump();
            });
        },
      };
      this.waiting.push(entry);
      this.pump();
    });
  }

  /**
   * One attempt of job `seq` of `channel` on the slot's worker (started if needed), under the
   * silence rule: the worker must acknowledge the attempt's id (`beginJob`) and then send something
   * of it at least every `progressSilenceMs` (a fresh worker has `startupMs` for the first message).
   * Silence rejects with WorkerSilentError after replacing the worker.
   */
  private async attempt<T>(slot: Slot, channel: string, seq: number, job: (api: Remote<EngineApi>) => Promise<T>, superseded: () => boolean, signal?: AbortSignal, priority = 0): Promise<T> {
    if (superseded()) throw new AbortedError();
    const api = this.ensure(slot);
    const failure = this.failureOf(slot);
    const silenceMs = this.opts.progressSilenceMs ?? PROGRESS_SILENCE_MS;
    const timers = this.timers;
    let fail!: (e: Error) => void;
    const deadline = new Promise<never>((_, rej) => (fail = rej));
    let timer: unknown = null;
    // Two timers in turn (SILENCE_DRAIN_MS): a message of the job before the second fires clears the verdict.
    const expectWithin = (ms: number) => {
      if (timer !== null) timers.clear(timer);
      const drain = Math.min(SILENCE_DRAIN_MS, ms / 2);
      timer = timers.set(() => {
        timer = timers.set(() => fail(new WorkerSilentError(`Margin worker sent nothing for ${ms / 1000} s: replaced`)), drain);
      }, ms - drain);
    };
    // From the start: a worker that has answered before acknowledges at once; a fresh one may still be loading its code.
    expectWithin(slot.answered ? silenceMs : (this.opts.startupMs ?? STARTUP_MS));
    let abandonTimer: unknown = null;
    let cancelSent = false;
    const abandonOpt = this.opts.abandonSupersededAfterMs;
    const abandonAfter = typeof abandonOpt === "function" ? abandonOpt(channel) : abandonOpt;
    const now = () => (timers.now ? timers.now() : Date.now());
    const started = now();
    // Asks the worker to stop this job: at its next stop point through the shared flag, else at the next checkpoint of an analysis computed in parts.
    const cancel = () => {
      if (slot.stopFlag) Atomics.store(slot.stopFlag, 0, running.job);
      api.cancelJob(running.job).catch(() => {});
    };
    const abandon = () => {
      if (slot.running !== running) return;
      // The job stops and keeps its worker (and caches).
      if (!cancelSent) {
        cancelSent = true;
        cancel();
      }
      if (abandonAfter === undefined || abandonTimer !== null) return;
      abandonTimer = timers.set(
        () => {
          if (slot.running === running) this.restartSlot(slot, new AbortedError());
        },
        Math.max(0, started + abandonAfter - now()),
      );
    };
    const running: Running = {
      channel,
      job: ++this.jobIds,
      started,
      beat: (reported) => {
        expectWithin(silenceMs);
        const fraction = fractionOf(reported);
        if (fraction !== null && !superseded()) this.showProgress(channel, seq, fraction);
      },
      superseded: abandon,
      priority,
      preempted: false,
      preempt: () => {
        if (running.preempted || slot.running !== running) return;
        running.preempted = true;
        if (!cancelSent) cancel();
      },
    };
    const aborted = () => {
      this.clearProgress(channel, seq);
      abandon();
    };
    slot.running = running;
    signal?.addEventListener("abort", aborted);
    // Sent before the job's own calls (one channel, in order): the worker acknowledges, then beats under this id.
    api.beginJob(running.job).catch(() => {});
    try {
      const value = await Promise.race([job(this.withSnapshots(slot, api)), failure.promise, deadline]);
      slot.answered = true;
      if (superseded()) throw new AbortedError();
      if (running.preempted && isCancelledAnswer(value)) throw new PreemptedError();
      return value;
    } catch (e) {
      if (e instanceof PreemptedError) throw e;
      if (running.preempted && isCancelledAnswer(e) && !superseded()) {
        slot.answered = true;
        throw new PreemptedError();
      }
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
      this.clearProgress(channel, seq);
      signal?.removeEventListener("abort", aborted);
      timers.clear(timer);
      failure.done();
      if (abandonTimer !== null) timers.clear(abandonTimer);
    }
  }

  /** releaseProxy() then terminate(). */
  dispose(): void {
    if (this.urgentTimer !== null) this.timers.clear(this.urgentTimer);
    this.urgentTimer = null;
    for (const slot of this.slots) {
      slot.remote?.[releaseProxy]();
      this.restartSlot(slot, new WorkerFailedError("Margin worker disposed"));
    }
  }
}
