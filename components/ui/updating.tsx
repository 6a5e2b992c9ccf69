"use client";

import type { ReactNode } from "react";

/**
 * Figures that stay on screen while newer ones compute: once a panel has shown figures it never
 * blanks; the previous figures are dimmed, with a small progress indicator saying which inputs they
 * are for, and are replaced when the newest result arrives.
 */
export function Updating({ stale, asOf, children, className = "" }: { stale: boolean; asOf?: string; children: ReactNode; className?: string }) {
  return (
    <div className={`relative ${className}`} data-stale={stale ? "true" : "false"} aria-busy={stale || undefined}>
      {stale && (
        <div role="status" className="pointer-events-none absolute -top-7 right-0 z-10 flex max-w-full items-center gap-1.5 truncate rounded bg-slate-900/90 px-1.5 py-0.5 text-[11px] text-sky-300" data-testid="updating">
          <span aria-hidden className="inline-block h-2.5 w-2.5 shrink-0 animate-spin rounded-full border-2 border-sky-400 border-t-transparent" />
          <span className="truncate">updating · showing figures as of {asOf ?? "your previous inputs"}</span>
        </div>
      )}
      <div className={`transition-opacity duration-150 ${stale ? "opacity-50" : ""}`}>{children}</div>
    </div>
  );
}
