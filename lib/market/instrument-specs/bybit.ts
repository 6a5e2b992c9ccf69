import type { InstrumentSpec, Sourced, SizeValue, TickRule } from "./types";

/**
 * Bybit instrument specifications.
 *
 * Sources:
 * - USDC options: tick $5 (BTC) and $0.1 (ETH), minimum order 0.01 BTC / 0.1 ETH, multiplier 1:
 *   https://learn.bybit.com/options/bybit-options-lesson-options-parameters-introduction
 * - BTC options: maximum order 100 BTC, maximum position 100 BTC (Bybit's options FAQ):
 *   https://help.bybit.com/hc/en-us/articles/5551788321049-FAQ-Options-Trading
 * - ETH options: maximum order 1,500 ETH and position 10,000 ETH, from a third-party copy of the
 *   FAQ: https://scallope.com/6720.html (labelled; the same copy gives 1,000 BTC for the BTC
 *   position limit where Bybit's page says 100 — Bybit's own figure is used).
 * - BTCUSDT perpetual: tick 0.1; maximum limit order 155 BTC (market orders 100 BTC):
 *   https://bybit.nl/nl-NL/help-center/article/Derivatives-Trading-RulesDerivatives_RIsk_Management
 *
 * Not found (null): SOL options, ETH/SOL perpetuals, dated futures, perpetual minimum and step.
 *
 * @packageDocumentation
 */

const LESSON = "https://learn.bybit.com/options/bybit-options-lesson-options-parameters-introduction";
const FAQ = "https://help.bybit.com/hc/en-us/articles/5551788321049-FAQ-Options-Trading";
const THIRD_PARTY = "https://scallope.com/6720.html";
const RULES = "https://bybit.nl/nl-NL/help-center/article/Derivatives-Trading-RulesDerivatives_RIsk_Management";

const usdTick = (tick: number, source: string): Sourced<TickRule> => ({ value: { kind: "fixed", unit: "usd", steps: [{ abovePrice: 0, tick }] }, source });
const coins = (amount: number, source: string, assumption?: string): Sourced<SizeValue> => ({ value: { amount, unit: "coin" }, source, ...(assumption ? { assumption } : {}) });
const STEP = "size step taken equal to the minimum order";

export const BYBIT_SPECS: readonly InstrumentSpec[] = [
  {
    venue: "bybit",
    kind: "option",
    underlying: "BTC",
    tick: usdTick(5, LESSON),
    minSize: coins(0.01, LESSON),
    sizeStep: coins(0.01, LESSON, STEP),
    maxOrder: coins(100, FAQ),
    maxPosition: coins(100, FAQ),
  },
  {
    venue: "bybit",
    kind: "option",
    underlying: "ETH",
    tick: usdTick(0.1, LESSON),
    minSize: coins(0.1, LESSON),
    sizeStep: coins(0.1, LESSON, STEP),
    maxOrder: coins(1500, THIRD_PARTY, "from a third-party copy of Bybit's options FAQ"),
    maxPosition: coins(10000, THIRD_PARTY, "from a third-party copy of Bybit's options FAQ"),
  },
  { venue: "bybit", kind: "perp", underlying: "BTC", tick: usdTick(0.1, RULES), minSize: null, sizeStep: null, maxOrder: coins(155, RULES, "the limit-order maximum (market orders: 100 BTC)"), maxPosition: null },
];
