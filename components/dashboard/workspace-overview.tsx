"use client";

import type { SubAccount } from "@/lib/workspace/schema";
import { formatRatio, formatUsd } from "@/lib/format";
import { useActions, useWorkspace } from "../providers";
import { rulebookInfo } from "@/lib/margin/venues/catalogue";
import { CrossVenuePanel } from "../venues/cross-venue-panel";
import { useSubAccountMargin } from "./use-margin";

function OverviewCard({ sub, active }: { sub: SubAccount; active: boolean }) {
  const { select } = useActions();
  const q = useSubAccountMargin(sub);
  const r = q.data;
  return (
    <button
      type="button"
      onClick={() => select(sub.id)}
      data-testid="overview-card"
      data-state={q.state}
      className={`min-w-[220px] flex-1 rounded-lg border p-3 text-left ${active ? "border-sky-500" : "border-slate-700"} bg-slate-900/60 hover:border-sky-400`}
    >
      <div className="truncate font-semibold">{sub.name}</div>
      <div className="text-xs text-slate-400" data-testid="overview-venue">
        {rulebookInfo(sub.profileId)?.venue ?? "unknown venue"} · {sub.mode}
      </div>
      {q.isError ? (
        <div className="mt-1 text-xs text-rose-400">Error: {q.error.message}</div>
      ) : (
        <dl className="mt-1 grid grid-cols-2 gap-x-2 font-mono text-xs">
          <dt className="text-slate-400">Equity</dt>
          <dd className="text-right">{r ? formatUsd(r.equity, 0) : "…"}</dd>
          <dt className="text-slate-400">IM</dt>
          <dd className="text-right">{r ? formatUsd(r.im, 0) : "…"}</dd>
          <dt className="text-slate-400">MM</dt>
          <dd className="text-right">{r ? formatUsd(r.mm, 0) : "…"}</dd>
          <dt className="text-slate-400">Ratio</dt>
          <dd className={`text-right ${r?.status === "liquidation" ? "text-rose-400" : ""}`}>{r ? formatRatio(r.marginRatio) : "…"}</dd>
        </dl>
      )}
    </button>
  );
}

/** One summary card per sub-account (with its venue), then the workspace across venues. */
export function WorkspaceOverview() {
  const subs = useWorkspace((s) => s.workspace.subAccounts);
  const selectedId = useWorkspace((s) => s.selectedId);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2" data-testid="workspace-overview">
        {subs.map((s) => (
          <OverviewCard key={s.id} sub={s} active={s.id === selectedId} />
        ))}
      </div>
      {subs.length > 0 && <CrossVenuePanel />}
    </div>
  );
}
