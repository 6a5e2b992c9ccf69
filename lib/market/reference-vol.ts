import { interpolatedVol, type SviSlice } from "@/lib/quant/svi";
import { yearsBetween } from "./snapshot";
import { COLLATERAL_UNDERLYING, type CollateralAsset, type MarketSnapshot, type Underlying } from "./types";

/** Horizon of the reference vol used for risk measures (30 calendar days). */
export const REFERENCE_VOL_DAYS = 30;

/**
 * Daily vol assumed for stablecoins in dynamic haircuts (a MarginLab assumption: a stablecoin's
 * price varies far less than a coin's; 0.05%/day for USDC, 0.1%/day for USDT).
 */
const STABLE_DAILY_VOL: Partial<Record<CollateralAsset, number>> = { USDC: 0.0005, USDT: 0.001 };

/**
 * At-the-money (strike = spot) implied vol of an underlying for a maturity of `days`, interpolated
 * in total variance between the snapshot's live SVI slices (annualised fraction; 0 when none is live).
 */
export function atmImpliedVol(snapshot: MarketSnapshot, u: Underlying, days: number): number {
  const m = snapshot.underlyings[u];
  const slices: SviSlice[] = m.expiries
    .map((e) => ({ years: yearsBetween(snapshot.asOf, e.expiryIso), forward: e.forward, svi: e.svi }))
    .filter((s) => s.years > 0)
    .sort((a, b) => a.years - b.years);
  if (slices.length === 0) return 0;
  return interpolatedVol(slices, m.spot, days / 365);
}

/** 30-day at-the-money implied vol of an underlying from the snapshot's SVI slices (annualised fraction). */
export function referenceVol(snapshot: MarketSnapshot, u: Underlying): number {
  return atmImpliedVol(snapshot, u, REFERENCE_VOL_DAYS);
}

/** Daily vol of a collateral asset: its underlying's reference vol / √365, or the stablecoin assumption. */
export function collateralDailyVol(snapshot: MarketSnapshot, asset: CollateralAsset): number {
  const u = COLLATERAL_UNDERLYING[asset];
  if (!u) return STABLE_DAILY_VOL[asset] ?? 0.001;
  return referenceVol(snapshot, u) / Math.sqrt(365);
}
