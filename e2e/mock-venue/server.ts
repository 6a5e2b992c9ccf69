/**
 * A local mock of the four venues' public REST APIs on 127.0.0.1, each under its own prefix
 * (/deribit, /okx, /bybit, /derive) and in that venue's own wire format, so ccxt can be pointed
 * at it (MARGINLAB_MARKET_UPSTREAM=http://127.0.0.1:<port>) and nothing reaches the internet.
 *
 * Faults can be switched on per venue (or for all) to test the failure paths: a request that
 * never answers, HTTP 500, malformed JSON, missing fields, an option chain without usable IVs,
 * or a connection closed without an answer.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { bybitAnswer } from "./formats/bybit";
import { formatContext, type DataFault, type VenueAnswer } from "./formats/context";
import { deribitAnswer } from "./formats/deribit";
import { deriveAnswer } from "./formats/derive";
import { okxAnswer } from "./formats/okx";

export const MOCK_VENUES = ["deribit", "okx", "bybit", "derive"] as const;
export type MockVenueId = (typeof MOCK_VENUES)[number];

export type MockFault = "timeout" | "http500" | "malformed-json" | "missing-fields" | "no-iv" | "hang-up";

export interface MockVenueOptions {
  /** 0 (default) = an ephemeral port */
  port?: number;
  host?: string;
  /** freeze the mock clock at this instant (ms); default: the real clock */
  nowMs?: number;
}

export interface MockVenue {
  /** base URL to hand to MARGINLAB_MARKET_UPSTREAM */
  url: string;
  port: number;
  /** every request received: "venue METHOD /path?query" */
  requests: string[];
  /** switches a fault on for one venue or all ("*"); null switches it off */
  setFault(target: MockVenueId | "*", fault: MockFault | null): void;
  /** freezes the clock at `ms` (null = real clock) */
  setNow(ms: number | null): void;
  /** the mock clock's current time */
  now(): number;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string, type = "application/json") {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Starts the mock venue server.
 *
 * @example
 * ```ts
 * const mock = await startMockVenue({ nowMs: Date.parse("2026-11-24T08:00:00Z") });
 * process.env.MARGINLAB_MARKET_UPSTREAM = mock.url;
 * mock.setFault("deribit", "http500");
 * await mock.close();
 * ```
 */
export async function startMockVenue(options: MockVenueOptions = {}): Promise<MockVenue> {
  const faults = new Map<MockVenueId | "*", MockFault>();
  let frozen: number | null = options.nowMs ?? null;
  const now = () => frozen ?? Date.now();
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://mock");
    const [, venueSeg, ...rest] = url.pathname.split("/");
    const venue = MOCK_VENUES.find((v) => v === venueSeg);
    const path = `/${rest.join("/")}`;
    requests.push(`${venue ?? venueSeg} ${req.method} ${path}${url.search}`);
    if (!venue) return send(res, 404, JSON.stringify({ error: "unknown venue" }));
    const fault = faults.get(venue) ?? faults.get("*") ?? null;
    if (fault === "timeout") return; // never answers; the socket is destroyed on close()
    if (fault === "hang-up") {
      req.socket.destroy();
      return;
    }
    if (fault === "http500") return send(res, 500, "Internal Server Error", "text/plain");
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      const dataFault: DataFault = fault === "missing-fields" || fault === "no-iv" ? fault : null;
      const ctx = formatContext(now(), dataFault);
      let answer: VenueAnswer;
      try {
        if (venue === "deribit") answer = deribitAnswer(path, url.searchParams, ctx);
        else if (venue === "okx") answer = okxAnswer(path, url.searchParams, ctx);
        else if (venue === "bybit") answer = bybitAnswer(path, url.searchParams, ctx);
        else {
          let body: Record<string, unknown> = {};
          try {
            body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
          } catch {
            body = {};
          }
          answer = deriveAnswer(path, body, ctx);
        }
      } catch (e) {
        return send(res, 500, JSON.stringify({ error: String(e) }));
      }
      if (!answer) return send(res, 404, JSON.stringify({ error: `the mock ${venue} does not serve ${path}` }));
      const text = JSON.stringify(answer.body);
      // Malformed JSON: the body is cut in the middle, as a dropped connection would leave it.
      if (fault === "malformed-json") return send(res, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      send(res, answer.status ?? 200, text);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    requests,
    setFault(target, fault) {
      if (fault === null) faults.delete(target);
      else faults.set(target, fault);
    },
    setNow(ms) {
      frozen = ms;
    },
    now,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
