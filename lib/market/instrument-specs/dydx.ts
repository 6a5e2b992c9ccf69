import type { InstrumentSpec } from "./types";

/**
 * dYdX v4: each market's `tickSize` and `stepSize` are fields of the indexer's perpetual market
 * (https://docs.dydx.xyz/types/perpetual_market), set per market on chain; no published page states
 * the values for BTC-USD, ETH-USD or SOL-USD, so none is checked (ASSUMPTION: any size).
 *
 * @packageDocumentation
 */
export const DYDX_SPECS: readonly InstrumentSpec[] = [];

/** Where dYdX's specifications are published (per market, by the indexer). */
export const DYDX_SPEC_SOURCE = "https://docs.dydx.xyz/types/perpetual_market";
