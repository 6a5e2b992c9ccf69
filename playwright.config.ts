import { defineConfig } from "@playwright/test";
import { MOCK_VENUE_URL } from "./e2e/mock-venue/config";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** e2e against the production build (`next build` runs first in scripts/test.sh), in Debian's Chromium. */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 1000 },
    launchOptions: {
      executablePath: chromium,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: `./node_modules/.bin/next start -p ${PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      // Market data: the server always reads the mock venue (never the internet). The mock runs
      // only while e2e/market.spec.ts has it started; every other spec meets a refused connection,
      // so the app shows the built-in sample (which their expected numbers are computed from).
      MARGINLAB_MARKET_UPSTREAM: MOCK_VENUE_URL,
      // Short server-side caching so the market spec sees the mock going up and down quickly.
      MARGINLAB_MARKET_CACHE_TTL_MS: "1000",
      MARGINLAB_MARKET_ERROR_TTL_MS: "500",
      // Far above the mock's answer time (milliseconds), so a busy machine never turns a slow
      // answer into a timeout or a fallback venue; no e2e test exercises the timeout fault.
      MARGINLAB_MARKET_TIMEOUT_MS: "20000",
    },
  },
});
