"use client";

import { useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { fingerprint } from "@/lib/engine/client/fingerprint";
import { replayChannel, replayQuery, type ReplayRequestOptions } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import { dailyHistoryQuery } from "@/lib/market/feed/daily-history-query";
import type { SubAccount } from "@/lib/workspace/schema";
import { formatNumber } from "@/lib/format";
import { useAnalysisEngine, useSnapshot, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { JobProgressBar } from "../ui/job-progress-bar";
import { Updating } from "../ui/updating";
import { DEFAULT_REPLAY_FORM, ReplayControls, requestOf, type ReplayForm } from "./replay-controls";
import { ReplayChart } from "./replay-chart";
import { ReplayEvents, ReplayModes, ReplayPositions, ReplayProcedure } from "./replay-tables";

/** The replay of a sub-account along the last path the user ran (none until "Run replay"), from the analysis worker. */
function useReplay(sub: SubAccount, request: ReplayRequestOptions | null) {
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const options = whatIfOptions(whatIf);
  const history = useQuery(dailyHistoryQuery());
  const queryClient = useQueryClient();
  const query = replayQuery(bridge, sub, snapshot, options, request ?? requestOf(DEFAULT_REPLAY_FORM), history.data);
  const q = useQuery({ ...query, enabled: request !== null, placeholderData: keepPreviousData });
  // Cancelled: the query was stopped (Cancel) before it had figures for these inputs.
  const state = request === null ? "idle" : q.isError ? "error" : q.data && !q.isPlaceholderData && !q.isFetching ? "ready" : q.fetchStatus !== "idle" ? "computing" : "cancelled";
  const cancel = () => void queryClient.cancelQueries({ queryKey: query.queryKey, exact: true });
  return { q, state, cancel, bridge } as const;
}

/**
 * Liquidation-engine replay: the sub-account along a path (a named crash bridged hour by hour, a
 * stylised gap, or a drawn path), its equity and maintenance margin at every step under its
 * rulebook, each liquidation the venue's published procedure makes (time, what, size, prices, fee,
 * slippage), the positions left, and the same path in isolated, cross and portfolio margin side by
 * side. Every figure comes from the analysis worker; the last figures stay, dimmed, while a new
 * replay computes.
 */
export function ReplayPanel({ sub }: { sub: SubAccount }) {
  const [form, setForm] = useState<ReplayForm>(DEFAULT_REPLAY_FORM);
  const [request, setRequest] = useState<ReplayRequestOptions | null>(null);
  const [picked, setPicked] = useState<SubAccount["mode"] | null>(null);
  const { q, state, cancel, bridge } = useReplay(sub, request);
  const r = q.data;
  const selected = r?.modes.find((m) => m.mode === (picked ?? sub.mode)) ?? r?.modes[0];
  return (
    <div className="flex flex-col gap-3" data-testid="replay-panel" data-state={state}>
      <p className="text-xs text-slate-400">
        What the venue&apos;s liquidation engine would do to this book along a path: its published procedure step by step, fills at a slippage assumption. Hourly steps; the engine acts the moment equity crosses
        maintenance.
      </p>
      <ReplayControls
        form={form}
        onChange={setForm}
        onRun={() => {
          const next = requestOf(form);
          // The same inputs after a Cancel keep the same query: run it again rather than wait for a change.
          if (state === "cancelled" && request !== null && fingerprint(next) === fingerprint(request)) void q.refetch();
          else setRequest(next);
        }}
        running={state === "computing"}
      />
      {state === "computing" && (
        <JobProgressBar bridge={bridge} channel={replayChannel(sub.id)} label="Replay computing" testId="replay-progress" onCancel={cancel}>
          Replaying in isolated, cross and portfolio margin…
        </JobProgressBar>
      )}
      {state === "cancelled" && (
        <span className="flex items-center gap-2 text-xs text-amber-300" data-testid="replay-cancelled">
          Cancelled{q.data ? ": the figures below are for the previous path." : "."}
          <Button onClick={() => void q.refetch()} className="px-1.5 py-0.5 text-xs">
            Run again
          </Button>
        </span>
      )}
      {q.isError && (
        <p role="alert" className="text-sm text-rose-300" data-testid="replay-error">
          Replay: {q.error.message}
        </p>
      )}
      {!r ? (
        q.isError ? null : state === "idle" ? (
          <p className="text-sm text-slate-400">Choose a path and run the replay.</p>
        ) : (
          state === "computing" && <p className="text-sm text-slate-400">Replaying…</p>
        )
      ) : (
        <Updating stale={state !== "ready"}>
          <div className="flex flex-col gap-3">
            <div className="text-xs">
              <span className="font-semibold" data-testid="replay-path-label">
                {r.path.label}
              </span>{" "}
              <span className="text-slate-400">
                · {formatNumber(r.path.hours.length - 1, 0)} hours · {r.path.notes.join(" ")}
              </span>
            </div>
            <ReplayModes modes={r.modes} selected={selected?.mode ?? sub.mode} onSelect={setPicked} />
            {selected?.ok ? (
              <>
                <ReplayChart mode={selected} />
                <div>
                  <h3 className="mb-1 text-xs font-semibold uppercase text-slate-300">Liquidation events — {selected.mode} margin</h3>
                  <ReplayEvents mode={selected} />
                </div>
                <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
                  <div>
                    <h3 className="mb-1 text-xs font-semibold uppercase text-slate-300">Positions left</h3>
                    <ReplayPositions mode={selected} />
                  </div>
                  <div>
                    <h3 className="mb-1 text-xs font-semibold uppercase text-slate-300">Venue procedure</h3>
                    <ReplayProcedure mode={selected} />
                  </div>
                </div>
              </>
            ) : (
              selected && <p className="text-sm text-rose-300">{selected.error}</p>
            )}
            <p className="text-xs text-amber-200" data-testid="replay-slippage">
              <span className="mr-1 rounded bg-amber-800 px-1 text-[10px] font-semibold text-amber-100">ASSUMPTION</span>
              Fills: {r.slippage.formula}. {r.slippage.note}
            </p>
            <ul className="list-disc pl-4 text-xs text-slate-400">
              {r.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </div>
        </Updating>
      )}
    </div>
  );
}
