import { z } from "zod";
import { LruMap } from "@/lib/quant/lru-map";
import { sviTotalVariance, type SviParams } from "@/lib/quant/svi";
import { COLLATERAL_VOL_MULTIPLIER, DAYS_FORWARD, MIN_SHIFTED_ATM_VOL, SPOT_FACTOR, VOL_SHIFT_PTS } from "./limits";
import { yearsBetween } from "./snapshot";
import { COLLATERAL_ASSETS, COLLATERAL_UNDERLYING, UNDERLYINGS, underlyingSchema, type MarketSnapshot, type Underlying, type UnderlyingMarket } from "./types";

/**
 * The one market-scenario vocabulary of MarginLab. Every model (isolated, cross, portfolio, Derive
 * standard), every analysis (liquidation, charts, comparisons, offsets), the what-if sliders and the
 * market overrides move the market through {@link applyScenario} and nothing else.
 *
 * @packageDocumentation
 */

/** A move of one underlying: spot ×factor and an implied-vol shift at the money (vol points). */
export interface UnderlyingMove {
  spotFactor: number;
  volShiftPts: number;
}

/** A market scenario: per-underlying moves, time passing, and the collateral-volatility multiplier. */
export interface MarketScenario {
  /** absent underlyings do not move */
  moves: Partial<Record<Underlying, UnderlyingMove>>;
  /** calendar days forward (options decay, forwards roll, expired contracts settle) */
  daysForward: number;
  /** "collateral volatility ×k" for dynamic haircuts (1 = as observed) */
  collateralVolMultiplier: number;
}

export const NO_MOVE: UnderlyingMove = { spotFactor: 1, volShiftPts: 0 };
export const NO_SCENARIO: MarketScenario = { moves: {}, daysForward: 0, collateralVolMultiplier: 1 };

export const underlyingMoveSchema = z.object({
  spotFactor: z.number().min(SPOT_FACTOR.min).max(SPOT_FACTOR.max),
  volShiftPts: z.number().min(VOL_SHIFT_PTS.min).max(VOL_SHIFT_PTS.max),
});

export const marketScenarioSchema = z.object({
  moves: z.partialRecord(underlyingSchema, underlyingMoveSchema),
  daysForward: z.number().min(DAYS_FORWARD.min).max(DAYS_FORWARD.max),
  collateralVolMultiplier: z.number().min(COLLATERAL_VOL_MULTIPLIER.min).max(COLLATERAL_VOL_MULTIPLIER.max),
});

const MS_PER_DAY = 24 * 3600 * 1000;
/** Raw SVI's wing-slope bound (Rogers–Tehranchi), kept when a smile is scaled up. */
const MAX_WING_SLOPE = 4;

/** The move of `u` in a scenario (no move when absent). */
export function moveOf(scenario: MarketScenario, u: Underlying): UnderlyingMove {
  return scenario.moves[u] ?? NO_MOVE;
}

/**
 * The scenario with the spot of `target` (one underlying, or "all") multiplied by `factor` on top
 * of its own moves — the one place where "scale every spot by f" is written.
 *
 * @example
 * ```ts
 * withSpotFactor(NO_SCENARIO, "all", 0.8).moves.ETH; // { spotFactor: 0.8, volShiftPts: 0 }
 * ```
 */
export function withSpotFactor(scenario: MarketScenario, target: Underlying | "all", factor: number): MarketScenario {
  const moves: Partial<Record<Underlying, UnderlyingMove>> = { ...scenario.moves };
  for (const u of UNDERLYINGS) {
    if (target !== "all" && target !== u) continue;
    const m = moveOf(scenario, u);
    moves[u] = { ...m, spotFactor: m.spotFactor * factor };
  }
  return { ...scenario, moves };
}

/**
 * The vol rule, used everywhere: a shift of Δ vol points moves the slice's at-the-money implied
 * vol (k = 0) by exactly Δ, and every other strike in proportion — σ′(k) = c·σ(k) with
 * c = (σ_atm + Δ)/σ_atm, i.e. raw SVI's a and b scale by c² (w′ = c²·w), so the shifted smile is
 * again an SVI slice with the same shape (ρ, m, σ). The shifted ATM vol is floored at
 * {@link MIN_SHIFTED_ATM_VOL}, and c² stops where raw SVI's wing-slope bound b·(1+|ρ|) ≤ 4 would
 * break (only for extreme upward shifts: on the sample data, above +226 vol points on SOL's
 * longest expiry); the ATM vol then rises less than Δ. A slice with no positive ATM variance is
 * left as it is.
 *
 * @param svi - the slice
 * @param years - its time to expiry (> 0)
 * @param volShiftPts - Δ in vol points
 * @returns the shifted slice
 *
 * @example
 * ```ts
 * // σ_atm = √(0.04/1) = 20 %; +5 pts → c = 1.25, a and b × 1.5625
 * shiftSliceVol({ a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1 }, 1, 5).a; // 0.0625
 * ```
 */
export function shiftSliceVol(svi: SviParams, years: number, volShiftPts: number): SviParams {
  if (volShiftPts === 0 || !(years > 0)) return svi;
  const w = sviTotalVariance(svi, 0);
  if (!(w > 0)) return svi;
  const atm = Math.sqrt(w / years);
  const c = Math.max(atm + volShiftPts / 100, MIN_SHIFTED_ATM_VOL) / atm;
  const slope = svi.b * (1 + Math.abs(svi.rho));
  const scale = Math.min(c * c, slope > 0 ? MAX_WING_SLOPE / slope : Infinity);
  return { ...svi, a: svi.a * scale, b: svi.b * scale };
}

/** Moved underlying markets kept (most recent last), so that the same move of the same market is the same object. */
const MOVED_MEMO_ENTRIES = 4_096;
const MOVED_MEMO = new LruMap<string, UnderlyingMarket>(MOVED_MEMO_ENTRIES);
/** A small id per underlying-market object seen (the memo's keys name their base market by it). */
const MARKET_IDS = new WeakMap<UnderlyingMarket, number>();
let nextMarketId = 1;

/**
 * The id of an underlying-market object: the same object always has the same id, two objects never
 * share one. Caches of per-underlying results key on it (markets are never changed in place).
 */
export function underlyingMarketId(m: UnderlyingMarket): number {
  let id = MARKET_IDS.get(m);
  if (id === undefined) {
    id = nextMarketId++;
    MARKET_IDS.set(m, id);
  }
  return id;
}

/**
 * One underlying's market after a spot factor, a vol shift and days forward (the three steps of
 * {@link applyScenario}). Remembered: the same move of the same market object returns the same
 * object, so a liquidation search or chart that visits the same spot factor again — the search
 * along one underlying and the search of all together, or the next edit's search along an
 * underlying the edit did not touch — lets caches keyed on the market object reuse their results
 * (identical figures: the object is the one computed the first time).
 */
function movedUnderlying(m: UnderlyingMarket, asOf: string, spotFactor: number, volShiftPts: number, days: number): UnderlyingMarket {
  const key = `${underlyingMarketId(m)}|${asOf}|${spotFactor}|${volShiftPts}|${days}`;
  const hit = MOVED_MEMO.get(key);
  if (hit) return hit;
  const spot = m.spot * spotFactor;
  const moved: UnderlyingMarket = {
    ...m,
    spot,
    perpMark: m.perpMark * spotFactor,
    expiries: m.expiries.map((e) => {
      const T = yearsBetween(asOf, e.expiryIso);
      const T1 = T - days / 365;
      let svi = e.svi;
      let forward: number;
      if (days === 0 || !(T > 0)) forward = e.forward * spotFactor;
      else if (!(T1 > 0))
        forward = spot; // expired: settles at spot
      else {
        forward = spot * Math.pow(e.forward / m.spot, T1 / T);
        svi = { ...svi, a: svi.a * (T1 / T), b: svi.b * (T1 / T) };
      }
      if (T1 > 0) svi = shiftSliceVol(svi, T1, volShiftPts);
      return { ...e, forward, svi };
    }),
  };
  MOVED_MEMO.set(key, moved);
  return moved;
}

/**
 * The snapshot as it is under a scenario, in this order:
 * 1. **time**: "as of" moves `daysForward` days; every expiry keeps the implied vol of each
 *    log-moneyness (total variance × T′/T) and its forward rolls along its own basis,
 *    F′ = S·(F/S)^{T′/T} (= S·e^{basis·T′}); an expired forward is the spot (it settles);
 * 2. **vol**: each live expiry's slice is shifted by the underlying's `volShiftPts` with
 *    {@link shiftSliceVol} (exact at the money, proportional elsewhere);
 * 3. **spot**: spot, perp mark, every forward and the collateral that moves with the underlying
 *    (BTC, ETH, SOL, and wstETH with ETH) scale by `spotFactor`; smiles stay on moneyness
 *    (k = ln(K/F) moves with F).
 * The id and label are the snapshot's own (callers that publish a scenario snapshot give it an id).
 * The neutral scenario returns the snapshot itself.
 *
 * @example
 * ```ts
 * applyScenario(SAMPLE_SNAPSHOT, { ...NO_SCENARIO, moves: { BTC: { spotFactor: 0.9, volShiftPts: 0 } } }).underlyings.BTC.spot; // 0.9 × the sample's BTC spot
 * ```
 */
export function applyScenario(snapshot: MarketSnapshot, scenario: MarketScenario): MarketSnapshot {
  const days = scenario.daysForward;
  const moving = UNDERLYINGS.filter((u) => {
    const m = moveOf(scenario, u);
    return m.spotFactor !== 1 || m.volShiftPts !== 0;
  });
  if (days === 0 && moving.length === 0) return snapshot;
  const asOf = days === 0 ? snapshot.asOf : new Date(Date.parse(snapshot.asOf) + days * MS_PER_DAY).toISOString();
  const underlyings = { ...snapshot.underlyings };
  for (const u of UNDERLYINGS) {
    const { spotFactor, volShiftPts } = moveOf(scenario, u);
    if (days === 0 && spotFactor === 1 && volShiftPts === 0) continue;
    underlyings[u] = movedUnderlying(snapshot.underlyings[u], snapshot.asOf, spotFactor, volShiftPts, days);
  }
  const collateralPrices = { ...snapshot.collateralPrices };
  for (const a of COLLATERAL_ASSETS) {
    const u = COLLATERAL_UNDERLYING[a];
    if (u) collateralPrices[a] = snapshot.collateralPrices[a] * moveOf(scenario, u).spotFactor;
  }
  return { ...snapshot, asOf, underlyings, collateralPrices };
}
