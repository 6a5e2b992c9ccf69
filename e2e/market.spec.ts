import { expect, test, type Page } from "@playwright/test";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { liveSnapshotResponseSchema, type LiveSnapshotResponse } from "@/lib/market/feed/api-schema";
import { applyOverrides } from "@/lib/market/overrides";
import { SAMPLE_SNAPSHOT } from "../lib/market/sample-snapshot";
import type { MarketSnapshot } from "../lib/market/types";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { readUsd, waitReady } from "./helpers";
import { MOCK_VENUE_PORT } from "./mock-venue/config";
import { startMockVenue, type MockVenue } from "./mock-venue/server";

/**
 * Live market data end to end. The app server (playwright.config.ts) always reads the mock venue
 * at MOCK_VENUE_PORT; this spec starts the mock for its "up" tests and stops it afterwards, so
 * every other spec meets a refused connection and the sample snapshot.
 */
test.describe.configure({ mode: "serial" });

/** The mock clock, frozen for the whole spec (whole seconds, so the banner's timestamp is exact). */
const MOCK_NOW = Math.floor(Date.now() / 1000) * 1000;
/** What the banner shows for an instant (components/market/use-now.ts formatUtc). */
const utc = (ms: number) => `${new Date(ms).toISOString().replace("T", " ").slice(0, 19)} UTC`;

const demo = DEMO_WORKSPACE.subAccounts[0]!;

function expectedIm(snapshot: MarketSnapshot): number {
  const r = computeSubAccount(demo, snapshot);
  if (!r.ok) throw new Error(r.error);
  return r.result.im;
}

/** Waits until the server builds a live snapshot (the mock just started; its cache may hold a failure for 0.5 s). */
async function liveFromApi(page: Page): Promise<LiveSnapshotResponse> {
  let body: unknown = null;
  await expect
    .poll(
      async () => {
        const res = await page.request.get("/api/market/snapshot");
        body = await res.json();
        return res.status();
      },
      { timeout: 30_000 },
    )
    .toBe(200);
  return liveSnapshotResponseSchema.parse(body);
}

test("mock venue down: the numbers use the sample snapshot, and the banner says so and why", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  const banner = page.getByTestId("market-source");
  await expect(page.getByTestId("market-fallback")).toContainText("could not be reached");
  await expect(banner).toContainText("Sample market data");
  await expect(banner).toHaveAttribute("data-source", "sample");
  await expect(banner).toHaveAttribute("data-snapshot-id", SAMPLE_SNAPSHOT.id);
  await expect.poll(() => readUsd(page, "metric-im")).toBeCloseTo(expectedIm(SAMPLE_SNAPSHOT), 2);
  // The API itself answers with a JSON error, not a crash.
  const res = await page.request.get("/api/market/snapshot");
  expect(res.status()).toBe(503);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("upstream-unreachable");
});

test("only whitelisted venues and parameters are accepted", async ({ page }) => {
  const bad = await page.request.get("/api/market/snapshot?venue=deribit&url=http%3A%2F%2Fexample.com");
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("bad-request");
  expect((await page.request.get("/api/market/quotes?venue=binance&underlying=BTC")).status()).toBe(400);
});

test.describe("mock venue up", () => {
  let mock: MockVenue;
  test.beforeAll(async () => {
    mock = await startMockVenue({ port: MOCK_VENUE_PORT, nowMs: MOCK_NOW });
  });
  test.afterAll(async () => {
    await mock?.close();
  });

  test('shows "live (mock venue)" data with its timestamp; the figures are the engine\'s on that snapshot', async ({ page }) => {
    const live = await liveFromApi(page);
    expect(live.snapshot.asOf).toBe(new Date(MOCK_NOW).toISOString());
    await page.goto("/");
    const banner = page.getByTestId("market-source");
    await expect(banner).toHaveAttribute("data-source", "live");
    await expect(banner).toContainText("Live market data");
    await expect(banner).toContainText("live (mock venue)");
    await expect(page.getByTestId("market-as-of")).toHaveText(utc(MOCK_NOW));
    await expect(page.getByTestId("market-age")).toContainText("old");
    await expect(banner).not.toContainText("Sample market data");
    // The mock clock is frozen, so every rebuild of the snapshot is identical (same id).
    await expect(banner).toHaveAttribute("data-snapshot-id", live.snapshot.id);
    await waitReady(page);
    const want = expectedIm(live.snapshot);
    expect(Math.abs(want - expectedIm(SAMPLE_SNAPSHOT))).toBeGreaterThan(1); // live and sample differ, so this checks which one is used
    await expect.poll(() => readUsd(page, "metric-im")).toBeCloseTo(want, 2);
    // Sources and fit are disclosed: Deribit for BTC/ETH, Bybit for SOL, an RMSE per expiry.
    await page.getByTestId("market-provenance").locator("summary").click();
    await expect(page.getByTestId("market-provenance-BTC")).toContainText("Deribit");
    await expect(page.getByTestId("market-provenance-SOL")).toContainText("Bybit");
  });

  test("a pinned snapshot keeps the figures while the market moves; unpinning takes the new data", async ({ page }) => {
    const live = await liveFromApi(page);
    await page.goto("/");
    const banner = page.getByTestId("market-source");
    await expect(banner).toHaveAttribute("data-snapshot-id", live.snapshot.id);
    await page.getByTestId("market-pin").click();
    await expect(banner).toHaveAttribute("data-mode", "pinned");
    await expect(banner).toHaveAttribute("data-snapshot-id", `pinned:${live.snapshot.id}`);
    const want = expectedIm(live.snapshot);
    await expect.poll(() => readUsd(page, "metric-im")).toBeCloseTo(want, 2);

    // The market moves: one minute later on the mock clock (every time to expiry changes).
    const later = MOCK_NOW + 60_000;
    mock.setNow(later);
    await expect(async () => {
      await page.getByTestId("market-refresh").click();
      await expect(banner).toContainText("newer live data is available", { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expect(banner).toHaveAttribute("data-snapshot-id", `pinned:${live.snapshot.id}`);
    await expect.poll(() => readUsd(page, "metric-im")).toBeCloseTo(want, 2);

    // The pin survives a reload (its own localStorage key), then unpinning uses the moved market.
    await page.reload();
    await expect(banner).toHaveAttribute("data-snapshot-id", `pinned:${live.snapshot.id}`);
    await page.getByTestId("market-unpin").click();
    await expect(banner).toHaveAttribute("data-mode", "live");
    await expect(page.getByTestId("market-as-of")).toHaveText(utc(later));
    const moved = await liveFromApi(page);
    await expect(banner).toHaveAttribute("data-snapshot-id", moved.snapshot.id);
    await expect.poll(() => readUsd(page, "metric-im")).toBeCloseTo(expectedIm(moved.snapshot), 2);
  });

  test("a spot override makes its own snapshot (id and label) and the figures follow it", async ({ page }) => {
    const live = await liveFromApi(page);
    await page.goto("/");
    const banner = page.getByTestId("market-source");
    await expect(banner).toHaveAttribute("data-snapshot-id", live.snapshot.id);
    await page.getByTestId("market-overrides-toggle").click();
    await page.getByTestId("market-override-spot-BTC").fill("100000");
    await page.getByTestId("market-override-vol-ETH").fill("5");
    const over = applyOverrides(live.snapshot, { BTC: { spot: 100_000 }, ETH: { volShiftPts: 5 } });
    await expect(banner).toHaveAttribute("data-snapshot-id", over.id);
    await expect(page.getByTestId("market-overrides-active")).toContainText("BTC spot 100,000; ETH vol +5 pts");
    await expect.poll(() => readUsd(page, "metric-im")).toBeCloseTo(expectedIm(over), 2);
    await page.getByTestId("market-override-clear").click();
    await expect(banner).toHaveAttribute("data-snapshot-id", live.snapshot.id);
  });

  test("the venues fail (HTTP 500): a new visit computes on the sample, and the banner says why", async ({ page }) => {
    mock.setFault("*", "http500");
    const banner = page.getByTestId("market-source");
    // The banner also says "sample" while the first live answer is on its way, and the server may
    // still hold the previous test's live snapshot for its cache time (1 s here): a visit counts
    // once the banner shows the failure itself, else it is made again.
    await expect(async () => {
      await page.goto("/");
      await expect(banner).toHaveAttribute("data-source", "sample", { timeout: 5_000 });
      await expect(page.getByTestId("market-fallback")).toContainText("HTTP 500", { timeout: 5_000 });
    }).toPass({ timeout: 30_000 });
    await waitReady(page);
    await expect.poll(() => readUsd(page, "metric-im")).toBeCloseTo(expectedIm(SAMPLE_SNAPSHOT), 2);
  });
});
