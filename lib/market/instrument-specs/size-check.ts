import type { InstrumentSpec, Sourced, SizeValue } from "./types";
import { SPEC_VENUE_NAMES } from "./types";

/**
 * A size checked against a venue's published minimum, size step, maximum order and maximum
 * position. Sizes are signed coins; limits apply to the absolute size. A limit stated in USD
 * (Deribit's inverse contracts) is turned into coins at `indexUsd`; a USD size step is not checked
 * in coins (a coin size converted from USD is rarely an exact multiple), and the check says so.
 *
 * @packageDocumentation
 */

/** Relative tolerance of the size-step check (sizes typed in decimal are not exact in binary). */
export const SIZE_STEP_REL_TOL = 1e-9;

export type SizeCheck = { ok: true; notes: string[] } | { ok: false; reason: string; source: string; limit: "min" | "step" | "max-order" | "max-position" };

const fmt = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 8 });

function inCoins(v: SizeValue, indexUsd: number): number | null {
  if (v.unit === "coin") return v.amount;
  return indexUsd > 0 ? v.amount / indexUsd : null;
}

function describe(v: Sourced<SizeValue>, underlying: string, indexUsd: number): string {
  const s = v.value.unit === "coin" ? `${fmt(v.value.amount)} ${underlying}` : `US $${fmt(v.value.amount)} (${fmt(v.value.amount / indexUsd)} ${underlying} at the index)`;
  return v.assumption ? `${s} — ASSUMPTION: ${v.assumption}` : s;
}

/**
 * Checks a size against a venue's specification (null: no published specification, nothing to
 * check). Refusals name the venue, the limit and its figure; the source URL comes with them.
 *
 * @example
 * ```ts
 * checkSize(instrumentSpec("bybit", "option", "BTC"), 150, 100_000);
 * // { ok: false, limit: "max-order", reason: "150 BTC is beyond Bybit's maximum order of 100 BTC for BTC options", source: "https://help.bybit.com/…" }
 * ```
 */
export function checkSize(spec: InstrumentSpec | null, sizeCoins: number, indexUsd: number): SizeCheck {
  if (!spec) return { ok: true, notes: [] };
  const venue = SPEC_VENUE_NAMES[spec.venue];
  const what = `${spec.underlying} ${spec.kind === "option" ? "options" : spec.kind === "perp" ? "perpetuals" : "futures"}`;
  const abs = Math.abs(sizeCoins);
  const notes: string[] = [];
  const tol = (x: number) => SIZE_STEP_REL_TOL * Math.max(1, Math.abs(x));
  if (spec.minSize) {
    const min = inCoins(spec.minSize.value, indexUsd);
    if (min !== null && abs + tol(min) < min) {
      return { ok: false, limit: "min", source: spec.minSize.source, reason: `${fmt(abs)} ${spec.underlying} is below ${venue}'s minimum order of ${describe(spec.minSize, spec.underlying, indexUsd)} for ${what}` };
    }
  }
  if (spec.sizeStep) {
    const step = spec.sizeStep.value;
    if (step.unit === "usd") notes.push(`${venue}'s size step is US $${fmt(step.amount)}: not checked on a size in coins`);
    else {
      const r = abs / step.amount;
      if (Math.abs(r - Math.round(r)) > tol(r)) {
        return {
          ok: false,
          limit: "step",
          source: spec.sizeStep.source,
          reason: `${fmt(abs)} ${spec.underlying} is not a multiple of ${venue}'s size step of ${describe(spec.sizeStep, spec.underlying, indexUsd)} for ${what}`,
        };
      }
    }
  }
  for (const [limit, v, label] of [
    ["max-order", spec.maxOrder, "maximum order"],
    ["max-position", spec.maxPosition, "maximum position"],
  ] as const) {
    if (!v) continue;
    const max = inCoins(v.value, indexUsd);
    if (max !== null && abs > max + tol(max))
      return { ok: false, limit, source: v.source, reason: `${fmt(abs)} ${spec.underlying} is beyond ${venue}'s ${label} of ${describe(v, spec.underlying, indexUsd)} for ${what}` };
  }
  return { ok: true, notes };
}
