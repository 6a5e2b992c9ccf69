/**
 * Stop points: places in the engine where a computation the client no longer needs may be stopped
 * at once, instead of running on to the end of its part. The engine worker (lib/engine/worker/api.ts)
 * installs a check that reads a flag the page writes into shared memory when it cancels the job
 * (it cannot post a message into a running computation); outside a worker no check is installed and
 * `stopPoint()` returns at once.
 *
 * A stop point may only sit where stopping leaves nothing half done: every cache the engine writes
 * stores a result only once it is complete (LruMap.getOrMake, set after build), so a computation
 * stopped between two of them leaves each cache as a complete run would have, only with fewer
 * entries. The stop points: the start of every model run (`computeSubAccount`) and each step of
 * a liquidation search (lib/margin/analyses/liquidation.ts) — between them lies at most one model run
 * at one spot — and the loops of the risk analyses, which keep nothing outside a call (lib/risk: each
 * scenario of a revaluation, each Monte Carlo path, each column's components, each backtest day, each
 * step of the forecast's preparation).
 *
 * @example
 * const remove = installStopCheck(() => Atomics.load(flag, 0) === job);
 * try { computeSubAccount(sub, snapshot); } catch (e) { if (e instanceof StopRequested) … }
 * remove();
 *
 * @packageDocumentation
 */

/** Thrown by {@link stopPoint} when the installed check asks to stop. */
export class StopRequested extends Error {
  constructor() {
    super("Stopped on request");
    this.name = "StopRequested";
  }
}

let check: (() => boolean) | null = null;

/** Throws {@link StopRequested} when the installed check says the running computation is no longer needed; else nothing. */
export function stopPoint(): void {
  if (check !== null && check()) throw new StopRequested();
}

/** Installs `c` as the check of every `stopPoint()` until the returned function (or another install) removes it. */
export function installStopCheck(c: () => boolean): () => void {
  check = c;
  return () => {
    if (check === c) check = null;
  };
}
