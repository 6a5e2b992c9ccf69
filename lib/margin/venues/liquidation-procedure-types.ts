/**
 * What a venue's liquidation engine does when an account (cross, portfolio) or a position
 * (isolated) falls below maintenance margin, as plain data: one object per venue in
 * lib/margin/venues/<venue>-liquidation.ts, read by the replay (lib/risk/replay). Every rule carries
 * the address of the page it was read from; what could not be sourced is listed in `assumptions`
 * and shown as an ASSUMPTION beside the figures.
 *
 * @packageDocumentation
 */

import type { Underlying } from "@/lib/market/types";

/** One published rule and where it was read. */
export interface SourcedRule {
  rule: string;
  url: string;
}

/** Liquidation fee charged on a fill, as a fraction of the closed notional (|size|·spot of the underlying). */
export interface LiquidationFeeSchedule {
  /** perps and dated futures, per underlying */
  linear: Record<Underlying, number>;
  /** options, fraction of the underlying notional */
  option: number;
}

/**
 * Deribit-style incremental liquidation: while equity < MM, close a slice of the riskiest position
 * (perps/futures first, largest notional first, then options) and check again.
 */
export interface IncrementalProcedure {
  kind: "incremental";
  /** fraction of the position's size at breach closed per round (a MarginLab assumption when not published) */
  sliceFraction: number;
  fees: LiquidationFeeSchedule;
}

/**
 * Hyperliquid-style: a market liquidation of a position above `largePositionUsd` closes only
 * `partialFraction` of it; while the cool-down after a partial liquidation runs, market liquidations
 * are for the entire position. Below `backstopFractionOfMm` × MM the backstop liquidator takes the
 * positions and the remaining margin.
 */
export interface PartialThenFullProcedure {
  kind: "partial-then-full";
  largePositionUsd: number;
  partialFraction: number;
  cooldownSeconds: number;
  backstopFractionOfMm: number;
  fees: LiquidationFeeSchedule;
}

/**
 * Bybit-style tiered partial liquidation: a position in a higher risk-limit tier is cut (fill-or-kill)
 * down to the limit of a lower tier, one tier at a time, until maintenance is met; in the lowest tier
 * the position is taken over at its bankruptcy price (the remaining margin goes to the insurance fund).
 */
export interface TieredProcedure {
  kind: "tiered";
  /** risk-limit tiers dropped per cut (Bybit 1, OKX 2) */
  tiersPerCut: number;
  fees: LiquidationFeeSchedule;
}

/** dYdX-style full close: every position closed, a penalty of up to `maxPenaltyRate` × notional (never more than the equity left). */
export interface FullCloseProcedure {
  kind: "full-close";
  maxPenaltyRate: number;
}

/**
 * Derive-style Dutch auction: a share f of the whole sub-account is sold to bidders at `startFactor`
 * × its mark-to-market (the discount is the cost), f the smallest share that lifts equity to
 * `bufferScale` × MM (buffer margin ≥ 0). Insolvent accounts (equity ≤ 0) are taken whole.
 */
export interface AuctionProcedure {
  kind: "auction";
  bufferScale: number;
  startFactor: number;
  fastCutoffFactor: number;
  fastSeconds: number;
  slowSeconds: number;
}

/** A venue's liquidation procedure: what it does, its parameters, its sources and its assumptions. */
export type LiquidationProcedure = {
  id: string;
  venue: string;
  name: string;
  /** the date the sources were read (ISO) */
  asOf: string;
  /** one line a trader reads */
  summary: string;
  sources: SourcedRule[];
  /** everything MarginLab had to assume (shown as ASSUMPTION in the UI) */
  assumptions: string[];
} & (IncrementalProcedure | PartialThenFullProcedure | TieredProcedure | FullCloseProcedure | AuctionProcedure);
