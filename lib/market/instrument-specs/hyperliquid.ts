import type { InstrumentSpec } from "./types";

/**
 * Hyperliquid instrument specifications (perpetuals only).
 *
 * Rules (https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/tick-and-lot-size, as
 * restated at https://docs.chainstack.com/docs/hyperliquid-order-precision): a size has at most the
 * asset's `szDecimals` decimals; a perpetual's price at most 5 significant figures and at most
 * 6 − szDecimals decimals (an integer price is always valid). BTC's szDecimals is 5 (Chainstack's
 * guide: "BTC requires 5 decimal places"), so the BTC size step is 0.00001 BTC and a BTC price has
 * at most 1 decimal.
 *
 * Not found (null): ETH and SOL szDecimals, minimum and maximum sizes.
 *
 * @packageDocumentation
 */
const RULES = "https://docs.chainstack.com/docs/hyperliquid-order-precision";

export const HYPERLIQUID_SPECS: readonly InstrumentSpec[] = [
  {
    venue: "hyperliquid",
    kind: "perp",
    underlying: "BTC",
    tick: { value: { kind: "significant", sigFigs: 5, maxDecimals: 1 }, source: RULES },
    minSize: null,
    sizeStep: { value: { amount: 0.00001, unit: "coin" }, source: RULES },
    maxOrder: null,
    maxPosition: null,
  },
];
