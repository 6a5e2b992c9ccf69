import { describe, expect, it } from "vitest";
import { DEFAULT_CACHE_TTL_MS, DEFAULT_DEADLINE_MS, DEFAULT_ERROR_TTL_MS, DEFAULT_TIMEOUT_MS, readMarketConfig } from "./config";

describe("readMarketConfig", () => {
  it("defaults: the real venues, documented timeouts and TTLs", () => {
    const r = readMarketConfig({});
    expect(r).toEqual({
      ok: true,
      config: { upstream: null, timeoutMs: DEFAULT_TIMEOUT_MS, cacheTtlMs: DEFAULT_CACHE_TTL_MS, errorTtlMs: DEFAULT_ERROR_TTL_MS, deadlineMs: DEFAULT_DEADLINE_MS, marketsTtlMs: 3_600_000 },
    });
  });

  it("reads a mock upstream and bounded numbers; empty values count as unset", () => {
    const r = readMarketConfig({ MARGINLAB_MARKET_UPSTREAM: "http://127.0.0.1:3197/", MARGINLAB_MARKET_CACHE_TTL_MS: "1000", MARGINLAB_MARKET_TIMEOUT_MS: "" });
    if (!r.ok) throw new Error(r.reason);
    expect(r.config.upstream).toBe("http://127.0.0.1:3197");
    expect(r.config.cacheTtlMs).toBe(1_000);
    expect(r.config.errorTtlMs).toBe(1_000); // never longer than the value TTL
    expect(r.config.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
  });

  it.each([["ftp://127.0.0.1:21"], ["http://user:pw@127.0.0.1:3197"], ["http://127.0.0.1:3197/?x=1"], ["not a url"]])("rejects the upstream %s", (upstream) => {
    const r = readMarketConfig({ MARGINLAB_MARKET_UPSTREAM: upstream });
    expect(r.ok).toBe(false);
  });

  it("rejects out-of-range or non-integer numbers", () => {
    expect(readMarketConfig({ MARGINLAB_MARKET_TIMEOUT_MS: "5" }).ok).toBe(false);
    expect(readMarketConfig({ MARGINLAB_MARKET_CACHE_TTL_MS: "abc" }).ok).toBe(false);
    expect(readMarketConfig({ MARGINLAB_MARKET_DEADLINE_MS: "1.5" }).ok).toBe(false);
  });
});
