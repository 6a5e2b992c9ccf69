import { describe, expect, it } from "vitest";
import { errorResponseSchema } from "@/lib/market/feed/api-schema";
import { MarketError } from "@/lib/market/feed/errors";
import { errorResponse, handleQuotesRequest, handleSnapshotRequest } from "./handlers";
import type { MarketService } from "./service";

/** A service that must not be reached (input validation happens first) or that fails as told. */
function stub(fail?: unknown): MarketService & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async snapshot(p) {
      calls.push(`snapshot:${p}`);
      throw fail ?? new Error("not expected");
    },
    async quotes(v, u) {
      calls.push(`quotes:${v}:${u}`);
      throw fail ?? new Error("not expected");
    },
  };
}

const url = (path: string) => new Request(`http://marginlab.test${path}`);

describe("whitelisted query parameters", () => {
  it.each([
    ["/api/market/snapshot?venue=binance", /venue/],
    ["/api/market/snapshot?venue=deribit&url=http://evil.example", /url/],
    ["/api/market/snapshot?upstream=http://127.0.0.1:1", /upstream/],
    ["/api/market/snapshot?venue=derive", /venue/], // Derive has no option chain: not a snapshot venue
  ])("%s → 400 without touching the venues", async (path, what) => {
    const svc = stub();
    const res = await handleSnapshotRequest(url(path), svc);
    expect(res.status).toBe(400);
    const body = errorResponseSchema.parse(await res.json());
    expect(body.error.code).toBe("bad-request");
    expect(body.error.message).toMatch(what);
    expect(svc.calls).toEqual([]);
  });

  it.each(["/api/market/quotes?venue=deribit", "/api/market/quotes?venue=deribit&underlying=DOGE", "/api/market/quotes?venue=ftx&underlying=BTC", "/api/market/quotes?venue=okx&underlying=BTC&symbol=BTC-USD-SWAP"])(
    "%s → 400",
    async (path) => {
      const svc = stub();
      const res = await handleQuotesRequest(url(path), svc);
      expect(res.status).toBe(400);
      expect(svc.calls).toEqual([]);
    },
  );

  it("venue defaults to auto", async () => {
    const svc = stub(new MarketError("upstream-unreachable", "down"));
    await handleSnapshotRequest(url("/api/market/snapshot"), svc);
    expect(svc.calls).toEqual(["snapshot:auto"]);
  });
});

describe("errors become JSON with the right status", () => {
  it.each([
    ["upstream-timeout", 504],
    ["upstream-unreachable", 503],
    ["upstream-http", 502],
    ["upstream-bad-data", 502],
    ["no-usable-iv", 502],
    ["internal", 500],
  ] as const)("%s → %i", async (code, status) => {
    const res = await handleSnapshotRequest(url("/api/market/snapshot"), stub(new MarketError(code, "boom", ["a", "b"])));
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { status, code, message: "boom", details: ["a", "b"] } });
  });

  it("anything else thrown is still a JSON error", async () => {
    const res = errorResponse(new TypeError("x is undefined"));
    expect(res.status).toBe(502);
    expect(errorResponseSchema.parse(await res.json()).error.message).toMatch(/x is undefined/);
  });
});
