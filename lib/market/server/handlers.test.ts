import { afterEach, describe, expect, it, vi } from "vitest";
import ccxt from "ccxt";
import { errorResponseSchema } from "@/lib/market/feed/api-schema";
import { combineErrors, MarketError, toMarketError } from "@/lib/market/feed/errors";
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

  it.each(["/api/market/snapshot?__proto__=x", "/api/market/snapshot?constructor=x", "/api/market/quotes?venue=deribit&underlying=BTC&__proto__=x", "/api/market/snapshot?venue=auto&venue=okx"])(
    "%s → 400: every key not on the whitelist (and a repeated one) is refused",
    async (path) => {
      const svc = stub();
      const res = path.includes("quotes") ? await handleQuotesRequest(url(path), svc) : await handleSnapshotRequest(url(path), svc);
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

describe("client-facing errors never name an upstream host (kept in the server log)", () => {
  afterEach(() => vi.restoreAllMocks());
  const HOSTS = /lyra|deribit\.com|upstream\.internal|10\.1\.2\.3|localhost|127\.0\.0\.1/i;

  it.each([
    ["a DNS failure", () => toMarketError(new ccxt.NetworkError("getaddrinfo ENOTFOUND api.lyra.finance"), "derive ETH perp")],
    ["a DNS retry", () => toMarketError(new ccxt.NetworkError("getaddrinfo EAI_AGAIN www.deribit.com"), "deribit BTC perp")],
    ["a reset connection to the configured upstream", () => toMarketError(new ccxt.NetworkError("read ECONNRESET upstream.internal.example:8443"), "okx BTC perp")],
    ["a TLS error naming the host", () => toMarketError(new ccxt.ExchangeError("Hostname/IP does not match certificate's altnames: Host: api.lyra.finance. is not in the cert's altnames"), "derive ETH perp")],
    ["an IP address", () => toMarketError(new ccxt.NetworkError("connect ETIMEDOUT 10.1.2.3:443"), "bybit SOL perp")],
    ["a localhost URL", () => toMarketError(new Error("fetch failed: http://localhost:3197/api/v2/public/ticker"), "deribit BTC perp")],
    ["a combination", () => combineErrors("Live market data unavailable", [toMarketError(new ccxt.NetworkError("getaddrinfo ENOTFOUND api.lyra.finance"), "derive ETH")])],
  ])("%s", async (_name, make) => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = errorResponse(make());
    const text = JSON.stringify(await res.json());
    expect(text).not.toMatch(HOSTS);
    expect(JSON.stringify(log.mock.calls)).toMatch(HOSTS); // the server log keeps it
  });
});
