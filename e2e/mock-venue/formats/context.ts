import type { Underlying } from "../../../lib/market/types";
import { mockUnderlying, type MockUnderlying } from "../market-model";

/** Faults that change a response's content (transport faults are the server's business). */
export type DataFault = "missing-fields" | "no-iv" | null;

/** What a venue format needs to answer one request. */
export interface FormatContext {
  nowMs: number;
  fault: DataFault;
  market(u: Underlying): MockUnderlying;
}

/**
 * A context whose markets are built once per request.
 *
 * @example
 * ```ts
 * formatContext(Date.now(), null).market("ETH").spot; // 3012.25
 * ```
 */
export function formatContext(nowMs: number, fault: DataFault): FormatContext {
  const cache = new Map<Underlying, MockUnderlying>();
  return {
    nowMs,
    fault,
    market(u) {
      let m = cache.get(u);
      if (!m) {
        m = mockUnderlying(u, nowMs);
        cache.set(u, m);
      }
      return m;
    },
  };
}

/** A venue's answer: a JSON body (status 200 unless given), or undefined for "no such endpoint". */
export type VenueAnswer = { status?: number; body: unknown } | undefined;
