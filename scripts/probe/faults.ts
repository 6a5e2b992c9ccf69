import { wrap } from "comlink";
import { AbortedError, EngineBridge, EngineRefusal, isWorkerFault, STOPPED_RESPONDING, type BridgeOptions, type WorkerLike } from "@/lib/engine/client/bridge";
import { UNREADABLE_ANSWER } from "@/lib/engine/client/engine-answer";
import { subAccountMarginQuery } from "@/lib/engine/client/queries";
import type { BeatMessage } from "@/lib/engine/protocol";
import type { EngineApi } from "@/lib/engine/worker/api";
import { engineApi } from "@/lib/engine/worker/api";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { FakeWorker } from "@/lib/test-support/fake-worker";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import type { SubAccount } from "@/lib/workspace/schema";
import { Failures, n, type ProbeResult } from "./result";

/**
 * Worker faults, in Node: the app's EngineBridge (lib/engine/client/bridge.ts) and the margin query
 * (lib/engine/client/queries.ts) over a FakeWorker (a MessageChannel, lib/test-support) that
 * exposes the real engine API (lib/engine/worker/api.ts) — except for the first worker(s) of each
 * case, which have one fault injected: a throw, a hang (before or after acknowledging the job, after
 * reporting progress), garbage on either port, a garbage answer, a crash, a termination, a worker
 * that dies while idle, and two engine refusals. Each case checks how the fault is classified (a
 * fault replaces the worker; a refusal keeps it and says why), that the message says what happened,
 * and that the next job gets the engine's real answer. A hang is "recovered" when the silent worker
 * is replaced within the silence limit (protocol.ts) and the job succeeds on the replacement; a
 * worker silent twice fails the job with STOPPED_RESPONDING. Deadlines are short real timers (this
 * is a probe, not a test): STARTUP_MS for a fresh worker's acknowledgement, SILENCE_MS of silence.
 */

export const WORKER_FAULTS = 6;
const STARTUP_MS = 400;
const SILENCE_MS = 300;
/** What a recovered hang may take beyond its deadline (the replacement's own job, a busy machine): printed, never asserted. */
const RECOVERY_SLACK_MS = 2_000;

type Api = Record<string, (...args: never[]) => unknown>;
/** fault: the job fails as a worker fault, the worker replaced; recovered: it succeeds on a replacement; refusal: an EngineRefusal, the worker kept */
type Expect = "fault" | "recovered" | "refusal";

/** What a faulty API can act on: its worker, and the liveness port and job id the bridge gave it. */
interface FaultContext {
  worker: FakeWorker;
  /** posts a liveness message of the current job, as the engine does (protocol.ts BeatMessage) */
  beat(fraction?: number): void;
  /** posts anything on the liveness port */
  postLiveness(message: unknown): void;
  /** the id of the job the bridge began last (null before the first) */
  job(): number | null;
}

interface FaultCase {
  name: string;
  /** the faulty worker's API methods (over the real engine API) */
  faulty: (c: FaultContext) => Api;
  expect: Expect;
  /** the message of a failed job must match */
  message?: RegExp;
  /** how many workers, from the first, are faulty (default 1) */
  faultyWorkers?: number;
  /** the deadline a recovered hang waits for (its worker was replaced after it) */
  deadlineMs?: number;
  sub?: SubAccount;
  /** a first job succeeds, then `afterWarmUp` breaks the (idle) worker */
  afterWarmUp?: (w: FakeWorker) => void;
}

const never = () => new Promise<never>(() => {});
const GARBAGE: unknown[] = [null, 42, "garbage", { id: "not-a-call" }, { type: "RAW", value: 1 }, { id: 1, type: "HANDLER", name: "throw" }, new Uint8Array([1, 2, 3]), [{ id: {} }]];
const SILENT = /stopped responding|sent nothing/i;

const CASES: FaultCase[] = [
  {
    name: "worker throws",
    faulty: () => ({
      computeSubAccount: () => {
        throw new Error("injected: index out of range");
      },
    }),
    expect: "fault",
    message: /injected: index out of range/,
  },
  {
    name: "worker throws a non-Error",
    faulty: () => ({
      computeSubAccount: () => {
        throw "injected string";
      },
    }),
    expect: "fault",
    message: /injected string/,
  },
  { name: "worker hangs after acknowledging the job", faulty: () => ({ computeSubAccount: never }), expect: "recovered", deadlineMs: SILENCE_MS },
  {
    name: "worker hangs after reporting progress",
    faulty: (c) => ({
      computeSubAccount: () => {
        c.beat(0.1);
        return never();
      },
    }),
    expect: "recovered",
    deadlineMs: SILENCE_MS,
  },
  { name: "fresh worker never acknowledges the job", faulty: () => ({ beginJob: () => {}, computeSubAccount: never }), expect: "recovered", deadlineMs: STARTUP_MS },
  {
    name: "worker posts garbage on the call port, never answers",
    faulty: (c) => ({
      computeSubAccount: () => {
        for (const g of GARBAGE) c.worker.channel.port2.postMessage(g);
        return never();
      },
    }),
    expect: "recovered",
    deadlineMs: SILENCE_MS,
  },
  {
    name: "worker posts garbage and other jobs' beats on the liveness port, never answers",
    faulty: (c) => ({
      computeSubAccount: () => {
        const job = c.job() ?? 0;
        const forged: unknown[] = [{ type: "beat", job: job - 1, fraction: 0.5 }, { type: "beat", job: String(job) }, { type: "beat" }, { type: "progress", fraction: 0.5 }, { job }, null, "beat", 42];
        const timer = setInterval(() => {
          if (c.worker.terminated) clearInterval(timer);
          else for (const m of forged) c.postLiveness(m);
        }, SILENCE_MS / 6);
        return never();
      },
    }),
    expect: "recovered",
    deadlineMs: SILENCE_MS,
  },
  { name: "worker answers garbage", faulty: () => ({ computeSubAccount: () => ({ weird: true }) }), expect: "fault", message: new RegExp(exactly(UNREADABLE_ANSWER)) },
  { name: "worker answers ok:false without a reason", faulty: () => ({ computeSubAccount: () => ({ ok: false }) }), expect: "fault", message: new RegExp(exactly(UNREADABLE_ANSWER)) },
  { name: "worker answers ok:true without a result", faulty: () => ({ computeSubAccount: () => ({ ok: true }) }), expect: "fault", message: new RegExp(exactly(UNREADABLE_ANSWER)) },
  {
    name: "worker crashes mid-job (error event)",
    faulty: (c) => ({
      computeSubAccount: () => {
        setTimeout(() => c.worker.crash("injected: out of memory"), 20);
        return never();
      },
    }),
    expect: "fault",
    message: /crashed: injected: out of memory/,
  },
  {
    name: "message cannot be deserialised (messageerror)",
    faulty: (c) => ({
      computeSubAccount: () => {
        setTimeout(() => c.worker.dispatchEvent(new Event("messageerror")), 20);
        return never();
      },
    }),
    expect: "fault",
    message: /crashed/,
  },
  {
    name: "worker terminated mid-job (ports closed, no event)",
    faulty: (c) => ({
      computeSubAccount: () => {
        setTimeout(() => c.worker.channel.port2.close(), 20);
        return never();
      },
    }),
    expect: "recovered",
    deadlineMs: SILENCE_MS,
  },
  {
    name: "idle worker dies: the next job replaces it",
    faulty: () => ({}),
    expect: "recovered",
    deadlineMs: SILENCE_MS,
    afterWarmUp: (w) => w.channel.port2.close(), // dies silently while idle
  },
  { name: "worker and its replacement both hang", faulty: () => ({ computeSubAccount: never }), faultyWorkers: 2, expect: "fault", message: new RegExp(`^${exactly(STOPPED_RESPONDING)}$`) },
  { name: "refusal: unknown venue profile", faulty: () => ({}), expect: "refusal", message: /Unknown venue profile "no-such-venue"/, sub: { ...DEMO_WORKSPACE.subAccounts[0]!, profileId: "no-such-venue" } },
  {
    name: "refusal: options on a perp-only venue",
    faulty: () => ({}),
    expect: "refusal",
    message: /option/i,
    sub: { ...DEMO_WORKSPACE.subAccounts[0]!, profileId: "hyperliquid" },
  },
];

/** `text` as a RegExp source matching it literally. */
function exactly(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const sub0 = DEMO_WORKSPACE.subAccounts[0]!;

/**
 * A faulty worker's API: the real engine API, with its liveness methods passed through (the engine
 * keeps one port and job id per module, and this process runs every worker on the same module) and
 * recorded, so a fault can beat or forge messages as its job; then the case's methods over it.
 */
function faultyApi(c: FaultCase, worker: () => FakeWorker): Api {
  let port: { postMessage(m: unknown): void } | null = null;
  let job: number | null = null;
  const ctx: FaultContext = {
    get worker() {
      return worker();
    },
    beat: (fraction) => port?.postMessage((fraction === undefined ? { type: "beat", job } : { type: "beat", job, fraction }) as BeatMessage),
    postLiveness: (m) => port?.postMessage(m),
    job: () => job,
  };
  const live: Api = {
    connectProgress: ((p: { postMessage(m: BeatMessage): void }) => {
      port = p;
      engineApi.connectProgress(p);
    }) as never,
    beginJob: ((id: number) => {
      job = id;
      engineApi.beginJob(id);
    }) as never,
  };
  return { ...(engineApi as unknown as Api), ...live, ...c.faulty(ctx) };
}

async function runCase(c: FaultCase): Promise<string | null> {
  const workers: FakeWorker[] = [];
  const options: BridgeOptions = { startupMs: STARTUP_MS, progressSilenceMs: SILENCE_MS, wrapWorker: (w: WorkerLike) => wrap<EngineApi>((w as FakeWorker).channel.port1) };
  const bridge = new EngineBridge(() => {
    const faulty = workers.length < (c.faultyWorkers ?? 1);
    const holder: { w?: FakeWorker } = {};
    const w = new FakeWorker(faulty ? faultyApi(c, () => holder.w!) : engineApi);
    holder.w = w;
    workers.push(w);
    return w;
  }, options);
  const query = (sub: SubAccount) => {
    const q = subAccountMarginQuery(bridge, sub, SAMPLE_SNAPSHOT, { lite: true }) as unknown as { queryFn: (ctx: { signal: AbortSignal }) => Promise<unknown> };
    return q.queryFn({ signal: new AbortController().signal });
  };
  try {
    if (c.afterWarmUp) {
      await query(sub0);
      c.afterWarmUp(workers[0]!);
    }
    const t0 = performance.now();
    const outcome = await query(c.sub ?? sub0).then(
      () => ({ ok: true as const }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    const elapsed = performance.now() - t0;
    const problems: string[] = [];
    if (c.expect === "recovered") {
      if (!outcome.ok) problems.push(`failed instead of being replaced: ${String(outcome.e)}`);
      if (!workers[0]!.terminated) problems.push("the faulty worker was kept");
      if (bridge.startedWorkers !== 2) problems.push(`${bridge.startedWorkers} workers started (expected 2)`);
      if (elapsed > (c.deadlineMs ?? 0) + RECOVERY_SLACK_MS) problems.push(`took ${elapsed.toFixed(0)} ms (deadline ${c.deadlineMs} ms)`);
      return problems.length ? problems.join("; ") : null;
    }
    if (outcome.ok) return c.expect === "fault" ? "the faulty job succeeded" : "the refused job succeeded";
    const e = outcome.e;
    const msg = e instanceof Error ? e.message : String(e);
    const kind: Expect | "other" = e instanceof EngineRefusal ? "refusal" : isWorkerFault(e) ? "fault" : "other";
    if (kind !== c.expect) problems.push(`classified as ${kind} (${e instanceof Error ? e.name : typeof e}: "${msg}"), expected ${c.expect}`);
    if (!(c.message ?? /.+/).test(msg) || msg === "undefined" || msg.trim() === "") problems.push(`message "${msg}" does not say what happened`);
    if (SILENT.test(msg) && c.faultyWorkers !== 2) problems.push(`a hang was reported, not the fault: "${msg}"`);
    const restarted = workers[0]!.terminated;
    if (c.expect === "fault" && !restarted) problems.push("the faulty worker was kept");
    if (c.expect === "refusal" && restarted) problems.push("the worker was restarted for a refusal");
    if (e instanceof AbortedError) problems.push("reported as superseded");
    // the next job gets the engine's real answer
    const next = (await query(sub0).catch((x: unknown) => x)) as { equity?: number } | Error;
    if (next instanceof Error) problems.push(`next job failed: ${next.message}`);
    return problems.length ? problems.join("; ") : null;
  } finally {
    bridge.dispose();
    for (const w of workers) w.terminate();
  }
}

export async function probeFaults(): Promise<ProbeResult> {
  const failures = new Failures();
  let passed = 0;
  for (const c of CASES) {
    const problem = await runCase(c).catch((e: unknown) => `probe error: ${String(e)}`);
    if (problem) failures.add(`${c.name}: ${problem}`);
    else passed++;
  }
  const count = (e: Expect) => n(CASES.filter((c) => c.expect === e).length);
  return {
    probe: "worker faults",
    runs: CASES.length,
    minimum: WORKER_FAULTS,
    passed,
    detail: `${count("fault")} faults failing the job, ${count("recovered")} hangs recovered on a replacement, ${count("refusal")} refusals; ${n(failures.count)} misclassified or not recovered`,
    failures: failures.examples,
  };
}
