import type { InstrumentSpec } from "./types";

/**
 * Derive: `tick_size`, `minimum_amount`, `amount_step` and `maximum_amount` are fields of each
 * instrument in `public/get_instrument` (https://docs.derive.xyz/docs/institutional-trading-rewards-program-1
 * documents the method); no published page states the values for BTC, ETH or SOL, so none is
 * checked (ASSUMPTION: any size).
 *
 * @packageDocumentation
 */
export const DERIVE_SPECS: readonly InstrumentSpec[] = [];

/** Where Derive's specifications are published (per instrument, by the API). */
export const DERIVE_SPEC_SOURCE = "https://docs.derive.xyz/docs/institutional-trading-rewards-program-1";
