import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The production server for the page and server probes: `next start` of this checkout's build on
 * 127.0.0.1, in a process group of its own (stopped by its id), market data pointed at `upstream`
 * (the mock venue, or a host that does not resolve), as playwright.config.ts starts it for e2e.
 */

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface AppServer {
  url: string;
  /** what the server wrote to stdout and stderr (its logs keep upstream hosts; responses must not) */
  log(): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startApp(port: number, upstream: string): Promise<AppServer> {
  const child: ChildProcess = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      MARGINLAB_MARKET_UPSTREAM: upstream,
      MARGINLAB_MARKET_CACHE_TTL_MS: "1000",
      MARGINLAB_MARKET_ERROR_TTL_MS: "500",
      MARGINLAB_MARKET_TIMEOUT_MS: "3000",
    },
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}): ${out.slice(-2000)}`);
    try {
      const res = await fetch(`${url}/favicon.ico`);
      if (res.status > 0) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 120_000) throw new Error(`next start did not answer within 120 s: ${out.slice(-2000)}`);
    await sleep(250);
  }
  return {
    url,
    log: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    },
  };
}
