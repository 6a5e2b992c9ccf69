"use client";

import { memo, useMemo, useState } from "react";

/** One line of a chart: a value per x (non-finite values break the line). */
export interface LineSeries {
  key: string;
  label: string;
  color: string;
  values: readonly number[];
  widthPx?: number;
  opacity?: number;
}

/** A vertical marker (spot, a liquidation price). */
export interface XMarker {
  x: number;
  color: string;
  widthPx?: number;
}

export interface LineChartProps {
  /** ascending x values, one per point */
  x: readonly number[];
  series: readonly LineSeries[];
  widthPx: number;
  heightPx: number;
  xFormat: (v: number) => string;
  yFormat: (v: number) => string;
  /** the tooltip's title for a point */
  xLabel?: (v: number) => string;
  /** tooltip values */
  valueFormat?: (v: number) => string;
  markers?: readonly XMarker[];
  yAxisWidthPx?: number;
}

const PAD = { top: 8, right: 16, bottom: 22 };
const TICKS = 5;
const AXIS_COLOR = "#94a3b8";

/** About `count` round tick values covering [min, max] (1, 2, 2.5 or 5 × a power of ten apart). */
export function niceTicks(min: number, max: number, count = TICKS): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

/** Index of the x nearest to `v` in an ascending array. */
function nearest(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= v) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi]! - v) < Math.abs(xs[lo]! - v) ? hi : lo;
}

/**
 * A plain SVG line chart: a few polylines, round ticks, vertical markers and a hover read-out. It
 * renders in a millisecond or two for hundreds of points (no chart library store, no text
 * measuring), so a chart that follows every result never makes a long task on the main thread.
 */
export const LineChart = memo(function LineChart({ x, series, widthPx, heightPx, xFormat, yFormat, xLabel, valueFormat, markers = [], yAxisWidthPx = 56 }: LineChartProps) {
  const [hover, setHover] = useState<number | null>(null);
  const geometry = useMemo(() => {
    const left = yAxisWidthPx;
    const plotW = Math.max(1, widthPx - left - PAD.right);
    const plotH = Math.max(1, heightPx - PAD.top - PAD.bottom);
    const x0 = x[0] ?? 0;
    const x1 = x[x.length - 1] ?? 1;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (const s of series)
      for (const v of s.values)
        if (Number.isFinite(v)) {
          y0 = Math.min(y0, v);
          y1 = Math.max(y1, v);
        }
    if (!Number.isFinite(y0)) [y0, y1] = [0, 1];
    const yTicks = niceTicks(y0, y1);
    if (yTicks.length > 0) [y0, y1] = [Math.min(y0, yTicks[0]!), Math.max(y1, yTicks[yTicks.length - 1]!)];
    if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
    const sx = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * plotW;
    const sy = (v: number) => PAD.top + (1 - (v - y0) / (y1 - y0)) * plotH;
    const paths = series.map((s) => {
      let d = "";
      let pen = false;
      for (let i = 0; i < x.length; i++) {
        const v = s.values[i];
        if (v === undefined || !Number.isFinite(v)) {
          pen = false;
          continue;
        }
        d += `${pen ? "L" : "M"}${sx(x[i]!).toFixed(1)},${sy(v).toFixed(1)}`;
        pen = true;
      }
      return d;
    });
    return { left, plotW, plotH, sx, sy, yTicks, xTicks: niceTicks(x0, x1), x0, x1, paths };
  }, [x, series, widthPx, heightPx, yAxisWidthPx]);
  const { left, plotW, plotH, sx, sy, yTicks, xTicks, x0, x1, paths } = geometry;
  const onMove = (e: React.PointerEvent<SVGRectElement>) => {
    if (x.length === 0) return;
    const box = e.currentTarget.getBoundingClientRect();
    const v = x0 + ((e.clientX - box.left) / Math.max(1, box.width)) * (x1 - x0);
    setHover(nearest(x, v));
  };
  const hx = hover === null ? undefined : x[hover];
  return (
    <div className="relative" style={{ width: widthPx, height: heightPx }}>
      <svg width={widthPx} height={heightPx} role="img" aria-label={series.map((s) => s.label).join(", ")}>
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={left} x2={left + plotW} y1={sy(t)} y2={sy(t)} stroke={AXIS_COLOR} strokeOpacity={0.25} />
            <text x={left - 4} y={sy(t)} dy="0.32em" textAnchor="end" fontSize={11} fill={AXIS_COLOR}>
              {yFormat(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <g key={`x${t}`}>
            <line x1={sx(t)} x2={sx(t)} y1={PAD.top} y2={PAD.top + plotH} stroke={AXIS_COLOR} strokeOpacity={0.25} />
            <text x={sx(t)} y={PAD.top + plotH + 14} textAnchor="middle" fontSize={11} fill={AXIS_COLOR}>
              {xFormat(t)}
            </text>
          </g>
        ))}
        <rect x={left} y={PAD.top} width={plotW} height={plotH} fill="none" stroke={AXIS_COLOR} strokeOpacity={0.5} />
        {markers
          .filter((m) => m.x >= x0 && m.x <= x1)
          .map((m, i) => (
            <line key={`m${i}`} x1={sx(m.x)} x2={sx(m.x)} y1={PAD.top} y2={PAD.top + plotH} stroke={m.color} strokeWidth={m.widthPx ?? 1} />
          ))}
        {series.map((s, i) => (
          <path key={s.key} d={paths[i]} fill="none" stroke={s.color} strokeWidth={s.widthPx ?? 1.5} strokeOpacity={s.opacity ?? 1} strokeLinejoin="round" />
        ))}
        {hx !== undefined && <line x1={sx(hx)} x2={sx(hx)} y1={PAD.top} y2={PAD.top + plotH} stroke={AXIS_COLOR} strokeDasharray="3 3" />}
        <rect x={left} y={PAD.top} width={plotW} height={plotH} fill="transparent" onPointerMove={onMove} onPointerLeave={() => setHover(null)} />
      </svg>
      {hover !== null && hx !== undefined && (
        <div
          className="pointer-events-none absolute top-2 rounded border border-slate-700 bg-slate-900 px-2 py-1 text-xs shadow"
          style={sx(hx) > left + plotW / 2 ? { right: widthPx - sx(hx) + 8 } : { left: sx(hx) + 8 }}
          data-testid="chart-tooltip"
        >
          <div className="font-semibold">{xLabel ? xLabel(hx) : xFormat(hx)}</div>
          {series.map((s) => (
            <div key={s.key} style={{ color: s.color }}>
              {s.label}: {(valueFormat ?? yFormat)(s.values[hover] ?? Number.NaN)}
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
