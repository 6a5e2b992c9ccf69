/**
 * What the OKX portfolio-margin model reports: MR1–MR9 per risk unit (one per underlying) and the
 * account's MMR and IMR. All amounts are positive USD requirements.
 *
 * @packageDocumentation
 */

import type { Underlying } from "@/lib/market/types";
import type { PmVolShock } from "@/lib/margin/models/pm/types";

/** One risk unit's margin parts. */
export interface OkxRiskUnitBreakdown {
  underlying: Underlying;
  /** spot shock: worst loss of the spot × implied-vol grid */
  mr1: number;
  /** time value: loss of the options' value over the model's theta horizon */
  mr2: number;
  /** vol span (0 where not modelled) */
  mr3: number;
  /** basis risk */
  mr4: number;
  /** interest-rate risk (0 where not modelled) */
  mr5: number;
  /** extreme move: worst loss of the ± extreme spot moves */
  mr6: number;
  /** minimum charge before the tier multipliers */
  mr7Raw: number;
  /** minimum charge after the tier multipliers */
  mr7: number;
  /** stablecoin de-peg risk */
  mr9: number;
  /** max(MR1, MR2, MR6) + MR3 + MR4 + MR5 + MR9 */
  scenarioPart: number;
  /** max(scenarioPart, MR7) */
  mmr: number;
  /** the largest of MR1, MR2, MR6 */
  dominant: "MR1" | "MR2" | "MR6";
  /** MR1's worst cell (null without a loss) */
  mr1Worst: { spotMove: number; volShock: PmVolShock } | null;
  /** the minimum charge sets the unit's MMR */
  mr7Binds: boolean;
}

/** The account's OKX portfolio-margin figures. */
export interface OkxPmBreakdown {
  units: OkxRiskUnitBreakdown[];
  /** Σ units' MMR (no borrowing in MarginLab, so no borrowing MMR) */
  mmr: number;
  /** imToMm × MMR */
  imr: number;
  imToMm: number;
  /** the parts charged 0 because their formula is not modelled, named for the UI */
  notModelled: string[];
}
