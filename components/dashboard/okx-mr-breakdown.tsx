"use client";

import type { PortfolioDetails } from "@/lib/margin/result-types";
import { formatPct, formatUsd } from "@/lib/format";

type OkxBreakdown = NonNullable<PortfolioDetails["okx"]>;

/**
 * OKX portfolio margin explained: per risk unit MR1 (spot × vol), MR2 (time value), MR6 (extreme
 * move), MR3, MR4 (basis), MR5, MR9 (stablecoin), the minimum charge MR7 (raw → after its tier
 * multipliers) and the unit's MMR = max(max(MR1, MR2, MR6) + MR3 + MR4 + MR5 + MR9, MR7); then
 * the account's MMR and IMR. Parts OKX publishes but MarginLab does not model are named as
 * assumptions.
 */
export function OkxMrBreakdown({ okx }: { okx: OkxBreakdown }) {
  const usd = (x: number) => formatUsd(x, 0);
  return (
    <div className="overflow-x-auto" data-scroll="x">
      <table className="w-full text-sm" data-testid="okx-mr-breakdown">
        <thead>
          <tr className="text-xs text-slate-400">
            <th className="text-left font-normal">Risk unit</th>
            <th className="text-right font-normal" title="Spot shock × implied-vol move, worst loss">
              MR1
            </th>
            <th className="text-right font-normal" title="Time value (theta decay)">
              MR2
            </th>
            <th className="text-right font-normal" title="Extreme move">
              MR6
            </th>
            <th className="text-right font-normal" title="MR3 vol span + MR4 basis + MR5 interest rate + MR9 stablecoin">
              MR3+4+5+9
            </th>
            <th className="text-right font-normal" title="Minimum charge: raw → after tier multipliers">
              MR7
            </th>
            <th className="text-right font-normal">MMR</th>
          </tr>
        </thead>
        <tbody className="font-mono text-xs">
          {okx.units.map((u) => (
            <tr key={u.underlying} className="border-t border-slate-800" data-testid={`okx-unit-${u.underlying}`}>
              <td className="py-1 font-sans">
                {u.underlying}
                {u.mr1Worst && (
                  <span className="text-slate-500">
                    {" "}
                    (MR1 at spot {formatPct(u.mr1Worst.spotMove * 100, 0)}, vol {u.mr1Worst.volShock})
                  </span>
                )}
              </td>
              <td className={`text-right ${u.dominant === "MR1" ? "font-semibold" : ""}`}>{usd(u.mr1)}</td>
              <td className={`text-right ${u.dominant === "MR2" ? "font-semibold" : ""}`}>{usd(u.mr2)}</td>
              <td className={`text-right ${u.dominant === "MR6" ? "font-semibold" : ""}`}>{usd(u.mr6)}</td>
              <td className="text-right" title={`MR3 ${usd(u.mr3)} · MR4 ${usd(u.mr4)} · MR5 ${usd(u.mr5)} · MR9 ${usd(u.mr9)}`}>
                {usd(u.mr3 + u.mr4 + u.mr5 + u.mr9)}
              </td>
              <td className={`text-right ${u.mr7Binds ? "font-semibold" : ""}`}>
                {usd(u.mr7Raw)} → {usd(u.mr7)}
              </td>
              <td className="text-right">{usd(u.mmr)}</td>
            </tr>
          ))}
          <tr className="border-t border-slate-600 font-semibold">
            <td className="py-1 font-sans" colSpan={6}>
              MMR = Σ units of max(max(MR1, MR2, MR6) + MR3 + MR4 + MR5 + MR9, MR7)
            </td>
            <td className="text-right" data-testid="okx-mmr">
              {usd(okx.mmr)}
            </td>
          </tr>
          <tr className="border-t border-slate-800 font-semibold">
            <td className="py-1 font-sans" colSpan={6}>
              IMR = {okx.imToMm} × MMR
            </td>
            <td className="text-right" data-testid="okx-imr">
              {usd(okx.imr)}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="mt-1 text-xs text-amber-300/80" data-testid="okx-not-modelled">
        Assumption — charged 0, not modelled: {okx.notModelled.join("; ")}. Bold: the part that sets each unit&apos;s MMR.
      </p>
    </div>
  );
}
