"use client";

import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { subAccountMarginQuery } from "@/lib/engine/client/queries";
import { decodeShareLink, type DecodeResult } from "@/lib/workspace/share-link";
import type { MarketSnapshot } from "@/lib/market/types";
import { LIMITS, type SubAccount, type WhatIf } from "@/lib/workspace/schema";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import { formatRatio, formatUsd } from "@/lib/format";
import { useActions, useEngine, useSnapshot } from "../providers";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";

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
  const q = useQuery(subAccountMarginQuery(bridge, sub, snapshot, whatIf ? whatIfOptions(whatIf) : {}));
  const r = q.data;
  return (
    <tr className="border-t border-slate-800" data-testid="preview-row" data-state={q.isError ? "error" : r ? "ready" : "computing"}>
      <td className="py-1 pr-2" data-testid="preview-name">
        {sub.name}
      </td>
      <td className="text-xs text-slate-400">
        {sub.mode} · {sub.positions.length} pos.
      </td>
      <td className="text-right font-mono text-xs">{r ? formatUsd(r.equity, 0) : q.isError ? "error" : "…"}</td>
      <td className="text-right font-mono text-xs" data-testid="preview-im">
        {r ? formatUsd(r.im, 2) : "…"}
      </td>
      <td className="text-right font-mono text-xs">{r ? formatUsd(r.mm, 2) : "…"}</td>
      <td className="text-right font-mono text-xs">{r ? formatRatio(r.marginRatio) : "…"}</td>
    </tr>
  );
}

/**
 * Opening a share link shows a read-only preview with the sender's numbers; nothing in the
 * recipient's workspace changes until "Import into my workspace".
 */
export function SharePreview() {
  const [result, setResult] = useState<DecodeResult | null>(null);
  const current = useSnapshot();
  const { importSubAccounts, setWhatIf } = useActions();
  const [full, setFull] = useState(false);
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
        {payload.whatIf ? " The sender's what-if settings are applied (and are imported with the portfolio)." : ""}
      </p>
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
            if (importSubAccounts(payload.subAccounts) === null) {
              setFull(true);
              return;
            }
            if (payload.whatIf) setWhatIf(payload.whatIf);
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
