import { black76, intrinsic } from "@/lib/quant/black76";
import { b76PriceLog } from "@/lib/quant/black76-batch";
import { normPdf } from "@/lib/quant/normal";
import { sviImpliedVol, sviVolDerivatives, type SviParams } from "@/lib/quant/svi";
import { DAYS_PER_YEAR } from "@/lib/quant/precision";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import { findExpiry, yearsBetween } from "@/lib/market/snapshot";
import type { Position } from "@/lib/workspace/schema";

/**
 * Revaluation of one position on a (scenario) snapshot, and its Greeks as the derivatives of that
 * same revaluation.
 *
 * The revaluation is the one of lib/market/scenario.ts seen from a single position: under a spot
 * factor f the spot, the perp mark and the forward scale by f and the smile stays on moneyness
 * (implied vol = the expiry's SVI vol at k = ln(K/F′)); time passing rolls the forward along its
 * basis and keeps each moneyness's vol; expired contracts settle at spot (futures) or intrinsic
 * (options). `valuePosition(prepare(p, applyScenario(s, sc)), 1)` equals the value on the moved
 * snapshot by construction; the property tests check it.
 *
 * @packageDocumentation
 */

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
  /** the slice's at-the-money vol (options; the vega convention's reference) */
  atmVol: number;
  /** e^{−rate·years0} and √years0, fixed for the position (scans reuse them) */
  discount0: number;
  sqrtYears0: number;
  strike: number;
  isCall: boolean;
}

/** Revaluation of one position (per coin). */
export interface Valuation {
  spot: number;
  mark: number;
  iv: number | null;
  years: number | null;
}

/**
 * Greeks per coin, each the derivative of {@link valuePosition}'s revaluation:
 * delta = dV/dS, gamma = d²V/dS² (spot move with F/S fixed, smile on moneyness), vega = dV per +1
 * vol point of the scenario vol shift (ATM +1 pt, every strike in proportion σ(k)/σ_atm), theta =
 * V one calendar day later (forward rolled along its basis, same roll as "days forward") − V now.
 */
export interface PositionGreeks {
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
  if (position.kind === "perp") {
    return prepared(position, market.spot, market.perpMark, 0, 0, 0, null, 0, 1, 0, 0, true);
  }
  const expiry = findExpiry(snapshot, position.underlying, position.expiry);
  if (!expiry) return `${position.underlying} expiry ${position.expiry} is not in the market snapshot`;
  const years0 = yearsBetween(snapshot.asOf, expiry.expiryIso);
  const basis = years0 > 0 ? Math.log(expiry.forward / market.spot) / years0 : 0;
  const isOption = position.kind === "option";
  return prepared(
    position,
    market.spot,
    expiry.forward,
    years0,
    expiry.rate,
    basis,
    isOption ? sviCopy(expiry.svi) : null,
    isOption ? sviImpliedVol(expiry.svi, 0, years0) : 0,
    Math.exp(-expiry.rate * Math.max(years0, 0)),
    Math.sqrt(Math.max(years0, 0)),
    isOption ? position.strike : 0,
    isOption ? position.optionType === "call" : true,
  );
}

/**
 * A prepared position built in one place with its fields always in the same order, so every
 * prepared position shares one object shape and the scans' property reads stay monomorphic.
 */
function prepared(
  position: Position,
  spot0: number,
  ref0: number,
  years0: number,
  rate: number,
  basis: number,
  svi: SviParams | null,
  atmVol: number,
  discount0: number,
  sqrtYears0: number,
  strike: number,
  isCall: boolean,
): PreparedPosition {
  return { position, underlying: position.underlying, size: position.size, spot0, ref0, years0, rate, basis, svi, atmVol, discount0, sqrtYears0, strike, isCall };
}

/**
 * The same SVI parameters in a fresh plain object of one shape. Reading the snapshot's own slice
 * objects in the scans' hot loop measured ~4× slower (log + SVI: ~380 vs ~100 ns a call on the
 * sample snapshot, scripts/profile-cross.ts) than reading uniform copies; the numbers are the same.
 */
const sviCopy = (s: SviParams): SviParams => ({ a: s.a, b: s.b, rho: s.rho, m: s.m, sigma: s.sigma });

/** Years to expiry `days` calendar days after the snapshot. */
const yearsAfter = (p: PreparedPosition, days: number) => (days === 0 ? p.years0 : p.years0 - days / DAYS_PER_YEAR);

/** The forward `days` later with the spot ×f: F·f now, rolled along the basis later. */
const forwardAt = (p: PreparedPosition, spotFactor: number, days: number, years: number) => (days === 0 ? p.ref0 * spotFactor : p.spot0 * spotFactor * Math.exp(p.basis * years));

/** Sticky moneyness: the slice's vol at k = ln(K/F) (its own maturity keeps the smile as time passes). */
const ivAt = (p: PreparedPosition, forward: number) => sviImpliedVol(p.svi as SviParams, Math.log(p.strike / forward), p.years0);

/**
 * Mark per coin `days` calendar days later (0 = now) with the spot ×`spotFactor`, as a plain number:
 * the allocation-free core of {@link valuePosition}, for scans that revalue a book many times.
 * Perps move with spot; a live future is its forward; a live option is Black-76 on the forward at
 * the slice's vol; expired contracts settle at spot (futures) or intrinsic against spot (options).
 */
export function positionMark(p: PreparedPosition, spotFactor = 1, days = 0): number {
  const kind = p.position.kind;
  if (kind === "perp") return p.ref0 * spotFactor;
  const years = yearsAfter(p, days);
  if (!(years > 0)) return kind === "future" ? p.spot0 * spotFactor : intrinsic(p.spot0 * spotFactor, p.strike, p.isCall);
  const forward = forwardAt(p, spotFactor, days, years);
  if (kind === "future") return forward;
  // The batch Black-76 kernel the portfolio-margin engine prices with (lib/quant/black76-batch.ts:
  // within 3e-14 of black76(…).price, several times faster): the hot path of every scan.
  const k = Math.log(p.strike / forward);
  const iv = sviImpliedVol(p.svi as SviParams, k, p.years0);
  const now = days === 0;
  return b76PriceLog(forward, p.strike, -k, iv * (now ? p.sqrtYears0 : Math.sqrt(years)), now ? p.discount0 : Math.exp(-p.rate * years), p.isCall);
}

/**
 * Revalues a prepared position with the underlying's spot multiplied by `spotFactor` (default 1:
 * the snapshot as it is). Perps move with spot; futures and options use F′ = F·f; options price
 * with Black-76 at the expiry's SVI vol at k = ln(K/F′). Expired contracts settle at spot /
 * intrinsic.
 */
export function valuePosition(p: PreparedPosition, spotFactor = 1): Valuation {
  const spot = p.spot0 * spotFactor;
  const mark = positionMark(p, spotFactor);
  if (p.position.kind === "perp") return { spot, mark, iv: null, years: null };
  if (!(p.years0 > 0)) return { spot, mark, iv: null, years: 0 };
  const iv = p.position.kind === "option" ? ivAt(p, forwardAt(p, spotFactor, 0, p.years0)) : null;
  return { spot, mark, iv, years: p.years0 };
}

/**
 * Greeks per coin of a prepared position (see {@link PositionGreeks}). Options use the chain rule
 * through the smile: with g = F/S, u(F) = σ(ln K − ln F), B = Black-76,
 * dV/dS = g·(B_F − B_σ·σ′/F),
 * d²V/dS² = g²·(B_FF − 2·B_Fσ·σ′/F + B_σσ·σ′²/F² + B_σ·(σ″ + σ′)/F²),
 * B_Fσ = −D·φ(d1)·d2/σ, B_σσ = B_σ·d1·d2/σ (Haug 2007, §2.2 vanna and volga).
 * `now` is the position's current valuation when the caller already has it.
 */
export function positionGreeks(p: PreparedPosition, now: Valuation = valuePosition(p)): PositionGreeks {
  const theta = positionMark(p, 1, 1) - now.mark;
  const kind = p.position.kind;
  const S = p.spot0;
  if (kind === "perp") return { delta: p.ref0 / S, gamma: 0, vega: 0, theta };
  if (!(p.years0 > 0)) {
    if (kind === "future") return { delta: 1, gamma: 0, vega: 0, theta };
    const itm = p.isCall ? S > p.strike : S < p.strike;
    return { delta: itm ? (p.isCall ? 1 : -1) : 0, gamma: 0, vega: 0, theta };
  }
  const F = p.ref0;
  const g = F / S;
  if (kind === "future") return { delta: g, gamma: 0, vega: 0, theta };
  const T = p.years0;
  const K = p.strike;
  const { vol, dVolDk, d2VolDk2 } = sviVolDerivatives(p.svi as SviParams, Math.log(K / F), T);
  const b = black76({ forward: F, strike: K, years: T, vol, rate: p.rate, isCall: p.isCall });
  const bSigma = b.vega * 100; // ∂B/∂σ per unit of vol
  let vanna = 0;
  let volga = 0;
  if (vol > 0) {
    const s = vol * Math.sqrt(T);
    const d1 = Math.log(F / K) / s + 0.5 * s;
    const d2 = d1 - s;
    vanna = (-Math.exp(-p.rate * T) * normPdf(d1) * d2) / vol;
    volga = (bSigma * d1 * d2) / vol;
  }
  const dVdF = b.delta - (bSigma * dVolDk) / F;
  const d2VdF2 = b.gamma - (2 * vanna * dVolDk) / F + (volga * dVolDk * dVolDk) / (F * F) + (bSigma * (d2VolDk2 + dVolDk)) / (F * F);
  const vega = p.atmVol > 0 ? (bSigma * vol) / p.atmVol / 100 : 0;
  return { delta: g * dVdF, gamma: g * g * d2VdF2, vega, theta };
}
