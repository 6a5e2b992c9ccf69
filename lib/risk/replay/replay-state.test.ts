import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { NO_SCENARIO, withSpotFactor } from "@/lib/market/scenario";
import { computeWithRulebook } from "@/lib/margin/models/compute";
import { getRulebook } from "@/lib/margin/venues/catalogue";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { ReplayState } from "./replay-state";
import { liquidityOf } from "./slippage";

describe("replay state", () => {
  it("after a fill in cross margin, revaluing only the changed position gives the full engine result (per-position sums)", () => {
    const sub = DEMO_WORKSPACE.subAccounts[0]!; // cross, Deribit-style standard: options and a perp
    const rulebook = getRulebook(sub.profileId)!;
    const step = { hour: 3, scenario: { ...withSpotFactor(NO_SCENARIO, "all", 0.85), daysForward: 0.125 } };
    const s = new ReplayState(sub, rulebook, SAMPLE_SNAPSHOT, liquidityOf(1));
    expect(s.value(step)).toBeNull();
    expect(s.additive).toBe(true);
    const before = s.equity;
    const partial = s.close(step, "demo-h3", 0.3, "partial", "test", 0.005);
    const full = s.close(step, "demo-h5", 1, "full", "test", 0.005);
    if (typeof partial === "string" || typeof full === "string") throw new Error("fill failed");
    const engine = computeWithRulebook(s.sub, rulebook, SAMPLE_SNAPSHOT, { scenario: step.scenario, lite: true });
    if (!engine.ok) throw new Error(engine.error);
    expect(s.result.mm).toBeCloseTo(engine.result.mm, 6);
    expect(s.result.im).toBeCloseTo(engine.result.im, 6);
    expect(s.result.equity).toBeCloseTo(engine.result.equity, 6);
    expect(s.sub.positions.map((p) => p.id)).not.toContain("demo-h5");
    // Equity moved by exactly the two fills' costs.
    expect(s.equity).toBeCloseTo(before - partial.feeUsd - partial.slippageUsd - full.feeUsd - full.slippageUsd, 6);
  });
});
