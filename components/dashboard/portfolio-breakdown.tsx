"use client";

import { useState } from "react";
import type { PortfolioDetails } from "@/lib/margin/result-types";
import { formatPct, formatUsd } from "@/lib/format";
import { OkxMrBreakdown } from "./okx-mr-breakdown";

function cellColor(pnl: number, worstAbs: number): string {
  const t = Math.min(1, Math.abs(pnl) / Math.max(worstAbs, 1));
  return pnl < 0 ? `rgba(244, 63, 94, ${0.15 + 0.75 * t})` : `rgba(34, 197, 94, ${0.15 + 0.6 * t})`;
}

/**
 * Portfolio margin explained: the scenario heatmap (spot shock × vol shock, P&L per cell, worst cell
 * highlighted) per underlying, and the requirement split into loss factor × worst loss, each
 * contingency and the mark-to-market.
 */
export function PortfolioBreakdown({ details }: { details: PortfolioDetails }) {
  const [pick, setPick] = useState<string | null>(null);
  const book = details.underlyings.find((u) => u.underlying === pick) ?? details.underlyings[0];
  const lf = details.lossFactors;
  return (
    <div className="flex flex-col gap-4" data-testid="portfolio-breakdown">
      <div className="grid gap-4 lg:grid-cols-2">
        <div>
          <h3 className="mb-1 text-xs uppercase text-slate-400">Requirement breakdown</h3>
          {details.okx && <OkxMrBreakdown okx={details.okx} />}
          <div className={`overflow-x-auto ${details.okx ? "hidden" : ""}`} data-scroll="x">
            <table className="w-full text-sm" data-testid="pm-breakdown">
              <thead>
                <tr className="text-xs text-slate-400">
                  <th className="text-left font-normal">Part</th>
                  <th className="text-right font-normal">MM</th>
                  <th className="text-right font-normal">IM</th>
                </tr>
              </thead>
              <tbody className="font-mono text-xs">
                <tr className="border-t border-slate-800">
                  <td className="py-1 font-sans">
                    Worst loss {formatUsd(details.worstLoss, 0)} × loss factor ({lf.mm} / {lf.im + lf.pegAddOn})
                  </td>
                  <td className="text-right">{formatUsd(Math.abs(details.worstLoss) * lf.mm, 0)}</td>
                  <td className="text-right">{formatUsd(Math.abs(details.worstLoss) * (lf.im + lf.pegAddOn), 0)}</td>
                </tr>
                {details.contingencies.map((c, i) => (
                  <tr key={`${c.id}-${c.scope}-${i}`} className="border-t border-slate-800">
                    <td className="py-1 font-sans">
                      {c.label}
                      {c.scope ? ` (${c.scope})` : ""}
                    </td>
                    <td className="text-right">{formatUsd(c.mm, 0)}</td>
                    <td className="text-right">{formatUsd(c.im, 0)}</td>
                  </tr>
                ))}
                <tr className="border-t border-slate-600 font-semibold">
                  <td className="py-1 font-sans">Requirement</td>
                  <td className="text-right" data-testid="pm-mm">
                    {formatUsd(details.mm, 0)}
                  </td>
                  <td className="text-right" data-testid="pm-im">
                    {formatUsd(details.im, 0)}
                  </td>
                </tr>
                <tr className="border-t border-slate-800">
                  <td className="py-1 font-sans">
                    Mark-to-market (cash {formatUsd(details.mtmBreakdown.cash, 0)}, collateral {formatUsd(details.mtmBreakdown.collateral, 0)}, options {formatUsd(details.mtmBreakdown.options, 0)}, perps{" "}
                    {formatUsd(details.mtmBreakdown.perps, 0)}, futures {formatUsd(details.mtmBreakdown.futures, 0)})
                  </td>
                  <td className="text-right" colSpan={2}>
                    {formatUsd(details.mtm, 0)}
                  </td>
                </tr>
                <tr className="border-t border-slate-800">
                  <td className="py-1 font-sans">Surplus (MtM − requirement)</td>
                  <td className={`text-right ${details.mmSurplus < 0 ? "text-rose-400" : ""}`}>{formatUsd(details.mmSurplus, 0)}</td>
                  <td className={`text-right ${details.imSurplus < 0 ? "text-rose-400" : ""}`}>{formatUsd(details.imSurplus, 0)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </div>
        {book && (
          <div>
            <div className="mb-1 flex items-center gap-2">
              <h3 className="text-xs uppercase text-slate-400">Scenario P&L</h3>
              {details.underlyings.map((u) => (
                <button
                  key={u.underlying}
                  type="button"
                  onClick={() => setPick(u.underlying)}
                  className={`rounded px-2 py-0.5 text-xs ${u.underlying === book.underlying ? "bg-sky-700 text-white" : "bg-slate-800 text-slate-300"}`}
                >
                  {u.underlying}
                </button>
              ))}
            </div>
            <div className="overflow-x-auto" data-scroll="x">
              <table className="w-full text-center text-xs" data-testid="pm-heatmap">
                <thead>
                  <tr className="text-slate-400">
                    <th className="text-left font-normal">Spot</th>
                    {book.heatmap.volShocks.map((v) => (
                      <th key={v} className="font-normal">
                        vol {v}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="font-mono">
                  {book.heatmap.spotMoves.map((m, r) => (
                    <tr key={m}>
                      <td className="pr-2 text-left text-slate-400">{formatPct(m * 100, 1)}</td>
                      {book.heatmap.volShocks.map((v, c) => {
                        const pnl = book.heatmap.pnlUsd[r]?.[c];
                        if (pnl === null || pnl === undefined)
                          return (
                            <td key={v} className="text-slate-600">
                              ·
                            </td>
                          );
                        const wr = book.worstRegular;
                        const worst = wr !== null && Math.abs(wr.spotMove - m) < 1e-9 && wr.volShock === v;
                        return (
                          <td key={v} className={`px-1 py-0.5 ${worst ? "outline outline-2 outline-amber-300" : ""}`} style={{ background: cellColor(pnl, Math.abs(book.worst.pnl)) }} data-worst={worst || undefined}>
                            {formatUsd(pnl, 0)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="mt-1 text-xs text-slate-400" data-testid="pm-worst">
              Highlighted: the worst cell of the grid. Worst overall for {book.underlying}:{" "}
              {book.worst.kind === "basis"
                ? "basis contingency"
                : `${book.worst.kind} scenario, spot ${formatPct(book.worst.spotMove * 100, 1)}, vol ${book.worst.volShock}${book.worst.dampening !== 1 ? `, dampened ×${book.worst.dampening.toFixed(3)}` : ""}`}{" "}
              → {formatUsd(book.worst.pnl, 0)}
              {book.worstTail && ` · worst tail ${formatUsd(book.worstTail.pnl, 0)}`}
              {book.worstSkew && ` · worst skew ${formatUsd(book.worstSkew.pnl, 0)}`}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
