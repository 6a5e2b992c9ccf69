import "server-only";
import { z } from "zod";
import type { VenueId } from "@/lib/market/feed/venues";

/** Server-side settings of the live market data service (never taken from a client). */
export interface MarketServiceConfig {
  /** base URL replacing every venue's API host (the mock venue), or null for the real venues */
  upstream: string | null;
  /** timeout of each upstream HTTP call (ms) */
  timeoutMs: number;
  /**
   * per-venue override of `timeoutMs` (ms); not read from the environment. Tests use it to give up
   * quickly on one venue that never answers while every other venue keeps the full timeout.
   */
  venueTimeoutMs?: Partial<Record<VenueId, number>>;
  /** how long a built snapshot / quotes answer is served from memory (ms) */
  cacheTtlMs: number;
  /** how long a failure is remembered before the venues are asked again (ms) */
  errorTtlMs: number;
  /** longest a whole snapshot request may take, fallbacks included (ms) */
  deadlineMs: number;
  /** how long a venue's market list is reused before it is reloaded (ms) */
  marketsTtlMs: number;
}

export const DEFAULT_TIMEOUT_MS = 8_000;
export const DEFAULT_CACHE_TTL_MS = 10_000;
export const DEFAULT_ERROR_TTL_MS = 3_000;
export const DEFAULT_DEADLINE_MS = 25_000;
/** Expiries roll daily; an hour-old market list is still right for all but the last hour of one. */
export const DEFAULT_MARKETS_TTL_MS = 3_600_000;

const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const upstreamSchema = z.url({ protocol: /^https?$/ }).refine((u) => {
  try {
    const url = new URL(u);
    return url.username === "" && url.password === "" && url.search === "" && url.hash === "";
  } catch {
    return false;
  }
}, "must be a plain http(s) base URL without credentials, query or fragment");

const envSchema = z.object({
  MARGINLAB_MARKET_UPSTREAM: upstreamSchema.optional(),
  MARGINLAB_MARKET_TIMEOUT_MS: ms(50, 60_000).optional(),
  MARGINLAB_MARKET_CACHE_TTL_MS: ms(0, 600_000).optional(),
  MARGINLAB_MARKET_ERROR_TTL_MS: ms(0, 600_000).optional(),
  MARGINLAB_MARKET_DEADLINE_MS: ms(100, 120_000).optional(),
});

/**
 * Reads the service settings from environment variables (empty values count as unset).
 *
 * - `MARGINLAB_MARKET_UPSTREAM`: e.g. `http://127.0.0.1:3197` — the mock venue (tests, offline demos)
 * - `MARGINLAB_MARKET_TIMEOUT_MS`, `MARGINLAB_MARKET_CACHE_TTL_MS`, `MARGINLAB_MARKET_ERROR_TTL_MS`,
 *   `MARGINLAB_MARKET_DEADLINE_MS`: bounded integers in ms
 *
 * @param env - the environment (process.env on the server)
 * @returns the settings, or the reason they are invalid
 *
 * @example
 * ```ts
 * readMarketConfig({ MARGINLAB_MARKET_UPSTREAM: "http://127.0.0.1:3197" });
 * // { ok: true, config: { upstream: "http://127.0.0.1:3197", timeoutMs: 8000, … } }
 * ```
 */
export function readMarketConfig(env: Record<string, string | undefined>): { ok: true; config: MarketServiceConfig } | { ok: false; reason: string } {
  const picked = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k] === "" ? undefined : env[k]]));
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `invalid market data configuration: ${issue ? `${issue.path.join(".")} ${issue.message}` : "unknown"}` };
  }
  const e = parsed.data;
  const cacheTtlMs = e.MARGINLAB_MARKET_CACHE_TTL_MS ?? DEFAULT_CACHE_TTL_MS;
  return {
    ok: true,
    config: {
      upstream: e.MARGINLAB_MARKET_UPSTREAM ? e.MARGINLAB_MARKET_UPSTREAM.replace(/\/+$/, "") : null,
      timeoutMs: e.MARGINLAB_MARKET_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS,
      cacheTtlMs,
      errorTtlMs: e.MARGINLAB_MARKET_ERROR_TTL_MS ?? Math.min(DEFAULT_ERROR_TTL_MS, cacheTtlMs),
      deadlineMs: e.MARGINLAB_MARKET_DEADLINE_MS ?? DEFAULT_DEADLINE_MS,
      marketsTtlMs: DEFAULT_MARKETS_TTL_MS,
    },
  };
}
