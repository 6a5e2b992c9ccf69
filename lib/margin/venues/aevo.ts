/**
 * Aevo: Aevo-style standard margin (per position, isolated and cross), as plain data.
 *
 * @packageDocumentation
 */

import type { CollateralAsset, Underlying } from "@/lib/market/types";
import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import type { SizeScaledRule } from "@/lib/margin/rules/linear";
import { staticHaircuts } from "./collateral-sets";

/** Aevo's "Collateral Framework" page (collateral ratio per asset). */
export const AEVO_COLLATERAL_URL = "https://docs.aevo.xyz/aevo-products/aevo-exchange/technical-architecture/collateral-framework";
/** Aevo's ETH perpetual specification (initial margin 5 %, maintenance margin 3 %). */
export const AEVO_ETH_PERP_URL = "https://docs.aevo.xyz/aevo-products/aevo-exchange/trading-on-aevo/perpetuals-specifications/eth-perpetual-futures";

/**
 * Aevo collateral haircuts (1 − collateral ratio, {@link AEVO_COLLATERAL_URL}): USDC 100 % → 0,
 * USDT 99 % → 0.01, ETH 90 % → 0.10, WBTC 90 % → 0.10 (MarginLab's BTC). SOL and wstETH are not in
 * Aevo's list (it lists weETH at 85 %, a different token): not accepted, haircut 1.
 */
export const AEVO_HAIRCUTS: Record<CollateralAsset, number> = { USDC: 0, USDT: 0.01, BTC: 0.1, ETH: 0.1, SOL: 1, wstETH: 1 };

/** Flat 5 % IM / 3 % MM on the notional ({@link AEVO_ETH_PERP_URL}); BTC and SOL assumed the same (see notes). */
const AEVO_PERP: SizeScaledRule = { kind: "size-scaled", imBase: 0.05, mmBase: 0.03, imPerCoin: 0, mmPerCoin: 0, maxRate: 1 };
export const AEVO_LINEAR: Record<Underlying, SizeScaledRule> = { BTC: AEVO_PERP, ETH: AEVO_PERP, SOL: AEVO_PERP };

/**
 * Aevo-style standard margin (margin-models.md §2.2, "Aevo standard"): short call
 * IM = max(0.15 − OTM/S, 0.1)·S + mark, MM = 0.1·S + mark; short put MM = max(0.1·S, 0.1·mark) + mark.
 * Perps: 5 % IM / 3 % MM ({@link AEVO_LINEAR}); collateral: Aevo's ratios ({@link AEVO_HAIRCUTS}).
 * Aevo has no portfolio rulebook here: a switch to portfolio mode moves to Deribit-style PM.
 *
 * @example
 * ```ts
 * linearRuleRequirement(AEVO_STANDARD.linear.ETH, 2, 3_000); // { im: 300, mm: 180 }
 * ```
 */
export const AEVO_STANDARD: PerPositionRulebook = {
  model: "per-position",
  id: "aevo-standard",
  venue: "Aevo",
  name: "Aevo-style standard",
  version: "1.1.0",
  asOf: "2026-11-28",
  sources: [
    "Aevo documentation — standard margin for options (margin-models.md §2.2)",
    `${AEVO_COLLATERAL_URL} — collateral ratios: USDC 100 %, USDT 99 %, aeUSD 100 %, ETH 90 %, WBTC 90 %, weETH 85 %`,
    `${AEVO_ETH_PERP_URL} — ETH perpetual: initial margin 5 %, maintenance margin 3 %`,
  ],
  notes: [
    "Perps BTC and SOL: MarginLab assumption — the ETH perpetual's 5 % / 3 % (the BTC page was not read); dated futures use the same rates (assumption).",
    "Perp margin on the mark price: assumption (the specification does not say which price).",
    "BTC collateral is valued as Aevo's WBTC (90 %): assumption that MarginLab's BTC stands for WBTC on Aevo.",
    "SOL and wstETH are not in Aevo's collateral list: they count at 0.",
  ],
  modes: ["isolated", "cross"],
  counterpartId: "deribit-style-pm",
  linear: AEVO_LINEAR,
  shortOptions: { kind: "deribit-family", imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.1, mmPutSpotRate: 0.1, mmPutMarkRate: 0.1 },
  haircuts: staticHaircuts(AEVO_HAIRCUTS),
  lists: { futures: true, options: true },
};
