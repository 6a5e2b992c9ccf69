import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { MarketError } from "./errors";
import { errorResponse } from "@/lib/market/server/handlers";
import { fetchLiveSnapshot, isStale, LiveMarketError, STALE_AFTER_MS } from "./client";
import { resolveMarketView } from "./resolve";

const asFetch = (res: Response | (() => Promise<Response>)): typeof fetch => (async () => (typeof res === "function" ? res() : res)) as unknown as typeof fetch;

describe("fetchLiveSnapshot (browser side of /api/market/snapshot)", () => {
  it("asks only this origin's /api/market/snapshot with the chosen venue", async () => {
    const seen: string[] = [];
    const f = (async (input: RequestInfo | URL) => {
      seen.push(String(input));
      return errorResponse(new MarketError("upstream-unreachable", "down"));
    }) as typeof fetch;
    await expect(fetchLiveSnapshot("okx", undefined, f)).rejects.toBeInstanceOf(LiveMarketError);
    expect(seen).toEqual(["/api/market/snapshot?venue=okx"]);
  });

  it("a server error becomes a LiveMarketError with its message, and the app shows the sample saying why", async () => {
    const err = await fetchLiveSnapshot("auto", undefined, asFetch(errorResponse(new MarketError("upstream-timeout", "Live market data unavailable: the venues did not answer in time")))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LiveMarketError);
    expect((err as LiveMarketError).status).toBe(504);
    const view = resolveMarketView({ data: undefined, error: err as Error, isPending: false }, null, {});
    expect(view.snapshot).toBe(SAMPLE_SNAPSHOT);
    expect(view.liveError).toMatch(/did not answer in time/);
  });

  it("a network failure, a non-JSON body and an invalid snapshot are each reported, never thrown raw", async () => {
    const network = await fetchLiveSnapshot(
      "auto",
      undefined,
      asFetch(() => Promise.reject(new TypeError("Failed to fetch"))),
    ).catch((e: unknown) => e);
    expect(network).toMatchObject({ code: "network" });
    const html = await fetchLiveSnapshot("auto", undefined, asFetch(new Response("<html>502 Bad Gateway</html>", { status: 502 }))).catch((e: unknown) => e);
    expect(html).toMatchObject({ code: "invalid-response", status: 502 });
    // A 200 whose snapshot claims to be the sample must not be accepted as live.
    const fake = await fetchLiveSnapshot("auto", undefined, asFetch(Response.json({ snapshot: SAMPLE_SNAPSHOT, meta: {} }))).catch((e: unknown) => e);
    expect(fake).toMatchObject({ code: "invalid-response" });
  });
});

describe("isStale", () => {
  it(`flags data older than ${STALE_AFTER_MS / 1000} s`, () => {
    const asOf = "2026-11-24T08:00:00.000Z";
    expect(isStale(asOf, Date.parse(asOf) + STALE_AFTER_MS)).toBe(false);
    expect(isStale(asOf, Date.parse(asOf) + STALE_AFTER_MS + 1)).toBe(true);
  });
});
