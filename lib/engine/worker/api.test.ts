import { describe, expect, it } from "vitest";
import { expose, wrap } from "comlink";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { engineApi, type EngineApi } from "./api";

const sub = DEMO_WORKSPACE.subAccounts[0]!;

describe("engine API", () => {
  it("answers bad input with a clear error naming the field, never a throw", () => {
    const bad = structuredClone(sub) as unknown as { positions: { strike: number }[] };
    bad.positions[0]!.strike = -5;
    const r = engineApi.computeSubAccount({ subAccount: bad, snapshot: SAMPLE_SNAPSHOT });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/subAccount\.positions\.0\.strike: Strike must be greater than 0/);
    for (const junk of [undefined, null, 42, "x", { subAccount: sub }, { subAccount: sub, snapshot: { ...SAMPLE_SNAPSHOT, asOf: "yesterday" } }]) {
      const j = engineApi.computeSubAccount(junk);
      expect(j.ok).toBe(false);
    }
  });

  it("rejects NaN and Infinity that slipped past the UI", () => {
    const bad = structuredClone(sub);
    (bad.positions[0] as { size: number }).size = Number.NaN;
    expect(engineApi.computeSubAccount({ subAccount: bad, snapshot: SAMPLE_SNAPSHOT }).ok).toBe(false);
    (bad.positions[0] as { size: number }).size = Number.POSITIVE_INFINITY;
    expect(engineApi.computeSubAccount({ subAccount: bad, snapshot: SAMPLE_SNAPSHOT }).ok).toBe(false);
  });

  it("gives the same answer over a comlink round trip (Node MessageChannel) as a direct call", async () => {
    const { port1, port2 } = new MessageChannel();
    expose(engineApi, port2);
    const remote = wrap<EngineApi>(port1);
    try {
      const viaWorker = await remote.computeSubAccount({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT });
      const direct = computeSubAccount(sub, SAMPLE_SNAPSHOT);
      expect(viaWorker).toEqual(direct);
      expect(await remote.ping()).toBe("pong");
    } finally {
      port1.close();
      port2.close();
    }
  });

  it("passes `lite` through its schema: the headline job skips the liquidation search and the chart, with the same headline figures", () => {
    const full = engineApi.computeSubAccount({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT });
    const lite = engineApi.computeSubAccount({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT, options: { lite: true } });
    if (!full.ok || !lite.ok) throw new Error("the demo sub-account should compute");
    expect(full.result.liquidation.length).toBeGreaterThan(0); // the demo's first sub-account holds positions: something to search
    expect(full.result.chart.length).toBeGreaterThan(0);
    // zod strips unknown keys: without `lite` in the request schema the worker would run the full compute
    expect(lite.result.liquidation).toEqual([]);
    expect(lite.result.chart).toEqual([]);
    for (const k of ["equity", "im", "mm", "freeCollateral", "marginRatio"] as const) expect(lite.result[k]).toBe(full.result[k]);
    expect(engineApi.computeSubAccount({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT, options: { lite: "yes" } }).ok).toBe(false);
  });

  it("quotes an instrument's mark", () => {
    const q = engineApi.quote({ position: { id: "q", kind: "perp", underlying: "SOL", size: 1, entryPrice: 1 }, snapshot: SAMPLE_SNAPSHOT });
    expect(q).toMatchObject({ ok: true, mark: SAMPLE_SNAPSHOT.underlyings.SOL.perpMark });
    const missing = engineApi.quote({ position: { id: "q", kind: "future", underlying: "SOL", expiry: "2031-01-01", size: 1, entryPrice: 1 }, snapshot: SAMPLE_SNAPSHOT });
    expect(missing.ok).toBe(false);
  });
});
