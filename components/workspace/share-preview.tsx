"use client";

import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { subAccountMarginQuery } from "@/lib/engine/client/queries";
import { decodeShareLink, type DecodeResult } from "@/lib/workspace/share-link";
import { describeScenario, mergeSavedScenarios } from "@/lib/workspace/share-link-scenarios";
import type { MarketSnapshot } from "@/lib/market/types";
import { LIMITS, type SubAccount, type WhatIf } from "@/lib/workspace/schema";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import { formatRatio, formatUsd } from "@/lib/format";
import { useActions, useEngine, useSnapshot, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { instrumentName } from "@/lib/workspace/instrument-name";

function readHash(): DecodeResult | null {
  const h = window.location.hash;
  if (!/[#&]s=/.test(h)) return null;
  return decodeShareLink(h);
}

function clearHash() {
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
}

function PreviewRow({ sub, snapshot, whatIf }: { sub: SubAccount; snapshot: MarketSnapshot; whatIf: WhatIf | null }) {
  const bridge = useEngine();
  // Headline figures only (lite), on the preview's own channel: a shared sub-account with the same id
  // as one of the recipient's never supersedes (or is superseded by) the dashboard's jobs.
  const q = useQuery(subAccountMarginQuery(bridge, sub, snapshot, { ...(whatIf ? whatIfOptions(whatIf) : {}), lite: true }, `preview:${sub.id}`));
  const r = q.data;
  return (
    <>
      <tr className="border-t border-slate-800" data-testid="preview-row" data-state={q.isError ? "error" : r ? "ready" : "computing"}>
        <td className="py-1 pr-2" data-testid="preview-name">
          {sub.name}
        </td>
        <td className="text-xs text-slate-400">
          {sub.mode} · {sub.positions.length} pos.
        </td>
        <td className="text-right font-mono text-xs">{r ? formatUsd(r.equity, 0) : q.isError ? "—" : "…"}</td>
        <td className="text-right font-mono text-xs" data-testid="preview-im">
          {r ? formatUsd(r.im, 2) : q.isError ? "—" : "…"}
        </td>
        <td className="text-right font-mono text-xs">{r ? formatUsd(r.mm, 2) : q.isError ? "—" : "…"}</td>
        <td className="text-right font-mono text-xs">{r ? formatRatio(r.marginRatio) : q.isError ? "—" : "…"}</td>
      </tr>
      {q.isError && (
        <tr>
          <td colSpan={6} className="pb-1 text-xs text-rose-300" data-testid="preview-error">
            Not computed: {q.error.message}
          </td>
        </tr>
      )}
      {r && r.warnings.length > 0 && (
        <tr>
          <td colSpan={6} className="pb-1">
            {/* the same warnings the dashboard shows: a figure that leaves positions out says so */}
            <ul className="text-xs text-amber-300" data-testid="preview-warnings">
              {r.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}

/**
 * Opening a share link shows a read-only preview with the sender's numbers; nothing in the
 * recipient's workspace changes until "Import into my workspace".
 */
export function SharePreview() {
  const [result, setResult] = useState<DecodeResult | null>(null);
  const current = useSnapshot();
  const { importSubAccounts, setWhatIf, replaceWorkspace } = useActions();
  const [full, setFull] = useState(false);
  const [takeWhatIf, setTakeWhatIf] = useState(false); // the recipient's own what-if is never replaced silently
  const [takeScenarios, setTakeScenarios] = useState(false); // shared saved scenarios are added only when asked
  const workspace = useWorkspace((s) => s.workspace);
  useEffect(() => {
    const read = () => setResult(readHash());
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);
  if (!result) return null;
  const close = () => {
    clearHash();
    setResult(null);
  };
  if (!result.ok) {
    return (
      <Dialog open onClose={close} title="This share link cannot be opened" testId="share-preview">
        <p role="alert" className="text-sm text-rose-300" data-testid="share-error" data-kind={result.error.kind}>
          {result.error.message}
        </p>
        <p className="text-sm text-slate-400">Your workspace is unchanged.</p>
        <div>
          <Button onClick={close}>Dismiss</Button>
        </div>
      </Dialog>
    );
  }
  const { payload } = result;
  const snapshot = payload.snapshot ?? current;
  return (
    <Dialog open onClose={close} title="Shared portfolio (preview)" testId="share-preview">
      <p className="text-sm text-slate-300">
        Read-only preview of {payload.subAccounts.length} sub-account{payload.subAccounts.length === 1 ? "" : "s"}.{" "}
        {payload.snapshot ? `Numbers use the sender's market snapshot (as of ${payload.snapshot.asOf.slice(0, 16).replace("T", " ")} UTC).` : "The link has no market snapshot: numbers use your current market data."}
        {payload.whatIf ? " The figures use the sender's what-if settings; importing keeps yours unless you tick the box below." : ""}
      </p>
      {!result.verified && (
        <p className="text-sm text-amber-300" data-testid="share-unverified">
          This link was made by an older version of MarginLab and carries no checksum, so it cannot be verified: if it was shortened or edited on the way, these figures may not be what the sender saw. Check them with the
          sender before you import.
        </p>
      )}
      <table className="w-full text-sm">
        <thead>
          <tr className="text-xs text-slate-400">
            <th className="text-left font-normal">Name</th>
            <th />
            <th className="text-right font-normal">Equity</th>
            <th className="text-right font-normal">IM</th>
            <th className="text-right font-normal">MM</th>
            <th className="text-right font-normal">Ratio</th>
          </tr>
        </thead>
        <tbody>
          {payload.subAccounts.map((s) => (
            <PreviewRow key={s.id} sub={s} snapshot={snapshot} whatIf={payload.whatIf} />
          ))}
        </tbody>
      </table>
      <details className="text-xs text-slate-300" open data-testid="share-positions">
        <summary className="cursor-pointer select-none text-slate-400">Positions in the link</summary>
        {payload.subAccounts.map((s) => (
          <div key={s.id} className="mt-1">
            <span className="font-semibold">{s.name}</span>
            {s.positions.length === 0 ? (
              <span className="text-slate-400"> · no positions</span>
            ) : (
              <ul className="max-h-40 overflow-y-auto pl-3 font-mono">
                {s.positions.map((p) => (
                  <li key={p.id}>
                    {instrumentName(p)} {p.size > 0 ? "+" : "−"}
                    {Math.abs(p.size)} @ {p.entryPrice.toLocaleString("en-US", { maximumFractionDigits: 2 })}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </details>
      {payload.whatIf && (
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={takeWhatIf} onChange={(e) => setTakeWhatIf(e.target.checked)} data-testid="share-take-what-if" />
          Also replace my what-if settings with the sender&apos;s
        </label>
      )}
      {payload.scenarios.length > 0 && (
        <div className="text-sm" data-testid="share-scenarios">
          <p className="text-xs text-slate-400">Saved scenarios in the link</p>
          <ul className="pl-3 font-mono text-xs text-slate-300">
            {payload.scenarios.map((x) => (
              <li key={x.name}>
                {x.name}: {describeScenario(x.whatIf)}
              </li>
            ))}
          </ul>
          <label className="mt-1 flex items-center gap-1">
            <input type="checkbox" checked={takeScenarios} onChange={(e) => setTakeScenarios(e.target.checked)} data-testid="share-take-scenarios" />
            Also add {payload.scenarios.length === 1 ? "this saved scenario" : `these ${payload.scenarios.length} saved scenarios`} to mine (none of mine is replaced; a name already taken gets &quot;(shared)&quot;)
          </label>
        </div>
      )}
      {full && (
        <p role="alert" className="text-sm text-rose-300">
          Your workspace has no room for {payload.subAccounts.length} more sub-account{payload.subAccounts.length === 1 ? "" : "s"} (the limit is {LIMITS.maxSubAccounts}). Nothing was imported; delete some first.
        </p>
      )}
      <div className="flex gap-2">
        <Button
          variant="primary"
          data-testid="share-import"
          onClick={() => {
            if (workspace.subAccounts.length + payload.subAccounts.length > LIMITS.maxSubAccounts) {
              setFull(true);
              return;
            }
            // Scenarios first (the sub-accounts are appended to the workspace that then holds them).
            if (takeScenarios && payload.scenarios.length > 0) replaceWorkspace({ ...workspace, savedScenarios: mergeSavedScenarios(workspace.savedScenarios ?? [], payload.scenarios).merged });
            if (importSubAccounts(payload.subAccounts) === null) {
              setFull(true);
              return;
            }
            if (payload.whatIf && takeWhatIf) setWhatIf(payload.whatIf);
            close();
          }}
        >
          Import into my workspace
        </Button>
        <Button onClick={close}>Dismiss</Button>
      </div>
    </Dialog>
  );
}
