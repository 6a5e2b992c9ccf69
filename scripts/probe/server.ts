import http from "node:http";
import type { MockVenue } from "../../e2e/mock-venue/server";
import { Failures, n, type ProbeResult } from "./result";

/**
 * Requests against the production server (`next start`): pages, the market API with good and bad
 * parameters (`__proto__`, `constructor`, unknown and repeated keys, 10,000-character keys and
 * values, NULs, unicode), prefetch and RSC headers, a forged x-middleware-subrequest header, 404s
 * under /api and elsewhere, and methods other than GET — while the mock venue is up, failing
 * (HTTP 500, malformed JSON, hang-ups) and down, and on a server whose upstream does not resolve.
 * Required of every response: no 500 (and no 5xx outside /api/market, whose 502/503/504 mean the
 * venues failed); every HTML response carries the nonce CSP; no response names the upstream
 * (its host, port, or the resolver's and socket's error text).
 */

export const SERVER_REQUESTS = 1_400;

const PATHS = [
  "/",
  "/api",
  "/api/",
  "/api/market",
  "/api/market/",
  "/api/market/snapshot",
  "/api/market/quotes",
  "/api/market/history",
  "/api/nope",
  "/api/market/nope",
  "/api/market/snapshot/extra",
  "/favicon.ico",
  "/robots.txt",
  "/no-such-page",
  "/api-docs",
  "/_next/nope",
  "/_next/static/nope.js",
  "/index.html",
  "/.env",
  "/%2e%2e/%2e%2e/etc/passwd",
  "/api/%2e%2e/",
  "/api/market/snapshot%00",
  "/page?x=<script>",
];
const SNAPSHOT_QUERIES = [
  "",
  "venue=auto",
  "venue=deribit",
  "venue=okx",
  "venue=bybit",
  "venue=derive",
  "venue=x",
  "venue=",
  "__proto__=x",
  "constructor=x",
  "toString=x",
  "hasOwnProperty=x",
  "__proto__[venue]=okx",
  "venue=auto&venue=okx",
  "venue[]=okx",
  `venue=${"a".repeat(10_000)}`,
  `${"k".repeat(10_000)}=1`,
  "venue=%00",
  "venue=%F0%9F%98%80",
  "url=http://evil.example",
  "upstream=http://evil.example",
];
const QUOTES_QUERIES = [
  "venue=deribit&underlying=BTC",
  "venue=okx&underlying=ETH",
  "venue=bybit&underlying=SOL",
  "venue=derive&underlying=ETH",
  "venue=deribit&underlying=XRP",
  "venue=evil&underlying=BTC",
  "underlying=BTC",
  "venue=deribit",
  "venue=deribit&underlying=BTC&__proto__=x",
  "venue=deribit&underlying=BTC&extra=1",
  `venue=deribit&underlying=${"B".repeat(10_000)}`,
];
const HEADERS: Record<string, string>[] = [
  {},
  { "next-router-prefetch": "1" },
  { purpose: "prefetch" },
  { "sec-purpose": "prefetch" },
  { rsc: "1" },
  { rsc: "1", "next-router-state-tree": "%5B%22garbage" },
  { accept: "text/html" },
  { accept: "application/json" },
  { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
  { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
  { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
];
const METHODS = ["GET", "GET", "GET", "HEAD", "POST", "OPTIONS", "DELETE"];

export interface ServerPhase {
  name: string;
  baseUrl: string;
  /** strings no response may contain (the configured upstream) */
  secrets: string[];
  requests: number;
  /** before the phase (mock faults on or off) */
  before?: () => Promise<void> | void;
}

/** Words of a network error that would leak how the server reaches its upstream. */
const LEAK_WORDS = ["ENOTFOUND", "getaddrinfo", "ECONNREFUSED", "ECONNRESET", "EAI_AGAIN", "socket hang up"];

function requestList(count: number, seed: number): { path: string; method: string; headers: Record<string, string> }[] {
  const out: { path: string; method: string; headers: Record<string, string> }[] = [];
  let s = seed >>> 0;
  const next = (k: number) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s % k;
  };
  for (let i = 0; i < count; i++) {
    const base = PATHS[next(PATHS.length)]!;
    const queries = base === "/api/market/quotes" ? QUOTES_QUERIES : SNAPSHOT_QUERIES;
    const q = next(3) === 0 ? "" : queries[next(queries.length)]!;
    out.push({ path: q ? `${base}${base.includes("?") ? "&" : "?"}${q}` : base, method: METHODS[next(METHODS.length)]!, headers: HEADERS[next(HEADERS.length)]! });
  }
  return out;
}

/** One request by node:http with a 64 KB header limit (fetch stops at 16 KB: a redirect that echoes a 10,000-character query exceeds it). */
function requestWithLargeHeaders(url: string, method: string, headers: Record<string, string>): Promise<{ status: number; headers: [string, string][]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, maxHeaderSize: 65_536 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: Object.entries(res.headers).map(([k, v]) => [k, String(v)]), body }));
    });
    req.on("error", reject);
    req.setTimeout(60_000, () => req.destroy(new Error("timeout")));
    req.end();
  });
}

/** Why Next answered 500 by itself: a forged RSC request whose router-state header it cannot parse. */
const FORGED_ROUTER_STATE = "next-router-state-tree";

async function runPhase(phase: ServerPhase, failures: Failures, tally: Map<number, number>, forged: { count: number }): Promise<number> {
  await phase.before?.();
  let passed = 0;
  for (const r of requestList(phase.requests, phase.name.length * 7919 + phase.requests)) {
    const label = `[${phase.name}] ${r.method} ${r.path.slice(0, 80)} ${JSON.stringify(r.headers).slice(0, 80)}`;
    let res: { status: number; headers: [string, string][]; body: string };
    try {
      res = await requestWithLargeHeaders(`${phase.baseUrl}${r.path}`, r.method, r.headers);
    } catch (e) {
      failures.add(`${label}: no answer (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    const body = res.body;
    const header = (name: string) => res.headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
    tally.set(res.status, (tally.get(res.status) ?? 0) + 1);
    if (res.status === 500 && FORGED_ROUTER_STATE in r.headers) forged.count++;
    const problems: string[] = [];
    const isMarket = r.path.startsWith("/api/market/");
    if (res.status === 500 || (res.status > 500 && !isMarket)) problems.push(`status ${res.status}`);
    const type = header("content-type") ?? "";
    if (type.includes("text/html")) {
      const csp = header("content-security-policy") ?? "";
      if (!/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/.test(csp)) problems.push(`HTML without the nonce CSP (${csp.slice(0, 60) || "none"})`);
    }
    const headerText = res.headers.map(([k, v]) => `${k}: ${v}`).join("\n");
    for (const word of [...phase.secrets, ...LEAK_WORDS])
      if (body.includes(word) || headerText.includes(word)) problems.push(`leaks "${word}": ${body.slice(Math.max(0, body.indexOf(word) - 60), body.indexOf(word) + 60)}`);
    if (problems.length) failures.add(`${label} → ${res.status}: ${problems.join("; ")}`);
    else passed++;
  }
  return passed;
}

/** Runs the phases in order (each may switch the mock's faults first). */
export async function probeServer(phases: ServerPhase[]): Promise<ProbeResult> {
  const failures = new Failures();
  const tally = new Map<number, number>();
  const forged = { count: 0 };
  let passed = 0;
  let runs = 0;
  for (const phase of phases) {
    passed += await runPhase(phase, failures, tally, forged);
    runs += phase.requests;
  }
  const statuses = [...tally]
    .sort(([a], [b]) => a - b)
    .map(([s, c]) => `${s}×${n(c)}`)
    .join(" ");
  return {
    probe: "server requests",
    runs,
    minimum: SERVER_REQUESTS,
    passed,
    detail: `${phases.map((p) => `${p.name} ${n(p.requests)}`).join(", ")}; statuses ${statuses}; of the 500s, ${n(forged.count)} carry a forged ${FORGED_ROUTER_STATE} header (Next: "router state header … could not be parsed", text/plain)`,
    failures: failures.examples,
  };
}

/** The mock venue's phases: up, failing three ways, then down. */
export function mockPhases(baseUrl: string, mock: MockVenue, secrets: string[], per: number): ServerPhase[] {
  return [
    { name: "mock up", baseUrl, secrets, requests: per, before: () => mock.setFault("*", null) },
    { name: "mock HTTP 500", baseUrl, secrets, requests: Math.round(per / 3), before: () => mock.setFault("*", "http500") },
    { name: "mock malformed JSON", baseUrl, secrets, requests: Math.round(per / 3), before: () => mock.setFault("*", "malformed-json") },
    { name: "mock hangs up", baseUrl, secrets, requests: Math.round(per / 3), before: () => mock.setFault("*", "hang-up") },
    { name: "mock down", baseUrl, secrets, requests: per, before: () => mock.close() },
  ];
}
