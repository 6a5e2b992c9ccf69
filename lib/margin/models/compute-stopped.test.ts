import { afterEach, describe, expect, it, vi } from "vitest";
import { computeSubAccount } from "./compute";
import { installStopCheck, StopRequested } from "@/lib/quant/stop-point";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { NO_SCENARIO, withSpotFactor } from "@/lib/market/scenario";
import type { SubAccount } from "@/lib/workspace/schema";

/**
 * A run stopped at one of its stop points (lib/quant/stop-point.ts: the start of a model run, each
 * step of a liquidation search) leaves every engine cache as a finished run would, only with fewer
 * entries: the next run of the same inputs gives exactly what a freshly loaded engine gives.
 */

const btc = SAMPLE_SNAPSHOT.underlyings.BTC;
const eth = SAMPLE_SNAPSHOT.underlyings.ETH;
const eBtc = btc.expiries[1]!;

const book: Omit<SubAccount, "mode" | "profileId"> = {
  id: "stopped",
  name: "stopped",
  collateral: [
    { asset: "USDC", amount: 150_000 },
    { asset: "ETH", amount: 5 },
  ],
  positions: [
    { id: "b1", kind: "option", underlying: "BTC", expiry: eBtc.id, strike: Math.round(btc.spot * 1.1), optionType: "call", size: -3, entryPrice: 1_500 },
    { id: "b2", kind: "perp", underlying: "BTC", size: 1.5, entryPrice: btc.spot },
    { id: "e1", kind: "perp", underlying: "ETH", size: -20, entryPrice: eth.spot },
  ],
};

const PROFILES: [SubAccount["mode"], string][] = [
  ["isolated", "deribit-standard"],
  ["cross", "derive-standard"],
  ["portfolio", "deribit-style-pm"],
  ["portfolio", "okx-pm"],
];

let remove: (() => void) | null = null;
afterEach(() => remove?.());

/** Installs a check that asks to stop at the `k`-th stop point reached (1 = the run's start). */
function stopAt(k: number): { reached: () => number } {
  let n = 0;
  remove = installStopCheck(() => ++n >= k);
  return { reached: () => n };
}

describe.each(PROFILES)("%s %s", (mode, profileId) => {
  const sub = { ...book, mode, profileId } as SubAccount;
  const opts = { chartPoints: 11, scenario: withSpotFactor(NO_SCENARIO, "BTC", 1.01) };

  it("stops at its start, and in the middle of its liquidation searches, with StopRequested", () => {
    const start = stopAt(1);
    expect(() => computeSubAccount(sub, { ...SAMPLE_SNAPSHOT }, opts)).toThrow(StopRequested);
    expect(start.reached()).toBe(1);
    remove!();
    const inScan = stopAt(40); // past the run's start: a step of a liquidation search
    expect(() => computeSubAccount(sub, { ...SAMPLE_SNAPSHOT }, opts)).toThrow(StopRequested);
    expect(inScan.reached()).toBe(40);
  });

  it("after runs stopped at many points, the next run equals a freshly loaded engine's", async () => {
    for (const k of [2, 7, 25, 60, 120, 200]) {
      stopAt(k);
      try {
        computeSubAccount(sub, { ...SAMPLE_SNAPSHOT }, opts);
      } catch (e) {
        expect(e).toBeInstanceOf(StopRequested);
      }
      remove!();
    }
    const warm = computeSubAccount(sub, { ...SAMPLE_SNAPSHOT }, opts);
    vi.resetModules();
    const fresh = await import("./compute");
    const { SAMPLE_SNAPSHOT: snapshot } = await import("@/lib/market/sample-snapshot");
    const scenario = (await import("@/lib/market/scenario")).withSpotFactor(NO_SCENARIO, "BTC", 1.01);
    const cold = fresh.computeSubAccount(sub, { ...snapshot }, { chartPoints: 11, scenario });
    expect(warm.ok).toBe(true);
    expect(warm).toEqual(cold);
  });
});
