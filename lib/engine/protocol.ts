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
 * Liveness: the client gives each worker one MessagePort (`connectProgress`); a long analysis
 * posts `{ type: "progress", fraction }` on it (throttled to one per PROGRESS_INTERVAL_MS). While a
 * job runs, a job that has reported progress once must keep reporting: PROGRESS_SILENCE_MS of silence
 * means the worker is dead (it is replaced); a job that never reports keeps the long timeout.
 */

/** Field of a request that names a snapshot the worker already holds (instead of `snapshot`). */
export const SNAPSHOT_REF_FIELD = "snapshotRef";

/** Answer code: the request named a snapshot this worker does not hold (new worker, or evicted). */
export const SNAPSHOT_MISSING = "snapshot-missing";

/** How many snapshots a worker keeps (the newest ones); older keys are sent again when named. */
export const MAX_WORKER_SNAPSHOTS = 4;

/** A worker reports progress at most this often (wall clock) — ample margin below the silence limit. */
export const PROGRESS_INTERVAL_MS = 250;

/** A job that reports progress and then stays silent this long has a dead or hung worker. */
export const PROGRESS_SILENCE_MS = 2_000;

/** One progress report of the job running in a worker (fraction done, 0..1). */
export interface ProgressMessage {
  type: "progress";
  fraction: number;
}

/** The port a worker posts ProgressMessages on (a MessagePort, or a test double). */
export interface ProgressPortLike {
  postMessage(message: ProgressMessage): void;
}
