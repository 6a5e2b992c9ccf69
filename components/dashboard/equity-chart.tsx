"use client";

import { memo, useDeferredValue, useMemo, useState } from "react";
import { useElementWidth } from "../ui/use-element-width";
import { LineChart, type LineSeries, type XMarker } from "../ui/line-chart";
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
/** Memoised: renders only for a new result; drawn as plain SVG (ui/line-chart.tsx), never a long task. */
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
  const lines = useMemo(() => {
    const points = series?.points ?? [];
    const x = points.map((p) => p.price);
    const ys: LineSeries[] = (Object.keys(SERIES) as (keyof typeof SERIES)[]).map((k) => ({
      key: k,
      label: SERIES[k].label,
      color: SERIES[k].color,
      values: points.map((p) => p[k]),
      widthPx: k === "equity" ? 2 : 1.5,
      opacity: k === "im" ? 0.7 : 1,
    }));
    return { x, ys };
  }, [series]);
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
          <LineChart
            x={lines.x}
            series={lines.ys}
            widthPx={width}
            heightPx={288}
            xFormat={(v) => formatNumber(v, 0)}
            yFormat={compactUsd}
            xLabel={(v) => `${series.underlying} ${formatNumber(v, 2)}`}
            valueFormat={(v) => formatUsd(v, 0)}
            markers={[{ x: series.spot, color: "#64748b" } as XMarker, ...liqPrices.map((p) => ({ x: p, color: "#f43f5e", widthPx: 1.5 }))]}
          />
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
