/**
 * Euler attribution of a sub-account's initial margin to its positions, for the models whose
 * requirement is a sum of terms each driven by positions (margin-models.md §5): the scenario engine
 * (portfolio rulebooks) and Derive's standard manager. One revaluation of the book; the shares sum
 * to the IM exactly (up to rounding) once the collateral's own part is set apart; the incremental
 * IM of every position comes from the same revaluation. See lib/margin/models/pm/attribution.ts and
 * lib/margin/models/srm/attribution.ts for the decompositions.
 *
 * @packageDocumentation
 */

import { applyScenario, NO_SCENARIO } from "@/lib/market/scenario";
import type { MarketSnapshot } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import { getRulebook } from "@/lib/margin/venues/catalogue";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import { portfolioCollateral } from "@/lib/margin/models/portfolio";
import { toPmPortfolio } from "@/lib/margin/models/pm/from-sub-account";
import { pmAttribution } from "@/lib/margin/models/pm/attribution";
import { toSrmPortfolio } from "@/lib/margin/models/derive-standard";
import { srmAttribution } from "@/lib/margin/models/srm/attribution";
import { positionMark, preparePosition } from "@/lib/margin/valuation/position-value";

/** Euler shares and incremental IM per position (sub-account order), and the collateral's part. */
export interface EulerAttribution {
  /** Euler share of the IM per position */
  shares: number[];
  /** IM − IM without the position */
  incremental: number[];
  /** IM of the position margined alone (same mode, profile and collateral) */
  standalone: number[];
  /** the IM's part that belongs to collateral (haircuts, its scenario P&L, base-asset credit); Σ shares + collateralIm = imUsd */
  collateralIm: number;
  /** the IM split, as the attribution recomputed it (equal to the model's IM up to rounding) */
  imUsd: number;
}

export type EulerOutcome = { ok: true; attribution: EulerAttribution } | { ok: false; error: string };

/**
 * Euler attribution of the sub-account's IM on the scenario market, or null when its model has no
 * exact decomposition here (per-position rulebooks are additive already; other portfolio models
 * fall back to Shapley values).
 *
 * @param sub - the sub-account
 * @param snapshot - the market snapshot (the scenario of `opts` is applied, as computeSubAccount does)
 * @param opts - compute options (scenario)
 * @returns the attribution, an error, or null
 *
 * @example
 * ```ts
 * const a = eulerAttribution({ ...sub, mode: "portfolio", profileId: "derive-pm2" }, SAMPLE_SNAPSHOT);
 * if (a?.ok) a.attribution.shares; // sum (with collateralIm) to the IM
 * ```
 */
export function eulerAttribution(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): EulerOutcome | null {
  const rulebook = getRulebook(sub.profileId);
  if (!rulebook || !rulebook.modes.includes(sub.mode)) return null;
  const scenario = opts.scenario ?? NO_SCENARIO;
  if (rulebook.model === "portfolio") {
    const market = applyScenario(snapshot, scenario);
    const held = portfolioCollateral({ sub, market, collateralVolMultiplier: scenario.collateralVolMultiplier }, rulebook);
    if (!held.ok) return held;
    const mapped = toPmPortfolio(sub, market, held.haircuts);
    if (!mapped.ok) return mapped;
    const a = pmAttribution(mapped.portfolio, rulebook.grid, mapped.refs);
    if (!a.ok) return a;
    const { euler, incremental, standalone, collateralIm, imUsd } = a.attribution;
    return { ok: true, attribution: { shares: euler, incremental, standalone, collateralIm, imUsd } };
  }
  if (rulebook.model === "derive-standard") {
    if (sub.mode !== "cross") return null;
    const market = applyScenario(snapshot, scenario);
    const mapped = toSrmPortfolio(sub, market);
    if (!mapped.ok) return mapped;
    if (mapped.refs.length !== sub.positions.length) return null;
    const a = srmAttribution(mapped.portfolio, rulebook.srm, mapped.refs);
    if (!a.ok) return a;
    // IM = equity − IM net margin = Σ options' marks + Σ perps' (mark − perp price) + the base credit gap + the requirement
    // (derive-standard.ts): each position's mark term is its own, linear in its size.
    const mtm = sub.positions.map((pos) => {
      const p = preparePosition(pos, market);
      if (typeof p === "string") return 0;
      const mark = positionMark(p);
      return pos.kind === "perp" ? pos.size * (mark - market.underlyings[pos.underlying].perpMark) : pos.size * mark;
    });
    const { euler, incremental, standalone, imUsd, baseCreditGapIm } = a.attribution;
    const mtmTotal = mtm.reduce((s, x) => s + x, 0);
    return {
      ok: true,
      attribution: {
        shares: euler.map((x, i) => x + mtm[i]!),
        incremental: incremental.map((x, i) => x + mtm[i]!),
        standalone: standalone.map((x, i) => x + mtm[i]! + baseCreditGapIm),
        collateralIm: baseCreditGapIm,
        imUsd: imUsd + mtmTotal + baseCreditGapIm,
      },
    };
  }
  return null;
}
