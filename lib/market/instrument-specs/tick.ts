import type { TickRule } from "./types";

/**
 * Prices rounded to an instrument's tick, for display (the stored price stays exact).
 *
 * MarginLab's prices are in USD. A tick in coins (Deribit and OKX option premiums) is applied to
 * the premium in coins — the USD price divided by the index — and the result is converted back at
 * the same index: `round(P / S / tick) × tick × S`. The index is the one the app displays (the
 * snapshot's spot of the underlying).
 *
 * @packageDocumentation
 */

/** Relative tolerance when a price sits exactly on a band edge after division. */
const BAND_EDGE_REL_TOL = 1e-12;

/** Decimal places of a tick written in plain notation: 0.0005 → 4, 0.1 → 1, 5 → 0. */
export function tickDecimals(tick: number): number {
  if (!(tick > 0) || !Number.isFinite(tick)) return 0;
  for (let d = 0; d <= 12; d++) {
    const scaled = tick * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, scaled)) return d;
  }
  return 12;
}

/** The tick of the band `price` falls in: a band applies strictly above its `abovePrice` (Deribit: "> 0.005"). */
function bandTick(steps: readonly { abovePrice: number; tick: number }[], price: number): number {
  let tick = steps[0]!.tick;
  for (const s of steps) if (price > s.abovePrice * (1 + BAND_EDGE_REL_TOL)) tick = s.tick;
  return tick;
}

/** Decimals a price may have under a significant-figures rule: min(maxDecimals, sigFigs − 1 − ⌊log10 |p|⌋), at least 0. */
function significantDecimals(price: number, rule: { sigFigs: number; maxDecimals: number }): number {
  const abs = Math.abs(price);
  if (abs === 0) return 0;
  return Math.min(rule.maxDecimals, Math.max(0, rule.sigFigs - 1 - Math.floor(Math.log10(abs))));
}

const roundTo = (x: number, tick: number) => Number((Math.round(x / tick) * tick).toFixed(tickDecimals(tick)));

/**
 * A USD price rounded to the nearest tick (`indexUsd` converts a coin tick; it is ignored for USD ticks).
 *
 * @example
 * ```ts
 * roundToTick(95_432.27, { kind: "fixed", unit: "usd", steps: [{ abovePrice: 0, tick: 5 }] }, 0); // 95_430
 * // Deribit BTC option, premium $1,234.56 at an index of $100,000: 0.0123456 BTC → 0.0125 BTC → $1,250
 * ```
 */
export function roundToTick(priceUsd: number, rule: TickRule, indexUsd: number): number {
  if (!Number.isFinite(priceUsd)) return priceUsd;
  if (rule.kind === "significant") {
    const abs = Math.abs(priceUsd);
    if (abs === 0) return 0;
    // An integer price is always valid: a price ≥ 100,000 keeps all its integer digits.
    const sigRounded = Number(priceUsd.toPrecision(Math.max(rule.sigFigs, Math.floor(Math.log10(abs)) + 1)));
    return Number(sigRounded.toFixed(significantDecimals(abs, rule)));
  }
  if (rule.unit === "usd") return roundTo(priceUsd, bandTick(rule.steps, priceUsd));
  if (!(indexUsd > 0)) return priceUsd;
  const coins = priceUsd / indexUsd;
  return roundTo(coins, bandTick(rule.steps, coins)) * indexUsd;
}

/**
 * A USD price rounded to the tick and written with the tick's decimals (a coin tick, converted to
 * USD, is written to the cent), in plain notation without thousands separators.
 *
 * @example
 * ```ts
 * formatAtTick(95_432.27, { kind: "fixed", unit: "usd", steps: [{ abovePrice: 0, tick: 0.1 }] }, 0); // "95432.3"
 * ```
 */
export function formatAtTick(priceUsd: number, rule: TickRule, indexUsd: number): string {
  const rounded = roundToTick(priceUsd, rule, indexUsd);
  if (!Number.isFinite(rounded)) return "—";
  if (rule.kind === "significant") return rounded.toFixed(significantDecimals(rounded, rule));
  return rounded.toFixed(rule.unit === "coin" ? 2 : tickDecimals(bandTick(rule.steps, rounded)));
}
