"use client";

import type { SubAccount } from "@/lib/workspace/schema";
import type { VenueRow } from "@/lib/margin/result-types";
import { formatPct, formatUsd, formatVersion } from "@/lib/format";
import { useVenueComparison } from "./use-margin";
import { Updating } from "../ui/updating";

function nearest(r: Extract<VenueRow, { ok: true }>): string {
  if (r.liquidation.some((l) => l.state === "already")) return "below maintenance now";
  const d = r.togetherDownPct;
  const u = r.togetherUpPct;
  if (d === null && u === null) return "none in −99%…+1000%";
  return `↓${d === null ? "none" : formatPct(d, 1)} ↑${u === null ? "none" : formatPct(u, 1)}`;
}

type OkRow = Extract<VenueRow, { ok: true }>;

/** Above this ratio to the cheapest initial margin, a row says in one line where the difference comes from. */
const LARGE_DIFFERENCE = 1.25;

/**
 * One line on why a row needs much more initial margin than the cheapest: how the profile counts
 * collateral (equity differs) and how it nets positions (standard vs risk-based). Read from the
 * figures the engine returned; null when the difference is small.
 */
export function whyDifferent(r: OkRow, cheapest: OkRow): string | null {
  if (r.profile.id === cheapest.profile.id || cheapest.im <= 0 || r.im < cheapest.im * LARGE_DIFFERENCE) return null;
  const parts = [`${(r.im / cheapest.im).toFixed(1)}× the initial margin of ${cheapest.profile.name}`];
  if (r.profile.kind !== cheapest.profile.kind)
    parts.push(r.profile.kind === "standard" ? "standard rules charge each short option leg alone, where risk-based margin nets hedges" : "its risk-based scenarios charge this book more than per-position rules");
  const equityGap = Math.abs(r.equity - cheapest.equity) / Math.max(Math.abs(r.equity), Math.abs(cheapest.equity), 1);
  if (equityGap > 0.02) parts.push(`collateral credited at ${formatUsd(r.equity, 0)} of equity here vs ${formatUsd(cheapest.equity, 0)} there (haircuts differ)`);
  return parts.join("; ");
}

/** Where is this portfolio cheapest to hold: the sub-account under every venue profile. */
export function VenueComparison({ sub }: { sub: SubAccount }) {
  const q = useVenueComparison(sub);
  if (q.isError) return <p className="text-sm text-rose-300">Venue comparison failed: {q.error.message}</p>;
  const rows = q.shown;
  if (!rows)
    return (
      <p className="text-sm text-slate-400" data-testid="venue-comparison" data-state="computing">
        Computing…
      </p>
    );
  const ok = rows.filter((r): r is OkRow => r.ok);
  const cheapest = ok.length && sub.positions.length ? ok.reduce((b, r) => (r.im < b.im ? r : b)) : null;
  return (
    <Updating stale={q.stale} asOf={q.asOf}>
      <div className="overflow-x-auto" data-testid="venue-comparison" data-state={q.state}>
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
            {rows.map((r) => (
              <tr key={r.profile.id} className={`border-t border-slate-800 ${cheapest && r.ok && r.profile.id === cheapest.profile.id ? "bg-emerald-950/40" : ""}`} data-testid="venue-row" data-profile={r.profile.id}>
                <td className="py-1">
                  <div className="text-xs font-semibold">{r.profile.name}</div>
                  <div className="text-[10px] text-slate-400">
                    {formatVersion(r.profile.version)} · as of {r.profile.asOf}
                  </div>
                  {r.ok && cheapest && whyDifferent(r, cheapest) && (
                    <div className="text-[11px] text-amber-200" data-testid="venue-why">
                      {whyDifferent(r, cheapest)}
                    </div>
                  )}
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
    </Updating>
  );
}
