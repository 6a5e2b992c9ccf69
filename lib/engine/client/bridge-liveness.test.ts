import { afterEach, describe, expect, it } from "vitest";
import { wrap } from "comlink";
import { deferred, FakeWorker, livenessApi } from "@/lib/test-support/fake-worker";
import { manualClock } from "@/lib/test-support/manual-clock";
import { EngineBridge, isWorkerFault, SILENCE_DRAIN_MS, STARTUP_MS, STOPPED_RESPONDING, WorkerSilentError } from "./bridge";
import type { EngineApi } from "@/lib/engine/worker/api";
import { PROGRESS_INTERVAL_MS, PROGRESS_SILENCE_MS } from "@/lib/engine/protocol";

/** Issue 9, finding 6: a worker that stops answering is replaced within the limit of being needed (injected clock). */
const REPLACED_WITHIN_MS = 2_000;
/** The silence limit is judged in two timers (bridge.ts): the first part, then the drain that reads queued messages. */
const FIRST_PART_MS = PROGRESS_SILENCE_MS - SILENCE_DRAIN_MS;

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

type Fake = ReturnType<typeof livenessApi>;
type Work = { work(): Promise<string> };
const work = (api: unknown) => (api as Work).work();

/**
 * A bridge on the injected clock over fake workers made by `makeApi(i)` for the i-th started
 * worker (0-based); `fakes[i]` is that worker's liveness double.
 */
function setup(makeApi: (i: number) => Fake) {
  const clock = manualClock();
  const fakes: Fake[] = [];
  const bridge = new EngineBridge(
    () => {
      const f = makeApi(fakes.length);
      fakes.push(f);
      const w = new FakeWorker(f.api);
      workers.push(w);
      return w;
    },
    { timers: clock, wrapWorker: (w) => wrap<EngineApi>((w as FakeWorker).channel.port1) },
  );
  /** Resolves once the bridge has received every liveness message the fakes posted (message delivery, not time; none posts after its worker ended). */
  const delivered = async () => {
    const posted = () => fakes.reduce((n, f) => n + f.posted, 0);
    while (bridge.beatsSeen < posted()) await new Promise((r) => setTimeout(r, 0));
  };
  return { bridge, clock, fakes, delivered };
}

/** A job that hangs forever without a beat (after its acknowledgement), with a promise resolved when it starts. */
function hanging() {
  const started = deferred<void>();
  return { started: started.promise, api: livenessApi({ work: () => (started.resolve(), new Promise<string>(() => {})) }) };
}

describe("EngineBridge: every job is under the silence rule from its start", () => {
  it("replaces a hung worker (acknowledged the job, then silent) exactly at the silence limit of the injected clock, and the job completes on the replacement", async () => {
    const first = hanging();
    const { bridge, clock, delivered } = setup((i) => (i === 0 ? first.api : livenessApi({ work: () => "done on the replacement" })));
    const job = bridge.run("a", work);
    await first.started;
    await delivered(); // the acknowledgement reached the bridge
    expect(clock.pendingMs()).toEqual([FIRST_PART_MS]); // the fresh worker's startup allowance gave way to the silence rule
    expect(clock.advance(REPLACED_WITHIN_MS - 1)).toEqual([FIRST_PART_MS]); // one tick short of the limit: still trusted
    expect(workers[0]!.terminated).toBe(false);
    expect(clock.advance(1)).toEqual([SILENCE_DRAIN_MS]); // at the limit: declared dead
    await expect(job).resolves.toBe("done on the replacement");
    expect(workers[0]!.terminated).toBe(true);
    expect(bridge.startedWorkers).toBe(2);
  });

  it("never kills a job that beats once per progress interval, however long it computes (50 silence limits of injected clock)", async () => {
    const gate = deferred<string>();
    const started = deferred<void>();
    const { bridge, clock, fakes, delivered } = setup(() => livenessApi({ work: () => (started.resolve(), gate.promise) }));
    const job = bridge.run("a", work);
    await started.promise;
    await delivered();
    const steps = (50 * REPLACED_WITHIN_MS) / PROGRESS_INTERVAL_MS;
    const fired: number[] = [];
    for (let i = 0; i < steps; i++) {
      fired.push(...clock.advance(PROGRESS_INTERVAL_MS));
      fakes[0]!.beat();
      await delivered();
    }
    expect(clock.now()).toBe(50 * REPLACED_WITHIN_MS);
    expect(fired).toEqual([]);
    gate.resolve("done");
    await expect(job).resolves.toBe("done");
    expect(bridge.startedWorkers).toBe(1);
    expect(workers[0]!.terminated).toBe(false);
  });

  it("does not let a late message of the previous job keep the next one alive", async () => {
    const calls: string[] = [];
    const started = deferred<void>();
    const fake = livenessApi({
      quick: () => (calls.push("quick"), "quick"),
      work: () => (started.resolve(), new Promise<string>(() => {})),
    });
    const { bridge, clock, fakes, delivered } = setup((i) => (i === 0 ? fake : livenessApi({ work: () => "replacement" })));
    await expect(bridge.run("a", (api) => (api as unknown as { quick(): Promise<string> }).quick())).resolves.toBe("quick");
    const previousJob = fakes[0]!.job()!;
    const job = bridge.run("a", work);
    await started.promise;
    await delivered();
    expect(fakes[0]!.job()).not.toBe(previousJob);
    expect(clock.advance(REPLACED_WITHIN_MS - SILENCE_DRAIN_MS * 2)).toEqual([]);
    fakes[0]!.post({ type: "beat", job: previousJob, fraction: 0.9 }); // the previous job's, arriving late
    await delivered();
    expect(bridge.staleBeats).toBe(1);
    expect(bridge.progressOf("a")).toBeNull(); // nor does its fraction show
    expect(clock.advance(SILENCE_DRAIN_MS * 2)).toEqual([FIRST_PART_MS, SILENCE_DRAIN_MS]); // the silence limit after the new job's acknowledgement
    await expect(job).resolves.toBe("replacement");
    expect(workers[0]!.terminated).toBe(true);
  });

  it("reads a beat queued while the page itself was busy before judging the silence (no false kill)", async () => {
    const gate = deferred<string>();
    const started = deferred<void>();
    const { bridge, clock, fakes, delivered } = setup(() => livenessApi({ work: () => (started.resolve(), gate.promise) }));
    const job = bridge.run("a", work);
    await started.promise;
    await delivered();
    fakes[0]!.beat(); // posted at once by the worker, but the page is busy: it waits in the queue…
    clock.stall(REPLACED_WITHIN_MS + SILENCE_DRAIN_MS * 2); // …while the page's own work holds the thread past the silence limit
    expect(clock.advance(0)).toEqual([FIRST_PART_MS]); // the overdue deadline runs first: no verdict yet
    await delivered(); // then the queued beat is read
    expect(clock.advance(REPLACED_WITHIN_MS - 1)).toEqual([FIRST_PART_MS]); // a fresh silence limit from the beat
    expect(workers[0]!.terminated).toBe(false);
    gate.resolve("done");
    await expect(job).resolves.toBe("done");
    expect(bridge.startedWorkers).toBe(1);
  });

  it("acknowledgement: a worker that answered before but does not acknowledge a new job is replaced at the silence limit", async () => {
    const { bridge, clock, delivered } = setup((i) => (i === 0 ? livenessApi({ work: () => "first" }, { ack: false }) : livenessApi({ work: () => "second worker" })));
    await expect(bridge.run("a", work)).resolves.toBe("first"); // the worker has answered (its result)
    workers[0]!.channel.port2.close(); // then it dies silently: no error event, no answer ever
    const job = bridge.run("a", work);
    await delivered();
    expect(clock.advance(REPLACED_WITHIN_MS - 1)).toEqual([FIRST_PART_MS]);
    expect(workers[0]!.terminated).toBe(false);
    expect(clock.advance(1)).toEqual([SILENCE_DRAIN_MS]);
    await expect(job).resolves.toBe("second worker");
    expect(bridge.startedWorkers).toBe(2);
  });

  it("acknowledgement: a fresh worker (still loading its code) has the startup allowance, not the silence limit, to acknowledge its first job", async () => {
    const gate = deferred<string>();
    const started = deferred<void>();
    const { bridge, clock } = setup(() => livenessApi({ work: () => (started.resolve(), gate.promise) }, { ack: false }));
    const job = bridge.run("a", work);
    await started.promise;
    expect(clock.pendingMs()).toEqual([STARTUP_MS - SILENCE_DRAIN_MS]);
    expect(clock.advance(REPLACED_WITHIN_MS)).toEqual([]); // the silence limit without a word: a fresh worker is still trusted
    expect(clock.advance(STARTUP_MS - REPLACED_WITHIN_MS - 1)).toEqual([STARTUP_MS - SILENCE_DRAIN_MS]);
    gate.resolve("loaded slowly");
    await expect(job).resolves.toBe("loaded slowly");
    expect(bridge.startedWorkers).toBe(1);
  });

  it("retries once only: a job whose replacement goes silent too fails with a message in the trader's words", async () => {
    const hangs = [hanging(), hanging()];
    const { bridge, clock, delivered } = setup((i) => hangs[i]!.api);
    const job = bridge.run("a", work);
    job.catch(() => {});
    await hangs[0]!.started;
    await delivered();
    expect(clock.advance(PROGRESS_SILENCE_MS)).toEqual([FIRST_PART_MS, SILENCE_DRAIN_MS]);
    await hangs[1]!.started; // retried on the replacement, which acknowledges, then hangs as well
    await delivered();
    expect(clock.advance(PROGRESS_SILENCE_MS)).toEqual([FIRST_PART_MS, SILENCE_DRAIN_MS]);
    const error = await job.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkerSilentError);
    expect((error as Error).message).toBe(STOPPED_RESPONDING);
    expect(isWorkerFault(error)).toBe(true);
    expect(workers.map((w) => w.terminated)).toEqual([true, true]);
    expect(bridge.startedWorkers).toBe(2); // no third attempt
  });
});
