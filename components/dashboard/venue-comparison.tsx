"use client";

import type { SubAccount } from "@/lib/workspace/schema";
import type { VenueRow } from "@/lib/margin/result-types";
import { formatPct, formatUsd, formatVersion } from "@/lib/format";
import { useVenueComparison } from "./use-margin";

function nearest(r: Extract<VenueRow, { ok: true }>): string {
  if (r.liquidation.some((l) => l.state === "already")) return "below maintenance now";
  const d = r.togetherDownPct;
  const u = r.togetherUpPct;
  if (d === null && u === null) return "none in −99%…+1000%";
  return `↓${d === null ? "none" : formatPct(d, 1)} ↑${u === null ? "none" : formatPct(u, 1)}`;
}

/** Where is this portfolio cheapest to hold: the sub-account under every venue profile. */
export function VenueComparison({ sub }: { sub: SubAccount }) {
  const q = useVenueComparison(sub);
  if (q.isError) return <p className="text-sm text-rose-300">Venue comparison failed: {q.error.message}</p>;
  if (!q.data)
    return (
      <p className="text-sm text-slate-400" data-testid="venue-comparison" data-state="computing">
        Computing…
      </p>
    );
  const ok = q.data.filter((r): r is Extract<VenueRow, { ok: true }> => r.ok);
  const cheapest = ok.length && sub.positions.length ? ok.reduce((b, r) => (r.im < b.im ? r : b)) : null;
  return (
    <div className="overflow-x-auto" data-testid="venue-comparison" data-state="ready">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-xs text-slate-400">
            <th className="text-left font-normal">Venue profile</th>
            <th className="text-left font-normal">Mode</th>
            <th className="text-right font-normal">IM</th>
            <th className="text-right font-normal">MM</th>
            <th className="text-right font-normal">Efficiency</th>
            <th className="text-right font-normal">Liquidation (all together)</th>
          </tr>
        </thead>
        <tbody>
          {q.data.map((r) => (
            <tr key={r.profile.id} className={`border-t border-slate-800 ${cheapest && r.ok && r.profile.id === cheapest.profile.id ? "bg-emerald-950/40" : ""}`} data-testid="venue-row" data-profile={r.profile.id}>
              <td className="py-1">
                <div className="text-xs font-semibold">{r.profile.name}</div>
                <div className="text-[10px] text-slate-400">
                  {formatVersion(r.profile.version)} · as of {r.profile.asOf}
                </div>
              </td>
              <td className="text-xs capitalize text-slate-300">{r.mode}</td>
              {r.ok ? (
                <>
                  <td className="text-right font-mono text-xs">{formatUsd(r.im, 0)}</td>
                  <td className="text-right font-mono text-xs">{formatUsd(r.mm, 0)}</td>
                  <td className="text-right font-mono text-xs">{r.efficiency === null ? "—" : `${r.efficiency.toFixed(2)}×`}</td>
                  <td className="text-right font-mono text-xs">{nearest(r)}</td>
                </>
              ) : (
                <td colSpan={4} className="text-right text-xs text-amber-300">
                  {r.error}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {cheapest && (
        <p className="mt-1 text-xs text-emerald-300">
          Cheapest to hold: {cheapest.profile.name} ({formatUsd(cheapest.im, 0)} initial margin).
        </p>
      )}
    </div>
  );
}
