import type { InstrumentSpec, Sourced, SizeValue, TickRule } from "./types";

/**
 * Deribit instrument specifications.
 *
 * Sources:
 * - option tick: 0.0001 BTC/ETH up to a premium of 0.0050, 0.0005 above (on-screen order book,
 *   since 6 July 2023): https://support.deribit.com/hc/en-us/articles/25944779257373-6-July-2023-TS
 * - option minimum: `min_trade_amount: 0.1` and `contract_size: 1` for BTC-13JAN23-16000-P in the
 *   documented `public/get_instrument` response:
 *   https://deribit-upcoming.mintlify.app/api-reference/market-data/public-get_instrument
 * - perpetual and futures: contract size US $10 (inverse, size in USD), minimum price change
 *   US $0.01: https://www.deribit.com/docs/contract-specifications/ (an early page; labelled).
 *
 * Not found in a published source (null, not checked): ETH option minimum, SOL (USDC linear)
 * instruments, ETH perpetual specifications, maximum order and position sizes.
 *
 * @packageDocumentation
 */

const OPTION_TICK: Sourced<TickRule> = {
  value: {
    kind: "fixed",
    unit: "coin",
    steps: [
      { abovePrice: 0, tick: 0.0001 },
      { abovePrice: 0.005, tick: 0.0005 },
    ],
  },
  source: "https://support.deribit.com/hc/en-us/articles/25944779257373-6-July-2023-TS",
};
const GET_INSTRUMENT = "https://deribit-upcoming.mintlify.app/api-reference/market-data/public-get_instrument";
const BTC_OPTION_MIN: Sourced<SizeValue> = { value: { amount: 0.1, unit: "coin" }, source: GET_INSTRUMENT };
const BTC_OPTION_STEP: Sourced<SizeValue> = {
  value: { amount: 0.1, unit: "coin" },
  source: GET_INSTRUMENT,
  assumption: "size step taken equal to min_trade_amount (0.1 BTC); the documented field names only the minimum",
};
const CONTRACT_SPECS = "https://www.deribit.com/docs/contract-specifications/";
const STALE = "from Deribit's early contract-specification page; the current value may differ";
const INVERSE_TICK: Sourced<TickRule> = { value: { kind: "fixed", unit: "usd", steps: [{ abovePrice: 0, tick: 0.01 }] }, source: CONTRACT_SPECS, assumption: STALE };
const INVERSE_CONTRACT: Sourced<SizeValue> = { value: { amount: 10, unit: "usd" }, source: CONTRACT_SPECS, assumption: `contract size US $10 taken as the minimum and the step; ${STALE}` };

export const DERIBIT_SPECS: readonly InstrumentSpec[] = [
  { venue: "deribit", kind: "option", underlying: "BTC", tick: OPTION_TICK, minSize: BTC_OPTION_MIN, sizeStep: BTC_OPTION_STEP, maxOrder: null, maxPosition: null },
  { venue: "deribit", kind: "option", underlying: "ETH", tick: OPTION_TICK, minSize: null, sizeStep: null, maxOrder: null, maxPosition: null },
  { venue: "deribit", kind: "perp", underlying: "BTC", tick: INVERSE_TICK, minSize: INVERSE_CONTRACT, sizeStep: INVERSE_CONTRACT, maxOrder: null, maxPosition: null },
  { venue: "deribit", kind: "future", underlying: "BTC", tick: INVERSE_TICK, minSize: INVERSE_CONTRACT, sizeStep: INVERSE_CONTRACT, maxOrder: null, maxPosition: null },
];
