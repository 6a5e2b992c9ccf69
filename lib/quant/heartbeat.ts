/**
 * The engine's heartbeat: `beat()` is called from the long generic loops of the engine (per
 * position, per scenario, per rulebook, per path) so that a worker running a legitimate computation
 * keeps telling its client that it is alive, however long the computation takes. The engine worker
 * (lib/engine/worker/api.ts) installs a sink for the job it runs; outside a worker (the main
 * thread, tests, scripts) no sink is installed and `beat()` returns at once.
 *
 * Cost: one null check without a sink; with one, a counter and a clock read, and a post at most
 * once per interval (the sink's throttle). It lives in lib/quant, the bottom layer, so that every
 * engine layer may import it; it knows nothing of workers or messages.
 *
 * @example
 * const stop = installBeatSink(() => port.postMessage({ type: "beat", job }), { intervalMs: 250 });
 * for (const p of positions) { beat(); … } // posts at most every 250 ms
 * stop();
 *
 * @packageDocumentation
 */

/** What an installed sink is told: that the engine is alive, at most once per interval. */
export type BeatSink = () => void;

export interface BeatSinkOptions {
  /** posts at most this often, in ms of `now` (0: every beat reaches the sink, for measurement) */
  intervalMs: number;
  /** clock in ms (default performance.now) */
  now?: () => number;
}

let sink: BeatSink | null = null;
let intervalMs = 0;
let now: () => number = () => performance.now();
let lastPost = -Infinity;
let beats = 0;

/**
 * The engine is alive and making progress: tells the installed sink, at most once per interval.
 * A no-op without a sink.
 */
export function beat(): void {
  if (sink === null) return;
  beats++;
  const t = now();
  if (t - lastPost < intervalMs) return;
  lastPost = t;
  sink();
}

/**
 * Installs `s` as the sink of every `beat()` until the returned function (or another install)
 * removes it. The first beat after an install always reaches the sink.
 */
export function installBeatSink(s: BeatSink, options: BeatSinkOptions): () => void {
  sink = s;
  intervalMs = options.intervalMs;
  now = options.now ?? (() => performance.now());
  lastPost = -Infinity;
  beats = 0;
  return () => {
    if (sink === s) sink = null;
  };
}

/** Something else told the client that the engine is alive at `at` (a progress report): the next beat waits a full interval. */
export function beatSentAt(at: number): void {
  lastPost = at;
}

/** How many times `beat()` was called since the current sink was installed (diagnostics). */
export function beatCount(): number {
  return beats;
}
