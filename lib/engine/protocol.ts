/**
 * The wire protocol between the engine client (lib/engine/client/bridge.ts) and the engine worker
 * (lib/engine/worker/api.ts) beyond the method calls themselves: no imports, plain constants and
 * types, so both sides (which may not import each other) share one definition.
 *
 * Snapshot by reference: the market snapshot is sent to each worker once (`loadSnapshot`), keyed,
 * and validated there once; a request then carries `{ [SNAPSHOT_REF_FIELD]: key }` instead of the
 * snapshot. A worker that no longer holds the key answers `{ ok: false, code: SNAPSHOT_MISSING }`
 * and the client sends the snapshot again, then repeats the request.
 *
 * Liveness: the client gives each worker one MessagePort (`connectProgress`). Before each job the
 * client calls `beginJob(id)`; the worker answers at once with a BeatMessage of that id on the port
 * (the acknowledgement, before any computation), then the engine's loops beat (lib/quant/heartbeat.ts)
 * and long analyses report a `fraction` done, every message carrying the job's id and throttled to
 * one per PROGRESS_INTERVAL_MS. From its start, a job whose worker sends nothing of that job for
 * PROGRESS_SILENCE_MS has a dead or hung worker (it is replaced); a message of another job id (a
 * late one of the job before) never keeps a job alive. Only a fresh worker, still loading its code,
 * is given longer to acknowledge its first job.
 */

/** Field of a request that names a snapshot the worker already holds (instead of `snapshot`). */
export const SNAPSHOT_REF_FIELD = "snapshotRef";

/** Answer code: the request named a snapshot this worker does not hold (new worker, or evicted). */
export const SNAPSHOT_MISSING = "snapshot-missing";

/**
 * Answer code: the job was cancelled by the client (`cancelJob`, sent when newer inputs supersede
 * it) at one of its checkpoints. The worker stays up, with its caches; the client drops the answer.
 */
export const JOB_CANCELLED = "job-cancelled";

/** How many snapshots a worker keeps (the newest ones); older keys are sent again when named. */
export const MAX_WORKER_SNAPSHOTS = 4;

/** A worker reports progress at most this often (wall clock) — ample margin below the silence limit. */
export const PROGRESS_INTERVAL_MS = 250;

/** A job whose worker sends nothing of that job (no acknowledgement, beat or progress) this long has a dead or hung worker. */
export const PROGRESS_SILENCE_MS = 2_000;

/**
 * One liveness message of the job `job` running in a worker: the acknowledgement of `beginJob`,
 * a beat of the engine's loops, or a progress report carrying the `fraction` done (0..1).
 */
export interface BeatMessage {
  type: "beat";
  /** the id the client gave the job in `beginJob` */
  job: number;
  fraction?: number;
}

/** The port a worker posts BeatMessages on (a MessagePort, or a test double). */
export interface ProgressPortLike {
  postMessage(message: BeatMessage): void;
}

/**
 * What the trader reads when the worker's answer is neither figures nor a reason they cannot be
 * computed: a broken worker (it is replaced), never the engine's verdict on the positions.
 */
export const UNREADABLE_ANSWER = "The calculation sent back an answer that could not be read (a fault in MarginLab, not in your positions).";
