"use client";

import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { collateralAllocationQuery, crossVenueQuery } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import type { CollateralAllocation, CrossVenueResult, TogetherLiquidation } from "@/lib/margin/result-types";
import { formatPct, formatUsd } from "@/lib/format";
import type { SubAccount, WhatIf } from "@/lib/workspace/schema";
import { useAnalysisEngine, useSnapshot, useWorkspace } from "../providers";
import { NumberField } from "../ui/number-field";
import { ANALYSIS_SETTLE_MS, useSettled } from "../ui/use-settled";

function liq(l: TogetherLiquidation): string {
  if (l.state === "already") return "below maintenance now";
  if (l.downMovePct === null && l.upMovePct === null) return "none in −99%…+1000%";
  return `↓${l.downMovePct === null ? "none" : formatPct(l.downMovePct, 1)} ↑${l.upMovePct === null ? "none" : formatPct(l.upMovePct, 1)}`;
}

const dist = (d: number | null) => (d === null ? "none in range" : `±${d.toFixed(1)}%`);

function VenueTable({ r }: { r: CrossVenueResult }) {
  return (
    <table className="w-full text-sm" data-testid="venue-groups">
      <thead>
        <tr className="text-xs text-slate-400">
          <th className="text-left font-normal">Venue</th>
          <th className="text-right font-normal">Sub-accounts</th>
          <th className="text-right font-normal">Collateral</th>
          <th className="text-right font-normal">IM</th>
          <th className="text-right font-normal">MM</th>
          <th className="text-right font-normal">Free collateral</th>
          <th className="text-right font-normal">Nearest liquidation (all together)</th>
        </tr>
      </thead>
      <tbody>
        {r.venues.map((v) => (
          <tr key={v.venue} className="border-t border-slate-800" data-testid="venue-group" data-venue={v.venue}>
            <td className="py-1 text-xs font-semibold">{v.venue}</td>
            <td className="text-right text-xs">
              {v.accountIds.length}
              {v.failed > 0 && <span className="text-amber-300"> ({v.failed} failed)</span>}
            </td>
            <td className="text-right font-mono text-xs">{formatUsd(v.collateralValue, 0)}</td>
            <td className="text-right font-mono text-xs" data-testid="venue-im">
              {formatUsd(v.im, 0)}
            </td>
            <td className="text-right font-mono text-xs">{formatUsd(v.mm, 0)}</td>
            <td className="text-right font-mono text-xs">{formatUsd(v.freeCollateral, 0)}</td>
            <td className="text-right font-mono text-xs">{liq(v.liquidation)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Unified({ r }: { r: CrossVenueResult }) {
  const u = r.unified;
  return (
    <div className="flex flex-col gap-1">
      <p className={`text-sm ${u.fragmentationCostUsd !== null && u.fragmentationCostUsd > 0 ? "text-emerald-300" : "text-slate-200"}`} data-testid="fragmentation-sentence">
        {u.sentence}
      </p>
      <ul className="text-xs text-slate-400">
        {u.candidates.map((c) => (
          <li key={`${c.profile.id}-${c.mode}`} data-testid="unified-candidate" data-profile={c.profile.id}>
            {c.profile.name}
            {c.mode === "cross" ? " (cross)" : ""}: {c.ok ? `IM ${formatUsd(c.im, 0)}, MM ${formatUsd(c.mm, 0)}` : <span className="text-amber-300">{c.error}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Hedges({ r }: { r: CrossVenueResult }) {
  if (r.hedges.length === 0) return <p className="text-xs text-slate-400">No position offsets a position in another sub-account (scenario P&L correlation ≤ −0.5).</p>;
  const nameOf = (id: string) => r.accounts.find((a) => a.id === id)?.name ?? id;
  return (
    <table className="w-full text-xs" data-testid="uncredited-hedges">
      <thead>
        <tr className="text-slate-400">
          <th className="text-left font-normal">Position</th>
          <th className="text-left font-normal">offsets</th>
          <th className="text-right font-normal">Correlation</th>
          <th className="text-right font-normal">Risk netting would remove</th>
        </tr>
      </thead>
      <tbody>
        {r.hedges.map((h) => (
          <tr key={`${h.a.accountId}/${h.a.positionId}-${h.b.accountId}/${h.b.positionId}`} className="border-t border-slate-800" data-testid="hedge-row">
            <td className="py-1">
              {h.a.name}{" "}
              <span className="text-slate-400">
                ({h.a.venue} · {nameOf(h.a.accountId)})
              </span>
            </td>
            <td>
              {h.b.name}{" "}
              <span className="text-slate-400">
                ({h.b.venue} · {nameOf(h.b.accountId)})
              </span>
            </td>
            <td className="text-right font-mono">{h.correlation.toFixed(2)}</td>
            <td className="text-right font-mono">{formatUsd(h.offsetUsd, 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Stress({ r }: { r: CrossVenueResult }) {
  const venues = r.venues.map((v) => v.venue);
  return (
    <div className="flex flex-col gap-1">
      <table className="w-full text-xs" data-testid="cross-venue-stress">
        <thead>
          <tr className="text-slate-400">
            <th className="text-left font-normal">Every underlying</th>
            {venues.map((v) => (
              <th key={v} className="text-right font-normal">
                {v}: equity after (loss)
              </th>
            ))}
            <th className="text-right font-normal">First to liquidate</th>
          </tr>
        </thead>
        <tbody>
          {r.stress.map((s) => (
            <tr key={s.movePct} className="border-t border-slate-800" data-testid="stress-row" data-move={s.movePct}>
              <td className="py-1 font-mono">{formatPct(s.movePct, 0)}</td>
              {venues.map((v) => {
                const c = s.venues.find((x) => x.venue === v);
                return (
                  <td key={v} className={`text-right font-mono ${c && c.liquidatedAccounts > 0 ? "text-rose-400" : ""}`}>
                    {c ? `${formatUsd(c.equityAfter, 0)} (P&L ${c.lossUsd > 0 ? "−" : "+"}${formatUsd(Math.abs(c.lossUsd), 0)})${c.liquidatedAccounts > 0 ? ` · ${c.liquidatedAccounts} liquidated` : ""}` : "—"}
                  </td>
                );
              })}
              <td className="text-right" data-testid="stress-first">
                {s.firstVenue ?? "none"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.firstLiquidation.map((f) => {
        const isolated = r.accounts.find((a) => a.id === f.accountId)?.mode === "isolated";
        return (
          <p key={f.direction} className="text-xs text-slate-300" data-testid="first-liquidation" data-direction={f.direction}>
            {f.direction === "down" ? "Falling" : "Rising"} together, <b>{f.venue}</b> ({f.accountName}) liquidates first at {formatPct(f.movePct, 1)}
            {isolated
              ? `: an isolated position goes, taking at most its allocation (the sub-account holds ${formatUsd(f.equityAtRiskUsd, 0)} of equity).`
              : `, taking up to its ${formatUsd(f.equityAtRiskUsd, 0)} of equity and ${f.positions} position${f.positions === 1 ? "" : "s"} with it.`}
          </p>
        );
      })}
    </div>
  );
}

const usdParam = z.number().min(0).max(1_000_000_000);

function Allocation({ subs, whatIf }: { subs: readonly SubAccount[]; whatIf: WhatIf }) {
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const [costPerTransferUsd, setCost] = useState(10);
  const [minTransferUsd, setMin] = useState(1_000);
  const q = useQuery({ ...collateralAllocationQuery(bridge, subs, snapshot, whatIfOptions(whatIf), { costPerTransferUsd, minTransferUsd }), placeholderData: keepPreviousData });
  const a: CollateralAllocation | undefined = q.isPlaceholderData ? undefined : q.data;
  const nameOf = (id: string) => subs.find((s) => s.id === id)?.name ?? id;
  return (
    <div className="flex flex-col gap-2" data-testid="collateral-allocation" data-state={q.isError ? "error" : a ? "ready" : "computing"}>
      <div className="flex flex-wrap items-end gap-3 text-xs">
        <NumberField label="Fee per transfer (USD)" value={costPerTransferUsd} schema={usdParam} onCommit={setCost} testId="transfer-cost" ambiguousComma="thousands" className="w-36" />
        <NumberField label="Minimum transfer (USD)" value={minTransferUsd} schema={usdParam} onCommit={setMin} testId="transfer-min" ambiguousComma="thousands" className="w-36" />
      </div>
      {q.isError ? (
        <p className="text-sm text-rose-300">Allocation failed: {q.error.message}</p>
      ) : !a ? (
        <p className="text-sm text-slate-400">Computing…</p>
      ) : (
        <>
          <p className="text-sm" data-testid="allocation-note">
            {a.note} Smallest distance {dist(a.beforeMinDistancePct)} → {dist(a.afterMinDistancePct)}
            {a.transfers.length > 0 ? `, fees ${formatUsd(a.totalCostUsd, 0)}` : ""}.
          </p>
          {a.transfers.length > 0 && (
            <ul className="text-xs" data-testid="transfers">
              {a.transfers.map((t, i) => (
                <li key={i} data-testid="transfer">
                  Move {formatUsd(t.amountUsd, 0)} USDC from {t.fromVenue} ({nameOf(t.fromId)}) to {t.toVenue} ({nameOf(t.toId)}), fee {formatUsd(t.costUsd, 0)}
                </li>
              ))}
            </ul>
          )}
          <table className="w-full text-xs" data-testid="allocation-rows">
            <thead>
              <tr className="text-slate-400">
                <th className="text-left font-normal">Venue · sub-account</th>
                <th className="text-right font-normal">USDC before → after</th>
                <th className="text-right font-normal">Free collateral before → after</th>
                <th className="text-right font-normal">Liquidation distance before → after</th>
              </tr>
            </thead>
            <tbody>
              {[...a.rows]
                .sort((x, y) => x.venue.localeCompare(y.venue))
                .map((row) => (
                  <tr key={row.id} className="border-t border-slate-800" data-testid="allocation-row" data-venue={row.venue}>
                    <td className="py-1">
                      <b>{row.venue}</b> · {row.name}
                    </td>
                    <td className="text-right font-mono">
                      {formatUsd(row.before.usdc, 0)} → {formatUsd(row.after.usdc, 0)}
                    </td>
                    <td className="text-right font-mono">
                      {formatUsd(row.before.freeCollateral, 0)} → {formatUsd(row.after.freeCollateral, 0)}
                    </td>
                    <td className="text-right font-mono">
                      {dist(row.before.distancePct)} → {dist(row.after.distancePct)}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/**
 * Capital across venues: the sub-accounts grouped by venue, siloed vs unified margin, the hedges no
 * venue credits, the stress moves on every venue at once, and suggested collateral transfers.
 * Every figure comes from the analysis worker (lib/margin/analyses/cross-venue*.ts).
 */
export function CrossVenuePanel() {
  // the settled inputs, as the dashboard's analyses: a drag queues one job here, not one per frame
  const liveSubs = useWorkspace((s) => s.workspace.subAccounts);
  const liveWhatIf = useWorkspace((s) => s.whatIf);
  const subs = useSettled(liveSubs, ANALYSIS_SETTLE_MS).value;
  const whatIf = useSettled(liveWhatIf, ANALYSIS_SETTLE_MS).value;
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const q = useQuery({ ...crossVenueQuery(bridge, subs, snapshot, whatIfOptions(whatIf)), placeholderData: keepPreviousData });
  const r = q.isPlaceholderData ? undefined : q.data;
  const state = q.isError ? "error" : r ? "ready" : "computing";
  return (
    <section className="flex flex-col gap-3 rounded-lg border border-slate-700 bg-slate-900/60 p-3" data-testid="cross-venue" data-state={state} aria-label="Capital across venues">
      <h2 className="text-sm font-semibold">Capital across venues</h2>
      {q.isError ? (
        <p className="text-sm text-rose-300">Cross-venue analysis failed: {q.error.message}</p>
      ) : !r ? (
        <p className="text-sm text-slate-400">Computing…</p>
      ) : (
        <>
          <div className="overflow-x-auto">
            <VenueTable r={r} />
          </div>
          <Unified r={r} />
          <div>
            <h3 className="text-xs font-semibold text-slate-300">Cross-account hedges no venue credits</h3>
            <div className="overflow-x-auto">
              <Hedges r={r} />
            </div>
          </div>
          <div>
            <h3 className="text-xs font-semibold text-slate-300">Stress on every venue at once</h3>
            <div className="overflow-x-auto">
              <Stress r={r} />
            </div>
          </div>
        </>
      )}
      <div>
        <h3 className="text-xs font-semibold text-slate-300">Collateral allocation (USDC transfers)</h3>
        <Allocation subs={subs} whatIf={whatIf} />
      </div>
    </section>
  );
}
