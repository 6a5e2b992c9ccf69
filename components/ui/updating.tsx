"use client";

import { useEffect, useState, type ReactNode } from "react";

/**
 * How long figures may be behind the inputs before they are drawn as such (dimmed, with the
 * "updating" note). A result that lands sooner — the headline figures of a slider step land in
 * 20–60 ms — replaces them without a flash: dimming and restoring every panel in view at each step
 * was a flicker for the eye and two repaints of the screen per step for the page (measured with
 * `npm run bench:browser`). `data-stale` says it at once, for tests and assistive technology.
 */
export const SHOW_STALE_AFTER_MS = 200;

/**
 * Whether figures that are `stale` should be drawn as such: once `stale` has held for
 * {@link SHOW_STALE_AFTER_MS} without a break (false at once when it clears). Every dimmed figure
 * uses it, so a quick update never flashes anywhere.
 */
export function useShownStale(stale: boolean): boolean {
  const [lasting, setLasting] = useState(false);
  useEffect(() => {
    if (!stale) return;
    const handle = setTimeout(() => setLasting(true), SHOW_STALE_AFTER_MS);
    return () => {
      clearTimeout(handle);
      setLasting(false);
    };
  }, [stale]);
  return stale && lasting;
}

/**
 * Figures that stay on screen while newer ones compute: once a panel has shown figures it never
 * blanks; the previous figures are dimmed, with a small progress indicator saying which inputs they
 * are for, once they have been behind the inputs for {@link SHOW_STALE_AFTER_MS}, and are replaced
 * when the newest result arrives.
 */
export function Updating({ stale, asOf, children, className = "" }: { stale: boolean; asOf?: string; children: ReactNode; className?: string }) {
  const shown = useShownStale(stale);
  return (
    <div className={`relative ${className}`} data-stale={stale ? "true" : "false"} aria-busy={stale || undefined}>
      {shown && (
        <div role="status" className="pointer-events-none absolute -top-7 right-0 z-10 flex max-w-full items-center gap-1.5 truncate rounded bg-slate-900/90 px-1.5 py-0.5 text-[11px] text-sky-300" data-testid="updating">
          <span aria-hidden className="inline-block h-2.5 w-2.5 shrink-0 animate-spin rounded-full border-2 border-sky-400 border-t-transparent" />
          <span className="truncate">updating · showing figures as of {asOf ?? "your previous inputs"}</span>
        </div>
      )}
      <div className={shown ? "opacity-50" : undefined}>{children}</div>
    </div>
  );
}
