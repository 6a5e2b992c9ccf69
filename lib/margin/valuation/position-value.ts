import { black76, intrinsic } from "@/lib/quant/black76";
import { sviImpliedVol, type SviParams } from "@/lib/quant/svi";
import { DAYS_PER_YEAR } from "@/lib/quant/precision";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import { findExpiry, yearsBetween } from "@/lib/market/snapshot";
import type { Position } from "@/lib/workspace/schema";

/** A what-if move of one underlying's market: spot ×factor, implied vol + shift, time passing. */
export interface MarketShift {
  spotFactor: number;
  volShiftPts: number;
  daysForward: number;
}

export const NO_SHIFT: MarketShift = { spotFactor: 1, volShiftPts: 0, daysForward: 0 };

/** A position with everything its revaluation needs resolved once from the snapshot. */
export interface PreparedPosition {
  position: Position;
  underlying: Underlying;
  size: number;
  spot0: number;
  /** perps: perp mark; futures/options: the expiry's forward */
  ref0: number;
  /** years to expiry at the snapshot time (perps: 0) */
  years0: number;
  rate: number;
  /** annualised log basis ln(F/S)/T, so forwards roll with time */
  basis: number;
  svi: SviParams | null;
  strike: number;
  isCall: boolean;
}

/** Revaluation of one position (per coin values, spot-based Greeks per coin). */
export interface Valuation {
  spot: number;
  mark: number;
  iv: number | null;
  years: number | null;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
}

/**
 * Resolves a position against the snapshot, or returns a message saying why it cannot be valued
 * (its expiry is not listed in the snapshot).
 */
export function preparePosition(position: Position, snapshot: MarketSnapshot): PreparedPosition | string {
  const market = snapshot.underlyings[position.underlying];
  const base = { position, underlying: position.underlying, size: position.size, spot0: market.spot };
  if (position.kind === "perp") {
    return { ...base, ref0: market.perpMark, years0: 0, rate: 0, basis: 0, svi: null, strike: 0, isCall: true };
  }
  const expiry = findExpiry(snapshot, position.underlying, position.expiry);
  if (!expiry) return `${position.underlying} expiry ${position.expiry} is not in the market snapshot`;
  const years0 = yearsBetween(snapshot.asOf, expiry.expiryIso);
  const basis = years0 > 0 ? Math.log(expiry.forward / market.spot) / years0 : 0;
  return {
    ...base,
    ref0: expiry.forward,
    years0,
    rate: expiry.rate,
    basis,
    svi: position.kind === "option" ? expiry.svi : null,
    strike: position.kind === "option" ? position.strike : 0,
    isCall: position.kind === "option" ? position.optionType === "call" : true,
  };
}

/**
 * Revalues a prepared position under a market shift. Perps move with spot; futures and options
 * use the forward F' = S'·e^{basis·T'}; options price with Black-76 on the expiry's SVI slice at
 * k = ln(K/F') (sticky moneyness), vol shifted by `volShiftPts` (floored at 0). An option whose
 * expiry has passed settles at intrinsic against spot; a future settles at spot.
 */
export function valuePosition(p: PreparedPosition, shift: MarketShift): Valuation {
  const spot = p.spot0 * shift.spotFactor;
  const kind = p.position.kind;
  if (kind === "perp") {
    return { spot, mark: p.ref0 * shift.spotFactor, iv: null, years: null, delta: 1, gamma: 0, vega: 0, theta: 0 };
  }
  const years = p.years0 - shift.daysForward / DAYS_PER_YEAR;
  if (years <= 0) {
    if (kind === "future") return { spot, mark: spot, iv: null, years: 0, delta: 1, gamma: 0, vega: 0, theta: 0 };
    const itm = p.isCall ? spot > p.strike : spot < p.strike;
    return {
      spot,
      mark: intrinsic(spot, p.strike, p.isCall),
      iv: null,
      years: 0,
      delta: itm ? (p.isCall ? 1 : -1) : 0,
      gamma: 0,
      vega: 0,
      theta: 0,
    };
  }
  const forward = spot * Math.exp(p.basis * years);
  const fPerS = forward / spot;
  if (kind === "future") return { spot, mark: forward, iv: null, years, delta: fPerS, gamma: 0, vega: 0, theta: 0 };
  const k = Math.log(p.strike / forward);
  // The slice's implied vol at this moneyness (the slice keeps its own maturity's smile as time passes).
  const sliceYears = p.years0 > 0 ? p.years0 : years;
  const iv = Math.max(sviImpliedVol(p.svi as SviParams, k, sliceYears) + shift.volShiftPts / 100, 0);
  const r = black76({ forward, strike: p.strike, years, vol: iv, rate: p.rate, isCall: p.isCall });
  return {
    spot,
    mark: r.price,
    iv,
    years,
    delta: r.delta * fPerS,
    gamma: r.gamma * fPerS * fPerS,
    vega: r.vega,
    theta: r.theta,
  };
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** Venue-style instrument name, e.g. BTC-PERP, BTC-27NOV26, BTC-27NOV26-100000-C. */
export function instrumentName(p: Position): string {
  if (p.kind === "perp") return `${p.underlying}-PERP`;
  const [y, m, d] = p.expiry.split("-");
  const exp = y && m && d ? `${Number(d)}${MONTHS[Number(m) - 1] ?? m}${y.slice(2)}` : p.expiry;
  if (p.kind === "future") return `${p.underlying}-${exp}`;
  return `${p.underlying}-${exp}-${p.strike}-${p.optionType === "call" ? "C" : "P"}`;
}
