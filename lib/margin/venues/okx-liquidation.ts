import type { LiquidationProcedure } from "./liquidation-procedure-types";

/** OKX help centre "Forced Partial or Full Liquidation" (tier 3 and above: partial; tiers 1–2: full at the bankruptcy price). */
export const OKX_FORCED_LIQUIDATION_URL = "https://supdljgzdhc.okx.com/hc/en-us/articles/360020411711-V-Forced-Partial-or-Full-Liquidation";
/** A copy of OKX's "Forced partial liquidation rules" (reduce the position by two tiers, check, repeat). */
export const OKX_PARTIAL_RULES_COPY_URL = "https://www.amorrr.com/14966.html";

/**
 * OKX: forced partial liquidation of large positions (tier 3 and above) — the position is reduced by
 * two tiers, the margin ratio checked, and the cut repeated while it is short — and forced full
 * liquidation at the bankruptcy price for tiers 1–2 (liquidation profits to the risk reserve fund).
 *
 * @example
 * ```ts
 * OKX_LIQUIDATION.kind === "tiered" && OKX_LIQUIDATION.tiersPerCut; // 2
 * ```
 */
export const OKX_LIQUIDATION: LiquidationProcedure = {
  id: "okx-tiered",
  venue: "OKX",
  name: "OKX forced partial / full liquidation",
  asOf: "2026-11-28",
  summary: "Positions in tier 3 or above are cut by two tiers at a time until the margin ratio recovers; otherwise the position is liquidated in full at the bankruptcy price.",
  kind: "tiered",
  tiersPerCut: 2,
  fees: { linear: { BTC: 0, ETH: 0, SOL: 0 }, option: 0 },
  sources: [
    {
      rule: "Tier 3 or above: forced partial liquidation when the margin ratio is below the required maintenance; 'about a minute later' the remaining orders are cancelled if the ratio is restored, else the procedure starts again",
      url: OKX_FORCED_LIQUIDATION_URL,
    },
    {
      rule: "The system calculates the number of contracts needed to reduce the position by two tiers, then checks the margin ratio and repeats if needed; tiers 1–2: full liquidation at the bankruptcy price",
      url: OKX_PARTIAL_RULES_COPY_URL,
    },
  ],
  assumptions: [
    "Read from OKX's older help article and a copy of the newer rules, not from OKX's current page.",
    "MarginLab's OKX rulebook is portfolio margin and carries no position tiers: a breach there goes straight to the full liquidation at the bankruptcy price (the equity left to the risk reserve fund).",
    "OKX's liquidation fee (per fee tier) is not modelled: fee 0.",
  ],
};
