import type { CollateralAsset } from "@/lib/market/types";
import type { HaircutModel } from "./haircuts";
import type { HaircutChoice } from "@/lib/workspace/haircut-choice";

/**
 * Haircut models a trader can apply instead of the venue's own (margin-models.md §3), with
 * MarginLab's default parameters. These parameters are assumptions for exploration, not any
 * venue's published figures:
 * - dynamic: h = min(cap, z·σ_daily·√days + add-on), z = 2.33 (one-sided 99%), a 2-day liquidation
 *   horizon, 1% liquidity add-on for coins, caps 50% (coins) and 10% (stablecoins);
 * - tiered: value tiers in the Bybit/OKX/Bitget style (ratios fall as the USD value grows);
 * - size-scaled: Drift-style weights that shrink with size, weight' = min(w, 1.1/(1 + imf·√size));
 * - wstETH is always valued through ETH with an extra 3% de-peg haircut (its staking yield is kept).
 */
/** Extra de-peg haircut of the staked-ETH token on top of ETH's model (assumption). */
export const WSTETH_DEPEG_HAIRCUT = 0.03;
/** Staking yield kept while wstETH is posted, per year (sample figure, late 2026). */
export const WSTETH_STAKING_APR = 0.03;
/** Yield each collateral asset keeps earning while posted (assumption: only wstETH's staking yield). */
export const COLLATERAL_YIELD_APR: Partial<Record<CollateralAsset, number>> = { wstETH: WSTETH_STAKING_APR };

const coinDynamic: HaircutModel = { kind: "dynamic", z: 2.33, horizonDays: 2, cap: 0.5, liquidityAddOn: 0.01 };
const stableDynamic: HaircutModel = { kind: "dynamic", z: 2.33, horizonDays: 2, cap: 0.1, liquidityAddOn: 0 };
const majorTiers: HaircutModel = {
  kind: "tiered",
  tiers: [
    { upToUsd: 1_000_000, ratio: 0.95 },
    { upToUsd: 5_000_000, ratio: 0.9 },
    { upToUsd: 20_000_000, ratio: 0.8 },
    { upToUsd: null, ratio: 0.6 },
  ],
};
const solTiers: HaircutModel = {
  kind: "tiered",
  tiers: [
    { upToUsd: 500_000, ratio: 0.9 },
    { upToUsd: 2_000_000, ratio: 0.8 },
    { upToUsd: null, ratio: 0.5 },
  ],
};

const withWsteth = (m: Record<Exclude<CollateralAsset, "wstETH">, HaircutModel>): Record<CollateralAsset, HaircutModel> => ({
  ...m,
  wstETH: { kind: "yield-bearing", base: m.ETH, depegHaircut: WSTETH_DEPEG_HAIRCUT },
});

export const HAIRCUT_PRESETS: Record<Exclude<HaircutChoice, "venue">, Record<CollateralAsset, HaircutModel>> = {
  dynamic: withWsteth({ USDC: stableDynamic, USDT: stableDynamic, BTC: coinDynamic, ETH: coinDynamic, SOL: coinDynamic }),
  tiered: withWsteth({
    USDC: { kind: "static", haircut: 0 },
    USDT: {
      kind: "tiered",
      tiers: [
        { upToUsd: 5_000_000, ratio: 1 },
        { upToUsd: null, ratio: 0.95 },
      ],
    },
    BTC: majorTiers,
    ETH: majorTiers,
    SOL: solTiers,
  }),
  "size-scaled": withWsteth({
    USDC: { kind: "static", haircut: 0 },
    USDT: { kind: "size-scaled", weight: 0.98, imf: 0.000005 },
    BTC: { kind: "size-scaled", weight: 0.9, imf: 0.02 },
    ETH: { kind: "size-scaled", weight: 0.9, imf: 0.004 },
    SOL: { kind: "size-scaled", weight: 0.8, imf: 0.0005 },
  }),
};

/** A venue's way of refusing an asset as collateral: it counts for nothing. */
function notAccepted(m: HaircutModel): boolean {
  return m.kind === "static" && m.haircut >= 1;
}

/**
 * The haircut models in force: the venue's, or a preset chosen by the trader — applied only to
 * the assets the venue accepts (a preset never makes a USDC-only venue take BTC).
 */
export function haircutModels(venue: Record<CollateralAsset, HaircutModel>, choice: HaircutChoice | undefined): Record<CollateralAsset, HaircutModel> {
  if (!choice || choice === "venue") return venue;
  const preset = HAIRCUT_PRESETS[choice];
  const out = { ...preset };
  for (const a of Object.keys(venue) as CollateralAsset[]) if (notAccepted(venue[a])) out[a] = venue[a];
  return out;
}
