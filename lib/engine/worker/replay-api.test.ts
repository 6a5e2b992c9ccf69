import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { allFinite } from "@/lib/test-support/all-finite";
import { engineApi } from "./api";

const sub = DEMO_WORKSPACE.subAccounts[1]!;
const snapshot = SAMPLE_SNAPSHOT;

describe("engine API: liquidation replay (lib/risk/replay)", () => {
  it("refuses bad input with a message a trader reads, never a throw", () => {
    for (const junk of [undefined, null, 42, { subAccount: sub, snapshot }]) {
      const r = engineApi.replay(junk);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^Invalid input/);
    }
    const zero = engineApi.replay({ subAccount: sub, snapshot, replay: { path: { kind: "gap", movePct: -100, hours: 6, volUpPts: 0, underlying: "all" } } });
    expect(zero.ok).toBe(false);
    if (!zero.ok) expect(zero.error).toContain("zero or below");
    const nan = engineApi.replay({ subAccount: sub, snapshot, replay: { path: { kind: "gap", movePct: Number.NaN, hours: 6, volUpPts: 0, underlying: "all" } } });
    expect(nan.ok).toBe(false);
    const drawn = engineApi.replay({
      subAccount: sub,
      snapshot,
      replay: {
        path: {
          kind: "drawn",
          points: [
            { hour: 0, factor: 1 },
            { hour: 5, factor: -0.2 },
          ],
          underlying: "BTC",
        },
      },
    });
    expect(drawn.ok).toBe(false);
    if (!drawn.ok) expect(drawn.error).toContain("zero or below");
  });

  it("answers a stylised gap with the three modes, all figures finite", () => {
    const r = engineApi.replay({ subAccount: sub, snapshot, replay: { path: { kind: "gap", movePct: -30, hours: 6, volUpPts: 20, underlying: "all" } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.modes.map((m) => m.mode)).toEqual(["isolated", "cross", "portfolio"]);
    expect(allFinite(r.report.modes.flatMap((m) => (m.ok ? m.points.map((p) => p.equity) : [])))).toBe(true);
  });
});
