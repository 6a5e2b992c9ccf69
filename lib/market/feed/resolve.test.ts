import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { LiveSnapshotResponse } from "./api-schema";
import { resolveMarketView } from "./resolve";

/** A live response: the sample's numbers relabelled (the resolution logic does not look inside). */
function live(id: string): LiveSnapshotResponse {
  const underlying = { venue: "deribit" as const, perpSymbol: "BTC/USD:BTC", indexSource: "x", fundingIntervalHours: 8, futures: [], fits: [], dropped: [], fallbacks: [] };
  return {
    snapshot: { ...SAMPLE_SNAPSHOT, id, source: "live", label: "live (mock venue)", asOf: "2026-11-24T07:55:00.000Z" },
    meta: {
      upstream: "mock",
      fetchedAt: "2026-11-24T07:55:01.000Z",
      underlyings: { BTC: underlying, ETH: underlying, SOL: { ...underlying, venue: "bybit" } },
      collateral: { venue: "derive", assumed: [] },
      warnings: [],
    },
  };
}

describe("resolveMarketView: exactly one source at a time, always labelled", () => {
  it("while the first live request is pending: the sample, flagged as loading", () => {
    const v = resolveMarketView({ data: undefined, error: null, isPending: true }, null, {});
    expect(v.snapshot).toBe(SAMPLE_SNAPSHOT);
    expect([v.mode, v.sampleReason]).toEqual(["sample", "loading"]);
  });

  it("live request failed: the sample, flagged unavailable, with the error", () => {
    const v = resolveMarketView({ data: undefined, error: new Error("Live market data unavailable: the venues could not be reached"), isPending: false }, null, {});
    expect(v.snapshot.id).toBe(SAMPLE_SNAPSHOT.id);
    expect([v.mode, v.sampleReason]).toEqual(["sample", "unavailable"]);
    expect(v.liveError).toMatch(/could not be reached/);
  });

  it("live data: used as received (same object, same id), with its provenance", () => {
    const r = live("live-1");
    const v = resolveMarketView({ data: r, error: null, isPending: false }, null, {});
    expect(v.snapshot).toBe(r.snapshot);
    expect(v.mode).toBe("live");
    expect(v.meta).toBe(r.meta);
  });

  it("a failed refresh keeps the last live data and reports the error", () => {
    const r = live("live-1");
    const v = resolveMarketView({ data: r, error: new Error("HTTP 500"), isPending: false }, null, {});
    expect(v.snapshot).toBe(r.snapshot);
    expect(v.liveError).toBe("HTTP 500");
  });

  it("pinned: the pinned snapshot under its own id, whatever live does; newer data is noticed", () => {
    const pinned = { snapshot: live("live-1").snapshot, meta: null, pinnedAt: "2026-11-24T07:56:00.000Z" };
    const same = resolveMarketView({ data: live("live-1"), error: null, isPending: false }, pinned, {});
    expect(same.snapshot.id).toBe("pinned:live-1");
    expect(same.newerLiveAvailable).toBe(false);
    const moved = resolveMarketView({ data: live("live-2"), error: null, isPending: false }, pinned, {});
    expect(moved.snapshot.id).toBe("pinned:live-1");
    expect(moved.mode).toBe("pinned");
    expect(moved.newerLiveAvailable).toBe(true);
    const down = resolveMarketView({ data: undefined, error: new Error("down"), isPending: false }, pinned, {});
    expect(down.snapshot.id).toBe("pinned:live-1");
  });

  it("overrides apply on top of whichever base is in use, under a derived id", () => {
    const v = resolveMarketView({ data: live("live-1"), error: null, isPending: false }, null, { BTC: { spot: 100_000 } });
    expect(v.base.id).toBe("live-1");
    expect(v.snapshot.id).toBe("live-1~what-if(BTC:spot=100000)");
    expect(v.overridesText).toBe("BTC spot 100,000");
    const s = resolveMarketView({ data: undefined, error: null, isPending: true }, null, { BTC: { spot: 100_000 } });
    expect(s.snapshot.id).toBe("sample-2026-11-20~what-if(BTC:spot=100000)");
    expect(s.mode).toBe("sample");
  });
});
