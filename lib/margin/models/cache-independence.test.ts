import { describe, expect, it, vi } from "vitest";
import { computeSubAccount } from "./compute";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { NO_SCENARIO, withSpotFactor } from "@/lib/market/scenario";
import type { SubAccount } from "@/lib/workspace/schema";

/**
 * The per-underlying caches (moved markets, PM books, Derive markets, per-position scans, position
 * values: README "Per-underlying reuse across edits") key on every input. So a result never depends
 * on what was computed before it, and an edit of one position is never answered from the cache.
 */

const btc = SAMPLE_SNAPSHOT.underlyings.BTC;
const eth = SAMPLE_SNAPSHOT.underlyings.ETH;
const eBtc = btc.expiries[1]!;
const eEth = eth.expiries[1]!;

function book(ethSize: number): SubAccount {
  return {
    id: "cache",
    name: "cache",
    mode: "cross",
    profileId: "deribit-standard",
    collateral: [
      { asset: "USDC", amount: 400_000 },
      { asset: "BTC", amount: 1 },
    ],
    positions: [
      { id: "b1", kind: "option", underlying: "BTC", expiry: eBtc.id, strike: Math.round(btc.spot * 1.1), optionType: "call", size: -3, entryPrice: 1_500 },
      { id: "b2", kind: "option", underlying: "BTC", expiry: eBtc.id, strike: Math.round(btc.spot * 0.9), optionType: "put", size: 2, entryPrice: 1_200 },
      { id: "b3", kind: "perp", underlying: "BTC", size: 0.5, entryPrice: btc.spot },
      { id: "e1", kind: "option", underlying: "ETH", expiry: eEth.id, strike: Math.round(eth.spot * 0.95), optionType: "put", size: ethSize, entryPrice: 60 },
      { id: "e2", kind: "perp", underlying: "ETH", size: 4, entryPrice: eth.spot },
    ],
  };
}

const PROFILES: [SubAccount["mode"], string][] = [
  ["cross", "deribit-standard"],
  ["isolated", "deribit-standard"],
  ["cross", "derive-standard"],
  ["portfolio", "derive-pm2"],
  ["portfolio", "deribit-style-pm"],
  ["portfolio", "okx-pm"],
  ["portfolio", "bybit-pm"],
];

describe.each(PROFILES)("%s %s", (mode, profileId) => {
  const at = (ethSize: number, u: "BTC" | "ETH", f: number) => computeSubAccount({ ...book(ethSize), mode, profileId }, { ...SAMPLE_SNAPSHOT }, { chartPoints: 11, scenario: withSpotFactor(NO_SCENARIO, u, f) });

  it("gives the same full result (liquidation, chart, figures) whatever was computed before", () => {
    const first = at(-10, "BTC", 1.02);
    // other edits in between: another ETH size, other moves of both underlyings
    at(-25, "BTC", 1.02);
    at(-10, "ETH", 0.9);
    at(-10, "BTC", 0.97);
    const again = at(-10, "BTC", 1.02);
    expect(again).toEqual(first);
  });

  it("answers an edit of one position with its own figures, not the cached ones of the book before it", () => {
    const before = at(-10, "BTC", 1.03);
    const edited = at(-30, "BTC", 1.03); // three times the short ETH puts: more margin
    expect(before.ok && edited.ok).toBe(true);
    if (!before.ok || !edited.ok) return;
    expect(edited.result.mm).toBeGreaterThan(before.result.mm);
    // and back: the first book's figures again, exactly
    expect(at(-10, "BTC", 1.03)).toEqual(before);
  });

  it("after a series of edits, gives exactly what a freshly loaded engine (every cache empty) gives", async () => {
    for (const [size, u, f] of [
      [-10, "BTC", 1.02],
      [-30, "ETH", 0.95],
      [-30, "BTC", 1.02],
      [-10, "BTC", 0.98],
    ] as const)
      at(size, u, f);
    const warm = at(-30, "BTC", 0.98);
    vi.resetModules();
    const fresh = await import("./compute");
    const { SAMPLE_SNAPSHOT: snapshot } = await import("@/lib/market/sample-snapshot");
    const scenario = (await import("@/lib/market/scenario")).withSpotFactor(NO_SCENARIO, "BTC", 0.98);
    const cold = fresh.computeSubAccount({ ...book(-30), mode, profileId }, { ...snapshot }, { chartPoints: 11, scenario });
    expect(warm).toEqual(cold);
  });
});

it("isolated: a position with its own allocation, edited, gets its own liquidation search (equal to a fresh engine's)", async () => {
  const withAllocation = (ethSize: number): SubAccount => {
    const b = book(ethSize);
    return { ...b, mode: "isolated", positions: b.positions.map((p) => (p.id === "e1" ? { ...p, isolatedMargin: 20_000 } : p)) };
  };
  const run = (ethSize: number) => computeSubAccount(withAllocation(ethSize), { ...SAMPLE_SNAPSHOT }, { chartPoints: 11 });
  const liqOf = (r: ReturnType<typeof run>) => (r.ok ? r.result.positions.find((p) => p.id === "e1")?.isolated?.liquidation : undefined);
  const before = liqOf(run(-10));
  const edited = liqOf(run(-30));
  expect(edited).not.toEqual(before); // three times the short puts on the same allocation: liquidated sooner
  vi.resetModules();
  const fresh = await import("./compute");
  const { SAMPLE_SNAPSHOT: snapshot } = await import("@/lib/market/sample-snapshot");
  const cold = fresh.computeSubAccount(withAllocation(-30), { ...snapshot }, { chartPoints: 11 });
  expect(edited).toEqual(liqOf(cold));
});
