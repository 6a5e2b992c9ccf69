"use client";

import type { ReactNode } from "react";
import type { EngineBridge } from "@/lib/engine/client/bridge";
import { Button } from "./button";
import { useJobProgress } from "./use-job-progress";

/**
 * The progress of the job running on `channel` of `bridge`: a determinate bar with the percent
 * done when the worker has reported a fraction, an indeterminate one until then. Its own component,
 * so a progress report re-renders this bar only, never the panel around it. `onCancel` adds a
 * Cancel button.
 */
export function JobProgressBar({ bridge, channel, label, children, onCancel, testId }: { bridge: EngineBridge; channel: string; label: string; children: ReactNode; onCancel?: () => void; testId?: string }) {
  const percent = useJobProgress(bridge, channel);
  return (
    <span className="flex items-center gap-2 text-xs text-sky-300" role="status">
      <span
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        data-testid={testId}
        data-progress={percent ?? "unknown"}
        className="inline-block h-1.5 w-24 overflow-hidden rounded bg-slate-700"
      >
        {percent === null ? <span className="block h-full w-1/3 animate-pulse bg-sky-400" /> : <span className="block h-full bg-sky-400" style={{ width: `${percent}%` }} />}
      </span>
      {children}
      {/* the bar carries the figure for assistive technology; the text would be announced every 250 ms */}
      {percent !== null && (
        <span aria-hidden="true" className="font-mono">
          {percent} %
        </span>
      )}
      {onCancel && (
        <Button onClick={onCancel} className="px-1.5 py-0.5 text-xs" data-testid={testId ? `${testId}-cancel` : undefined}>
          Cancel
        </Button>
      )}
    </span>
  );
}
