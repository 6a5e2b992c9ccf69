import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { allFinite } from "@/lib/test-support/all-finite";
import { engineApi } from "./api";

const sub = DEMO_WORKSPACE.subAccounts[0]!;
const snapshot = SAMPLE_SNAPSHOT;

describe("engine API: risk methods (lib/risk)", () => {
  it("validate their input and answer bad input with a message, never a throw or NaN", async () => {
    for (const junk of [undefined, null, 42, { subAccount: sub }]) {
      for (const call of [engineApi.riskReport, engineApi.greeksMargin, engineApi.stressReplays]) {
        const r = await call(junk);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatch(/^Invalid input/);
      }
    }
    const nan = await engineApi.riskReport({ subAccount: sub, snapshot, risk: { varConfidence: Number.NaN } });
    expect(nan.ok).toBe(false);
    const low = await engineApi.riskReport({ subAccount: sub, snapshot, risk: { varConfidence: 0.4 } });
    expect(low).toEqual({ ok: false, error: "VaR confidence must be between 50 % and 99.99 % (exclusive); got 40 %" });
    const horizon = await engineApi.riskReport({ subAccount: sub, snapshot, risk: { horizonDays: 11 } });
    expect(horizon.ok).toBe(false);
  });

  it("extend the dated sample with live daily candles when the request carries them", async () => {
    // two live days after 2025-01-16 (day 20104): 2025-01-17 and 2025-01-18
    const liveHistory = { venue: "okx", fetchedAt: "2026-11-28T00:00:00.000Z", series: { BTC: { days: [20105, 20106], usd: [100_000, 101_000] }, ETH: { days: [20105, 20106], usd: [3300, 3350] } } };
    const r = await engineApi.riskReport({ subAccount: sub, snapshot, risk: { mcPaths: 1000 }, liveHistory });
    if (!r.ok) throw new Error(r.error);
    expect(r.report.history.source).toBe("live");
    expect(r.report.history.toIso).toBe("2025-01-18");
    expect(r.report.history.label).toMatch(/okx daily candles .* from 2025-01-17 to 2025-01-18/);
    const bad = await engineApi.riskReport({ subAccount: sub, snapshot, liveHistory: { ...liveHistory, series: { BTC: { days: [1], usd: [-5] } } } });
    expect(bad.ok).toBe(false);
  });

  it("answer the demo book with finite figures", async () => {
    const r = await engineApi.riskReport({ subAccount: sub, snapshot, risk: { mcPaths: 1000 } });
    expect(r.ok && allFinite(r.report)).toBe(true);
    const g = engineApi.greeksMargin({ subAccount: sub, snapshot });
    expect(g.ok && allFinite(g.report)).toBe(true);
    const s = engineApi.stressReplays({ subAccount: sub, snapshot });
    expect(s.ok && s.report.replays.length).toBe(6);
  });
});
