import v8 from "node:v8";
import vm from "node:vm";
import { wrap } from "comlink";
import { EngineBridge, type BridgeOptions, type WorkerLike } from "@/lib/engine/client/bridge";
import { subAccountMarginQuery } from "@/lib/engine/client/queries";
import { engineApi, type EngineApi } from "@/lib/engine/worker/api";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { FakeWorker } from "@/lib/test-support/fake-worker";
import { bookOf } from "@/lib/workspace/test-books";
import type { SubAccount } from "@/lib/workspace/schema";
import { n, type ProbeResult } from "./result";

/**
 * Memory over repeated edits of a 2,000-position workspace (two sub-accounts of 1,000, the most one
 * may hold), in Node through the engine API as
 * the page calls it (EngineBridge → FakeWorker → engineApi, the margin query of
 * lib/engine/client/queries.ts): each edit changes one position's size in one sub-account (a new
 * object, as the store makes one) and computes that sub-account's headline figures, every tenth edit the full result (liquidation and
 * chart). The heap is measured after a forced GC once warmed up (after WARM_UP edits) and at the
 * end; a leak shows as growth that scales with the number of edits. The bound is generous
 * (LEAK_BYTES_PER_EDIT): this is a probe, not a test.
 */

export const MEMORY_POSITIONS = 2_000;
const WARM_UP = 20;
const EDITS = 300;
/** Growth per edit above this counts as a leak (a retained 2,000-position result is far larger). */
const LEAK_BYTES_PER_EDIT = 20_000;

function forcedGc(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

export async function probeMemory(positions = MEMORY_POSITIONS, edits = EDITS): Promise<ProbeResult> {
  const gc = forcedGc();
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const workers: FakeWorker[] = [];
  // Liveness deadlines far beyond any edit: this run measures memory, not faults (faults.ts).
  const options: BridgeOptions = { startupMs: 600_000, progressSilenceMs: 600_000, wrapWorker: (w: WorkerLike) => wrap<EngineApi>((w as FakeWorker).channel.port1) };
  const bridge = new EngineBridge(() => {
    const w = new FakeWorker(engineApi);
    workers.push(w);
    return w;
  }, options);
  const half = Math.ceil(positions / 2);
  const subs: SubAccount[] = [
    { ...bookOf(half), id: "a", name: "Book A" },
    { ...bookOf(positions - half), id: "b", name: "Book B" },
  ];
  const failures: string[] = [];
  const samples: { edit: number; bytes: number }[] = [];
  const t0 = performance.now();
  try {
    for (let i = 0; i < WARM_UP + edits; i++) {
      const k = i % subs.length;
      const sub = subs[k]!;
      const at = (i * 7919) % sub.positions.length;
      subs[k] = { ...sub, positions: sub.positions.map((p, j) => (j === at ? { ...p, size: p.size === 1 ? 2 : 1 } : p)) };
      const q = subAccountMarginQuery(bridge, subs[k]!, SAMPLE_SNAPSHOT, i % 10 === 0 ? {} : { lite: true }) as unknown as { queryFn: (ctx: { signal: AbortSignal }) => Promise<unknown> };
      await q.queryFn({ signal: new AbortController().signal }).catch((e: unknown) => failures.push(`edit ${i}: ${String(e)}`));
      if (i + 1 === WARM_UP || (i + 1 > WARM_UP && (i + 1 - WARM_UP) % 50 === 0)) samples.push({ edit: i + 1, bytes: heap() });
    }
  } finally {
    bridge.dispose();
    for (const w of workers) w.terminate();
  }
  const seconds = (performance.now() - t0) / 1000;
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const perEdit = (last.bytes - first.bytes) / edits;
  const leak = perEdit > LEAK_BYTES_PER_EDIT;
  const mb = (b: number) => (b / 1e6).toFixed(1);
  return {
    probe: "memory: 2,000 positions, edits",
    runs: positions,
    minimum: MEMORY_POSITIONS,
    passed: leak || failures.length ? 0 : positions,
    detail: `${n(edits)} edits; heap after GC ${samples.map((s) => `${mb(s.bytes)} MB @${s.edit}`).join(", ")}: ${perEdit >= 0 ? "+" : ""}${n(Math.round(perEdit))} B/edit (leak bound ${n(LEAK_BYTES_PER_EDIT)}); ${seconds.toFixed(0)} s`,
    failures: [...(leak ? [`heap grew ${mb(last.bytes - first.bytes)} MB over ${edits} edits`] : []), ...failures.slice(0, 5)],
  };
}
