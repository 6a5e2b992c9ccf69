import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { MemoryStorage } from "./memory-storage";
import { createMarketStore, MARKET_STORAGE_KEY, MARKET_STORE_VERSION, readStoredMarket } from "./market-store";

async function hydrated(storage: MemoryStorage) {
  const store = createMarketStore({ storage: () => storage });
  await store.persist.rehydrate();
  return store;
}

const liveCopy = { ...SAMPLE_SNAPSHOT, id: "live-20261124T075500Z-0badc0de", source: "live" as const, label: "live (mock venue)" };

describe("market store", () => {
  it("starts with the auto venue, nothing pinned, no overrides; hydration is flagged", async () => {
    const store = await hydrated(new MemoryStorage());
    const s = store.getState();
    expect([s.venue, s.pinned, s.overrides, s.hydrated, s.storageProblem]).toEqual(["auto", null, {}, true, null]);
  });

  it("keeps the venue, the pin and the overrides across a reload, under its own key", async () => {
    const storage = new MemoryStorage();
    const a = await hydrated(storage);
    a.getState().actions.setVenue("bybit");
    a.getState().actions.pin(liveCopy, null);
    a.getState().actions.setSpot("BTC", 100_000);
    a.getState().actions.setVolShift("ETH", -4);
    expect(Object.keys(JSON.parse(storage.getItem(MARKET_STORAGE_KEY)!).state)).toEqual(["venue", "pinned", "overrides"]);
    const b = await hydrated(storage);
    const s = b.getState();
    expect(s.venue).toBe("bybit");
    expect(s.pinned?.snapshot.id).toBe(liveCopy.id);
    expect(s.overrides).toEqual({ BTC: { spot: 100_000 }, ETH: { volShiftPts: -4 } });
  });

  it("clearing an underlying's last override removes it; a zero vol shift is no override", async () => {
    const store = await hydrated(new MemoryStorage());
    const { setSpot, setVolShift, clearOverrides, unpin, pin } = store.getState().actions;
    setSpot("SOL", 150);
    setVolShift("SOL", 0);
    expect(store.getState().overrides).toEqual({ SOL: { spot: 150 } });
    setSpot("SOL", null);
    expect(store.getState().overrides).toEqual({});
    setVolShift("BTC", 3);
    clearOverrides();
    expect(store.getState().overrides).toEqual({});
    pin(liveCopy, null);
    unpin();
    expect(store.getState().pinned).toBeNull();
  });

  it.each([
    ["not JSON", "{oops", /not valid JSON/],
    ["a newer format", JSON.stringify({ state: {}, version: MARKET_STORE_VERSION + 1 }), /newer MarginLab/],
    ["an unknown venue", JSON.stringify({ state: { venue: "ftx", pinned: null, overrides: {} }, version: 1 }), /venue/],
    ["a negative spot override", JSON.stringify({ state: { venue: "auto", pinned: null, overrides: { BTC: { spot: -1 } } }, version: 1 }), /overrides/],
    ["a broken pinned snapshot", JSON.stringify({ state: { venue: "auto", pinned: { snapshot: { id: "x" }, meta: null, pinnedAt: "2026-11-24T08:00:00.000Z" }, overrides: {} }, version: 1 }), /pinned/],
  ])("stored settings with %s are dropped with a reason, never applied", async (_what, raw, reason) => {
    expect(readStoredMarket(raw)).toMatchObject({ ok: false });
    const storage = new MemoryStorage();
    storage.setItem(MARKET_STORAGE_KEY, raw);
    const store = await hydrated(storage);
    const s = store.getState();
    expect(s.storageProblem).toMatch(reason);
    expect([s.venue, s.pinned, s.overrides]).toEqual(["auto", null, {}]);
  });
});
