import { afterEach, describe, expect, it } from "vitest";
import { wrap } from "comlink";
import { deferred, FakeWorker } from "@/lib/test-support/fake-worker";
import { AbortedError, EngineBridge, type BridgeTimers } from "./bridge";
import type { EngineApi } from "@/lib/engine/worker/api";
import { MAX_WORKER_SNAPSHOTS, SNAPSHOT_MISSING, SNAPSHOT_REF_FIELD } from "@/lib/engine/protocol";

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

/** Timers that fire only when the test says so (no test depends on the machine's speed); `now` is the test's clock. */
function manualTimers() {
  const pending = new Map<number, { fire: () => void; ms: number }>();
  let next = 0;
  let clock = 0;
  const timers: BridgeTimers & { pending: typeof pending; fireUpTo(ms: number): void; advance(ms: number): void } = {
    pending,
    set: (fire, ms) => {
      pending.set(++next, { fire, ms });
      return next;
    },
    clear: (h) => void pending.delete(h as number),
    now: () => clock,
    /** fires every pending timer of at most `ms` */
    fireUpTo(ms) {
      for (const [h, t] of [...pending])
        if (t.ms <= ms) {
          pending.delete(h);
          t.fire();
        }
    },
    advance(ms) {
      clock += ms;
    },
  };
  return timers;
}

/** A fake worker API per started worker: records what reaches it, holds snapshots like the real one. */
function fakeApi(log: { loads: string[]; requests: Record<string, unknown>[] }, extra: Record<string, (...a: never[]) => unknown> = {}) {
  const held = new Map<string, unknown>();
  return {
    api: {
      ping: () => "pong",
      loadSnapshot: (key: string, snapshot: { id: string }) => {
        log.loads.push(`${key}=${snapshot.id}`);
        held.set(key, snapshot);
        return { ok: true };
      },
      computeSubAccount: (request: Record<string, unknown>) => {
        log.requests.push(request);
        const ref = request[SNAPSHOT_REF_FIELD] as string;
        if (!held.has(ref)) return { ok: false, error: "not loaded", code: SNAPSHOT_MISSING };
        return { ok: true, snapshotId: (held.get(ref) as { id: string }).id, n: request.n };
      },
      forget: () => void held.clear(),
      ...extra,
    },
  };
}

type Api = { computeSubAccount(r: unknown): Promise<{ ok: boolean; snapshotId?: string; n?: number }>; forget(): Promise<void> };
const call = (api: unknown) => api as Api;

function bridgeOf(make: () => unknown, opts: ConstructorParameters<typeof EngineBridge>[1] = {}) {
  return new EngineBridge(
    () => {
      const w = new FakeWorker(make());
      workers.push(w);
      return w;
    },
    { startupMs: 120_000, progressSilenceMs: 120_000, wrapWorker: (w) => wrap<EngineApi>((w as FakeWorker).channel.port1), ...opts },
  );
}

describe("EngineBridge: the snapshot goes to each worker once", () => {
  it("sends a snapshot once, then requests carry only its key (any method that carries `snapshot`)", async () => {
    const log = { loads: [] as string[], requests: [] as Record<string, unknown>[] };
    const bridge = bridgeOf(() => fakeApi(log).api);
    const snapshot = { id: "snap-1", big: "x".repeat(1000) };
    for (const n of [1, 2, 3]) {
      const res = await bridge.run("a", (api) => call(api).computeSubAccount({ snapshot, n }));
      expect(res).toEqual({ ok: true, snapshotId: "snap-1", n });
    }
    expect(log.loads).toHaveLength(1);
    expect(log.requests.every((r) => !("snapshot" in r) && typeof r[SNAPSHOT_REF_FIELD] === "string")).toBe(true);
    expect(bridge.snapshotsSent).toBe(1);
  });

  it("sends it again to a restarted worker, and sends a changed snapshot (a new object) once", async () => {
    const log = { loads: [] as string[], requests: [] as Record<string, unknown>[] };
    const bridge = bridgeOf(() => fakeApi(log).api);
    const s1 = { id: "snap-1" };
    await bridge.run("a", (api) => call(api).computeSubAccount({ snapshot: s1 }));
    bridge.restart();
    await bridge.run("a", (api) => call(api).computeSubAccount({ snapshot: s1 }));
    expect(bridge.startedWorkers).toBe(2);
    const s2 = { id: "snap-1" }; // same id, new data (overrides applied): a new object is a new snapshot
    await expect(bridge.run("a", (api) => call(api).computeSubAccount({ snapshot: s2 }))).resolves.toMatchObject({ ok: true });
    await bridge.run("a", (api) => call(api).computeSubAccount({ snapshot: s2 }));
    expect(log.loads.map((l) => l.split("=")[0])).toEqual([log.loads[0]!.split("=")[0], log.loads[0]!.split("=")[0], log.loads[2]!.split("=")[0]]);
    expect(log.loads).toHaveLength(3);
    expect(log.loads[2]).not.toEqual(log.loads[0]);
  });

  it("re-sends the snapshot when the worker answers that it no longer holds it, then repeats the request", async () => {
    const log = { loads: [] as string[], requests: [] as Record<string, unknown>[] };
    const bridge = bridgeOf(() => fakeApi(log).api);
    const snapshot = { id: "snap-1" };
    await bridge.run("a", (api) => call(api).computeSubAccount({ snapshot }));
    await bridge.run("a", (api) => call(api).forget());
    const res = await bridge.run("a", (api) => call(api).computeSubAccount({ snapshot, n: 7 }));
    expect(res).toEqual({ ok: true, snapshotId: "snap-1", n: 7 });
    expect(log.loads).toHaveLength(2);
    expect(log.requests).toHaveLength(3); // first, the refused one, and its repeat
  });

  it("keeps at most MAX_WORKER_SNAPSHOTS keys per worker, so an old snapshot is sent again when needed", async () => {
    const log = { loads: [] as string[], requests: [] as Record<string, unknown>[] };
    const bridge = bridgeOf(() => fakeApi(log).api);
    const snaps = Array.from({ length: MAX_WORKER_SNAPSHOTS + 1 }, (_, i) => ({ id: `s${i}` }));
    for (const s of snaps) await bridge.run("a", (api) => call(api).computeSubAccount({ snapshot: s }));
    await bridge.run("a", (api) => call(api).computeSubAccount({ snapshot: snaps[0] }));
    expect(log.loads).toHaveLength(MAX_WORKER_SNAPSHOTS + 2);
  });
});

describe("EngineBridge: a pool of workers", () => {
  it("runs jobs of different channels on different workers at once; the newest job of a channel still wins", async () => {
    const gates = [deferred<string>(), deferred<string>()];
    const startedBoth = [deferred<void>(), deferred<void>()];
    let made = 0;
    const bridge = bridgeOf(
      () => {
        const i = made++;
        return { ping: () => "pong", work: () => (startedBoth[i]!.resolve(), gates[i]!.promise) };
      },
      { workers: 2 },
    );
    const work = (api: unknown) => (api as { work(): Promise<string> }).work();
    const a = bridge.run("a", work);
    const b = bridge.run("b", work);
    await Promise.all(startedBoth.map((d) => d.promise)); // both running: one job per worker, in parallel
    expect(bridge.startedWorkers).toBe(2);
    const a2 = bridge.run("a", async () => "newest a");
    gates[0]!.resolve("a done");
    gates[1]!.resolve("b done");
    await expect(a).rejects.toBeInstanceOf(AbortedError);
    await expect(b).resolves.toBe("b done");
    await expect(a2).resolves.toBe("newest a");
  });

  it("abandons a running job once superseded for the configured time: its worker is replaced and the newest runs", async () => {
    const timers = manualTimers();
    const started = deferred<void>();
    const bridge = bridgeOf(() => ({ ping: () => "pong", long: () => (started.resolve(), new Promise(() => {})), quick: () => "fresh" }), { timers, abandonSupersededAfterMs: 300 });
    const old = bridge.run("a", (api) => (api as unknown as { long(): Promise<string> }).long());
    await started.promise;
    timers.advance(100);
    const newest = bridge.run("a", (api) => (api as unknown as { quick(): Promise<string> }).quick());
    const abandon = [...timers.pending.values()].find((t) => t.ms === 200); // 300 ms after it started, 100 ms have passed
    expect(abandon).toBeDefined();
    timers.fireUpTo(200);
    await expect(old).rejects.toBeInstanceOf(AbortedError);
    await expect(newest).resolves.toBe("fresh");
    expect(workers[0]!.terminated).toBe(true);
    expect(bridge.startedWorkers).toBe(2);
  });

  it("starts a job only once the bridge it yields to is idle (analyses never take a core from the live figures)", async () => {
    const gate = deferred<string>();
    const started = deferred<void>();
    const main = bridgeOf(() => ({ ping: () => "pong", long: () => (started.resolve(), gate.promise) }));
    const order: string[] = [];
    const analysis = bridgeOf(() => ({ ping: () => "pong", work: () => (order.push("analysis ran"), "analysis") }), { yieldTo: () => main.idle() });
    const live = main.run("live", (api) => (api as unknown as { long(): Promise<string> }).long());
    await started.promise;
    const pending = analysis.run("venues", (api) => (api as unknown as { work(): Promise<string> }).work());
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0)); // let the analysis job get as far as it can
    expect(order).toEqual([]);
    expect(analysis.startedWorkers).toBe(0);
    gate.resolve("live");
    order.push("live done");
    await expect(live).resolves.toBe("live");
    await expect(pending).resolves.toBe("analysis");
    expect(order).toEqual(["live done", "analysis ran"]);
  });

  it("starts the most urgent queued job first (priorityOf), the oldest first among equals", async () => {
    const gate = deferred<string>();
    const started = deferred<void>();
    const ran: string[] = [];
    const bridge = bridgeOf(() => ({ ping: () => "pong", long: () => (started.resolve(), gate.promise) }), { priorityOf: (c) => (c.startsWith("venues") ? 0 : 1) });
    const first = bridge.run("risk:a", (api) => (api as unknown as { long(): Promise<string> }).long());
    await started.promise;
    const jobs = ["risk:b", "forecast:a", "venues:a", "venues:b"].map((c) => bridge.run(c, async () => void ran.push(c)));
    gate.resolve("done");
    await first;
    await Promise.all(jobs);
    expect(ran).toEqual(["venues:a", "venues:b", "risk:b", "forecast:a"]);
  });

  it("never abandons a running job without the option", async () => {
    const timers = manualTimers();
    const started = deferred<void>();
    const gate = deferred<string>();
    const bridge = bridgeOf(() => ({ ping: () => "pong", long: () => (started.resolve(), gate.promise) }), { timers });
    const old = bridge.run("a", (api) => (api as unknown as { long(): Promise<string> }).long());
    await started.promise;
    const newest = bridge.run("a", async () => "newest");
    timers.fireUpTo(60_000);
    gate.resolve("old");
    await expect(old).rejects.toBeInstanceOf(AbortedError); // superseded: its result is dropped, but it ran to the end
    await expect(newest).resolves.toBe("newest");
    expect(bridge.startedWorkers).toBe(1);
  });
});
