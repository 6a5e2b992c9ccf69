"use client";

import { useEffect, useState } from "react";

/**
 * The analyses (modes, venues, attribution, capital across venues) start once their inputs have
 * been still this long: a drag or a burst of edits costs one analysis job, not one per frame. The
 * headline figures never wait on this. 100 ms (was 150): a drag's frames are 16 ms apart, so it still
 * costs one job, and the liquidation figures and panels arrive 50 ms sooner (`npm run bench:browser`).
 */
export const ANALYSIS_SETTLE_MS = 100;

/**
 * `value` once it has stopped changing for `ms` (the first value at once): heavy analyses follow a
 * drag or a burst of edits once it settles instead of starting a job per frame. `settling` is true
 * while the returned value is behind the current one, so a panel can say it is updating.
 */
export function useSettled<T>(value: T, ms: number): { value: T; settling: boolean } {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(value, settled)) return;
    const handle = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(handle);
  }, [value, settled, ms]);
  return { value: settled, settling: !Object.is(value, settled) };
}
