import type { CollateralAsset, Underlying } from "@/lib/market/types";

/**
 * A venue profile is plain data: parameters of a margin model, never a code path.
 * Every profile carries a name, version and "as of" date shown in the UI.
 */

/** Futures/perp margin rates that grow with position size: rate = base + perCoin·|size in coins|. */
export interface LinearRates {
  imBase: number;
  mmBase: number;
  imPerCoin: number;
  mmPerCoin: number;
}

/** Short-option rules of the Deribit family (linear, in USD per coin of the underlying). */
export interface ShortOptionRules {
  /** IM = max(imOtmBase − OTM/S, imFloor)·S + mark */
  imOtmBase: number;
  imFloor: number;
  /** short call MM = mmCallSpotRate·S + mark */
  mmCallSpotRate: number;
  /** short put MM = max(mmPutSpotRate·S, mmPutMarkRate·mark) + mark; short put IM is floored at its MM */
  mmPutSpotRate: number;
  mmPutMarkRate: number;
}

export interface StandardProfile {
  kind: "standard";
  id: string;
  name: string;
  version: string;
  /** date the parameters were checked against the venue's published rules (ISO date) */
  asOf: string;
  sources: string[];
  notes: string[];
  linear: Record<Underlying, LinearRates>;
  shortOptions: ShortOptionRules;
  /** fraction of market value removed from each collateral asset */
  collateralHaircuts: Record<CollateralAsset, number>;
  /** rates never exceed this (a requirement is at most 100% of notional for linear contracts) */
  maxLinearRate: number;
}

export type VenueProfile = StandardProfile;

/**
 * Deribit-style standard margin, linear (USD) version.
 * Futures/perps: IM = 2% + 0.005%·size(BTC), MM = 1% + 0.005%·size; ETH 0.0004% per ETH
 * (margin-models.md §2.2, from support.deribit.com "Futures margin").
 * Short options (Deribit "Options margin"): call IM = max(0.15 − OTM/S, 0.10)·S + mark, MM = 0.075·S + mark;
 * put IM = max(max(0.15 − OTM/S, 0.10)·S + mark, MM), MM = max(0.075·S, 0.075·mark) + mark. Long options: premium only.
 */
export const DERIBIT_STANDARD: StandardProfile = {
  kind: "standard",
  id: "deribit-standard",
  name: "Deribit-style standard",
  version: "1.0.0",
  asOf: "2026-11-20",
  sources: [
    "support.deribit.com — Futures margin (linear rates by size)",
    "support.deribit.com — Options margin (short call/put IM and MM)",
  ],
  notes: [
    "Deribit quotes these rules in coin; MarginLab applies them to linear USD-settled contracts.",
    "SOL per-coin slope is a MarginLab assumption: the ETH slope scaled by the ETH/SOL price ratio (≈ 1/19).",
    "Collateral haircuts are MarginLab defaults for a multi-asset cross-collateral account, not published Deribit figures.",
  ],
  linear: {
    BTC: { imBase: 0.02, mmBase: 0.01, imPerCoin: 0.00005, mmPerCoin: 0.00005 },
    ETH: { imBase: 0.02, mmBase: 0.01, imPerCoin: 0.000004, mmPerCoin: 0.000004 },
    SOL: { imBase: 0.02, mmBase: 0.01, imPerCoin: 0.0000002, mmPerCoin: 0.0000002 },
  },
  shortOptions: { imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.075, mmPutSpotRate: 0.075, mmPutMarkRate: 0.075 },
  collateralHaircuts: { USDC: 0, USDT: 0.02, BTC: 0.05, ETH: 0.05, SOL: 0.15, wstETH: 0.1 },
  maxLinearRate: 1,
};

/**
 * Aevo-style standard margin (margin-models.md §2.2, "Aevo standard"): short call
 * IM = max(0.15 − OTM/S, 0.1)·S + mark, MM = 0.1·S + mark; short put MM = max(0.1·S, 0.1·mark) + mark.
 */
export const AEVO_STANDARD: StandardProfile = {
  kind: "standard",
  id: "aevo-standard",
  name: "Aevo-style standard",
  version: "1.0.0",
  asOf: "2026-11-20",
  sources: ["Aevo documentation — standard margin for options"],
  notes: [
    "Perp and futures rates are not in the models document: MarginLab uses the Deribit-style rates for them.",
    "Collateral haircuts are MarginLab defaults, not published Aevo figures.",
  ],
  linear: DERIBIT_STANDARD.linear,
  shortOptions: { imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.1, mmPutSpotRate: 0.1, mmPutMarkRate: 0.1 },
  collateralHaircuts: DERIBIT_STANDARD.collateralHaircuts,
  maxLinearRate: 1,
};

export const PROFILES: readonly VenueProfile[] = [DERIBIT_STANDARD, AEVO_STANDARD];

export const DEFAULT_PROFILE_ID = DERIBIT_STANDARD.id;

export function getProfile(id: string): VenueProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}
