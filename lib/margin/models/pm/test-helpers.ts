/**
 * Small builders for the PM engine's tests (not used by the engine).
 *
 * @packageDocumentation
 */

import { deriveSviVol } from "./derive-svi";
import type { PmBook, PmExpiry, PmOption, PmPortfolio } from "./types";

/** A book with no positions. */
export function emptyBook(underlying: string, spot: number): PmBook {
  return { underlying, spot, spotConfidence: 1, perp: null, expiries: [], collaterals: [] };
}

/** An expiry on a forward with no options. */
export function expiryOf(id: string, years: number, forward: number, rate = 0, options: PmOption[] = []): PmExpiry {
  return { id, years, forwardVariable: forward, forwardFixed: 0, rate, confidence: 1, options, futuresAmount: 0, futuresMtmUsd: 0 };
}

/** A portfolio of books, no cash, stablecoin on peg. */
export function portfolioOf(books: PmBook[], cashUsd = 0): PmPortfolio {
  return { cashUsd, stablePrice: 1, books, staticCollaterals: [] };
}

/**
 * The market of Derive PM2 fixture test_13 (derivexyz/v2-core portfolio_cases, commit 7736900d):
 * BTC spot 95,663.50604855, one expiry 794,852 s away with forward 95,776.67392708939, rate 15 %,
 * vol confidence 0.95 and the raw SVI slice below (fitted on that forward, τ = 0.02520611364789).
 */
export const TEST13_MARKET = {
  spot: 95663.50604855,
  seconds: 794_852,
  forward: 95776.67392708939,
  rate: 0.15,
  volConfidence: 0.95,
  svi: { a: 0.002138900837067276, b: 0.04163976582038121, rho: -0.29089434907604955, m: -0.026351062568175803, sigma: 0.06256307931421391 },
  tau: 0.02520611364789,
} as const;

/** The vol of a strike on the test_13 slice, read the way Derive's feed reads it. */
export function test13Vol(strike: number): number {
  return deriveSviVol(strike, TEST13_MARKET.svi, TEST13_MARKET.forward, TEST13_MARKET.tau);
}
