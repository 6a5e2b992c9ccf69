import type { InstrumentSpec, Sourced, SizeValue, TickRule } from "./types";

/**
 * OKX instrument specifications (sizes in coins: contracts × contract value).
 *
 * Sources:
 * - options: contract multiplier 0.01 BTC / 0.1 ETH:
 *   https://www.okx.com/help/get-started-with-okx-options ; premium tick 0.0001 (premium < 0.005)
 *   and 0.0005 (≥ 0.005) in coins, from a third-party copy of OKX's options specification:
 *   https://wuyelx.com/1626.html (labelled).
 * - BTC/USDT perpetual and expiry futures: minimum order and step 0.1 contract = 0.001 BTC (since
 *   25 April 2024): https://www.okx.com/help/okx-to-adjust-the-minimum-order-quantities-for-several-futures-24-04-19
 * - ETH/USDT perpetual: contract 0.1 ETH, step 0.1 contract (0.01 ETH), minimum 1 contract (0.1 ETH),
 *   the worked example of the same announcement.
 * - SOL/USDT perpetual: minimum and step 0.01 contract = 0.01 SOL (6 June 2024), as reported at
 *   https://cryptoflexs.com/okx-adjusts-minimum-order-quantity-for-futures-contracts (labelled).
 *
 * Not found (null): perpetual and futures ticks, maximum order and position sizes.
 *
 * @packageDocumentation
 */

const OPTIONS_HELP = "https://www.okx.com/help/get-started-with-okx-options";
const THIRD_PARTY_TICK = "https://wuyelx.com/1626.html";
const OPTION_TICK: Sourced<TickRule> = {
  value: {
    kind: "fixed",
    unit: "coin",
    steps: [
      { abovePrice: 0, tick: 0.0001 },
      { abovePrice: 0.005, tick: 0.0005 },
    ],
  },
  source: THIRD_PARTY_TICK,
  assumption: "premium tick from a third-party copy of OKX's options specification",
};
const oneContract = (coins: number): Sourced<SizeValue> => ({
  value: { amount: coins, unit: "coin" },
  source: OPTIONS_HELP,
  assumption: "one contract taken as the minimum order and the size step",
});
const ANNOUNCEMENT = "https://www.okx.com/help/okx-to-adjust-the-minimum-order-quantities-for-several-futures-24-04-19";
const btcLinear: Sourced<SizeValue> = { value: { amount: 0.001, unit: "coin" }, source: ANNOUNCEMENT };
const ethStep: Sourced<SizeValue> = { value: { amount: 0.01, unit: "coin" }, source: ANNOUNCEMENT };
const ethMin: Sourced<SizeValue> = { value: { amount: 0.1, unit: "coin" }, source: ANNOUNCEMENT };
const sol: Sourced<SizeValue> = {
  value: { amount: 0.01, unit: "coin" },
  source: "https://cryptoflexs.com/okx-adjusts-minimum-order-quantity-for-futures-contracts",
  assumption: "reported by a news site quoting OKX's announcement of 6 June 2024",
};

export const OKX_SPECS: readonly InstrumentSpec[] = [
  { venue: "okx", kind: "option", underlying: "BTC", tick: OPTION_TICK, minSize: oneContract(0.01), sizeStep: oneContract(0.01), maxOrder: null, maxPosition: null },
  { venue: "okx", kind: "option", underlying: "ETH", tick: OPTION_TICK, minSize: oneContract(0.1), sizeStep: oneContract(0.1), maxOrder: null, maxPosition: null },
  { venue: "okx", kind: "perp", underlying: "BTC", tick: null, minSize: btcLinear, sizeStep: btcLinear, maxOrder: null, maxPosition: null },
  { venue: "okx", kind: "future", underlying: "BTC", tick: null, minSize: btcLinear, sizeStep: btcLinear, maxOrder: null, maxPosition: null },
  { venue: "okx", kind: "perp", underlying: "ETH", tick: null, minSize: ethMin, sizeStep: ethStep, maxOrder: null, maxPosition: null },
  { venue: "okx", kind: "perp", underlying: "SOL", tick: null, minSize: sol, sizeStep: sol, maxOrder: null, maxPosition: null },
];
