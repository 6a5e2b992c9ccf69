/**
 * Collateral haircut sets shared by several venue rulebooks.
 *
 * @packageDocumentation
 */

import type { CollateralAsset } from "@/lib/market/types";
import type { HaircutModel } from "@/lib/margin/collateral/haircuts";

/** A collateral asset the venue does not accept: counts at 0. */
const NOT_ACCEPTED: HaircutModel = { kind: "static", haircut: 1 };

/** Collateral accepted by USDC-only perp venues (Hyperliquid, dYdX v4): USDC at par, nothing else. */
export const USDC_ONLY_HAIRCUTS: Record<CollateralAsset, HaircutModel> = {
  USDC: { kind: "static", haircut: 0 },
  USDT: NOT_ACCEPTED,
  BTC: NOT_ACCEPTED,
  ETH: NOT_ACCEPTED,
  SOL: NOT_ACCEPTED,
  wstETH: NOT_ACCEPTED,
};

/**
 * A table of static haircuts (fraction of market value removed per asset) as haircut models.
 *
 * @param h - haircut per collateral asset
 * @returns one `{ kind: "static" }` model per asset
 *
 * @example
 * ```ts
 * staticHaircuts({ USDC: 0, USDT: 0.02, BTC: 0.05, ETH: 0.05, SOL: 0.15, wstETH: 0.1 }).BTC; // { kind: "static", haircut: 0.05 }
 * ```
 */
export function staticHaircuts(h: Record<CollateralAsset, number>): Record<CollateralAsset, HaircutModel> {
  return {
    USDC: { kind: "static", haircut: h.USDC },
    USDT: { kind: "static", haircut: h.USDT },
    BTC: { kind: "static", haircut: h.BTC },
    ETH: { kind: "static", haircut: h.ETH },
    SOL: { kind: "static", haircut: h.SOL },
    wstETH: { kind: "static", haircut: h.wstETH },
  };
}
