/**
 * Pure numeric layer of MarginLab: normal distribution, Black-76, SVI smiles, root finding.
 * No React, DOM or I/O here.
 *
 * @example
 * ```ts
 * import { black76Price, sviImpliedVol } from "@/lib/quant";
 * const vol = sviImpliedVol({ a: 0.04, b: 0.4, rho: -0.4, m: 0.05, sigma: 0.1 }, 0, 0.5);
 * const px = black76Price(100, 100, 0.5, vol, 0.03, true);
 * ```
 *
 * @packageDocumentation
 */
export * from "./precision";
export * from "./normal";
export * from "./black76";
export * from "./svi";
export * from "./root";
