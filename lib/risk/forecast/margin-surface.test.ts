import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { applyScenario, NO_SCENARIO } from "@/lib/market/scenario";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { buildSurface, evalSurface, interpolate, nodesFor, pchipSlopes } from "./margin-surface";

describe("margin surface", () => {
  it("PCHIP: exact on a straight line, through the nodes, no overshoot at a kink", () => {
    const xs = Float64Array.from([0, 1, 3, 4]);
    const line = Float64Array.from([1, 3, 7, 9]); // y = 1 + 2x
    const d = pchipSlopes(xs, line);
    expect(interpolate(xs, line, d, 2)).toBeCloseTo(5, 12);
    expect(interpolate(xs, line, d, 3.5)).toBeCloseTo(8, 12);
    const kink = Float64Array.from([0, 0, 2, 3]); // max(0, …)-like
    const dk = pchipSlopes(xs, kink);
    expect(interpolate(xs, kink, dk, 1)).toBe(0);
    expect(interpolate(xs, kink, dk, 0.5)).toBe(0); // flat piece stays flat (slopes 0 at both ends of it)
    for (let x = 1; x <= 3; x += 0.25) expect(interpolate(xs, kink, dk, x)).toBeLessThanOrEqual(2 + 1e-12);
  });

  it("nodes hold 0, the least and the greatest value", () => {
    const n = nodesFor(Float64Array.from([-0.2, 0.05, 0.1, 0.3]), 5);
    expect(n[0]).toBe(-0.2);
    expect(n[n.length - 1]).toBe(0.3);
    expect(Array.from(n)).toContain(0);
    for (let i = 1; i < n.length; i++) expect(n[i]!).toBeGreaterThan(n[i - 1]!);
    // values a hair from 0 never replace the exact 0 node (the base of the differences)
    expect(Array.from(nodesFor(Float64Array.from([-1e-10, 2e-10, 5e-10]), 7))).toEqual([0]);
    expect(Array.from(nodesFor(Float64Array.from([-0.1, 3e-10, 0.1]), 3))).toContain(0);
  });

  it("at R = 0 the surface is the engine's margin on the market days later (computed here through applyScenario)", () => {
    const sub = DEMO_WORKSPACE.subAccounts[0]!;
    const s = buildSurface(sub, SAMPLE_SNAPSHOT, ["BTC", "ETH"], 5, 1, [Float64Array.from([-0.1, 0.1]), Float64Array.from([-0.1, 0.1])]);
    if (typeof s === "string") throw new Error(s);
    const e = computeSubAccount(sub, applyScenario(SAMPLE_SNAPSHOT, { ...NO_SCENARIO, daysForward: 5 }));
    if (!e.ok) throw new Error(e.error);
    const f = evalSurface(s, [0, 0]);
    expect(f.im).toBeCloseTo(e.result.im, 6);
    expect(f.mm).toBeCloseTo(e.result.mm, 6);
    expect(f.equity).toBeCloseTo(e.result.equity, 6);
  });
});
