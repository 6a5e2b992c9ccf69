"use client";

import { memo, useState, type ReactNode } from "react";
import type { SubAccount } from "@/lib/workspace/schema";
import type { GreeksMarginReport, RiskMeasure, RiskMethod, RiskReport, StressReport } from "@/lib/risk/types";
import { formatNumber, formatPct, formatUsd } from "@/lib/format";
import { BacktestChart } from "./backtest-chart";
import { useRisk } from "./use-risk";
import { Updating } from "../ui/updating";

const METHOD_LABEL: Record<RiskMethod, string> = {
  historical: "Historical simulation",
  "filtered-historical": "Filtered historical (EWMA λ 0.94)",
  "monte-carlo-normal": "Monte Carlo, normal",
  "monte-carlo-t": "Monte Carlo, Student-t",
};
const METHODS = Object.keys(METHOD_LABEL) as RiskMethod[];
const HORIZONS = [2, 3, 4, 5, 6, 7, 8, 9, 10];

function ErrorLine({ what, message }: { what: string; message: string }) {
  return (
    <p role="alert" className="text-sm text-rose-300" data-testid="risk-error">
      {what}: {message}
    </p>
  );
}

function pctOf(x: number): string {
  return `${formatNumber(x * 100, 2)} %`;
}

// The tables are memoised: the panel re-renders at every what-if step while it holds its last figures,
// and redrawing a 1,000-row components table at each step would hold the main thread.
const VarTable = memo(function VarTable({ report, method, onMethod }: { report: RiskReport; method: RiskMethod; onMethod: (m: RiskMethod) => void }) {
  const h = report.horizonDays;
  const cell = (m: RiskMethod, days: number) => report.measures.find((x) => x.method === m && x.horizonDays === days);
  const first = report.measures[0];
  const varLabel = first ? pctOf(first.varConfidence) : "";
  const esLabel = first ? pctOf(first.esConfidence) : "";
  return (
    <table className="w-full text-sm" data-testid="risk-var-table">
      <thead>
        <tr className="text-xs text-slate-400">
          <th className="text-left font-normal">Method</th>
          <th className="text-right font-normal">VaR {varLabel}, 1 day</th>
          <th className="text-right font-normal">ES {esLabel}, 1 day</th>
          <th className="text-right font-normal">VaR, {h} days</th>
          <th className="text-right font-normal">ES, {h} days</th>
          <th className="text-right font-normal">Scenarios</th>
        </tr>
      </thead>
      <tbody>
        {METHODS.map((m) => {
          const one = cell(m, 1);
          const many = cell(m, h);
          if (!one || !many) return null;
          return (
            <tr key={m} className={`border-t border-slate-800 ${m === method ? "bg-slate-800/60" : ""}`} data-testid={`risk-row-${m}`}>
              <td className="py-1 text-xs">
                <button type="button" className="text-left underline decoration-dotted" onClick={() => onMethod(m)} aria-pressed={m === method}>
                  {METHOD_LABEL[m]}
                </button>
              </td>
              <td className="text-right font-mono text-xs" data-testid={`risk-var-${m}-1`} data-value={one.var.toFixed(2)}>
                {formatUsd(one.var, 0)}
                {one.standardError !== undefined && <span className="text-slate-500"> ±{formatUsd(one.standardError, 0)}</span>}
              </td>
              <td className="text-right font-mono text-xs">{formatUsd(one.es, 0)}</td>
              <td className="text-right font-mono text-xs" data-testid={`risk-var-${m}-h`}>
                {formatUsd(many.var, 0)}
                {many.standardError !== undefined && <span className="text-slate-500"> ±{formatUsd(many.standardError, 0)}</span>}
              </td>
              <td className="text-right font-mono text-xs">{formatUsd(many.es, 0)}</td>
              <td className="text-right font-mono text-xs text-slate-400">
                {formatNumber(one.scenarios, 0)}
                {one.seed !== undefined && ` paths, seed ${one.seed}`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});

const ComponentsTable = memo(function ComponentsTable({ measure }: { measure: RiskMeasure }) {
  return (
    <table className="w-full text-sm" data-testid="risk-components">
      <thead>
        <tr className="text-xs text-slate-400">
          <th className="text-left font-normal">
            {METHOD_LABEL[measure.method]}, {measure.horizonDays} days
          </th>
          <th className="text-right font-normal" title="Euler component: the position's loss in the VaR scenario; the components sum to the VaR">
            Component VaR
          </th>
          <th className="text-right font-normal" title="Euler component: the position's mean loss over the ES tail; the components sum to the ES">
            Component ES
          </th>
          <th className="text-right font-normal" title="VaR of the book minus VaR without the position (negative: it hedges)">
            Incremental VaR
          </th>
        </tr>
      </thead>
      <tbody>
        {measure.components.map((c) => (
          <tr key={c.id} className="border-t border-slate-800" data-testid="risk-component-row">
            <td className="py-1 text-xs font-semibold">{c.name}</td>
            <td className="text-right font-mono text-xs">{formatUsd(c.componentVar, 0)}</td>
            <td className="text-right font-mono text-xs">{formatUsd(c.componentEs, 0)}</td>
            <td className={`text-right font-mono text-xs ${c.incrementalVar !== null && c.incrementalVar < 0 ? "text-emerald-400" : ""}`}>{c.incrementalVar === null ? "—" : formatUsd(c.incrementalVar, 0)}</td>
          </tr>
        ))}
        <tr className="border-t border-slate-600 text-xs">
          <td className="py-1 text-slate-400">Total</td>
          <td className="text-right font-mono">{formatUsd(measure.var, 0)}</td>
          <td className="text-right font-mono">{formatUsd(measure.es, 0)}</td>
          <td />
        </tr>
      </tbody>
    </table>
  );
});

const GreeksMarginTable = memo(function GreeksMarginTable({ report }: { report: GreeksMarginReport }) {
  return (
    <div className="flex flex-col gap-2" data-testid="risk-greeks-margin">
      <p className="text-xs text-slate-400">{report.gridSource}</p>
      {report.rows.map((r) => (
        <div key={r.underlying} className="rounded border border-slate-700 p-2" data-testid={`risk-greeks-${r.underlying}`}>
          <div className="mb-1 flex flex-wrap justify-between gap-2 text-xs">
            <span className="font-semibold">
              {r.underlying} at {formatNumber(r.spot, 2)} · spot ±{formatNumber(r.spotShock * 100, 1)} %, vol +{formatNumber(r.volShockPts, 1)} pts
            </span>
            <span>
              Taylor <span className="font-mono">{formatUsd(r.taylorUsd, 0)}</span> vs full revaluation <span className="font-mono">{formatUsd(r.fullRevaluationUsd, 0)}</span>
              {r.fullRevaluationUsd > 0 && <span className="text-slate-400"> ({formatPct(((r.taylorUsd - r.fullRevaluationUsd) / r.fullRevaluationUsd) * 100, 1)})</span>}
            </span>
          </div>
          <table className="w-full text-xs">
            <tbody>
              {r.charges.map((c) => (
                <tr key={c.part} className="border-t border-slate-800">
                  <td className="w-16 py-0.5 capitalize">{c.part}</td>
                  <td className="w-24 text-right font-mono">{formatUsd(c.usd, 0)}</td>
                  <td className="pl-3 text-slate-400">{c.formula}</td>
                  <td className="pl-3 text-sky-300" data-testid={`risk-hedge-${c.part}`}>
                    {c.hedge ?? "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <p className="text-xs">
        Account: Taylor estimate <span className="font-mono">{formatUsd(report.taylorUsd, 0)}</span>, full-revaluation worst loss{" "}
        <span className="font-mono" data-testid="risk-full-reval">
          {formatUsd(report.fullRevaluationUsd, 0)}
        </span>
        ; theta over {report.horizonDays} days shown apart.
      </p>
    </div>
  );
});

const StressTable = memo(function StressTable({ report }: { report: StressReport }) {
  return (
    <div className="flex flex-col gap-2">
      <p className="text-xs text-slate-400">{report.note}</p>
      <table className="w-full text-sm" data-testid="risk-stress">
        <thead>
          <tr className="text-xs text-slate-400">
            <th className="text-left font-normal">Day(s)</th>
            <th className="text-left font-normal">Moves (vol spike)</th>
            <th className="text-right font-normal">P&L</th>
            <th className="text-right font-normal">Equity / MM after</th>
            <th className="pl-2 text-left font-normal">Liquidated under</th>
          </tr>
        </thead>
        <tbody>
          {report.replays.map((r) => {
            const liquidating = r.venues.filter((v) => v.ok && v.liquidated);
            return (
              <tr key={r.id} className="border-t border-slate-800 align-top" data-testid="risk-stress-row">
                <td className="py-1 text-xs">
                  <div className="font-semibold">{r.label}</div>
                  <div className="text-slate-400">{r.fromIso === r.toIso ? r.fromIso : `${r.fromIso} … ${r.toIso}`}</div>
                </td>
                <td className="text-xs">
                  {Object.entries(r.moves).map(([u, m]) => (
                    <div key={u}>
                      {u} {m ? `${formatPct(m.movePct, 1)} (${m.volShiftPts >= 0 ? "+" : ""}${formatNumber(m.volShiftPts, 1)} pts)` : "no history: not moved"}
                    </div>
                  ))}
                </td>
                <td className={`text-right font-mono text-xs ${r.pnlUsd < 0 ? "text-rose-300" : "text-emerald-300"}`}>{formatUsd(r.pnlUsd, 0)}</td>
                <td className="text-right font-mono text-xs">
                  {r.equityAfter === null ? "—" : formatUsd(r.equityAfter, 0)} / {r.mmAfter === null ? "—" : formatUsd(r.mmAfter, 0)}
                  {r.liquidated && <div className="text-rose-400">liquidation</div>}
                </td>
                <td className="pl-2 text-xs" title={r.venues.map((v) => `${v.name} (${v.mode}): ${v.ok ? (v.liquidated ? "liquidated" : "survives") : v.error}`).join("\n")}>
                  {liquidating.length === 0 ? <span className="text-emerald-400">no venue</span> : liquidating.map((v) => v.name).join(", ")}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});

/** One risk view under its title: its error, else its figures (the last ones held, dimmed while the next compute), else "Computing…". */
function HeldView<T>({
  title,
  what,
  view,
  children,
}: {
  title: string;
  what: string;
  view: { isError: boolean; error: Error | null; shown: T | undefined; stale: boolean; asOf: string };
  children: (shown: T) => ReactNode;
}) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold uppercase text-slate-300">{title}</h3>
      {view.isError ? (
        <ErrorLine what={what} message={view.error?.message ?? "failed"} />
      ) : view.shown ? (
        <Updating stale={view.stale} asOf={view.asOf}>
          {children(view.shown)}
        </Updating>
      ) : (
        <p className="text-sm text-slate-400">Computing…</p>
      )}
    </div>
  );
}

/**
 * Risk beyond the venue's rule: VaR and Expected Shortfall (historical, filtered historical, Monte
 * Carlo) with Euler components and a Kupiec backtest, the Greeks-based margin next to the full
 * revaluation, and replays of named crash days. Every figure comes from the analysis worker.
 */
export function RiskPanel({ sub }: { sub: SubAccount }) {
  const [horizonDays, setHorizon] = useState(5);
  const [confidenceText, setConfidence] = useState("99");
  const [method, setMethod] = useState<RiskMethod>("historical");
  const parsed = Number(confidenceText);
  const varConfidence = confidenceText.trim() !== "" && Number.isFinite(parsed) ? parsed / 100 : 0;
  const { report, greeks, stress, state } = useRisk(sub, { horizonDays, varConfidence });
  // the last figures stay on screen (dimmed once behind the inputs) while the next compute
  const r = report.shown;
  const h = r?.measures.find((m) => m.method === method && m.horizonDays === r.horizonDays);
  return (
    <div className="flex flex-col gap-4" data-testid="risk-panel" data-state={state}>
      {r && (
        <div className="text-xs text-slate-400" data-testid="risk-history">
          <span className="mr-1 rounded bg-amber-800 px-1 text-[10px] font-semibold text-amber-100">{r.history.source === "sample" ? "DATED SAMPLE" : "SAMPLE + LIVE CANDLES"}</span>
          {r.history.label}. In use: {r.history.underlyings.join(", ")} daily, {r.history.fromIso} to {r.history.toIso} ({formatNumber(r.history.returns, 0)} joint returns
          {r.history.gaps.length > 0 && `; ${r.history.gaps.length} multi-day returns across data gaps: ${r.history.gaps.map((g) => `${g.endIso} (${g.spanDays} d)`).join(", ")}`}). {r.history.attribution}
        </div>
      )}
      <div className="flex flex-wrap items-end gap-3 text-xs">
        <label className="flex flex-col gap-1">
          Liquidation horizon
          <select className="rounded bg-slate-800 px-2 py-1" value={horizonDays} onChange={(e) => setHorizon(Number(e.target.value))} data-testid="risk-horizon">
            {HORIZONS.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          VaR confidence, %
          <input className="w-20 rounded bg-slate-800 px-2 py-1 font-mono" inputMode="decimal" value={confidenceText} onChange={(e) => setConfidence(e.target.value)} data-testid="risk-confidence" />
        </label>
        <span className="text-slate-400">ES at 97.5 %. P&L = full revaluation of every position and the coin collateral (market value).</span>
      </div>
      {report.isError ? (
        <ErrorLine what="VaR / ES" message={report.error.message} />
      ) : !r ? (
        <p className="text-sm text-slate-400">Computing VaR and ES…</p>
      ) : (
        <Updating stale={report.stale} asOf={report.asOf}>
          <div className="flex flex-col gap-4">
            <VarTable report={r} method={method} onMethod={setMethod} />
            {h && <ComponentsTable measure={h} />}
            <p className="text-xs text-slate-400">{r.volRule}</p>
            {r.warnings.map((w) => (
              <p key={w} className="text-xs text-amber-300">
                {w}
              </p>
            ))}
            {r.backtest && (
              <div data-testid="risk-backtest">
                <h3 className="mb-1 text-xs font-semibold uppercase text-slate-300">Backtest of the 1-day historical VaR (today&apos;s book, rolling {r.backtest.windowDays} days)</h3>
                <p className="text-xs" data-testid="risk-kupiec">
                  {r.backtest.kupiec.exceedances} exceedances in {formatNumber(r.backtest.kupiec.observations, 0)} days (expected {formatNumber(r.backtest.kupiec.expected, 1)}); Kupiec LR{" "}
                  {formatNumber(r.backtest.kupiec.lr, 2)}, p-value {formatNumber(r.backtest.kupiec.pValue, 3)} —{" "}
                  {r.backtest.kupiec.rejected ? <span className="text-rose-300">coverage rejected at 5 %</span> : <span className="text-emerald-300">coverage not rejected at 5 %</span>}
                </p>
                <BacktestChart backtest={r.backtest} />
              </div>
            )}
          </div>
        </Updating>
      )}
      <HeldView title="Greeks-based margin vs full revaluation" what="Greeks margin" view={greeks}>
        {(report) => <GreeksMarginTable report={report} />}
      </HeldView>
      <HeldView title="Historical stress replays" what="Stress replays" view={stress}>
        {(report) => <StressTable report={report} />}
      </HeldView>
    </div>
  );
}
