/**
 * Browser bench of the dashboard (prints figures only; no assertions — the e2e tests check what
 * the page shows, never how fast).
 *
 *   ./node_modules/.bin/next build && npm run bench:browser
 *
 * Builds nothing: it needs an existing production build (.next). It starts `next start` on a free
 * port on 127.0.0.1 — market data pointed at a closed local port, so the app computes on the
 * built-in sample snapshot and nothing reaches the internet — and drives headless Chromium
 * (/usr/bin/chromium, or CHROMIUM_PATH). For the large books of the e2e suite (e2e/helpers.ts
 * largeBook) of 10, 200 and 1,000 positions, in cross mode and in portfolio mode, it prints:
 *  - change → figures: p50 / p95 time from one change of the BTC spot what-if slider (an input
 *    event, as a drag fires) to the headline figures showing the new result (account panel
 *    data-state="ready" and Equity changed: the lite job on the headline worker), one change at a
 *    time, timed inside the page;
 *  - change → liquidation & chart: p50 / p95 time from the same change to the liquidation
 *    distances and the equity chart showing it (the full job on the headline worker, once the inputs settled: its marker
 *    "liquidation-and-chart" back to data-state="ready"); the next change waits for both;
 *  - a 20-step drag of that slider (one step per animation frame), started once every panel shows
 *    the last change (as a trader drags after looking; BENCH_DRAG_FROM=busy starts it at once,
 *    while the panels of the previous changes are still computing): the time until the figures
 *    settle after its last step, the time until every panel (liquidation and chart, offsets and
 *    attribution, mode comparison, venue table) shows the result of the last step ("panels", and
 *    each panel's own time), and the main thread's
 *    long tasks (PerformanceObserver "longtask", > 50 ms) and long animation frames
 *    ("long-animation-frame") from the drag's start until 1 s after the panels settled: count,
 *    longest, longest blocking time, and the scripts of the longest frame (what to profile).
 * With BENCH_SAMPLES=1 it prints every timed change's figures time too (the spread behind p50/p95),
 * and each panel's time in every extra drag (BENCH_MORE_DRAGS). BENCH_CHROMIUM_ARGS (a JSON array)
 * adds Chromium flags, e.g. '["--js-flags=--no-memory-reducer"]' to test a hypothesis about the engine.
 * Timing starts once the page has loaded: the first full result and every panel's first result
 * shown (the analyses' first runs on a fresh worker are cold; they are not what a change costs).
 * It also prints how fast the market API answers when the venues are unreachable (what the
 * dashboard waits for before it falls back to the sample).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "@playwright/test";
import { largeBook, openBook, waitLiquidation, waitReady } from "../e2e/helpers";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Book sizes (BENCH_SIZES=1000 for one size). */
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(",").map(Number) : [10, 200, 1_000];
/** BENCH_SAMPLES=1 also prints every timed change's figures time, in order (the spread behind p50/p95). */
const PRINT_SAMPLES = process.env.BENCH_SAMPLES === "1";
/** Whether the drag starts from a settled page (default) or at once after the timed changes (BENCH_DRAG_FROM=busy). */
const DRAG_FROM_SETTLED = process.env.BENCH_DRAG_FROM !== "busy";
/** BENCH_MORE_DRAGS=K: after the measured drag, K more (each after 2 untimed changes, started the same way): their panel times only (the spread of "panels"). */
const MORE_DRAGS = Number(process.env.BENCH_MORE_DRAGS ?? 0);
const MODES = ["cross", "portfolio"] as const;
/** Slider changes timed one at a time per book (after WARMUP untimed ones). */
const SAMPLES = 20;
const WARMUP = 2;
const DRAG_STEPS = 20;
/** Long tasks are counted until this long after the figures settled (deferred chart renders land here). */
const SETTLE_MS = 1_000;
/** Generous limits: this is a bench, a limit only stops a hang. */
const LOAD_TIMEOUT_MS = 300_000;
const CHANGE_TIMEOUT_MS = 120_000;

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(port: number, closedPort: number): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true, // its own process group, so stopServer ends next and its children
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      // Nothing listens there: every venue call is refused and the app uses the sample snapshot.
      MARGINLAB_MARKET_UPSTREAM: `http://127.0.0.1:${closedPort}`,
      // No remembered failure: each timed API call below goes to the (refused) venues.
      MARGINLAB_MARKET_ERROR_TTL_MS: "0",
    },
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}\n${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      if (res.ok) return child;
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

/** Nearest-rank quantile of a sorted sample. */
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

/** The market API with every venue refused: the first (cold) call, then the median of 5. */
async function marketFallback(base: string): Promise<string> {
  const times: number[] = [];
  let status = 0;
  let code = "";
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/market/snapshot`);
    const body = (await res.json()) as { error?: { code?: string } };
    times.push(performance.now() - t0);
    status = res.status;
    code = body.error?.code ?? "";
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  return `GET /api/market/snapshot, venues refused → HTTP ${status} ${code}: first ${times[0]!.toFixed(0)} ms, then median ${quantile(warm, 0.5).toFixed(0)} ms of 5`;
}

/** In-page instruments, installed before the app's scripts: the long-task observers and the timed slider changes. */
function instrument() {
  type Entry = { start: number; duration: number; blocking: number; scripts: string };
  const w = window as unknown as {
    __bench: {
      longTasks: Entry[];
      loafs: Entry[];
      loafSupported: boolean;
      flush(): void;
      change(value: number, timeoutMs: number): Promise<{ ms: number; ok: boolean; liqMs: number; liqOk: boolean }>;
      drag(values: number[], timeoutMs: number, fromSettled: boolean): Promise<{ t0: number; lastStep: number; settled: number; panels: number; ok: boolean; panelsOk: boolean; each: Record<string, number> }>;
    };
  };
  const longTasks: Entry[] = [];
  const loafs: Entry[] = [];
  const observers: { observer: PerformanceObserver; into: Entry[] }[] = [];
  const record = (into: Entry[], entries: PerformanceEntryList) => {
    for (const e of entries) {
      const scripts = ((e as PerformanceEntry & { scripts?: { invoker: string; sourceFunctionName: string; sourceURL: string; duration: number }[] }).scripts ?? [])
        .filter((x) => x.duration >= 5)
        .map((x) => `${x.invoker}${x.sourceFunctionName ? ` ${x.sourceFunctionName}` : ""} ${x.sourceURL.split("/").pop() ?? ""} ${x.duration.toFixed(0)} ms`)
        .join("; ");
      into.push({ start: e.startTime, duration: e.duration, blocking: (e as PerformanceEntry & { blockingDuration?: number }).blockingDuration ?? e.duration - 50, scripts });
    }
  };
  const observe = (type: string, into: Entry[]) => {
    if (!PerformanceObserver.supportedEntryTypes.includes(type)) return false;
    const observer = new PerformanceObserver((list) => record(into, list.getEntries()));
    observer.observe({ type, buffered: true });
    observers.push({ observer, into });
    return true;
  };
  observe("longtask", longTasks);
  const loafSupported = observe("long-animation-frame", loafs);

  const q = (id: string) => document.querySelector(`[data-testid="${id}"]`);
  const equity = () => q("metric-equity")?.textContent ?? null;
  const setSlider = (value: number) => {
    const input = q("what-if-spot-BTC") as HTMLInputElement | null;
    if (!input) throw new Error("no BTC spot slider on the page");
    // The native setter, so React's value tracker sees a change and runs onChange (as for a drag).
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input, String(value));
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  /**
   * Resolves when `met()` holds — checked on every DOM change (and text change with `text`), and at
   * once with `now` — with the time it saw it, or at the limit with ok = false.
   */
  const until = (met: () => boolean, timeoutMs: number, opts: { text?: boolean; now?: boolean } = {}) =>
    new Promise<{ at: number; ok: boolean }>((resolve) => {
      let done = false;
      const finish = (ok: boolean) => {
        if (done) return;
        done = true;
        obs.disconnect();
        clearTimeout(timer);
        resolve({ at: performance.now(), ok });
      };
      const check = () => {
        if (met()) finish(true);
      };
      const obs = new MutationObserver(check);
      obs.observe(document.body, { subtree: true, childList: true, characterData: opts.text === true, attributes: true, attributeFilter: ["data-state"] });
      const timer = setTimeout(() => finish(false), timeoutMs);
      if (opts.now) check();
    });
  /** The account panel is ready and Equity no longer reads `before`. */
  const figuresChanged = (before: string | null, timeoutMs: number) =>
    until(
      () => {
        const text = equity();
        return q("account-panel")?.getAttribute("data-state") === "ready" && text !== null && text !== before;
      },
      timeoutMs,
      { text: true },
    );
  /**
   * The liquidation-and-chart marker is "ready" after having left "ready" (the change puts it back
   * to "computing" as it renders: its held figures are for the previous inputs).
   */
  const liquidationChanged = (timeoutMs: number) => {
    let left = false;
    return until(() => {
      if (q("liquidation-and-chart")?.getAttribute("data-state") !== "ready") left = true;
      else if (left) return true;
      return false;
    }, timeoutMs);
  };
  /** The panels that follow the headline figures (every one live at any book size). */
  const PANELS = ["liquidation-and-chart", "offset-savings", "mode-comparison", "venue-comparison"];
  /** Every panel is on the page with data-state="ready". */
  const panelsReady = (timeoutMs: number, readyAt: Record<string, number>) =>
    until(
      () => {
        for (const id of PANELS) if (readyAt[id] === undefined && q(id)?.getAttribute("data-state") === "ready") readyAt[id] = performance.now();
        return PANELS.every((id) => q(id)?.getAttribute("data-state") === "ready");
      },
      timeoutMs,
      { now: true },
    );
  const frame = () => new Promise<number>((r) => requestAnimationFrame(r));

  w.__bench = {
    longTasks,
    loafs,
    loafSupported,
    flush() {
      for (const { observer, into } of observers) record(into, observer.takeRecords());
    },
    async change(value, timeoutMs) {
      const before = equity();
      const changed = figuresChanged(before, timeoutMs);
      const liquidation = liquidationChanged(timeoutMs);
      const t0 = performance.now();
      setSlider(value);
      const [r, l] = await Promise.all([changed, liquidation]);
      return { ms: r.at - t0, ok: r.ok, liqMs: l.at - t0, liqOk: l.ok };
    },
    async drag(values, timeoutMs, fromSettled) {
      // by default from a settled page (every panel showing the last change), as a trader's drag
      if (fromSettled) await panelsReady(timeoutMs, {});
      const before = equity();
      await frame();
      const t0 = performance.now();
      let changed: Promise<{ at: number; ok: boolean }> | null = null;
      for (const [i, v] of values.entries()) {
        if (i > 0) await frame();
        if (i === values.length - 1) changed = figuresChanged(before, timeoutMs);
        setSlider(v);
      }
      const lastStep = performance.now();
      const r = await changed!;
      const readyAt: Record<string, number> = {};
      const p = await panelsReady(timeoutMs, readyAt);
      const each = Object.fromEntries(Object.entries(readyAt).map(([id, at]) => [id, Math.round(at - lastStep)]));
      return { t0, lastStep, settled: r.at, panels: p.at, ok: r.ok, panelsOk: p.ok, each };
    },
  };
}

interface Row {
  mode: string;
  n: number;
  p50: number | null;
  p95: number | null;
  liqP50: number | null;
  liqP95: number | null;
  /** every timed change's figures time, in order */
  samples: number[];
  timeouts: number;
  settleMs: number | null;
  panelsMs: number | null;
  /** per panel: ms from the last step until it showed the last step's result */
  panelEach: string;
  /** the panel times of the BENCH_MORE_DRAGS drags */
  morePanels: number[];
  /** each panel's time in each of those drags (printed with BENCH_SAMPLES=1) */
  moreEach: string[];
  longTasks: number;
  longestTask: number;
  loafs: number | null;
  longestLoafBlocking: number | null;
  longestLoafScripts: string;
  note: string;
}

async function measure(browser: Browser, base: string, mode: (typeof MODES)[number], n: number): Promise<Row> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 1000 } });
  const page: Page = await context.newPage();
  /** workers the page starts after its book is open: a replaced worker (abandoned or silent) starts cold */
  let workersStarted = 0;
  page.on("worker", () => workersStarted++);
  const row: Row = {
    mode,
    n,
    p50: null,
    p95: null,
    liqP50: null,
    liqP95: null,
    samples: [],
    timeouts: 0,
    settleMs: null,
    panelsMs: null,
    panelEach: "",
    morePanels: [],
    moreEach: [],
    longTasks: 0,
    longestTask: 0,
    loafs: null,
    longestLoafBlocking: null,
    longestLoafScripts: "",
    note: "",
  };
  try {
    // tsx (esbuild keepNames) wraps named inner functions in __name(...): give the page a no-op one.
    await page.addInitScript("globalThis.__name = globalThis.__name || ((f) => f);");
    await page.addInitScript(instrument);
    await openBook(page, largeBook(n), LOAD_TIMEOUT_MS);
    workersStarted = 0;
    if (mode === "portfolio") {
      await page.getByTestId("mode-select").selectOption("portfolio"); // the venue profile follows the mode
      await page.getByTestId("portfolio-breakdown").waitFor({ timeout: LOAD_TIMEOUT_MS });
      await waitReady(page, LOAD_TIMEOUT_MS);
    }
    if (await page.getByTestId("engine-error").count()) {
      row.note = `engine error: ${await page.getByTestId("engine-error").first().textContent()}`;
      return row;
    }
    await waitLiquidation(page, LOAD_TIMEOUT_MS); // the first full result (liquidation, chart) before any timing
    // and every panel's first result: the page has loaded (the analyses' first runs, cold, are not timed)
    for (const id of ["offset-savings", "mode-comparison", "venue-comparison"]) await page.getByTestId(id).and(page.locator('[data-state="ready"]')).waitFor({ timeout: LOAD_TIMEOUT_MS });
    // Every slider value is new on this page, so no result comes from the query cache.
    let value = -30;
    const next = () => (value += 0.5);
    /** One slider change to the next new value, timed inside the page. */
    const changeOnce = () =>
      page.evaluate(([v, t]) => (window as unknown as { __bench: { change(v: number, t: number): Promise<{ ms: number; ok: boolean; liqMs: number; liqOk: boolean }> } }).__bench.change(v, t), [
        next(),
        CHANGE_TIMEOUT_MS,
      ] as const);
    const times: number[] = [];
    const liqTimes: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const r = await changeOnce();
      if (!r.ok || !r.liqOk) row.timeouts++;
      if (i < WARMUP) continue;
      if (r.ok) times.push(r.ms);
      if (r.liqOk) liqTimes.push(r.liqMs);
    }
    row.samples = [...times];
    times.sort((a, b) => a - b);
    liqTimes.sort((a, b) => a - b);
    if (times.length > 0) [row.p50, row.p95] = [quantile(times, 0.5), quantile(times, 0.95)];
    if (liqTimes.length > 0) [row.liqP50, row.liqP95] = [quantile(liqTimes, 0.5), quantile(liqTimes, 0.95)];

    const dragOnce = () =>
      page.evaluate(
        ([vs, t, settled]) =>
          (
            window as unknown as {
              __bench: { drag(v: number[], t: number, settled: boolean): Promise<{ t0: number; lastStep: number; settled: number; panels: number; ok: boolean; panelsOk: boolean; each: Record<string, number> }> };
            }
          ).__bench.drag(vs, t, settled),
        [Array.from({ length: DRAG_STEPS }, next), CHANGE_TIMEOUT_MS, DRAG_FROM_SETTLED] as const,
      );
    const drag = await dragOnce();
    if (!drag.ok) row.note = "drag: the figures did not settle within the limit";
    if (!drag.panelsOk) row.note += " drag: the panels did not settle within the limit";
    row.settleMs = drag.settled - drag.lastStep;
    row.panelsMs = drag.panels - drag.lastStep;
    row.panelEach = eachPanel(drag.each);
    await page.waitForTimeout(SETTLE_MS); // trailing renders after the figures (charts, tables) still count
    const end = Math.max(drag.settled, drag.panels) + SETTLE_MS;
    const seen = await page.evaluate(() => {
      const b = (
        window as unknown as {
          __bench: { flush(): void; longTasks: { start: number; duration: number; blocking: number }[]; loafs: { start: number; duration: number; blocking: number; scripts: string }[]; loafSupported: boolean };
        }
      ).__bench;
      b.flush();
      return { longTasks: b.longTasks, loafs: b.loafs, loafSupported: b.loafSupported };
    });
    const inWindow = <T extends { start: number }>(xs: T[]) => xs.filter((e) => e.start >= drag.t0 && e.start <= end);
    const tasks = inWindow(seen.longTasks);
    row.longTasks = tasks.length;
    row.longestTask = Math.max(0, ...tasks.map((e) => e.duration));
    if (seen.loafSupported) {
      const frames = inWindow(seen.loafs);
      row.loafs = frames.length;
      row.longestLoafBlocking = Math.max(0, ...frames.map((e) => e.blocking));
      const worst = frames.reduce<(typeof frames)[number] | null>((w, e) => (w === null || e.duration > w.duration ? e : w), null);
      row.longestLoafScripts = worst ? `${worst.duration.toFixed(0)} ms frame: ${worst.scripts || "no script attribution (rendering, style, layout)"}` : "";
    }
    for (let k = 0; k < MORE_DRAGS; k++) {
      for (let i = 0; i < 2; i++) await changeOnce();
      const d = await dragOnce();
      row.morePanels.push(d.panelsOk ? d.panels - d.lastStep : Number.NaN);
      row.moreEach.push(eachPanel(d.each));
    }
    if (workersStarted > 0) row.note = [row.note, `${workersStarted} worker(s) started after the book opened (a replaced worker starts cold)`].filter(Boolean).join("; ");
    return row;
  } catch (e) {
    row.note = `failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    return row;
  } finally {
    await context.close();
  }
}

/** Each panel's time after a drag's last step, slowest last: "offset-savings 160, …". */
function eachPanel(each: Record<string, number>): string {
  return Object.entries(each)
    .sort((a, b) => a[1] - b[1])
    .map(([id, ms]) => `${id} ${ms}`)
    .join(", ");
}

const fmt = (x: number | null, w: number) => (x === null ? "—" : x.toFixed(0)).padStart(w);

async function main() {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    console.error("No production build in .next: run `./node_modules/.bin/next build` first (this bench builds nothing).");
    process.exit(2);
  }
  const buildId = readFileSync(path.join(ROOT, ".next", "BUILD_ID"), "utf8").trim();
  const [port, closedPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  const stop = () => stopServer(server);
  process.once("SIGINT", () => {
    stop();
    process.exit(130);
  });
  try {
    server = await startServer(port, closedPort);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        ...(JSON.parse(process.env.BENCH_CHROMIUM_ARGS ?? "[]") as string[]),
      ],
    });
    const load = () =>
      os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(", ");
    console.log(`browser bench: production build ${buildId} on ${base}, Chromium ${browser.version()} headless; sample market data; ${os.cpus().length} cores, load average ${load()}`);
    console.log(await marketFallback(base));
    console.log(
      `\nchange → figures: one BTC spot what-if change (input event) until the headline figures show the new result; ${SAMPLES} changes after ${WARMUP} warm-up, one at a time.` +
        `\nchange → liq & chart: the same change until the liquidation distances and the equity chart show it (full job, headline worker, after the inputs settle); each change waits for both before the next.` +
        `\ndrag: ${DRAG_STEPS} slider steps, one per animation frame, ${DRAG_FROM_SETTLED ? "started once every panel showed the last change" : "started at once after the timed changes (BENCH_DRAG_FROM=busy)"}; "settle" = last step → figures; long tasks (> 50 ms) and long animation frames from the first step until ${SETTLE_MS} ms after the figures settled.` +
        `\npanels: last step → liquidation and chart, offsets and attribution, mode comparison and venue table all show the last step's result.` +
        `\nBooks: e2e/helpers.ts largeBook(n); every panel is live at every size (the comparisons recompute on each change, on the analysis worker pool).\n`,
    );
    console.log("mode       positions   p50 ms   p95 ms   liq p50 ms   liq p95 ms   drag settle ms   panels ms   long tasks   longest ms   LoAF   longest blocking ms   note");
    for (const mode of MODES) {
      for (const n of SIZES) {
        const r = await measure(browser, base, mode, n);
        const note = [r.timeouts ? `${r.timeouts} change(s) hit the ${CHANGE_TIMEOUT_MS / 1000} s limit` : "", r.note].filter(Boolean).join("; ");
        console.log(
          `${r.mode.padEnd(10)} ${String(r.n).padStart(9)} ${fmt(r.p50, 8)} ${fmt(r.p95, 8)} ${fmt(r.liqP50, 12)} ${fmt(r.liqP95, 12)} ${fmt(r.settleMs, 16)} ${fmt(r.panelsMs, 11)} ${String(r.longTasks).padStart(12)} ${fmt(r.longestTask, 12)} ${fmt(r.loafs, 6)} ${fmt(r.longestLoafBlocking, 21)}   ${note}`,
        );
        if (PRINT_SAMPLES && r.samples.length > 0) console.log(`           each change → figures (ms, in order): ${r.samples.map((x) => x.toFixed(0)).join(" ")}`);
        if (r.panelEach) console.log(`           each panel ready after the last step (ms): ${r.panelEach}`);
        if (r.morePanels.length > 0) console.log(`           panels of ${r.morePanels.length} more drags (ms): ${r.morePanels.map((x) => x.toFixed(0)).join(" ")}`);
        if (PRINT_SAMPLES) for (const each of r.moreEach) console.log(`             ${each}`);
        if (r.longestLoafScripts) console.log(`           longest frame: ${r.longestLoafScripts}`);
      }
    }
    console.log(
      `load average at the end: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(", ")}`,
    );
  } finally {
    await browser?.close();
    stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
