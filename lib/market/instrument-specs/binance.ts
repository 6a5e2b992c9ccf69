import type { InstrumentSpec, Sourced, SizeValue, TickRule } from "./types";

/**
 * Binance (European options, USDT-settled) instrument specifications.
 *
 * Source: https://www.binance.com/en-BH/support/announcement/binance-options-contract-specifications-cdee5d43b70d4d2386980d41786a8533
 * — tick 5 (BTC), 0.1 (ETH listed before 16 Oct 2024; 0.1 or 0.2 after), 0.01 (SOL); step size /
 * minimum order 0.01 (BTC, ETH), 0.1 (SOL); contract unit 1.
 *
 * Not found (null): maximum order and position sizes; USDⓈ-M perpetual specifications.
 *
 * @packageDocumentation
 */
const SPEC = "https://www.binance.com/en-BH/support/announcement/binance-options-contract-specifications-cdee5d43b70d4d2386980d41786a8533";
const tick = (t: number, assumption?: string): Sourced<TickRule> => ({ value: { kind: "fixed", unit: "usd", steps: [{ abovePrice: 0, tick: t }] }, source: SPEC, ...(assumption ? { assumption } : {}) });
const size = (amount: number): Sourced<SizeValue> => ({ value: { amount, unit: "coin" }, source: SPEC });

export const BINANCE_SPECS: readonly InstrumentSpec[] = [
  { venue: "binance", kind: "option", underlying: "BTC", tick: tick(5), minSize: size(0.01), sizeStep: size(0.01), maxOrder: null, maxPosition: null },
  { venue: "binance", kind: "option", underlying: "ETH", tick: tick(0.1, "ETH options listed after 16 Oct 2024 may have a 0.2 tick"), minSize: size(0.01), sizeStep: size(0.01), maxOrder: null, maxPosition: null },
  { venue: "binance", kind: "option", underlying: "SOL", tick: tick(0.01), minSize: size(0.1), sizeStep: size(0.1), maxOrder: null, maxPosition: null },
];
