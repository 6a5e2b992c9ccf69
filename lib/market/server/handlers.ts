import "server-only";
import { z } from "zod";
import { underlyingSchema } from "@/lib/market/types";
import type { ErrorResponse } from "@/lib/market/feed/api-schema";
import { readMarketConfig } from "./config";
import { MarketError, redactHosts, toMarketError } from "@/lib/market/feed/errors";
import { createMarketService, type MarketService } from "./service";
import { venuePreferenceSchema, venueSchema } from "@/lib/market/feed/venues";

/**
 * Request handling of /api/market/* (the route files only forward to these). Query parameters
 * are whitelisted: unknown parameters and unknown values are a 400, so a client can never name
 * an upstream URL or an arbitrary symbol.
 */

const snapshotQuerySchema = z.strictObject({ venue: venuePreferenceSchema.default("auto") });
const quotesQuerySchema = z.strictObject({ venue: venueSchema, underlying: underlyingSchema });

const NO_STORE = { "Cache-Control": "no-store" };

/** A JSON response; errors carry `{ error: { status, code, message, details } }`. */
function json(body: unknown, status: number, extra: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...extra } });
}

/**
 * The error body and status for anything thrown while serving a market request.
 *
 * @example
 * ```ts
 * errorResponse(new MarketError("upstream-timeout", "deribit BTC: no answer")).status; // 504
 * ```
 */
export function errorResponse(e: unknown): Response {
  const err = e instanceof MarketError ? e : toMarketError(e, "market data");
  // The server log keeps what happened, hosts included; the client gets the same text without them.
  if (err.code !== "bad-request") console.error(`[market] ${err.status} ${err.code}: ${err.message}${err.internal.length > 0 ? ` | upstream: ${err.internal.join(" | ")}` : ""}`);
  const body: ErrorResponse = { error: { status: err.status, code: err.code, message: redactHosts(err.message), details: err.details.map(redactHosts) } };
  return json(body, err.status);
}

function parseQuery<T>(url: string, schema: z.ZodObject & z.ZodType<T>): T {
  // Every key not on the whitelist is unknown — `__proto__` and `constructor` included — and a
  // key given twice is ambiguous: both are refused before anything is parsed.
  const allowed = new Set(Object.keys(schema.shape));
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of new URL(url).searchParams) {
    if (!Object.prototype.hasOwnProperty.call(schema.shape, key) || !allowed.has(key)) throw new MarketError("bad-request", `bad request (unknown parameter "${key.slice(0, 40)}")`);
    if (key in params) throw new MarketError("bad-request", `bad request (parameter "${key}" given more than once)`);
    params[key] = value;
  }
  const parsed = schema.safeParse({ ...params });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what = issue ? `${issue.path.join(".") || "query"}: ${issue.message}` : "invalid query";
    throw new MarketError("bad-request", `bad request (${what})`);
  }
  return parsed.data;
}

type DefaultService = { service: MarketService } | { error: string };
// One service per server process (not per request), kept on globalThis so that every route
// bundle (and a dev-mode reload) shares one cache, one set of market lists, one coalescing map.
const GLOBAL_KEY = Symbol.for("marginlab.market-service");
const holder = globalThis as unknown as Record<symbol, DefaultService | undefined>;

/**
 * The process-wide service, configured from the server's environment on first use.
 *
 * @example
 * ```ts
 * const { body } = await getDefaultMarketService().snapshot("auto");
 * ```
 */
export function getDefaultMarketService(): MarketService {
  let current = holder[GLOBAL_KEY];
  if (!current) {
    const cfg = readMarketConfig(process.env);
    current = cfg.ok ? { service: createMarketService(cfg.config) } : { error: cfg.reason };
    holder[GLOBAL_KEY] = current;
  }
  if ("error" in current) throw new MarketError("internal", current.error);
  return current.service;
}

/**
 * GET /api/market/snapshot?venue=auto|deribit|okx|bybit → the live MarketSnapshot and its
 * provenance, or a JSON error.
 *
 * @example
 * ```ts
 * const res = await handleSnapshotRequest(new Request("http://x/api/market/snapshot"), service);
 * (await res.json()).snapshot.source; // "live"
 * ```
 */
export async function handleSnapshotRequest(request: Request, service?: MarketService): Promise<Response> {
  try {
    const { venue } = parseQuery(request.url, snapshotQuerySchema);
    const served = await (service ?? getDefaultMarketService()).snapshot(venue);
    return json(served.body, 200, { "X-MarginLab-Cache": served.cacheHit ? "hit" : "miss", Age: String(Math.floor(served.ageMs / 1000)) });
  } catch (e) {
    return errorResponse(e);
  }
}

/**
 * GET /api/market/quotes?venue=deribit&underlying=BTC → one venue's normalised index, perp,
 * funding, futures marks and option chain with the SVI fit of each expiry, or a JSON error.
 *
 * @example
 * ```ts
 * const res = await handleQuotesRequest(new Request("http://x/api/market/quotes?venue=derive&underlying=ETH"), service);
 * (await res.json()).quotes.options; // null (no unified option chain for Derive in ccxt)
 * ```
 */
export async function handleQuotesRequest(request: Request, service?: MarketService): Promise<Response> {
  try {
    const { venue, underlying } = parseQuery(request.url, quotesQuerySchema);
    const served = await (service ?? getDefaultMarketService()).quotes(venue, underlying);
    return json(served.body, 200, { "X-MarginLab-Cache": served.cacheHit ? "hit" : "miss", Age: String(Math.floor(served.ageMs / 1000)) });
  } catch (e) {
    return errorResponse(e);
  }
}
