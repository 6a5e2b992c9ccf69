import { z } from "zod";
import { sviImpliedVol } from "@/lib/quant/svi";
import { yearsBetween } from "./snapshot";
import { UNDERLYINGS, underlyingSchema, type MarketSnapshot, type Underlying } from "./types";

/** Largest vol shift a trader can enter, in vol points (either way). */
export const VOL_SHIFT_LIMIT_PTS = 100;
/** A downward shift never takes an expiry's ATM vol below 1 %. */
export const MIN_SHIFTED_ATM_VOL = 0.01;
/** Raw SVI's wing-slope bound, kept when a smile is scaled up (b(1+|ρ|) ≤ 4). */
const SLOPE_LIMIT = 4;

/** What-if overrides of one underlying: a spot price and/or a vol shift in vol points. */
export const underlyingOverrideSchema = z.object({
  spot: z.number().positive().max(1e9).optional(),
  volShiftPts: z.number().min(-VOL_SHIFT_LIMIT_PTS).max(VOL_SHIFT_LIMIT_PTS).optional(),
});
export type UnderlyingOverride = z.infer<typeof underlyingOverrideSchema>;

export const marketOverridesSchema = z.partialRecord(underlyingSchema, underlyingOverrideSchema);
export type MarketOverrides = z.infer<typeof marketOverridesSchema>;

/** The overrides that change something, in a fixed order (for ids and labels). */
function activeOverrides(overrides: MarketOverrides): { u: Underlying; spot?: number; volShiftPts?: number }[] {
  return UNDERLYINGS.flatMap((u) => {
    const o = overrides[u];
    const spot = o?.spot;
    const vol = o?.volShiftPts !== undefined && o.volShiftPts !== 0 ? o.volShiftPts : undefined;
    return spot !== undefined || vol !== undefined ? [{ u, spot, volShiftPts: vol }] : [];
  });
}

/**
 * A short description of the active overrides ("BTC spot 100,000; ETH vol +5 pts"), or "" when none.
 *
 * @example
 * ```ts
 * describeOverrides({ ETH: { volShiftPts: -3 } }); // "ETH vol −3 pts"
 * ```
 */
export function describeOverrides(overrides: MarketOverrides): string {
  return activeOverrides(overrides)
    .map(({ u, spot, volShiftPts }) =>
      [spot !== undefined ? `${u} spot ${spot.toLocaleString("en-US", { maximumFractionDigits: 8 })}` : null, volShiftPts !== undefined ? `${u} vol ${volShiftPts > 0 ? "+" : "−"}${Math.abs(volShiftPts)} pts` : null]
        .filter(Boolean)
        .join(", "),
    )
    .join("; ");
}

/**
 * The snapshot with the trader's what-if overrides applied, under its own id.
 *
 * - Spot override S′ of an underlying: spot = S′; the perp mark, every forward and the coin
 *   collateral that moves with it (wstETH with ETH) scale by S′/S, so basis and funding are kept
 *   and smiles stay on moneyness (k = ln(K/F) moves with F).
 * - Vol shift Δ (vol points): each expiry's smile is scaled in total variance (a, b × λ) so that
 *   its at-the-money vol moves by exactly Δ (floored at MIN_SHIFTED_ATM_VOL); the wings move in
 *   proportion. λ is capped where the wing-slope bound b(1+|ρ|) ≤ 4 would break.
 *
 * Without active overrides the snapshot itself is returned (same id).
 *
 * @param base - the snapshot to start from (live, pinned or sample)
 * @param overrides - per-underlying spot and vol shift
 * @returns a new snapshot with id `${base.id}~what-if(…)` and a label that says so
 *
 * @example
 * ```ts
 * const s = applyOverrides(SAMPLE_SNAPSHOT, { BTC: { spot: 100_000 } });
 * s.underlyings.BTC.spot; // 100000
 * s.id; // "sample-2026-11-20~what-if(BTC:spot=100000)"
 * ```
 */
export function applyOverrides(base: MarketSnapshot, overrides: MarketOverrides): MarketSnapshot {
  const active = activeOverrides(overrides);
  if (active.length === 0) return base;
  const underlyings = { ...base.underlyings };
  const collateralPrices = { ...base.collateralPrices };
  for (const { u, spot, volShiftPts } of active) {
    const m = base.underlyings[u];
    const f = spot !== undefined ? spot / m.spot : 1;
    underlyings[u] = {
      ...m,
      spot: spot ?? m.spot,
      perpMark: m.perpMark * f,
      expiries: m.expiries.map((e) => {
        let svi = e.svi;
        const years = yearsBetween(base.asOf, e.expiryIso);
        if (volShiftPts !== undefined && years > 0) {
          const atm = sviImpliedVol(e.svi, 0, years);
          if (atm > 0) {
            const target = Math.max(atm + volShiftPts / 100, MIN_SHIFTED_ATM_VOL);
            const slope = e.svi.b * (1 + Math.abs(e.svi.rho));
            const lambda = Math.min((target / atm) ** 2, slope > 0 ? SLOPE_LIMIT / slope : Infinity);
            svi = { ...e.svi, a: e.svi.a * lambda, b: e.svi.b * lambda };
          }
        }
        return { ...e, forward: e.forward * f, svi };
      }),
    };
    if (spot !== undefined) {
      collateralPrices[u] = collateralPrices[u] * f;
      if (u === "ETH") collateralPrices.wstETH = collateralPrices.wstETH * f;
    }
  }
  const key = active.map(({ u, spot, volShiftPts }) => [spot !== undefined ? `${u}:spot=${spot}` : null, volShiftPts !== undefined ? `${u}:vol=${volShiftPts}` : null].filter(Boolean).join(",")).join(",");
  return { ...base, id: `${base.id}~what-if(${key})`, label: `${base.label} + what-if (${describeOverrides(overrides)})`, underlyings, collateralPrices };
}

/** Id prefix of a pinned snapshot. */
export const PINNED_PREFIX = "pinned:";

/**
 * A pinned copy of a snapshot: same numbers, its own id (so results computed on it are keyed
 * apart from the moving live data), label marked "pinned".
 *
 * @example
 * ```ts
 * pinSnapshot(live).id; // "pinned:live-20261124T075500Z-3ce50433"
 * ```
 */
export function pinSnapshot(s: MarketSnapshot): MarketSnapshot {
  if (s.id.startsWith(PINNED_PREFIX)) return s;
  return { ...s, id: `${PINNED_PREFIX}${s.id}`, label: `${s.label} — pinned` };
}
