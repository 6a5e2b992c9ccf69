/**
 * Per-venue instrument specifications (tick, minimum order, size step, maximum order and position)
 * with their sources, the size check and tick rounding. One file per venue in this folder.
 *
 * They live in lib/market (not lib/margin) because the import (lib/workspace) and the UI
 * (components) use them, and neither may import lib/margin beyond its catalogue.
 *
 * @packageDocumentation
 */
export * from "./types";
export { INSTRUMENT_SPECS, instrumentSpec, specVenueOf } from "./lookup";
export { checkSize, SIZE_STEP_REL_TOL, type SizeCheck } from "./size-check";
export { roundToTick, formatAtTick, tickDecimals } from "./tick";
export { entryPriceText, ENTRY_FALLBACK_DECIMALS } from "./entry-price";
