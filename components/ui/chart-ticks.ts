/**
 * Tick intervals for recharts axes. Unless an axis's `interval` is a number, recharts thins its
 * ticks by measuring each label it has not seen before in a hidden span (`getBoundingClientRect`:
 * a forced layout of the whole page each, ~10–20 ms on the dashboard); the risk charts' labels
 * change with every result. A number skips the measuring (the collateral chart already did so).
 */

/** Every tick of an axis whose ticks are few already (a numeric axis's "nice" ticks, tickCount 5 by default). */
export const EVERY_TICK = 0;

/** Width given to one label of a category axis (an ISO date at 11 px is ~65 px). */
const LABEL_PX = 90;

/** Interval that shows about one label per LABEL_PX of `widthPx` on a category axis of `points` points. */
export function categoryTickInterval(points: number, widthPx: number): number {
  const labels = Math.max(2, Math.floor(widthPx / LABEL_PX));
  return Math.max(0, Math.ceil(points / labels) - 1);
}
