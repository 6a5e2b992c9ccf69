"use client";

import { memo, useMemo, type MouseEvent } from "react";
import { useElementWidth } from "../ui/use-element-width";
import { PAD_FACTOR_RANGE, padHours, pointAt, withPoint, type PadPoint } from "./path-pad-geometry";

const HEIGHT = 160;
const PAD = { left: 40, right: 12, top: 8, bottom: 22 };

/**
 * Draw a path on a chart: click to place a point (hour from now × spot factor); clicking at an hour
 * that has a point moves it. The list of points beside it stays editable (and is the keyboard way).
 */
export const PathPad = memo(function PathPad({ points, onChange }: { points: readonly PadPoint[]; onChange: (points: PadPoint[]) => void }) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const hours = padHours(points);
  const plotW = Math.max(1, width - PAD.left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const xOf = (h: number) => PAD.left + (h / hours) * plotW;
  const yOf = (f: number) => PAD.top + ((PAD_FACTOR_RANGE.max - Math.min(PAD_FACTOR_RANGE.max, Math.max(PAD_FACTOR_RANGE.min, f))) / (PAD_FACTOR_RANGE.max - PAD_FACTOR_RANGE.min)) * plotH;
  const drawn = useMemo(
    () =>
      points
        .map((p) => ({ hour: Number(p.hour), factor: Number(p.factor) }))
        .filter((p, i) => points[i]!.hour.trim() !== "" && points[i]!.factor.trim() !== "" && Number.isFinite(p.hour) && Number.isFinite(p.factor))
        .sort((a, b) => a.hour - b.hour),
    [points],
  );
  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const xFrac = (e.clientX - box.left - PAD.left) / plotW;
    const yFrac = (e.clientY - box.top - PAD.top) / plotH;
    onChange(withPoint(points, pointAt(xFrac, yFrac, hours)));
  };
  const gridFactors = [0.4, 0.6, 0.8, 1, 1.2, 1.4];
  const gridHours = Array.from({ length: 5 }, (_, i) => Math.round((hours * i) / 4));
  return (
    <div ref={boxRef} className="w-full" data-testid="replay-pad">
      {width > 0 && (
        <svg width={width} height={HEIGHT} onClick={onClick} className="cursor-crosshair rounded bg-slate-950/60" role="img" aria-label="Drawn path: click to place a point (hour from now, spot as a multiple of today's)">
          {gridFactors.map((f) => (
            <g key={f}>
              <line x1={PAD.left} x2={PAD.left + plotW} y1={yOf(f)} y2={yOf(f)} stroke={f === 1 ? "#64748b" : "#1e293b"} />
              <text x={PAD.left - 4} y={yOf(f) + 3} textAnchor="end" fontSize={10} fill="#94a3b8">
                ×{f}
              </text>
            </g>
          ))}
          {gridHours.map((h) => (
            <text key={h} x={xOf(h)} y={HEIGHT - 6} textAnchor="middle" fontSize={10} fill="#94a3b8">
              {h}h
            </text>
          ))}
          <polyline fill="none" stroke="#38bdf8" strokeWidth={2} points={drawn.map((p) => `${xOf(p.hour)},${yOf(p.factor)}`).join(" ")} />
          {drawn.map((p, i) => (
            <circle key={i} cx={xOf(p.hour)} cy={yOf(p.factor)} r={4} fill="#38bdf8" data-testid="replay-pad-point" />
          ))}
        </svg>
      )}
    </div>
  );
});
