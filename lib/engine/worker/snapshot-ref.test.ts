import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { PROGRESS_INTERVAL_MS, SNAPSHOT_MISSING, SNAPSHOT_REF_FIELD, type BeatMessage } from "@/lib/engine/protocol";
import { engineApi, jobProgress, setLivenessClock } from "./api";

const sub = DEMO_WORKSPACE.subAccounts[0]!;

describe("engine API: snapshots held by key (validated once, on arrival)", () => {
  it("answers a request that names a held snapshot exactly as one that carries it", () => {
    expect(engineApi.loadSnapshot("k-1", SAMPLE_SNAPSHOT)).toEqual({ ok: true });
    const byRef = engineApi.computeSubAccount({ subAccount: sub, [SNAPSHOT_REF_FIELD]: "k-1" });
    expect(byRef).toEqual(computeSubAccount(sub, SAMPLE_SNAPSHOT));
    // any method whose request schema has a `snapshot` field, with no per-method code
    const quote = engineApi.quote({ position: sub.positions[0], [SNAPSHOT_REF_FIELD]: "k-1" });
    expect(quote).toEqual(engineApi.quote({ position: sub.positions[0], snapshot: SAMPLE_SNAPSHOT }));
  });

  it("still validates the rest of the request (a bad position is refused, naming the field)", () => {
    engineApi.loadSnapshot("k-2", SAMPLE_SNAPSHOT);
    const bad = structuredClone(sub) as unknown as { positions: { strike: number }[] };
    bad.positions[0]!.strike = -5;
    const r = engineApi.computeSubAccount({ subAccount: bad, [SNAPSHOT_REF_FIELD]: "k-2" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/subAccount\.positions\.0\.strike/);
  });

  it("answers SNAPSHOT_MISSING for a key it does not hold (the client then sends the snapshot)", () => {
    const r = engineApi.computeSubAccount({ subAccount: sub, [SNAPSHOT_REF_FIELD]: "never-loaded" });
    expect(r).toMatchObject({ ok: false, code: SNAPSHOT_MISSING });
  });

  it("refuses an invalid snapshot at load time and does not hold it", () => {
    const r = engineApi.loadSnapshot("bad", { ...SAMPLE_SNAPSHOT, asOf: "yesterday" });
    expect(r.ok).toBe(false);
    expect(engineApi.computeSubAccount({ subAccount: sub, [SNAPSHOT_REF_FIELD]: "bad" })).toMatchObject({ ok: false, code: SNAPSHOT_MISSING });
  });

  it("keeps only the newest snapshots: the oldest key is forgotten first", () => {
    for (const k of ["e1", "e2", "e3", "e4", "e5"]) engineApi.loadSnapshot(k, SAMPLE_SNAPSHOT);
    expect(engineApi.computeSubAccount({ subAccount: sub, [SNAPSHOT_REF_FIELD]: "e1" })).toMatchObject({ code: SNAPSHOT_MISSING });
    expect(engineApi.computeSubAccount({ subAccount: sub, [SNAPSHOT_REF_FIELD]: "e5" }).ok).toBe(true);
  });
});

describe("engine API: liveness (acknowledgement, beats, progress), each message carrying the job's id", () => {
  it("acknowledges a job at once, before any computation, then beats under its id at most once per PROGRESS_INTERVAL_MS", () => {
    const seen: BeatMessage[] = [];
    let t = 1_000;
    setLivenessClock(() => t);
    engineApi.connectProgress({ postMessage: (m) => seen.push(m) });
    engineApi.beginJob(7);
    expect(seen).toEqual([{ type: "beat", job: 7 }]); // the acknowledgement
    engineApi.computeSubAccount({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT }); // beats, all within the interval of the acknowledgement
    expect(seen).toHaveLength(1);
    t += PROGRESS_INTERVAL_MS;
    engineApi.computeSubAccount({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT }); // the clock stands still inside: one beat gets through
    expect(seen).toEqual([
      { type: "beat", job: 7 },
      { type: "beat", job: 7 },
    ]);
    engineApi.beginJob(8); // the next job: acknowledged at once, whatever the throttle
    t += PROGRESS_INTERVAL_MS;
    engineApi.computeSubAccount({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT });
    expect(seen.slice(2)).toEqual([
      { type: "beat", job: 8 },
      { type: "beat", job: 8 },
    ]);
  });

  it("posts at most one progress report per PROGRESS_INTERVAL_MS (the first always), with the job's id", () => {
    const seen: BeatMessage[] = [];
    engineApi.connectProgress({ postMessage: (m) => seen.push(m) });
    engineApi.beginJob(9);
    let t = 1_000;
    const report = jobProgress(() => t);
    report(0.1); // posted
    t += PROGRESS_INTERVAL_MS - 1;
    report(0.2); // too soon
    t += 1;
    report(0.3); // posted: PROGRESS_INTERVAL_MS after the first
    expect(seen.filter((m) => m.fraction !== undefined)).toEqual([
      { type: "beat", job: 9, fraction: 0.1 },
      { type: "beat", job: 9, fraction: 0.3 },
    ]);
  });
});
