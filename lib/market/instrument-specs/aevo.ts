import type { InstrumentSpec } from "./types";

/**
 * Aevo instrument specifications.
 *
 * Source: ETH options tick $0.01 (minimum order value 0.01 USDC, not a size, so not checked here):
 * https://docs.aevo.xyz/aevo-products/aevo-exchange/trading-on-aevo/options-specifications/eth-options
 *
 * Not found (null): BTC options, perpetuals, sizes.
 *
 * @packageDocumentation
 */
export const AEVO_SPECS: readonly InstrumentSpec[] = [
  {
    venue: "aevo",
    kind: "option",
    underlying: "ETH",
    tick: { value: { kind: "fixed", unit: "usd", steps: [{ abovePrice: 0, tick: 0.01 }] }, source: "https://docs.aevo.xyz/aevo-products/aevo-exchange/trading-on-aevo/options-specifications/eth-options" },
    minSize: null,
    sizeStep: null,
    maxOrder: null,
    maxPosition: null,
  },
];
