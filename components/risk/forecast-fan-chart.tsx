"use client";

import { memo } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { EVERY_TICK } from "../ui/chart-ticks";
import type { ForecastReport } from "@/lib/engine/client/queries";
import { formatUsd } from "@/lib/format";
import { useElementWidth } from "../ui/use-element-width";

function compactUsd(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`;
  return v.toFixed(0);
}

/**
 * Fan chart of the forecast: IM and MM over the horizon, each a 5 %–95 % band with its median,
 * and the equity's median and 5 % line (a margin call is equity below IM). Day 0 is today.
 */
export const ForecastFanChart = memo(function ForecastFanChart({ report }: { report: ForecastReport }) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const t = report.today;
  const data = [
    { day: 0, imBand: [t.im, t.im], mmBand: [t.mm, t.mm], im: t.im, mm: t.mm, equity: t.equity, equityLow: t.equity },
    ...report.horizons.map((h) => ({ day: h.days, imBand: [h.im.p5, h.im.p95], mmBand: [h.mm.p5, h.mm.p95], im: h.im.median, mm: h.mm.median, equity: h.equity.median, equityLow: h.equity.p5 })),
  ];
  return (
    <div className="h-64 w-full" ref={boxRef} data-testid="forecast-fan-chart">
      {width > 0 && (
        <ComposedChart width={width} height={256} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#1e293b" />
          <XAxis dataKey="day" type="number" domain={[0, report.maxHorizonDays]} stroke="#94a3b8" fontSize={11} tickFormatter={(d) => `${d} d`} interval={EVERY_TICK} />
          <YAxis tickFormatter={compactUsd} stroke="#94a3b8" fontSize={11} width={56} interval={EVERY_TICK} />
          <Tooltip
            contentStyle={{ background: "#0f172a", border: "1px solid #334155", fontSize: 12 }}
            labelFormatter={(d) => `day ${d}`}
            formatter={(v, name) => [Array.isArray(v) ? `${formatUsd(Number(v[0]), 0)} – ${formatUsd(Number(v[1]), 0)}` : formatUsd(Number(v), 0), String(name)]}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Area type="monotone" dataKey="imBand" name="IM 5–95 %" stroke="none" fill="#f59e0b" fillOpacity={0.2} isAnimationActive={false} />
          <Area type="monotone" dataKey="mmBand" name="MM 5–95 %" stroke="none" fill="#f43f5e" fillOpacity={0.2} isAnimationActive={false} />
          <Line type="monotone" dataKey="im" name="IM median" stroke="#f59e0b" dot={false} strokeWidth={1.5} isAnimationActive={false} />
          <Line type="monotone" dataKey="mm" name="MM median" stroke="#f43f5e" dot={false} strokeWidth={1.5} isAnimationActive={false} />
          <Line type="monotone" dataKey="equity" name="Equity median" stroke="#38bdf8" dot={false} strokeWidth={1.5} isAnimationActive={false} />
          <Line type="monotone" dataKey="equityLow" name="Equity 5 %" stroke="#38bdf8" strokeDasharray="4 3" dot={false} strokeWidth={1} isAnimationActive={false} />
        </ComposedChart>
      )}
    </div>
  );
});
