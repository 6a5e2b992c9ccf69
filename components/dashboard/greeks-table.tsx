"use client";

import { UNDERLYINGS } from "@/lib/market/types";
import type { SubAccountResult } from "@/lib/margin/result-types";
import { formatNumber, formatUsd } from "@/lib/format";

/** Aggregated Greeks per underlying. */
export function GreeksTable({ result }: { result: SubAccountResult }) {
  const rows = UNDERLYINGS.flatMap((u) => {
    const g = result.greeks[u];
    return g ? [{ u, g }] : [];
  });
  if (rows.length === 0) return <p className="text-sm text-slate-400">No positions.</p>;
  return (
    <table className="w-full text-sm" data-testid="greeks-table">
      <thead>
        <tr className="text-xs text-slate-400">
          <th className="text-left font-normal">Underlying</th>
          <th className="text-right font-normal">Δ (coin)</th>
          <th className="text-right font-normal">Δ$</th>
          <th className="text-right font-normal">Γ (per $)</th>
          <th className="text-right font-normal" title="½·Γ·S²·(1%)²">Γ$ (1% move)</th>
          <th className="text-right font-normal">Vega ($/vol pt)</th>
          <th className="text-right font-normal">Θ ($/day)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ u, g }) => (
          <tr key={u} className="border-t border-slate-800 font-mono text-xs">
            <td className="py-1 font-sans font-semibold">{u}</td>
            <td className="text-right">{formatNumber(g.delta, 4)}</td>
            <td className="text-right">{formatUsd(g.cashDelta, 0)}</td>
            <td className="text-right">{g.gamma.toExponential(3)}</td>
            <td className="text-right">{formatUsd(g.cashGamma, 0)}</td>
            <td className="text-right">{formatNumber(g.vega, 1)}</td>
            <td className="text-right">{formatNumber(g.theta, 1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
