/**
 * The calm / normal / stressed label of a volatility forecast: where today's forecast sits among
 * the model's own conditional variances over the look-back (its empirical percentile).
 *
 * Thresholds (a MarginLab convention, the quartiles): below the 25th percentile "calm", above the
 * 75th "stressed", in between "normal".
 *
 * @packageDocumentation
 */

export type RegimeLabel = "calm" | "normal" | "stressed";

/** Percentile (fraction) below which the forecast is "calm". */
export const CALM_BELOW = 0.25;
/** Percentile (fraction) above which the forecast is "stressed". */
export const STRESSED_ABOVE = 0.75;

/**
 * Empirical percentile of `value` among `sample`: the fraction of the sample strictly below it plus
 * half the fraction equal to it (the mid-rank convention), in [0, 1]; 0.5 for an empty sample.
 *
 * @example
 * ```ts
 * percentileOf(3, [1, 2, 3, 4]); // (2 + 0.5)/4 = 0.625
 * ```
 */
export function percentileOf(value: number, sample: ArrayLike<number>): number {
  const n = sample.length;
  if (n === 0) return 0.5;
  let below = 0;
  let equal = 0;
  for (let i = 0; i < n; i++) {
    if (sample[i]! < value) below++;
    else if (sample[i]! === value) equal++;
  }
  return (below + equal / 2) / n;
}

/** The label of a percentile. */
export function regimeOf(percentile: number): RegimeLabel {
  return percentile < CALM_BELOW ? "calm" : percentile > STRESSED_ABOVE ? "stressed" : "normal";
}
