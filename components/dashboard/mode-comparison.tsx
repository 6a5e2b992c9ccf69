"use client";

import { useElementWidth } from "../ui/use-element-width";
import { LineChart, type LineSeries } from "../ui/line-chart";
import { memo, useDeferredValue, useMemo } from "react";
import type { ModeView } from "@/lib/margin/result-types";
import type { SubAccount } from "@/lib/workspace/schema";
import { formatNumber, formatPct, formatUsd } from "@/lib/format";
import { useModeComparison } from "./use-margin";
import { Updating } from "../ui/updating";

type OkView = Extract<ModeView, { ok: true }>;

const MODE_COLOR: Record<string, string> = { isolated: "#a78bfa", cross: "#f43f5e", portfolio: "#22c55e" };

function liqText(v: OkView): string {
  const parts = v.liquidation.map((l) => {
    if (l.state === "already") return `${l.underlying}: now`;
    if (l.state === "none-in-range") return `${l.underlying}: none in range`;
    const d = l.down ? formatPct(l.down.movePct, 1) : "none";
    const u = l.up ? formatPct(l.up.movePct, 1) : "none";
    return `${l.underlying}: ↓${d} ↑${u}`;
  });
  return parts.length ? parts.join(" · ") : "no positions";
}

/** Equity and each mode's maintenance line on one price grid; memoised (renders only for new data). */
function ComparisonChart({ views, currentMode }: { views: ModeView[]; currentMode: SubAccount["mode"] }) {
  // Deferred (transition priority), and the memoised inner chart is skipped in the urgent render.
  return <ComparisonChartInner views={useDeferredValue(views)} currentMode={currentMode} />;
}

const ComparisonChartInner = memo(function ComparisonChartInner({ views: all, currentMode }: { views: ModeView[]; currentMode: SubAccount["mode"] }) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const views = useMemo(() => all.filter((v): v is OkView => v.ok), [all]);
  // One price grid (the first view's); equity of the current mode, and each mode's maintenance line.
  const lines = useMemo(() => {
    const base = views[0]?.curve ?? [];
    const current = views.find((v) => v.mode === currentMode);
    const x = base.map((p) => p.price);
    const ys: LineSeries[] = [
      { key: "equity", label: "Equity", color: "#38bdf8", widthPx: 2, values: base.map((p, i) => current?.curve[i]?.equity ?? p.equity) },
      ...views.map((v) => ({ key: `mm_${v.mode}`, label: `MM ${v.mode}`, color: MODE_COLOR[v.mode] ?? "#eab308", values: base.map((_, i) => v.curve[i]?.mm ?? 0) })),
    ];
    return { x, ys };
  }, [views, currentMode]);
  if (lines.x.length === 0) return null;
  const legend = [{ key: "equity", label: "Equity", color: "#38bdf8" }, ...views.map((v) => ({ key: v.mode, label: `MM ${v.mode}`, color: MODE_COLOR[v.mode] ?? "#eab308" }))];
  return (
    <div>
      <div className="h-64" ref={boxRef}>
        {width > 0 && <LineChart x={lines.x} series={lines.ys} widthPx={width} heightPx={256} xFormat={(v) => formatNumber(v, 0)} yFormat={(v) => formatUsd(v, 0)} yAxisWidthPx={72} />}
      </div>
      <div className="mt-1 flex flex-wrap gap-3 text-xs text-slate-300">
        {legend.map((l) => (
          <span key={l.key} className="flex items-center gap-1">
            <span className="inline-block h-0.5 w-4" style={{ background: l.color }} />
            {l.label}
          </span>
        ))}
      </div>
    </div>
  );
});

/** Isolated vs cross vs portfolio for the same positions and collateral. */
export function ModeComparison({ sub }: { sub: SubAccount }) {
  const q = useModeComparison(sub);
  if (q.isError) return <p className="text-sm text-rose-300">Comparison failed: {q.error.message}</p>;
  const shown = q.shown;
  if (!shown)
    return (
      <p className="text-sm text-slate-400" data-testid="mode-comparison" data-state="computing">
        Computing…
      </p>
    );
  const views = shown.views.filter((v): v is OkView => v.ok);
  const failed = shown.views.filter((v) => !v.ok);
  const rows: { label: string; cell: (v: OkView) => string }[] = [
    { label: "Initial margin", cell: (v) => formatUsd(v.im, 0) },
    { label: "Maintenance margin", cell: (v) => formatUsd(v.mm, 0) },
    { label: "Free collateral", cell: (v) => formatUsd(v.freeCollateral, 0) },
    { label: "Efficiency (notional / IM)", cell: (v) => (v.efficiency === null ? "—" : `${v.efficiency.toFixed(2)}×`) },
    {
      label: "Largest extra perp (long / short)",
      cell: (v) => (v.maxExtra ? `${formatNumber(v.maxExtra.longCoins, 3)} / ${formatNumber(v.maxExtra.shortCoins, 3)} ${v.maxExtra.underlying}` : "—"),
    },
    { label: "Liquidation (one underlying)", cell: liqText },
    {
      label: "Liquidation (all together)",
      cell: (v) => (v.mode === "isolated" ? "per position" : `↓${v.togetherDownPct === null ? "none" : formatPct(v.togetherDownPct, 1)} ↑${v.togetherUpPct === null ? "none" : formatPct(v.togetherUpPct, 1)}`),
    },
    ...[0, 1, 2, 3].map((i) => ({
      label: `Stress ${formatPct(views[0]?.stress[i]?.movePct ?? 0, 0)} (all underlyings)`,
      cell: (v: OkView) => {
        const s = v.stress[i];
        if (!s) return "—";
        const flag = v.mode === "isolated" ? (s.liquidatedPositions ? ` · ${s.liquidatedPositions} pos. liquidated` : "") : s.accountLiquidated ? " · account liquidated" : "";
        return `${s.lossUsd >= 0 ? "loses" : "gains"} ${formatUsd(Math.abs(s.lossUsd), 0)}${flag}`;
      },
    })),
  ];
  return (
    <Updating stale={q.stale} asOf={q.asOf}>
      <div className="flex flex-col gap-3" data-testid="mode-comparison" data-state={q.state}>
        <p className="rounded border border-sky-800 bg-sky-950/40 p-2 text-sm" data-testid="verdict">
          {shown.verdict}
        </p>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-xs text-slate-400">
                <th className="text-left font-normal" />
                {views.map((v) => (
                  <th key={v.mode} className="text-right font-normal capitalize">
                    {v.mode}
                    {v.mode === sub.mode ? " (current)" : ""}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label} className="border-t border-slate-800">
                  <td className="py-1 pr-2 text-xs text-slate-400">{r.label}</td>
                  {views.map((v) => (
                    <td key={v.mode} className="text-right font-mono text-xs" data-testid={`cmp-${v.mode}-${r.label.split(" ")[0]!.toLowerCase()}`}>
                      {r.cell(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {failed.map((v) => (
          <p key={v.mode} className="text-xs text-rose-300">
            {v.mode}: {!v.ok && v.error}
          </p>
        ))}
        <div>
          <ComparisonChart views={shown.views} currentMode={sub.mode} />
        </div>
      </div>
    </Updating>
  );
}
