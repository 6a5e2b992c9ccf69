import { sviTotalVariance } from "@/lib/quant/svi";
import { COLLATERAL_ASSETS, COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "./types";

/** A what-if move of one underlying: spot ×factor, implied vol + shift (vol points), time passing. */
export interface SnapshotShift {
  spotFactor: number;
  volShiftPts: number;
  daysForward: number;
}

const MS_PER_DAY = 24 * 3600 * 1000;

/**
 * The snapshot as it would look after a what-if move, for models that read a snapshot directly
 * (portfolio margin): spot, perp mark, every forward and the prices of collateral moving with the
 * underlying scale by the spot factor; "as of" moves forward by the days (options then decay and
 * expired ones settle). The vol shift is applied per expiry as a proportional scaling of the SVI
 * slice that adds exactly `volShiftPts` at the money (raw SVI scales linearly: w' = c²·w, so a and
 * b scale by c² with c = (σ_atm + shift)/σ_atm); away from the money the shift is proportional.
 * Days forward move every underlying's clock, so the largest `daysForward` among the shifts is used.
 * @example shiftSnapshot(SAMPLE_SNAPSHOT, { BTC: { spotFactor: 0.9, volShiftPts: 0, daysForward: 0 } }).underlyings.BTC.spot // 85,500
 */
export function shiftSnapshot(snapshot: MarketSnapshot, shifts: Partial<Record<Underlying, SnapshotShift>>): MarketSnapshot {
  const days = Math.max(0, ...UNDERLYINGS.map((u) => shifts[u]?.daysForward ?? 0));
  const asOfMs = Date.parse(snapshot.asOf) + days * MS_PER_DAY;
  const underlyings = { ...snapshot.underlyings };
  const yearsFrom = (iso: string) => (Date.parse(iso) - Date.parse(snapshot.asOf)) / (365 * MS_PER_DAY);
  for (const u of UNDERLYINGS) {
    const s = shifts[u] ?? { spotFactor: 1, volShiftPts: 0, daysForward: 0 };
    if (s.spotFactor === 1 && s.volShiftPts === 0 && days === 0) continue;
    const m = snapshot.underlyings[u];
    const spot = m.spot * s.spotFactor;
    underlyings[u] = {
      ...m,
      spot,
      perpMark: m.perpMark * s.spotFactor,
      expiries: m.expiries.map((e) => {
        const T = yearsFrom(e.expiryIso);
        const T1 = T - days / 365;
        let svi = e.svi;
        // Time passing: keep each log-moneyness's implied vol (total variance scales by T'/T) and
        // roll the forward along its own basis, F' = S'·(F/S)^(T'/T); an expired forward is the spot.
        let forwardFactor = T > 0 && T1 > 0 ? Math.pow(e.forward / m.spot, T1 / T) : 1;
        if (T > 0 && T1 > 0 && days > 0) svi = { ...svi, a: svi.a * (T1 / T), b: svi.b * (T1 / T) };
        if (!(T > 0)) forwardFactor = e.forward / m.spot;
        if (s.volShiftPts !== 0 && T1 > 0) {
          const atm = Math.sqrt(Math.max(sviTotalVariance(svi, 0), 0) / T1);
          const c = atm > 0 ? Math.max(0.01, (atm + s.volShiftPts / 100) / atm) : 1;
          svi = { ...svi, a: svi.a * c * c, b: svi.b * c * c };
        }
        return { ...e, forward: spot * forwardFactor, svi };
      }),
    };
  }
  const collateralPrices = { ...snapshot.collateralPrices };
  for (const a of COLLATERAL_ASSETS) {
    const u = COLLATERAL_UNDERLYING[a];
    if (u && shifts[u]) collateralPrices[a] = snapshot.collateralPrices[a] * shifts[u]!.spotFactor;
  }
  return { ...snapshot, asOf: new Date(asOfMs).toISOString(), underlyings, collateralPrices };
}
