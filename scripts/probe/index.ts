/**
 * Reliability probe of issue 9 (prints counts and failures; no assertions, never part of
 * `npm test`): `npm run probe` [-- --no-build] [-- --only=links,imports,faults,memory,page,storage,server].
 *
 * In Node: share links (generated round trips, one-character changes of real links), import files,
 * worker faults, and a 2,000-position memory run. Then, holding /tmp/e2e.lock (shared with the e2e
 * suite and the browser benches): `next build` (unless --no-build), the production server on
 * 127.0.0.1:3320 with the mock venue on 3321 (and a second server on 3322 whose upstream does not
 * resolve), headless Chromium (/usr/bin/chromium or CHROMIUM_PATH): links opened in the page,
 * storage corruptions, server requests. Prints one table, then each probe's first failures.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { chromium } from "@playwright/test";
import { startMockVenue } from "../../e2e/mock-venue/server";
import { ROOT, startApp } from "./app-server";
import { probeFaults } from "./faults";
import { probeImports } from "./imports";
import { probeOneCharacterChanges, probeRoundTrips } from "./links";
import { holdLock } from "./lock";
import { probeMemory } from "./memory";
import { probePageLinks } from "./page-links";
import { n, type ProbeResult } from "./result";
import { mockPhases, probeServer } from "./server";
import { probeStorage } from "./storage";

const APP_PORT = 3320;
const MOCK_PORT = 3321;
const UNRESOLVABLE_PORT = 3322;
/** An upstream host that never resolves (RFC 6761 .invalid): its name must never reach a client. */
const UNRESOLVABLE_UPSTREAM = "http://marginlab-upstream-secret.invalid:9";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const wants = (name: string) => !only || only.includes(name);

const results: ProbeResult[] = [];
const time = async (name: string, run: () => ProbeResult | Promise<ProbeResult>) => {
  const t0 = performance.now();
  process.stderr.write(`probe: ${name}…\n`);
  const r = await run();
  process.stderr.write(`probe: ${name}: ${n(r.passed)}/${n(r.runs)} in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  results.push(r);
};

async function main(): Promise<void> {
  if (wants("links")) {
    await time("links (round trips)", () => probeRoundTrips());
    await time("links (one-character changes)", () => probeOneCharacterChanges());
  }
  if (wants("imports")) await time("imports", () => probeImports());
  if (wants("faults")) await time("faults", () => probeFaults());
  if (wants("memory")) await time("memory", () => probeMemory());

  if (wants("page") || wants("storage") || wants("server")) {
    process.stderr.write("probe: waiting for /tmp/e2e.lock…\n");
    const release = await holdLock("/tmp/e2e.lock");
    try {
      if (!args.includes("--no-build")) {
        process.stderr.write("probe: next build…\n");
        const build = spawnSync(path.join(ROOT, "node_modules/.bin/next"), ["build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
        if (build.status !== 0) throw new Error(`next build failed (${build.status})`);
      }
      const mock = await startMockVenue({ port: MOCK_PORT });
      const app = await startApp(APP_PORT, mock.url);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
      try {
        if (wants("page")) await time("links opened in the page", () => probePageLinks(browser, app.url));
        if (wants("storage")) await time("storage corruptions", () => probeStorage(browser, app.url));
        if (wants("server")) {
          const unresolvable = await startApp(UNRESOLVABLE_PORT, UNRESOLVABLE_UPSTREAM);
          try {
            await time("server requests", () =>
              probeServer([
                ...mockPhases(app.url, mock, [`127.0.0.1:${MOCK_PORT}`, `:${MOCK_PORT}`], 400),
                { name: "upstream does not resolve", baseUrl: unresolvable.url, secrets: ["marginlab-upstream-secret", ".invalid"], requests: 300 },
              ]),
            );
            const logged = unresolvable.log().includes("marginlab-upstream-secret") ? "kept" : "not found";
            process.stderr.write(`probe: the unresolvable upstream's host in the server log: ${logged}\n`);
          } finally {
            await unresolvable.stop();
          }
        }
      } finally {
        await browser.close();
        await app.stop();
        await mock.close().catch(() => {});
      }
    } finally {
      release();
    }
  }

  // ---- report ---------------------------------------------------------------------------------
  const cols = ["probe", "runs", "issue", "passed", "failed", "detail"];
  const rows = results.map((r) => [r.probe, n(r.runs), n(r.minimum), n(r.passed), n(r.runs - r.passed), r.detail]);
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((row) => (i === 5 ? 0 : row[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 5 ? c : i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(`MarginLab reliability probe (issue 9) — ${new Date().toISOString()}`);
  console.log(line(cols));
  for (const row of rows) console.log(line(row));
  for (const r of results) {
    if (r.failures.length === 0) continue;
    console.log(`\n${r.probe}: ${n(r.runs - r.passed)} failing; first ${r.failures.length}:`);
    for (const f of r.failures) console.log(`  - ${f}`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
