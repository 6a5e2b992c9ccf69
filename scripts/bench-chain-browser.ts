/**
 * Browser bench of the trade ticket's option chain (prints figures only; no assertions).
 *
 *   ./node_modules/.bin/next build && ./node_modules/.bin/tsx scripts/bench-chain-browser.ts
 *   (on the shared machine: inside `flock /tmp/e2e.lock …`, like every production build / browser run)
 *
 * Needs an existing production build (.next). Starts `next start` on a free port on 127.0.0.1 with
 * market data pointed at a closed local port (nothing reaches the internet), and pins the wide
 * snapshot of scripts/wide-chain-snapshot.ts (BTC: 10 expiries × 80 strikes) in the app's market
 * settings (localStorage "marginlab.market") before the page loads, so the snapshot is in memory
 * when the dashboard is ready. Then, timed inside the page (performance.mark / measure):
 *  - open chain at once: "Open trade ticket" clicked as soon as the dashboard is ready → the chain
 *    table (80 strikes, virtualised rows) in the DOM and a frame past it (requestAnimationFrame,
 *    then a task): includes the worker's chain batch unless the card's idle prefetch finished
 *    first. One sample per fresh page load (the chain is cached per snapshot once computed);
 *  - open chain after a pause: the same, 4 s after the dashboard is ready (the prefetch has run);
 *  - open chain, warm: the ticket closed and opened again with the chain in the query cache (the
 *    render alone);
 *  - expiry tab switch: another expiry's 80 rows rendered.
 * p50 / p95 (nearest rank) in ms, with the machine's load average.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "@playwright/test";
import { MARKET_STORAGE_KEY, MARKET_STORE_VERSION } from "@/lib/state/market-store";
import { WIDE_STRIKES, wideChainSnapshot } from "./wide-chain-snapshot";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const COLD_SAMPLES = 8;
const WARM_SAMPLES = 20;
const TAB_SAMPLES = 20;
/** A trader's pause before opening the ticket (the chain prefetch waits 0.5 s, then for an idle moment). */
const SETTLED_WAIT_MS = 4_000;
/** Limits only stop a hang; this is a bench. */
const LOAD_TIMEOUT_MS = 300_000;
const STEP_TIMEOUT_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(port: number, closedPort: number): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true, // its own process group, so stopServer ends next and its children
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", MARGINLAB_MARKET_UPSTREAM: `http://127.0.0.1:${closedPort}` },
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}\n${stderr}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > LOAD_TIMEOUT_MS) throw new Error(`next start did not answer within ${LOAD_TIMEOUT_MS / 1000} s\n${stderr}`);
    await sleep(200);
  }
}

function stopServer(child: ChildProcess | null) {
  if (child?.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
function summary(label: string, xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `${label}: p50 ${quantile(s, 0.5).toFixed(1)} ms, p95 ${quantile(s, 0.95).toFixed(1)} ms (n = ${s.length}; load ${load()})`;
}

/**
 * In the page: marks "open-chain", clicks `clickSelector`, waits (MutationObserver) until
 * `doneSelector` matches with `rows` rows, then one frame and one task; measures "open-chain → rendered".
 * Plain JavaScript in a string: tsx would wrap named functions in a helper the page does not have.
 */
const IN_PAGE = `(({ clickSelector, doneSelector, rows, timeoutMs }) => new Promise((resolve, reject) => {
  function done() {
    const el = document.querySelector(doneSelector);
    // the chain's rows are virtualised: the table names its row count; some rows must be rendered
    return el !== null && el.getAttribute("data-rows") === String(rows) && el.querySelectorAll("tbody tr[data-testid], tbody tr:not([aria-hidden])").length > 0;
  }
  const timer = setTimeout(() => reject(new Error(doneSelector + " not rendered within " + timeoutMs + " ms")), timeoutMs);
  const observer = new MutationObserver(() => {
    if (!done()) return;
    observer.disconnect();
    clearTimeout(timer);
    requestAnimationFrame(() => setTimeout(() => {
      performance.mark("chain-rendered");
      resolve(performance.measure("open-chain → rendered", "open-chain", "chain-rendered").duration);
    }, 0));
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  performance.clearMarks();
  performance.clearMeasures();
  performance.mark("open-chain");
  document.querySelector(clickSelector).click();
}))`;

async function timeInPage(page: Page, clickSelector: string, doneSelector: string, rows: number): Promise<number> {
  const args = JSON.stringify({ clickSelector, doneSelector, rows, timeoutMs: STEP_TIMEOUT_MS });
  return (await page.evaluate(`${IN_PAGE}(${args})`)) as number;
}

const READY = '[data-testid="ticket"][data-state="ready"] [data-testid="chain-table"]';

async function main() {
  const snapshot = wideChainSnapshot();
  const pinned = JSON.stringify({ state: { venue: "auto", pinned: { snapshot, meta: null, pinnedAt: snapshot.asOf }, overrides: {} }, version: MARKET_STORE_VERSION });
  const [port, closedPort] = [await freePort(), await freePort()];
  let server: ChildProcess | null = null;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    server = await startServer(port, closedPort);
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.addInitScript(([key, value]) => window.localStorage.setItem(key!, value!), [MARKET_STORAGE_KEY, pinned]);
    const page = await context.newPage();
    const open = async () => {
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.getByTestId("dashboard").and(page.locator('[data-state="ready"]')).waitFor({ timeout: LOAD_TIMEOUT_MS });
      await page.locator('[data-testid="account-panel"][data-state="ready"]').waitFor({ timeout: LOAD_TIMEOUT_MS });
    };
    console.log(`chain bench: BTC ${snapshot.underlyings.BTC.expiries.length} expiries × ${WIDE_STRIKES} strikes, pinned snapshot "${snapshot.id}"`);
    const cold: number[] = [];
    for (let i = 0; i < COLD_SAMPLES; i++) {
      await open();
      cold.push(await timeInPage(page, '[data-testid="ticket-open"]', READY, WIDE_STRIKES));
    }
    console.log(summary("open chain at once when the dashboard is ready (worker batch + render, unless the idle prefetch finished)", cold));
    const settled: number[] = [];
    for (let i = 0; i < COLD_SAMPLES; i++) {
      await open();
      await sleep(SETTLED_WAIT_MS);
      settled.push(await timeInPage(page, '[data-testid="ticket-open"]', READY, WIDE_STRIKES));
    }
    console.log(summary(`open chain ${SETTLED_WAIT_MS / 1000} s after the dashboard is ready (idle prefetch done: render from memory)`, settled));
    const warm: number[] = [];
    for (let i = 0; i < WARM_SAMPLES; i++) {
      await page.getByTestId("ticket-open").click(); // close
      await page.getByTestId("ticket").waitFor({ state: "detached" });
      warm.push(await timeInPage(page, '[data-testid="ticket-open"]', READY, WIDE_STRIKES));
    }
    console.log(summary("open chain, warm (chain in memory: render only)", warm));
    const ids = snapshot.underlyings.BTC.expiries.map((e) => e.id);
    const tabs: number[] = [];
    for (let i = 0; i < TAB_SAMPLES; i++) {
      const id = ids[i % ids.length]!;
      const current = await page.getByTestId("chain-table").getAttribute("data-expiry");
      const target = id === current ? ids[(i + 1) % ids.length]! : id;
      tabs.push(await timeInPage(page, `[data-testid="expiry-tab-${target}"]`, `[data-testid="chain-table"][data-expiry="${target}"]`, WIDE_STRIKES));
    }
    console.log(summary("expiry tab switch (render only)", tabs));
  } finally {
    await browser.close();
    stopServer(server);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
