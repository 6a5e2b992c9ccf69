import { erfc } from "@/lib/quant/normal";
import type { KupiecResult } from "./types";

/** χ²(1) 95 % critical value (any χ² table, e.g. NIST/SEMATECH e-Handbook §1.3.6.7.4: 3.841). */
export const CHI2_1_95 = 3.841458820694124;

/** x·ln(y) with 0·ln 0 = 0. */
function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

/**
 * Kupiec (1995) proportion-of-failures test: T days, x exceedances of a VaR at coverage p = 1 − α.
 * LR = −2·ln[(1−p)^(T−x)·p^x] + 2·ln[(1−x/T)^(T−x)·(x/T)^x] ~ χ²(1) under a correct model;
 * p-value = P(χ²(1) > LR) = erfc(√(LR/2)).
 *
 * @example
 * ```ts
 * kupiec(250, 2.5, 0.01); // expected count: LR = 0, p-value 1 (x need not be an integer here)
 * ```
 */
export function kupiec(observations: number, exceedances: number, p: number): KupiecResult {
  const T = observations;
  const x = exceedances;
  const lr = Math.max(0, -2 * (xlogy(T - x, 1 - p) + xlogy(x, p)) + 2 * (xlogy(T - x, 1 - x / T) + xlogy(x, x / T)));
  const pValue = erfc(Math.sqrt(lr / 2));
  return { observations: T, exceedances: x, expected: T * p, lr, pValue, rejected: lr > CHI2_1_95 };
}
