"use client";

import { memo, useDeferredValue, useState } from "react";
import { useElementWidth } from "../ui/use-element-width";
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { SubAccountResult } from "@/lib/margin/result-types";
import { formatNumber, formatUsd } from "@/lib/format";

/** Chart config: one entry per series, so colours and labels live in one place. */
const SERIES = {
  equity: { label: "Equity", color: "#38bdf8" },
  mm: { label: "Maintenance margin", color: "#f43f5e" },
  im: { label: "Initial margin", color: "#f59e0b" },
} as const;

function compactUsd(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`;
  return v.toFixed(0);
}

/** Equity and margin requirements against the underlying's price, with liquidation points marked. */
/** Memoised: recharts syncs every prop change into its own store, so it renders only for a new result. */
/**
 * The chart renders the deferred result: React renders it at transition priority (sliced), and the
 * memoised inner component is skipped entirely during the urgent render that brings new data.
 */
export function EquityChart({ result: latest }: { result: SubAccountResult }) {
  const result = useDeferredValue(latest);
  return <EquityChartInner result={result} />;
}

const EquityChartInner = memo(function EquityChartInner({ result }: { result: SubAccountResult }) {
  const [pick, setPick] = useState<string | null>(null);
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const series = result.chart.find((c) => c.underlying === pick) ?? result.chart[0];
  if (!series) return <p className="text-sm text-slate-400">Nothing moves with an underlying in this sub-account.</p>;
  const liqPrices: number[] = [];
  if (result.mode === "cross") {
    const l = result.liquidation.find((x) => x.underlying === series.underlying);
    if (l?.down) liqPrices.push(l.down.price);
    if (l?.up) liqPrices.push(l.up.price);
  } else {
    for (const p of result.positions) {
      if (p.underlying !== series.underlying || !p.isolated) continue;
      if (p.isolated.liquidation.down) liqPrices.push(p.isolated.liquidation.down.price);
      if (p.isolated.liquidation.up) liqPrices.push(p.isolated.liquidation.up.price);
    }
  }
  const prices = series.points.map((p) => p.price);
  const domain: [number, number] = [Math.min(...prices), Math.max(...prices)];
  return (
    <div data-testid="equity-chart">
      <div className="mb-2 flex gap-1" role="tablist" aria-label="Underlying">
        {result.chart.map((c) => (
          <button
            key={c.underlying}
            type="button"
            role="tab"
            aria-selected={c.underlying === series.underlying}
            onClick={() => setPick(c.underlying)}
            className={`rounded px-2 py-0.5 text-xs ${c.underlying === series.underlying ? "bg-sky-700 text-white" : "bg-slate-800 text-slate-300"}`}
          >
            {c.underlying}
          </button>
        ))}
        <span className="ml-2 self-center text-xs text-slate-400">
          {result.mode === "isolated" ? "Isolated: each position's loss is capped at its allocation; markers are per-position liquidation prices." : "Other underlyings held at their current prices."}
        </span>
      </div>
      <div className="h-72 w-full" ref={boxRef}>
        {width > 0 && (
          <LineChart width={width} height={288} data={series.points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#94a3b8" strokeOpacity={0.25} />
            <XAxis dataKey="price" type="number" domain={domain} tickFormatter={(v: number) => formatNumber(v, 0)} stroke="#94a3b8" fontSize={11} />
            <YAxis tickFormatter={compactUsd} stroke="#94a3b8" fontSize={11} width={56} />
            <Tooltip
              contentStyle={{ background: "var(--color-slate-900)", border: "1px solid var(--color-slate-700)", fontSize: 12 }}
              labelFormatter={(v) => `${series.underlying} ${formatNumber(Number(v), 2)}`}
              formatter={(v, name) => [formatUsd(Number(v), 0), String(name)]}
            />
            {(Object.keys(SERIES) as (keyof typeof SERIES)[]).map((k) => (
              <Line key={k} type="linear" dataKey={k} name={SERIES[k].label} stroke={SERIES[k].color} dot={false} strokeWidth={k === "equity" ? 2 : 1.5} strokeOpacity={k === "im" ? 0.7 : 1} isAnimationActive={false} />
            ))}
            <ReferenceLine x={series.spot} stroke="#64748b" />
            {liqPrices.map((p, i) => (
              <ReferenceLine key={`${p}-${i}`} x={p} stroke="#f43f5e" strokeWidth={1.5} />
            ))}
          </LineChart>
        )}
      </div>
      {/* Legend in HTML: recharts measures SVG text on every render, which is what costs on the main thread. */}
      <div className="mt-1 flex flex-wrap items-center gap-3 text-xs text-slate-300">
        {(Object.keys(SERIES) as (keyof typeof SERIES)[]).map((k) => (
          <span key={k} className="flex items-center gap-1">
            <span className="inline-block h-0.5 w-4" style={{ background: SERIES[k].color }} />
            {SERIES[k].label}
          </span>
        ))}
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-px bg-slate-500" /> spot {formatNumber(series.spot, 2)}
        </span>
        {liqPrices.length > 0 && (
          <span className="flex items-center gap-1 text-rose-300">
            <span className="inline-block h-3 w-0.5 bg-rose-500" /> liquidation {liqPrices.map((p) => formatNumber(p, 0)).join(", ")}
          </span>
        )}
      </div>
      <p className="sr-only" data-testid="chart-liquidation-prices">
        {liqPrices.map((p) => formatNumber(p, 2)).join(", ")}
      </p>
    </div>
  );
});
