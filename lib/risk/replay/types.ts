import type { Underlying } from "@/lib/market/types";
import type { MarginMode } from "@/lib/workspace/schema";

/**
 * Result types of the liquidation-engine replay (lib/risk/replay). Sign convention: equity and P&L
 * in USD, a loss negative; fees and slippage positive USD costs.
 *
 * @packageDocumentation
 */

/** The market along a replay path: per step the hour and, per moving underlying, spot ×factor and the ATM vol shift. */
export interface ReplayPath {
  kind: "named" | "gap" | "drawn";
  label: string;
  /** hours from the start, ascending, first 0 */
  hours: number[];
  /** underlyings that move (the others stay where they are) */
  moves: Partial<Record<Underlying, { spotFactor: number[]; volShiftPts: number[] }>>;
  /** how the path was built (bridge, seed, vol rule), shown in the UI */
  notes: string[];
}

export interface ReplayPoint {
  hour: number;
  equity: number;
  mm: number;
  im: number;
  /** MM / equity; null when equity ≤ 0 */
  marginRatio: number | null;
  /** equity of the untouched book along the same path (no liquidation) */
  equityNoLiquidation: number;
}

export type ReplayEventKind = "partial" | "full" | "tier-cut" | "bankruptcy" | "backstop" | "auction" | "insolvent";

/** One liquidation fill (or takeover). */
export interface ReplayEvent {
  hour: number;
  kind: ReplayEventKind;
  positionId: string | null;
  /** what was closed, as a trader reads it */
  what: string;
  /** signed coins closed (a long's close is negative); null for a whole-account takeover */
  sizeClosed: number | null;
  /** mark and fill price per coin (null for takeovers) */
  markPrice: number | null;
  fillPrice: number | null;
  /** auctions: the share of the whole sub-account sold (0…1); null otherwise */
  shareSold: number | null;
  feeUsd: number;
  slippageUsd: number;
  equityBefore: number;
  equityAfter: number;
  mmAfter: number;
  /** the procedure's rule applied, in words */
  rule: string;
}

export interface ReplayPositionLeft {
  id: string;
  name: string;
  sizeBefore: number;
  sizeAfter: number;
}

/** The procedure as the UI shows it (from lib/margin/venues/<venue>-liquidation.ts). */
export interface ReplayProcedureInfo {
  id: string;
  venue: string;
  name: string;
  summary: string;
  sources: { rule: string; url: string }[];
  assumptions: string[];
}

export type ReplayModeResult =
  | {
      ok: true;
      mode: MarginMode;
      profileId: string;
      profileName: string;
      procedure: ReplayProcedureInfo;
      points: ReplayPoint[];
      events: ReplayEvent[];
      /** whose equity an event's before/after is: the account's (cross, portfolio) or the position's own (isolated: allocation + P&L) */
      eventEquityScope: "account" | "position";
      positionsLeft: ReplayPositionLeft[];
      initialEquity: number;
      finalEquity: number;
      finalEquityNoLiquidation: number;
      /** initialEquity − finalEquity (positive = lost) */
      lossUsd: number;
      lossNoLiquidationUsd: number;
      feesUsd: number;
      slippageUsd: number;
      /** no liquidation event and equity ≥ MM at every step */
      survived: boolean;
      /** first hour at which equity < MM (null: never) */
      firstBreachHour: number | null;
    }
  | { ok: false; mode: MarginMode; error: string };

export interface ReplayReport {
  path: ReplayPath;
  /** the sub-account's own mode first, then the other two */
  modes: ReplayModeResult[];
  slippage: { formula: string; liquidityUsd: Record<Underlying, number>; optionLiquidityUsd: number; note: string };
  /** replay-wide notes (settlement at expiry, no funding, …) */
  notes: string[];
}
