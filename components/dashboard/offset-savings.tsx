"use client";

import { useState } from "react";
import type { SubAccount } from "@/lib/workspace/schema";
import { formatUsd } from "@/lib/format";
import { useOffsetSavings } from "./use-margin";
import { Updating } from "../ui/updating";

const TOP_ROWS = 25;

/** Standalone requirement vs netting modes, and which position is the hedge and which one costs. */
export function OffsetSavingsPanel({ sub }: { sub: SubAccount }) {
  const q = useOffsetSavings(sub);
  const [showAll, setShowAll] = useState(false);
  if (q.isError) return <p className="text-sm text-rose-300">Offset savings failed: {q.error.message}</p>;
  const s = q.shown;
  if (!s)
    return (
      <p className="text-sm text-slate-400" data-testid="offset-savings" data-state="computing">
        Computing…
      </p>
    );
  if (sub.positions.length === 0)
    return (
      <p className="text-sm text-slate-400" data-testid="offset-savings" data-state={q.state}>
        No positions.
      </p>
    );
  const maxAbs = Math.max(1, ...s.positions.map((p) => Math.abs(p.allocatedIm)));
  // Largest shares first; long books show the top rows until asked for all.
  const ranked = [...s.positions].sort((a, b) => Math.abs(b.allocatedIm) - Math.abs(a.allocatedIm));
  const rows = showAll ? ranked : ranked.slice(0, TOP_ROWS);
  return (
    <Updating stale={q.stale} asOf={q.asOf}>
      <div className="flex flex-col gap-3" data-testid="offset-savings" data-state={q.state}>
        <div className="grid grid-cols-2 gap-2 md:grid-cols-3">
          <div className="rounded border border-slate-700 p-2">
            <div className="text-xs text-slate-400">Baseline, {s.mode}: each position alone under this rulebook</div>
            <div className="font-mono" data-testid="offset-standalone">
              {formatUsd(s.standaloneIm, 0)}
            </div>
          </div>
          {s.byMode.map((m) => {
            const cross = s.byMode.find((c) => c.mode === "cross");
            // Portfolio (or isolated) margin that locks up more than cross is a cost, whatever it saves against its own baseline.
            const overCross = m.mode !== "cross" && m.im !== null && cross && cross.im !== null && m.im - cross.im >= 0.5 ? m.im - cross.im : null;
            const saved = m.savedUsd ?? 0;
            return (
              <div key={m.mode} className="rounded border border-slate-700 p-2" data-testid={`offset-${m.mode}`}>
                <div className="text-xs capitalize text-slate-400">{m.mode} margin</div>
                {m.im === null ? (
                  <div className="text-xs text-amber-300">{m.error}</div>
                ) : (
                  <>
                    <div className="font-mono">{formatUsd(m.im, 0)}</div>
                    <div className="text-[11px] text-slate-400" data-testid={`offset-${m.mode}-baseline`}>
                      baseline {formatUsd(m.standaloneIm ?? 0, 0)}: each position alone under this rulebook
                    </div>
                    <div
                      className={`text-xs ${saved >= 0.5 && overCross === null ? "text-emerald-400" : saved <= -0.5 ? "text-rose-400" : "text-slate-400"}`}
                      data-testid={`offset-${m.mode}-saved`}
                      data-saved={saved.toFixed(2)}
                    >
                      {saved <= -0.5 ? "costs" : "saves"} {formatUsd(Math.abs(saved), 0)} ({Math.abs(m.savedPct ?? 0).toFixed(1)}%) against that baseline ·{" "}
                      {m.efficiency === null ? "—" : `${m.efficiency.toFixed(2)}× efficiency`}
                    </div>
                    {overCross !== null && (
                      <div className="text-xs font-semibold text-rose-400" data-testid={`offset-${m.mode}-over-cross`}>
                        a cost: {formatUsd(overCross, 0)} more than cross margin
                      </div>
                    )}
                  </>
                )}
              </div>
            );
          })}
        </div>
        <div className="overflow-x-auto" data-scroll="x">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-xs text-slate-400">
                <th className="text-left font-normal">Position</th>
                <th className="text-right font-normal">Alone</th>
                <th className="text-right font-normal" title="IM with the position minus IM without it">
                  Incremental
                </th>
                <th
                  className="text-right font-normal"
                  title={s.allocationMethod === "euler" ? "Euler allocation: each position's P&L in the binding scenario; the shares sum exactly to the total" : "The shares sum exactly to the total"}
                >
                  Share of {formatUsd(s.totalIm, 0)}
                </th>
                <th className="w-1/4" />
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id} className="border-t border-slate-800" data-testid="attribution-row">
                  <td className="py-1 text-xs font-semibold">
                    {p.name}
                    {p.incrementalIm < -0.005 && <span className="ml-2 rounded bg-emerald-800 px-1 text-[10px] text-emerald-100">hedge</span>}
                  </td>
                  <td className="text-right font-mono text-xs">{formatUsd(p.standaloneIm, 0)}</td>
                  <td className={`text-right font-mono text-xs ${p.incrementalIm < 0 ? "text-emerald-400" : ""}`}>{formatUsd(p.incrementalIm, 0)}</td>
                  <td className="text-right font-mono text-xs">{formatUsd(p.allocatedIm, 0)}</td>
                  <td>
                    <div className="relative h-2 w-full bg-slate-800">
                      <div className={`absolute top-0 h-2 ${p.allocatedIm >= 0 ? "left-1/2 bg-rose-500" : "right-1/2 bg-emerald-500"}`} style={{ width: `${(Math.abs(p.allocatedIm) / maxAbs) * 50}%` }} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {ranked.length > TOP_ROWS && (
          <button type="button" className="self-start text-xs text-sky-400 underline" onClick={() => setShowAll(!showAll)}>
            {showAll ? `Show the ${TOP_ROWS} largest` : `Show all ${ranked.length} positions`}
          </button>
        )}
        <p className="text-xs text-slate-400">
          {s.allocationMethod === "additive"
            ? `Per-position rules: each position's share of the ${s.mode} initial margin is its own requirement (nothing offsets).`
            : s.allocationMethod === "euler"
              ? `Shares are Euler allocations of the ${s.mode} initial margin: each position's loss in the scenario that sets the requirement (one revaluation); the shares and the collateral's own part (${formatUsd(s.collateralIm, 0)}) sum exactly to the total.`
              : `Shares are Shapley values of the ${s.mode} initial margin (${s.allocationMethod === "exact" ? "exact over every subset of positions" : `${s.permutations} seeded permutations; the shares still sum exactly to the total`}).`}
        </p>
      </div>
    </Updating>
  );
}
