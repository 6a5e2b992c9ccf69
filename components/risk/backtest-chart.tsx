"use client";

import { memo } from "react";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { BacktestResult } from "@/lib/risk/types";
import { formatUsd } from "@/lib/format";
import { useElementWidth } from "../ui/use-element-width";
import { categoryTickInterval, EVERY_TICK } from "../ui/chart-ticks";

function compactUsd(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`;
  return v.toFixed(0);
}

/** Daily P&L of today's book over the history against the VaR predicted the day before (drawn as −VaR). */
export const BacktestChart = memo(function BacktestChart({ backtest }: { backtest: BacktestResult }) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const data = backtest.points.map((p) => ({ iso: p.iso, pnl: p.pnl, limit: -p.var, hit: p.exceeded ? p.pnl : null }));
  return (
    <div className="h-56 w-full" ref={boxRef} data-testid="risk-backtest-chart">
      {width > 0 && (
        <LineChart width={width} height={224} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#1e293b" />
          <XAxis dataKey="iso" stroke="#94a3b8" fontSize={11} interval={categoryTickInterval(data.length, width)} />
          <YAxis tickFormatter={compactUsd} stroke="#94a3b8" fontSize={11} width={56} interval={EVERY_TICK} />
          <Tooltip contentStyle={{ background: "#0f172a", border: "1px solid #334155", fontSize: 12 }} formatter={(v, name) => [formatUsd(Number(v), 0), String(name)]} />
          <Line type="linear" dataKey="pnl" name="P&L of today's book" stroke="#38bdf8" dot={false} strokeWidth={1} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="limit" name="−VaR (day before)" stroke="#f43f5e" dot={false} strokeWidth={1.5} isAnimationActive={false} />
          <Line type="linear" dataKey="hit" name="exceedance" stroke="none" dot={{ r: 2.5, fill: "#fbbf24", stroke: "none" }} isAnimationActive={false} />
        </LineChart>
      )}
    </div>
  );
});
