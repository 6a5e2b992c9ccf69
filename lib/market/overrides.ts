import { z } from "zod";
import { MAX_SPOT_USD, VOL_SHIFT_PTS } from "./limits";
import { applyScenario, NO_SCENARIO, type MarketScenario } from "./scenario";
import { UNDERLYINGS, underlyingSchema, type MarketSnapshot, type Underlying } from "./types";

/** What-if overrides of one underlying: a spot price and/or a vol shift in vol points. */
export const underlyingOverrideSchema = z.object({
  spot: z.number().positive().max(MAX_SPOT_USD).optional(),
  volShiftPts: z.number().min(VOL_SHIFT_PTS.min).max(VOL_SHIFT_PTS.max).optional(),
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
 * The snapshot with the trader's what-if overrides applied, under its own id: the same
 * {@link applyScenario} as the what-if sliders, with spot factor S′/S for a spot override S′ (the
 * perp mark, every forward and the coin collateral moving with it follow; the spot is S′ exactly)
 * and the vol shift Δ applied by the one vol rule (shiftSliceVol in ./scenario.ts: at-the-money vol + Δ
 * exactly, floored at 1 %, the rest of the smile in proportion).
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
  const moves: MarketScenario["moves"] = {};
  for (const { u, spot, volShiftPts } of active) moves[u] = { spotFactor: spot !== undefined ? spot / base.underlyings[u].spot : 1, volShiftPts: volShiftPts ?? 0 };
  const moved = applyScenario(base, { ...NO_SCENARIO, moves });
  // An overridden spot is the trader's number exactly (S·(S′/S) can differ from S′ in the last bit).
  const underlyings = { ...moved.underlyings };
  for (const { u, spot } of active) if (spot !== undefined) underlyings[u] = { ...underlyings[u], spot };
  const key = active.map(({ u, spot, volShiftPts }) => [spot !== undefined ? `${u}:spot=${spot}` : null, volShiftPts !== undefined ? `${u}:vol=${volShiftPts}` : null].filter(Boolean).join(",")).join(",");
  return { ...moved, underlyings, id: `${base.id}~what-if(${key})`, label: `${base.label} + what-if (${describeOverrides(overrides)})` };
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
