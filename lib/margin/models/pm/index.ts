/**
 * Portfolio margin (scenario-based): one engine configured by plain-data profiles.
 *
 * For the UI: {@link computePortfolioMargin} (a MarginLab sub-account + snapshot → IM/MM, MtM,
 * per-underlying worst scenario, heatmap, scenario matrix, contingencies). For other inputs:
 * {@link computePm} on a {@link PmPortfolio}.
 *
 * @example
 * ```ts
 * import { computePortfolioMargin, DERIBIT_STYLE_PM } from "./index";
 * const r = computePortfolioMargin(sub, snapshot, { profile: DERIBIT_STYLE_PM.grid });
 * if (r.ok) console.log(r.result.mm, r.result.underlyings[0]?.heatmap);
 * ```
 *
 * @packageDocumentation
 */
export { computePm, validatePmParams } from "./engine";
export { DERIVE_PM2 } from "@/lib/margin/venues/derive";
export { DERIBIT_STYLE_PM } from "@/lib/margin/venues/deribit";
export {
  computePortfolioMargin,
  toPmPortfolio,
  type CollateralHaircut,
  type CollateralHaircuts,
  type ExcludedPosition,
  type PmPortfolioOutcome,
  type PmScenarioRow,
  type PmUnderlyingResult,
  type PmWorstScenario,
  type PortfolioMarginOptions,
  type PortfolioMarginOutcome,
  type PortfolioMarginResult,
} from "./from-sub-account";
export { allocB76Batch, b76Batch, b76Price, b76PriceLog, logMoneyness, type B76BatchArrays } from "@/lib/quant/black76-batch";
export { nakedShorts, skewMultipliers, staticDiscounts, volShockMultipliers, DAYS_PER_YEAR } from "./shocks";
export { deriveSviVol, DERIVE_MAX_TOTAL_VARIANCE } from "./derive-svi";
export type * from "./types";
