"use client";

import { memo, useMemo } from "react";
import { CartesianGrid, ComposedChart, Legend, Line, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { EVERY_TICK } from "../ui/chart-ticks";
import type { ReplayReport } from "@/lib/engine/client/queries";
import { formatUsd } from "@/lib/format";
import { useElementWidth } from "../ui/use-element-width";

type ModeOk = Extract<ReplayReport["modes"][number], { ok: true }>;

function compactUsd(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`;
  return v.toFixed(0);
}

/** The account's equity at `hour`, linear between the replay's points. */
function equityAt(points: ModeOk["points"], hour: number): number {
  let k = 1;
  while (k < points.length - 1 && points[k]!.hour < hour) k++;
  const a = points[k - 1]!;
  const b = points[k] ?? a;
  return b.hour === a.hour ? b.equity : a.equity + ((b.equity - a.equity) * (hour - a.hour)) / (b.hour - a.hour);
}

/** Most event markers drawn (a long liquidation can have thousands of fills; the table lists them). */
const MAX_MARKERS = 300;

/**
 * Equity and maintenance margin along the replay (hours from the start), the untouched book's
 * equity dashed beside them, and a marker at each liquidation fill (equity just after it).
 */
export const ReplayChart = memo(function ReplayChart({ mode }: { mode: ModeOk }) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const data = useMemo(() => mode.points.map((p) => ({ hour: p.hour, equity: p.equity, mm: p.mm, noLiq: p.equityNoLiquidation })), [mode]);
  // Markers sit on the account's equity line at the fill's time (an isolated fill's own figures are the position's).
  const markers = useMemo(() => mode.events.slice(0, MAX_MARKERS).map((e) => ({ hour: e.hour, event: mode.eventEquityScope === "account" ? e.equityAfter : equityAt(mode.points, e.hour) })), [mode]);
  const last = data[data.length - 1]?.hour ?? 0;
  return (
    <div className="h-64 w-full" ref={boxRef} data-testid="replay-chart">
      {width > 0 && (
        <ComposedChart width={width} height={256} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#1e293b" />
          <XAxis dataKey="hour" type="number" domain={[0, last]} stroke="#94a3b8" fontSize={11} tickFormatter={(h) => `${h} h`} interval={EVERY_TICK} />
          <YAxis tickFormatter={compactUsd} stroke="#94a3b8" fontSize={11} width={56} interval={EVERY_TICK} />
          <Tooltip
            contentStyle={{ background: "#0f172a", border: "1px solid #334155", fontSize: 12 }}
            labelFormatter={(h) => `hour ${Number(h).toFixed(2)}`}
            formatter={(v, name) => [formatUsd(Number(v), 0), String(name)]}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Line type="linear" dataKey="equity" name="Equity (with liquidation)" stroke="#38bdf8" dot={false} strokeWidth={1.5} isAnimationActive={false} />
          <Line type="linear" dataKey="noLiq" name="Equity, no liquidation" stroke="#94a3b8" strokeDasharray="4 3" dot={false} strokeWidth={1} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="mm" name="Maintenance margin" stroke="#f43f5e" dot={false} strokeWidth={1.5} isAnimationActive={false} />
          <Scatter data={markers} dataKey="event" name="Liquidation fill" fill="#fbbf24" isAnimationActive={false} />
        </ComposedChart>
      )}
    </div>
  );
});
