"use client";

import { memo, useMemo, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { EVERY_TICK } from "../ui/chart-ticks";
import { payoffQuery, spotVolMatrixQuery } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import type { PayoffResult, SpotVolMatrix } from "@/lib/margin/result-types";
import { formatNumber, formatUsd } from "@/lib/format";
import type { NewPosition, SubAccount } from "@/lib/workspace/schema";
import { useAnalysisEngine, useSnapshot, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { useElementWidth } from "../ui/use-element-width";

const COLORS = { today: "#38bdf8", expiry: "#f59e0b", days: "#a78bfa" } as const;

function compactUsd(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`;
  return v.toFixed(0);
}

/** P&L vs the underlying's price: solid = the account with the staged legs, dashed = the legs alone. */
const PayoffChart = memo(function PayoffChart({ payoff, width }: { payoff: PayoffResult; width: number }) {
  // One row per price, one column per series (data shaping only: the numbers are the engine's).
  const data = useMemo(
    () =>
      payoff.series[0]!.points.map((p, i) => {
        const row: Record<string, number> = { price: p.price };
        for (const s of payoff.series) {
          row[`acc-${s.horizon}`] = s.points[i]!.account;
          row[`trade-${s.horizon}`] = s.points[i]!.trade;
        }
        return row;
      }),
    [payoff],
  );
  return (
    <LineChart width={width} height={240} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
      <CartesianGrid stroke="#1e293b" />
      <XAxis dataKey="price" type="number" domain={["dataMin", "dataMax"]} tickFormatter={compactUsd} stroke="#94a3b8" fontSize={11} interval={EVERY_TICK} />
      <YAxis tickFormatter={compactUsd} stroke="#94a3b8" fontSize={11} width={56} interval={EVERY_TICK} />
      <Tooltip formatter={(v) => formatUsd(Number(v), 0)} labelFormatter={(v) => formatUsd(Number(v), 0)} contentStyle={{ background: "#0f172a", border: "1px solid #334155" }} />
      <ReferenceLine x={payoff.spot} stroke="#64748b" strokeDasharray="2 2" />
      <ReferenceLine y={0} stroke="#64748b" />
      {payoff.series.map((s) => (
        <Line key={`acc-${s.horizon}`} dataKey={`acc-${s.horizon}`} name={`account ${s.label}`} stroke={COLORS[s.horizon]} dot={false} isAnimationActive={false} />
      ))}
      {payoff.series.map((s) => (
        <Line key={`trade-${s.horizon}`} dataKey={`trade-${s.horizon}`} name={`staged ${s.label}`} stroke={COLORS[s.horizon]} strokeDasharray="5 3" dot={false} isAnimationActive={false} />
      ))}
    </LineChart>
  );
});

function Matrix({ m }: { m: SpotVolMatrix }) {
  const [show, setShow] = useState<"pnl" | "im" | "free">("pnl");
  return (
    <div className="flex flex-col gap-1" data-testid="spot-vol-matrix">
      <div className="flex items-center gap-2 text-xs text-slate-400">
        {m.underlying} spot move × implied-vol shift (vol points), the account with the staged legs:
        {(["pnl", "im", "free"] as const).map((k) => (
          <Button key={k} className="text-xs" variant={show === k ? "primary" : "ghost"} onClick={() => setShow(k)} data-testid={`matrix-${k}`}>
            {k === "pnl" ? "P&L" : k === "im" ? "IM after" : "Free collateral after"}
          </Button>
        ))}
      </div>
      <table className="text-right font-mono text-xs">
        <thead>
          <tr>
            <th className="px-1 text-slate-400">vol \ spot</th>
            {m.spotMovesPct.map((s) => (
              <th key={s} className="px-1 text-slate-400">
                {s > 0 ? "+" : ""}
                {s}%
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.cells.map((row, v) => (
            <tr key={m.volShiftsPts[v]}>
              <th className="px-1 text-slate-400">
                {m.volShiftsPts[v]! > 0 ? "+" : ""}
                {m.volShiftsPts[v]}
              </th>
              {row.map((c, s) => {
                const value = show === "pnl" ? c.pnl : show === "im" ? c.im : c.freeCollateral;
                const bad = c.status === "liquidation" ? "bg-rose-900/60" : c.status === "below-initial" ? "bg-amber-900/40" : "";
                return (
                  <td key={s} className={`px-1 ${bad} ${show !== "im" && value < 0 ? "text-rose-300" : ""}`} title={`status: ${c.status}`}>
                    {compactUsd(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-500">Amber: below initial margin; red: liquidation. Every cell is the full model on the moved market, in this sub-account&apos;s mode.</p>
    </div>
  );
}

/** Payoff views (today, at the legs' nearest expiry, days forward) and the spot × vol matrix, on request. */
export function PayoffPanel({ sub, legs }: { sub: SubAccount; legs: NewPosition[] }) {
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState("7");
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const options = useMemo(() => whatIfOptions(whatIf), [whatIf]);
  const extraDays = Math.max(0, Math.min(400, Math.round(Number(days) || 0)));
  const payoffQ = useQuery({ ...payoffQuery(bridge, sub, legs, snapshot, options, extraDays), enabled: open, placeholderData: keepPreviousData });
  const matrixQ = useQuery({ ...spotVolMatrixQuery(bridge, sub, legs, snapshot, options), enabled: open, placeholderData: keepPreviousData });
  const [ref, width] = useElementWidth<HTMLDivElement>();
  if (!open)
    return (
      <Button className="self-start" onClick={() => setOpen(true)} data-testid="payoff-open">
        Payoff and spot × vol matrix
      </Button>
    );
  return (
    <div className="flex flex-col gap-2" data-testid="payoff" data-state={payoffQ.data && !payoffQ.isPlaceholderData && matrixQ.data && !matrixQ.isPlaceholderData ? "ready" : "computing"}>
      <div className="flex items-center gap-2 text-xs text-slate-400">
        P&L vs {payoffQ.data?.underlying ?? "the underlying"} price — solid: the account with the staged legs; dashed: the staged legs alone. Also at
        <input className="w-14 rounded bg-slate-800 px-1 text-slate-100" value={days} onChange={(e) => setDays(e.target.value)} aria-label="Days forward for the payoff" data-testid="payoff-days" />
        days forward.
        <Button className="ml-auto text-xs" onClick={() => setOpen(false)}>
          Hide
        </Button>
      </div>
      <div ref={ref}>{payoffQ.isError ? <p className="text-sm text-rose-300">{payoffQ.error.message}</p> : payoffQ.data && width > 0 ? <PayoffChart payoff={payoffQ.data} width={width} /> : <div className="h-60" />}</div>
      {payoffQ.data && (
        <ul className="flex flex-wrap gap-3 text-xs">
          {payoffQ.data.series.map((s) => (
            <li key={s.horizon} style={{ color: COLORS[s.horizon] }}>
              {s.label}
            </li>
          ))}
          <li className="text-slate-400">spot {formatNumber(payoffQ.data.spot, 2)}</li>
        </ul>
      )}
      {matrixQ.isError ? <p className="text-sm text-rose-300">{matrixQ.error.message}</p> : matrixQ.data ? <Matrix m={matrixQ.data} /> : <p className="text-sm text-slate-400">Computing the matrix…</p>}
    </div>
  );
}
