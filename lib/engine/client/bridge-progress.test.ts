import { afterEach, describe, expect, it } from "vitest";
import { wrap } from "comlink";
import { deferred, FakeWorker, livenessApi } from "@/lib/test-support/fake-worker";
import { AbortedError, EngineBridge, type BridgeTimers } from "./bridge";
import type { EngineApi } from "@/lib/engine/worker/api";

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

/** Timers that never fire (no test here depends on the machine's speed, or on liveness: see bridge-liveness.test.ts). */
const stillTimers: BridgeTimers = { set: () => 0, clear: () => {}, now: () => 0 };

/** A fake worker: `work(name)` starts a job that ends when the test resolves its gate; `report` posts the running job's progress. */
function fakeWorkerApi() {
  const gates = new Map<string, ReturnType<typeof deferred<string>>>();
  const started = new Map<string, ReturnType<typeof deferred<void>>>();
  const gate = (name: string) => gates.get(name) ?? (gates.set(name, deferred<string>()), gates.get(name)!);
  const start = (name: string) => started.get(name) ?? (started.set(name, deferred<void>()), started.get(name)!);
  const fake = livenessApi({ work: (name: string) => (start(name).resolve(), gate(name).promise) });
  return {
    fake,
    api: fake.api,
    report: (fraction: number) => fake.beat(fraction),
    started: (name: string) => start(name).promise,
    finish: (name: string) => gate(name).resolve(name),
  };
}

const work = (name: string) => (api: unknown) => (api as { work(n: string): Promise<string> }).work(name);

/** A bridge over fake workers (one per started worker, in `fakes`), with timers that never fire. */
function setup(workerCount = 1) {
  const fakes: ReturnType<typeof fakeWorkerApi>[] = [];
  const bridge = new EngineBridge(
    () => {
      const f = fakeWorkerApi();
      fakes.push(f);
      const w = new FakeWorker(f.api);
      workers.push(w);
      return w;
    },
    { timers: stillTimers, workers: workerCount, wrapWorker: (w) => wrap<EngineApi>((w as FakeWorker).channel.port1) },
  );
  /** What a subscriber of `channel` saw: `progressOf` at each notification, in order. */
  const watch = (channel: string) => {
    const seen: (number | null)[] = [];
    let waiter: (() => void) | null = null;
    bridge.subscribeProgress(channel, () => {
      seen.push(bridge.progressOf(channel));
      waiter?.();
    });
    const change = () => new Promise<void>((resolve) => (waiter = resolve));
    return { seen, change };
  };
  /** Resolves once the bridge has received every message the fakes posted (acknowledgements and reports; delivery, not time). */
  const delivered = async () => {
    const posted = () => fakes.reduce((n, f) => n + f.fake.posted, 0);
    while (bridge.beatsSeen < posted()) await new Promise((r) => setTimeout(r, 0));
  };
  /** Posts `fraction` from `fake` and resolves once the bridge has received it (whether or not it shows). */
  const reportAndWait = async (fake: ReturnType<typeof fakeWorkerApi>, fraction: number) => {
    fake.report(fraction);
    await delivered();
  };
  return { bridge, fakes, watch, reportAndWait };
}

describe("EngineBridge: progress of the running job, per channel", () => {
  it("delivers the running job's fractions to a subscriber in order, then clears them when it ends", async () => {
    const { bridge, fakes, watch, reportAndWait } = setup();
    const w = watch("forecast:a");
    const job = bridge.run("forecast:a", work("a1"));
    await fakes[0]!.started("a1");
    expect(bridge.progressOf("forecast:a")).toBeNull(); // running, nothing reported yet: indeterminate
    for (const f of [0.1, 0.45, 0.9]) {
      const changed = w.change();
      await reportAndWait(fakes[0]!, f);
      await changed;
    }
    expect(w.seen).toEqual([0.1, 0.45, 0.9]);
    expect(bridge.progressOf("forecast:a")).toBe(0.9);
    expect(bridge.progressOf("replay:a")).toBeNull(); // other channels see nothing
    fakes[0]!.finish("a1");
    await expect(job).resolves.toBe("a1");
    expect(bridge.progressOf("forecast:a")).toBeNull();
    expect(w.seen).toEqual([0.1, 0.45, 0.9, null]);
  });

  it("clamps fractions to 0..1 and ignores a report without a usable number", async () => {
    const { bridge, fakes, reportAndWait } = setup();
    const job = bridge.run("c", work("j"));
    await fakes[0]!.started("j");
    await reportAndWait(fakes[0]!, 1.5);
    expect(bridge.progressOf("c")).toBe(1);
    await reportAndWait(fakes[0]!, Number.NaN);
    expect(bridge.progressOf("c")).toBe(1); // kept: a NaN is no news
    await reportAndWait(fakes[0]!, -0.2);
    expect(bridge.progressOf("c")).toBe(0);
    fakes[0]!.finish("j");
    await job;
  });

  it("resets on a newer job of the channel, ignores the superseded job's late reports, then shows the new job's own", async () => {
    const { bridge, fakes, watch, reportAndWait } = setup();
    const w = watch("c");
    const old = bridge.run("c", work("old"));
    await fakes[0]!.started("old");
    await reportAndWait(fakes[0]!, 0.4);
    expect(bridge.progressOf("c")).toBe(0.4);

    const newest = bridge.run("c", work("new")); // queued behind the old job on the one worker
    expect(bridge.progressOf("c")).toBeNull(); // reset at once: the bar no longer describes the old inputs
    expect(w.seen).toEqual([0.4, null]);

    await reportAndWait(fakes[0]!, 0.7); // the old job is still running and still reporting
    expect(bridge.progressOf("c")).toBeNull();
    expect(w.seen).toEqual([0.4, null]);

    fakes[0]!.finish("old");
    await expect(old).rejects.toBeInstanceOf(AbortedError);
    await fakes[0]!.started("new");
    await reportAndWait(fakes[0]!, 0.25);
    expect(bridge.progressOf("c")).toBe(0.25);
    fakes[0]!.finish("new");
    await expect(newest).resolves.toBe("new");
    expect(w.seen).toEqual([0.4, null, 0.25, null]);
  });

  it("with a pool, the superseded job ending on one worker does not clear the newer job's progress on another", async () => {
    const { bridge, fakes, reportAndWait } = setup(2);
    const old = bridge.run("c", work("old"));
    await fakes[0]!.started("old");
    const newest = bridge.run("c", work("new"));
    while (fakes.length < 2) await new Promise((r) => setTimeout(r, 0)); // the second worker is created when the job starts
    await fakes[1]!.started("new");
    await reportAndWait(fakes[1]!, 0.3);
    await reportAndWait(fakes[0]!, 0.95); // the old one, late: ignored
    expect(bridge.progressOf("c")).toBe(0.3);
    fakes[0]!.finish("old");
    await expect(old).rejects.toBeInstanceOf(AbortedError);
    expect(bridge.progressOf("c")).toBe(0.3);
    fakes[1]!.finish("new");
    await expect(newest).resolves.toBe("new");
    expect(bridge.progressOf("c")).toBeNull();
  });

  it("clears the progress when the job's signal aborts (Cancel) and ignores its later reports", async () => {
    const { bridge, fakes, watch, reportAndWait } = setup();
    const w = watch("c");
    const controller = new AbortController();
    const job = bridge.run("c", work("j"), controller.signal);
    await fakes[0]!.started("j");
    await reportAndWait(fakes[0]!, 0.5);
    controller.abort();
    expect(bridge.progressOf("c")).toBeNull();
    await reportAndWait(fakes[0]!, 0.6);
    expect(bridge.progressOf("c")).toBeNull();
    fakes[0]!.finish("j");
    await expect(job).rejects.toBeInstanceOf(AbortedError); // the bridge drops its result
    expect(w.seen).toEqual([0.5, null]);
  });

  it("stops calling a listener once unsubscribed", async () => {
    const { bridge, fakes, reportAndWait } = setup();
    let calls = 0;
    const off = bridge.subscribeProgress("c", () => calls++);
    const job = bridge.run("c", work("j"));
    await fakes[0]!.started("j");
    await reportAndWait(fakes[0]!, 0.2);
    expect(calls).toBe(1);
    off();
    await reportAndWait(fakes[0]!, 0.3);
    expect(bridge.progressOf("c")).toBe(0.3);
    expect(calls).toBe(1);
    fakes[0]!.finish("j");
    await job;
  });
});
