/**
 * Parameters of OKX portfolio margin (lib/margin/models/okx-pm), as plain data. The values live in
 * lib/margin/venues/okx.ts with their sources; this file only says what each one means.
 *
 * @packageDocumentation
 */

import type { Underlying } from "@/lib/market/types";
import type { PmVolShockParams } from "@/lib/margin/models/pm/types";

/**
 * One tier of an incremental (marginal) table: the slice of the amount above the previous tier's
 * bound and up to `upToUsd` (null = no bound) is multiplied by `value`.
 */
export interface OkxTier {
  upToUsd: number | null;
  value: number;
}

/** Risk-unit parameters of one underlying. */
export interface OkxUnitParams {
  /** MR1 spot moves as fractions (each applied up and down), e.g. [0, 0.04, 0.08, 0.12] */
  spotMoves: number[];
  /** MR6 extreme move as a fraction, applied up and down (0.24 = ±24 %) */
  extremeMove: number;
  /** MR4 basis risk: annualised move of the forward against the spot (0.05 = 5 % a year) */
  basisAnnual: number;
  /** MR7: multipliers of the raw minimum charge by tier of the raw charge (USD) */
  minChargeTiers: OkxTier[];
}

/** Everything the OKX portfolio-margin model reads. */
export interface OkxPmParams {
  /** per underlying (risk unit) */
  units: Record<Underlying, OkxUnitParams>;
  /** MR1: implied-vol moves applied with each spot move (vol up / unchanged / down) */
  volShock: PmVolShockParams;
  /** MR6: the vol move applied with the extreme spot moves */
  extremeVolShock: "none" | "up";
  /** MR2 time value: loss of the options' value over this many calendar days, spot and smile unchanged */
  thetaDays: number;
  /** MR3 vol span: not modelled when null (charged 0) */
  volSpan: null;
  /** MR5 interest rate: not modelled when null (charged 0) */
  interestRate: null;
  /**
   * MR7 raw minimum charge per risk unit: `linear` × |net perp + futures position| × spot +
   * `option` × max(0, net short option contracts) × spot
   */
  minChargeRates: { linear: number; option: number };
  /** IMR = imToMm × MMR */
  imToMm: number;
}
