import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { engineApi } from "./api";

const sub = DEMO_WORKSPACE.subAccounts[0]!;
const legs = [{ kind: "perp" as const, underlying: "BTC" as const, size: 1, entryPrice: 1 }];

describe("trade-ticket methods of the worker API", () => {
  it("answer valid requests", () => {
    const chain = engineApi.optionChain({ snapshot: SAMPLE_SNAPSHOT, underlying: "ETH" });
    expect(chain.ok && chain.chain.expiries.length).toBe(SAMPLE_SNAPSHOT.underlyings.ETH.expiries.length);
    const impact = engineApi.tradeImpact({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT, legs });
    expect(impact.ok && impact.impact.deltaIm).toBeGreaterThan(0);
    const extras = engineApi.tradeImpactExtras({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT, legs });
    expect(extras.ok && extras.extras.largestFactor).toBeGreaterThan(0);
    const marks = engineApi.marks({ snapshot: SAMPLE_SNAPSHOT, positions: [...legs, { kind: "future", underlying: "BTC", expiry: "2031-01-01", size: 1, entryPrice: 1 }] });
    expect(marks).toEqual({ ok: true, marks: [SAMPLE_SNAPSHOT.underlyings.BTC.perpMark, null] });
  });
  it("refuse invalid input instead of throwing", () => {
    expect(engineApi.optionChain({ snapshot: SAMPLE_SNAPSHOT, underlying: "DOGE" })).toMatchObject({ ok: false, error: expect.stringContaining("Invalid input") });
    expect(engineApi.tradeImpact({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT, legs: [{ kind: "perp", underlying: "BTC", size: 0, entryPrice: 1 }] })).toMatchObject({ ok: false });
    expect(engineApi.payoff(null)).toMatchObject({ ok: false });
    expect(engineApi.spotVolMatrix({ subAccount: sub, snapshot: SAMPLE_SNAPSHOT, legs: "x" })).toMatchObject({ ok: false });
  });
});
