"use client";

import { useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { forecastChannel, forecastQuery } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import { dailyHistoryQuery } from "@/lib/market/feed/daily-history-query";
import type { SubAccount } from "@/lib/workspace/schema";
import { formatNumber, formatUsd } from "@/lib/format";
import { useAnalysisEngine, useSnapshot, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { JobProgressBar } from "../ui/job-progress-bar";
import { Updating } from "../ui/updating";
import { ForecastFanChart } from "./forecast-fan-chart";
import { ForecastBands, ForecastCoverage, ForecastProbabilities, ForecastVols } from "./forecast-tables";

const HORIZONS = [7, 14, 30];
const PATHS = [500, 2000, 5000];

/**
 * Predictive margin: the volatility forecast per underlying (EWMA, GARCH(1,1) by maximum likelihood,
 * blended with the snapshot's implied term structure), the forward distribution of IM and MM under
 * the sub-account's own rulebook, the probabilities of a margin call and of liquidation, and the
 * forecast check on past days. Every figure is a model estimate from the analysis worker; the last
 * figures stay, dimmed, while new inputs compute (the newest inputs win).
 */
export function ForecastPanel({ sub }: { sub: SubAccount }) {
  const [maxHorizonDays, setHorizon] = useState(30);
  const [paths, setPaths] = useState(2000);
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const options = whatIfOptions(whatIf);
  const history = useQuery(dailyHistoryQuery());
  const queryClient = useQueryClient();
  const query = forecastQuery(bridge, sub, snapshot, options, { maxHorizonDays, paths }, history.data);
  const q = useQuery({ ...query, placeholderData: keepPreviousData });
  const r = q.data;
  // Cancelled: the query was stopped (Cancel) before it had figures for these inputs.
  const state = q.isError ? "error" : r && !q.isPlaceholderData ? "ready" : q.fetchStatus !== "idle" ? "computing" : "cancelled";
  return (
    <div className="flex flex-col gap-3" data-testid="forecast-panel" data-state={state}>
      <p className="text-xs text-amber-200">
        <span className="mr-1 rounded bg-amber-800 px-1 text-[10px] font-semibold text-amber-100">MODEL ESTIMATE</span>
        Forecasts by MarginLab&apos;s models on the rulebook, never the venue&apos;s own figures.
      </p>
      <div className="flex flex-wrap items-end gap-3 text-xs">
        <label className="flex flex-col gap-1">
          Horizon
          <select className="rounded bg-slate-800 px-2 py-1" value={maxHorizonDays} onChange={(e) => setHorizon(Number(e.target.value))} data-testid="forecast-horizon">
            {HORIZONS.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Monte Carlo paths
          <select className="rounded bg-slate-800 px-2 py-1" value={paths} onChange={(e) => setPaths(Number(e.target.value))} data-testid="forecast-paths">
            {PATHS.map((n) => (
              <option key={n} value={n}>
                {formatNumber(n, 0)}
              </option>
            ))}
          </select>
        </label>
        {state === "computing" && (
          <JobProgressBar
            bridge={bridge}
            channel={forecastChannel(sub.id)}
            label="Forecast computing"
            testId="forecast-progress"
            onCancel={() => void queryClient.cancelQueries({ queryKey: query.queryKey, exact: true })}
          >
            Simulating {formatNumber(paths, 0)} paths…
          </JobProgressBar>
        )}
        {state === "cancelled" && (
          <span className="flex items-center gap-2 text-amber-300" data-testid="forecast-cancelled">
            Cancelled{r ? ": the figures below are for the previous inputs." : "."}
            <Button onClick={() => void q.refetch()} className="px-1.5 py-0.5 text-xs">
              Run again
            </Button>
          </span>
        )}
      </div>
      {q.isError ? (
        <p role="alert" className="text-sm text-rose-300" data-testid="forecast-error">
          Forecast: {q.error.message}
        </p>
      ) : !r ? (
        state === "computing" && <p className="text-sm text-slate-400">Fitting volatility models and simulating…</p>
      ) : (
        <Updating stale={q.isPlaceholderData}>
          <div className="flex flex-col gap-3">
            <p className="text-xs" data-testid="forecast-today">
              Today under the rulebook: equity <span className="font-mono">{formatUsd(r.today.equity, 0)}</span>
              {Math.abs(r.today.initialEquity - r.today.equity) > 0.005 && (
                <>
                  {" "}
                  (<span className="font-mono">{formatUsd(r.today.initialEquity, 0)}</span> after the haircuts the IM check applies)
                </>
              )}
              , IM <span className="font-mono">{formatUsd(r.today.im, 0)}</span>, MM <span className="font-mono">{formatUsd(r.today.mm, 0)}</span>. {formatNumber(r.paths, 0)} paths, seed {r.seed}, revalued on days{" "}
              {r.revaluationDays.join(", ")} ({formatNumber(r.engineCalls, 0)} rulebook evaluations).
            </p>
            <div className="grid gap-3 lg:grid-cols-2">
              <div>
                <h3 className="mb-1 text-xs font-semibold uppercase text-slate-300">Forward IM and MM (estimate)</h3>
                <ForecastFanChart report={r} />
              </div>
              <div className="flex flex-col gap-2">
                <h3 className="text-xs font-semibold uppercase text-slate-300">Margin call and liquidation (estimate)</h3>
                <ForecastProbabilities report={r} />
                <h3 className="text-xs font-semibold uppercase text-slate-300">Forecast check on past days</h3>
                <ForecastCoverage report={r} />
                <p className="text-xs text-slate-400" data-testid="forecast-engine-check">
                  Engine check: {r.engineCheck.points} path-days recomputed on the whole book by the rulebook; largest gap to the interpolated figures IM {formatUsd(r.engineCheck.maxAbsImError, 0)} (
                  {formatNumber(r.engineCheck.maxRelImError * 100, 2)} % of today&apos;s IM), MM {formatUsd(r.engineCheck.maxAbsMmError, 0)}, equity {formatUsd(r.engineCheck.maxAbsEquityError, 0)}.
                </p>
              </div>
            </div>
            <ForecastBands report={r} />
            <h3 className="text-xs font-semibold uppercase text-slate-300">Volatility forecast per underlying</h3>
            <ForecastVols report={r} />
            {r.warnings.map((w) => (
              <p key={w} className="text-xs text-amber-300">
                {w}
              </p>
            ))}
            <details className="text-xs text-slate-400" data-testid="forecast-assumptions">
              <summary className="cursor-pointer">Models and assumptions</summary>
              <ul className="mt-1 list-disc pl-4">
                {r.assumptions.map((a) => (
                  <li key={a}>{a}</li>
                ))}
                <li>
                  History: {r.history.source === "sample" ? "DATED SAMPLE" : "sample + live candles"} — {r.history.label}. {r.history.attribution}
                </li>
              </ul>
            </details>
          </div>
        </Updating>
      )}
    </div>
  );
}
