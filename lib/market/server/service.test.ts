import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MOCK_COLLATERAL, MOCK_SPECS, QUOTE_NOISE_VOL, markIv, mockUnderlying } from "@/e2e/mock-venue/market-model";
import { MOCK_VENUES, startMockVenue, type MockFault, type MockVenue } from "@/e2e/mock-venue/server";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { sviImpliedVol, validateSvi } from "@/lib/quant/svi";
import { SVI_FIT_MIN_POINTS } from "@/lib/quant/svi-fit";
import { yearsBetween } from "@/lib/market/snapshot";
import { marketSnapshotSchema, UNDERLYINGS } from "@/lib/market/types";
import { errorResponseSchema, liveSnapshotResponseSchema, type LiveSnapshotResponse } from "@/lib/market/feed/api-schema";
import { MAX_ABS_LOG_MONEYNESS, WSTETH_PER_ETH_FALLBACK } from "./build-snapshot";
import type { MarketServiceConfig } from "./config";
import { handleQuotesRequest, handleSnapshotRequest } from "./handlers";
import { createMarketService } from "./service";

/** Hand-chosen mock clock: Tuesday 2026-11-24 07:55 UTC, five minutes before a daily 08:00 expiry. */
const NOW = Date.parse("2026-11-24T07:55:00.000Z");
/**
 * The mock perturbs every mark IV by up to ±QUOTE_NOISE_VOL (0.15 vol pts, market-model.ts): a
 * least-squares slice misses a quote by at most that plus the smile-shape error, and the
 * generating smile by about the noise amplitude — up to twice that at the outermost strikes,
 * where a single noisy quote pins a wing's slope. Tolerances in vol points.
 */
const MAX_QUOTE_MISS_VOL_PTS = 2 * QUOTE_NOISE_VOL * 100;
const MAX_TRUTH_MISS_VOL_PTS = 2 * QUOTE_NOISE_VOL * 100;

/**
 * No test here races a timer against the machine's load (CI: a busy 2-core machine). A test that
 * expects any outcome but a timeout gives each upstream call TIMEOUT_MS and the whole request
 * DEADLINE_MS, both far beyond what the mock takes (it answers at once; a whole snapshot takes
 * about a second unloaded). A test that expects a timeout makes the mock never answer and sets a
 * short timer only there, so that timer is the only one that can fire. Which of two timers fires
 * first is never left to chance: where both run, the expected one is set first and ends first by
 * far (see the deadline test). No test measures how long anything took.
 */
const TIMEOUT_MS = 30_000;
const DEADLINE_MS = 120_000;
/** Timer for a venue that never answers (fault "timeout"): short, since nothing else can end first. */
const NO_ANSWER_TIMEOUT_MS = 300;
// The tests' own limit only catches a hang: above the deadline, so a hung request fails with its message.
vi.setConfig({ testTimeout: DEADLINE_MS + 60_000, hookTimeout: DEADLINE_MS + 60_000 });

let mock: MockVenue;
const config = (over: Partial<MarketServiceConfig> = {}): MarketServiceConfig => ({
  upstream: mock.url,
  timeoutMs: TIMEOUT_MS,
  cacheTtlMs: 0,
  errorTtlMs: 0,
  deadlineMs: DEADLINE_MS,
  marketsTtlMs: 3_600_000,
  ...over,
});
const service = (over: Partial<MarketServiceConfig> = {}) => createMarketService(config(over), () => mock.now());
const snapshotRequest = (query = "") => new Request(`http://marginlab.test/api/market/snapshot${query}`);

beforeAll(async () => {
  mock = await startMockVenue({ nowMs: NOW });
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  for (const v of [...MOCK_VENUES, "*"] as const) mock.setFault(v, null);
});

describe("live snapshot from the mock venue (every venue in its own wire format, through ccxt)", () => {
  let body: LiveSnapshotResponse;
  beforeAll(async () => {
    body = (await service().snapshot("auto")).body;
  });

  it("is a valid live MarketSnapshot, labelled as the mock venue, as of the venues' timestamp", () => {
    expect(liveSnapshotResponseSchema.safeParse(body).success).toBe(true);
    const s = marketSnapshotSchema.parse(body.snapshot);
    expect(s.source).toBe("live");
    expect(s.label).toBe("live (mock venue)");
    expect(s.asOf).toBe(new Date(NOW).toISOString());
    expect(s.id).toMatch(/^live-20261124T075500Z-[0-9a-f]{8}$/);
  });

  it("takes BTC and ETH from Deribit and SOL from Bybit, collateral from Derive", () => {
    expect(body.meta.upstream).toBe("mock");
    expect(body.meta.underlyings.BTC.venue).toBe("deribit");
    expect(body.meta.underlyings.ETH.venue).toBe("deribit");
    expect(body.meta.underlyings.SOL.venue).toBe("bybit");
    expect(body.meta.collateral).toEqual({ venue: "derive", assumed: [] });
    expect(body.meta.warnings).toEqual([]);
  });

  it.each(UNDERLYINGS)("%s: index, perp mark, funding, forwards and strikes are the venue's numbers", (u) => {
    const m = body.snapshot.underlyings[u];
    const truth = mockUnderlying(u, NOW);
    expect(m.spot).toBe(MOCK_SPECS[u].spot);
    expect(m.perpMark).toBe(truth.perpMark);
    expect(m.funding8h).toBeCloseTo(MOCK_SPECS[u].funding8h, 12);
    // The 08:00 expiry five minutes away is left out (too close), every later one is in.
    const listed = truth.expiries.filter((e) => e.expiryMs - NOW > 3_600_000);
    expect(m.expiries.map((e) => e.expiryIso)).toEqual(listed.map((e) => new Date(e.expiryMs).toISOString()));
    expect(body.meta.underlyings[u].dropped).toEqual([{ expiryId: "2026-11-24", reason: "expires within the hour" }]);
    for (const [i, e] of m.expiries.entries()) {
      expect(e.forward).toBe(listed[i]!.forward);
      expect(e.strikes).toEqual(listed[i]!.strikes);
      expect(e.rate).toBe(0);
    }
    expect(body.snapshot.collateralPrices[u]).toBe(m.spot);
  });

  it.each(UNDERLYINGS)("%s: one valid SVI slice per expiry, within the quote noise of the mark IVs and of the generating smile", (u) => {
    const m = body.snapshot.underlyings[u];
    const truth = mockUnderlying(u, NOW);
    const fits = body.meta.underlyings[u].fits;
    expect(fits.map((f) => f.expiryId)).toEqual(m.expiries.map((e) => e.id));
    for (const e of m.expiries) {
      expect(validateSvi(e.svi)).toBeNull();
      const t = truth.expiries.find((x) => new Date(x.expiryMs).toISOString() === e.expiryIso)!;
      const years = yearsBetween(body.snapshot.asOf, e.expiryIso);
      for (const strike of e.strikes) {
        const k = Math.log(strike / e.forward);
        if (Math.abs(k) > MAX_ABS_LOG_MONEYNESS) continue;
        const fitted = sviImpliedVol(e.svi, k, years);
        // + 0.01: Deribit quotes mark_iv in percent with 2 decimals (rounding ≤ 0.005 vol pts).
        expect(Math.abs(fitted - markIv(t, strike)) * 100).toBeLessThan(MAX_QUOTE_MISS_VOL_PTS + 0.01);
        expect(Math.abs(fitted - sviImpliedVol(t.svi, Math.log(strike / t.forward), t.years)) * 100).toBeLessThan(MAX_TRUTH_MISS_VOL_PTS);
      }
    }
    for (const f of fits) {
      expect(f.rmseVolPts).toBeLessThanOrEqual(QUOTE_NOISE_VOL * 100);
      expect(f.maxAbsErrVolPts).toBeLessThan(MAX_QUOTE_MISS_VOL_PTS + 0.01);
      expect(f.points).toBeGreaterThanOrEqual(SVI_FIT_MIN_POINTS);
    }
  });

  it("prices USDC, USDT and wstETH from Derive's currency list", () => {
    const c = body.snapshot.collateralPrices;
    expect([c.USDC, c.USDT, c.wstETH]).toEqual([MOCK_COLLATERAL.USDC, MOCK_COLLATERAL.USDT, MOCK_COLLATERAL.wstETH]);
  });

  it("reports the dated futures marks it read", () => {
    const fut = body.meta.underlyings.BTC.futures;
    const truth = mockUnderlying("BTC", NOW).expiries.filter((e) => e.hasFuture);
    expect(fut.map((f) => f.mark)).toEqual(truth.map((e) => e.forward));
    expect(fut[0]?.symbol).toMatch(/^BTC\/USD:BTC-\d{6}$/);
  });

  it("the engine computes the demo workspace on it", () => {
    for (const sub of DEMO_WORKSPACE.subAccounts) {
      const r = computeSubAccount(sub, body.snapshot);
      if (!r.ok) throw new Error(r.error);
      expect(Number.isFinite(r.result.im) && Number.isFinite(r.result.equity)).toBe(true);
    }
  });

  it("is deterministic: the same data give the same id, from a fresh service too", async () => {
    const again = (await service().snapshot("auto")).body;
    expect(again.snapshot.id).toBe(body.snapshot.id);
  });
});

describe("venue preference and fallback", () => {
  it("a preferred venue goes first where it lists the underlying", async () => {
    const { body } = await service().snapshot("okx");
    expect([body.meta.underlyings.BTC.venue, body.meta.underlyings.ETH.venue, body.meta.underlyings.SOL.venue]).toEqual(["okx", "okx", "bybit"]);
    expect(body.meta.underlyings.BTC.indexSource).toMatch(/BTC\/USDT last/);
  });

  it("Deribit answering HTTP 500: BTC and ETH come from OKX, and the snapshot says so", async () => {
    mock.setFault("deribit", "http500");
    const { body } = await service().snapshot("auto");
    expect(body.meta.underlyings.BTC.venue).toBe("okx");
    expect(body.meta.underlyings.BTC.fallbacks[0]).toMatch(/deribit BTC.*HTTP 500/);
    expect(body.meta.warnings.some((w) => /^BTC: .*used OKX instead/.test(w))).toBe(true);
    expect(body.snapshot.label).toBe("live (mock venue)");
  });

  it("Derive down: stablecoins at peg and wstETH at the built-in ratio, each stated as an assumption", async () => {
    mock.setFault("derive", "timeout");
    // Only Derive (which never answers) gets the short timer; the venues that answer keep TIMEOUT_MS.
    const { body } = await service({ venueTimeoutMs: { derive: NO_ANSWER_TIMEOUT_MS } }).snapshot("auto");
    const c = body.snapshot.collateralPrices;
    expect([c.USDC, c.USDT]).toEqual([1, 1]);
    expect(c.wstETH).toBeCloseTo(MOCK_SPECS.ETH.spot * WSTETH_PER_ETH_FALLBACK, 9);
    expect(body.meta.collateral.venue).toBeNull();
    expect(body.meta.collateral.assumed).toHaveLength(3);
    expect(body.meta.warnings.join(" ")).toMatch(/Collateral prices assumed \(derive.*did not answer in time\)/);
  });
});

describe("failure modes: a clear JSON error, never a crash", () => {
  const CASES: { fault: MockFault; status: number; code: string; message: RegExp }[] = [
    { fault: "timeout", status: 504, code: "upstream-timeout", message: /did not answer in time/ },
    { fault: "http500", status: 502, code: "upstream-http", message: /HTTP 500/ },
    { fault: "malformed-json", status: 502, code: "upstream-bad-data", message: /malformed JSON/ },
    { fault: "missing-fields", status: 502, code: "upstream-bad-data", message: /index_price is missing or invalid/ },
    { fault: "no-iv", status: 502, code: "no-usable-iv", message: /no expiry with usable implied vols \(\d+ options, 0 with a usable mark IV/ },
    { fault: "hang-up", status: 503, code: "upstream-unreachable", message: /could not be reached/ },
  ];

  it.each(CASES)("$fault on every venue → HTTP $status $code", async ({ fault, status, code, message }) => {
    mock.setFault("*", fault);
    // A short per-call timer only where nothing answers; an answered fault must never meet a timeout.
    const res = await handleSnapshotRequest(snapshotRequest(), service(fault === "timeout" ? { timeoutMs: NO_ANSWER_TIMEOUT_MS } : {}));
    expect(res.status).toBe(status);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = errorResponseSchema.parse(await res.json());
    expect(body.error).toMatchObject({ status, code });
    expect(body.error.message).toMatch(/^Live market data unavailable: /);
    expect(body.error.message).toMatch(message);
    expect(body.error.details.length).toBeGreaterThanOrEqual(3); // one per venue tried, at least
  });

  it("connection refused (nothing listening) → HTTP 503 from the refusals themselves, not from a timeout", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const res = await handleSnapshotRequest(
      snapshotRequest(),
      createMarketService(config({ upstream: `http://127.0.0.1:${port}` }), () => NOW),
    );
    // The e2e suite relies on this: the dashboard falls back to the sample without waiting for a
    // timeout. A timeout on any attempt would make the answer 504 (it outranks "unreachable"), and
    // the timers here are 30 s: a 503 with no timeout among the details means none was waited for.
    // How fast the fallback is: `npm run bench:browser` prints it.
    expect(res.status).toBe(503);
    const { error } = errorResponseSchema.parse(await res.json());
    expect(error.code).toBe("upstream-unreachable");
    expect(error.details.length).toBeGreaterThanOrEqual(3);
    for (const d of error.details) expect(d).not.toMatch(/did not answer in time|within \d+ s/);
  });

  it("the whole request is bounded by the deadline even if venues hang longer than the per-call timeout", async () => {
    mock.setFault("*", "timeout");
    // The deadline timer starts before any per-call timer and ends 29.5 s before them: it is the one that fires.
    const res = await handleSnapshotRequest(snapshotRequest(), service({ timeoutMs: TIMEOUT_MS, deadlineMs: 500 }));
    expect(res.status).toBe(504);
    expect(errorResponseSchema.parse(await res.json()).error.message).toMatch(/no answer from the venues within/);
  });

  it("an upstream error message never carries the upstream host", async () => {
    mock.setFault("*", "hang-up");
    const res = await handleSnapshotRequest(snapshotRequest(), service());
    const text = JSON.stringify(await res.json());
    expect(text).not.toContain("127.0.0.1");
  });
});

describe("cache and request coalescing", () => {
  const optionChainCalls = () => mock.requests.filter((r) => r.includes("get_book_summary_by_currency?currency=BTC&kind=option")).length;

  it("serves a snapshot from memory within the TTL, without asking the venues again", async () => {
    const svc = service({ cacheTtlMs: 60_000 });
    const first = await svc.snapshot("auto");
    const before = mock.requests.length;
    const second = await svc.snapshot("auto");
    expect(first.cacheHit).toBe(false);
    expect(second.cacheHit).toBe(true);
    expect(second.body).toBe(first.body);
    expect(mock.requests.length).toBe(before);
  });

  it("concurrent identical requests share one upstream fetch", async () => {
    const svc = service({ cacheTtlMs: 60_000 });
    const before = optionChainCalls();
    const results = await Promise.all([svc.snapshot("auto"), svc.snapshot("auto"), svc.snapshot("auto")]);
    expect(optionChainCalls() - before).toBe(1);
    expect(new Set(results.map((r) => r.body.snapshot.id)).size).toBe(1);
  });

  it("remembers a failure for the error TTL (a down venue is not hammered), then tries again", async () => {
    let clock = NOW;
    const svc = createMarketService(config({ cacheTtlMs: 60_000, errorTtlMs: 5_000 }), () => clock);
    mock.setFault("*", "http500");
    await expect(svc.snapshot("auto")).rejects.toMatchObject({ code: "upstream-http" });
    mock.setFault("*", null);
    const before = mock.requests.length;
    await expect(svc.snapshot("auto")).rejects.toMatchObject({ code: "upstream-http" });
    expect(mock.requests.length).toBe(before);
    clock += 5_001;
    const ok = await svc.snapshot("auto");
    expect(ok.body.snapshot.source).toBe("live");
  });
});

describe("GET /api/market/quotes", () => {
  it("Derive: perp and hourly funding, and no option chain (ccxt has no unified one for Derive)", async () => {
    const res = await handleQuotesRequest(new Request("http://marginlab.test/api/market/quotes?venue=derive&underlying=ETH"), service());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { quotes: { options: unknown; perp: { fundingIntervalHours: number; funding8h: number; mark: number } } };
    expect(body.quotes.options).toBeNull();
    expect(body.quotes.perp.fundingIntervalHours).toBe(1);
    // The mock's Derive pays funding8h / 8 each hour: back to an 8-hour rate.
    expect(body.quotes.perp.funding8h).toBeCloseTo(MOCK_SPECS.ETH.funding8h, 12);
  });

  it("OKX: index from the spot market, futures marks, option chain with fits", async () => {
    const res = await handleQuotesRequest(new Request("http://marginlab.test/api/market/quotes?venue=okx&underlying=BTC"), service());
    const body = (await res.json()) as { quotes: { index: { price: number }; futures: unknown[]; options: unknown[] }; fits: { rmseVolPts: number }[] };
    expect(body.quotes.index.price).toBe(MOCK_SPECS.BTC.spot);
    expect(body.quotes.futures.length).toBeGreaterThan(0);
    expect(body.fits.length).toBeGreaterThan(0);
    for (const f of body.fits) expect(f.rmseVolPts).toBeLessThanOrEqual(QUOTE_NOISE_VOL * 100);
  });

  it("a venue not used for an underlying is a 400 (Deribit has no SOL in the whitelist)", async () => {
    const res = await handleQuotesRequest(new Request("http://marginlab.test/api/market/quotes?venue=deribit&underlying=SOL"), service());
    expect(res.status).toBe(400);
  });
});
