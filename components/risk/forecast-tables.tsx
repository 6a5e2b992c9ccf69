"use client";

import type { ForecastReport } from "@/lib/engine/client/queries";
import { formatNumber, formatUsd } from "@/lib/format";

type Vol = ForecastReport["vols"][number];

const pct = (x: number, digits = 1) => `${formatNumber(x * 100, digits)} %`;
const volPct = (x: number) => `${(x * 100).toFixed(1)} %`;

const REGIME_CLASS: Record<Vol["regime"]["label"], string> = {
  calm: "bg-emerald-800 text-emerald-100",
  normal: "bg-slate-700 text-slate-100",
  stressed: "bg-rose-800 text-rose-100",
};

/** P(margin call) and P(liquidation) within 1, 7 and 30 days (first passage over the revaluation days). */
export function ForecastProbabilities({ report }: { report: ForecastReport }) {
  return (
    <table className="w-full text-sm" data-testid="forecast-probabilities">
      <thead>
        <tr className="text-xs text-slate-400">
          <th className="text-left font-normal">Within</th>
          <th className="text-right font-normal" title="P(equity < IM on some revaluation day up to this one, or today); the IM check's equity (after IM-side haircuts where the rulebook has them)">
            P(margin call: equity &lt; IM)
          </th>
          <th className="text-right font-normal" title="P(equity < MM on some revaluation day up to this one, or today)">
            P(liquidation: equity &lt; MM)
          </th>
        </tr>
      </thead>
      <tbody>
        {report.probabilities.map((p) => (
          <tr key={p.days} className="border-t border-slate-800" data-testid={`forecast-prob-${p.days}`}>
            <td className="py-1 text-xs">
              {p.days} day{p.days === 1 ? "" : "s"}
            </td>
            <td className="text-right font-mono text-xs" data-testid={`forecast-call-${p.days}`} data-value={p.marginCall.toFixed(4)}>
              {pct(p.marginCall)} <span className="text-slate-500">±{pct(p.marginCallSe)}</span>
            </td>
            <td className="text-right font-mono text-xs" data-testid={`forecast-liq-${p.days}`} data-value={p.liquidation.toFixed(4)}>
              {pct(p.liquidation)} <span className="text-slate-500">±{pct(p.liquidationSe)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** IM/MM bands at a few horizons, as numbers (the chart's figures). */
export function ForecastBands({ report }: { report: ForecastReport }) {
  const shown = report.horizons.filter((h) => h.days === 1 || h.days === 7 || h.days === report.maxHorizonDays);
  return (
    <table className="w-full text-sm" data-testid="forecast-bands">
      <thead>
        <tr className="text-xs text-slate-400">
          <th className="text-left font-normal">Day</th>
          <th className="text-right font-normal">IM median (5–95 %)</th>
          <th className="text-right font-normal">MM median (5–95 %)</th>
          <th className="text-right font-normal">Equity median (5 %)</th>
          <th className="text-right font-normal" title="Collateral-volatility multiplier of the dynamic haircuts (forecast term structure)">
            Coll. vol ×
          </th>
        </tr>
      </thead>
      <tbody>
        {shown.map((h) => (
          <tr key={h.days} className="border-t border-slate-800" data-testid={`forecast-band-${h.days}`}>
            <td className="py-1 text-xs">{h.days}</td>
            <td className="text-right font-mono text-xs" data-testid={`forecast-im-${h.days}`} data-value={h.im.median.toFixed(2)}>
              {formatUsd(h.im.median, 0)}{" "}
              <span className="text-slate-500">
                ({formatUsd(h.im.p5, 0)} – {formatUsd(h.im.p95, 0)})
              </span>
            </td>
            <td className="text-right font-mono text-xs">
              {formatUsd(h.mm.median, 0)}{" "}
              <span className="text-slate-500">
                ({formatUsd(h.mm.p5, 0)} – {formatUsd(h.mm.p95, 0)})
              </span>
            </td>
            <td className="text-right font-mono text-xs">
              {formatUsd(h.equity.median, 0)} <span className="text-slate-500">({formatUsd(h.equity.p5, 0)})</span>
            </td>
            <td className="text-right font-mono text-xs">{h.collateralVolMultiplier.toFixed(3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GarchLine({ v }: { v: Vol }) {
  const g = v.garch;
  if (!g) return <p className="text-amber-300">{v.garchMessage}</p>;
  const se = g.standardErrors;
  return (
    <p className="font-mono" data-testid={`forecast-garch-${v.underlying}`}>
      GARCH(1,1): ω = {g.omega.toExponential(3)}
      {se && ` ±${se.omega.toExponential(1)}`}, α = {g.alpha.toFixed(4)}
      {se && ` ±${se.alpha.toFixed(4)}`}, β = {g.beta.toFixed(4)}
      {se && ` ±${se.beta.toFixed(4)}`}; α+β = {g.persistence.toFixed(4)}; log-likelihood {formatNumber(g.logLikelihood, 2)}; long-run vol {volPct(g.longRunAnnualVol)}
      {!g.converged && <span className="text-amber-300"> (optimiser stopped before its tolerance)</span>}
    </p>
  );
}

/** Per underlying: EWMA and GARCH with parameters and log-likelihood, the implied and blended term structure, the regime. */
export function ForecastVols({ report }: { report: ForecastReport }) {
  return (
    <div className="flex flex-col gap-2" data-testid="forecast-vols">
      {report.vols.map((v) => (
        <div key={v.underlying} className="rounded border border-slate-700 p-2 text-xs" data-testid={`forecast-vol-${v.underlying}`}>
          <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
            <span className="font-semibold">
              {v.underlying} · {v.model === "garch" ? "GARCH(1,1)" : "EWMA"} drives the paths · {formatNumber(v.returns, 0)} daily returns {v.fromIso} to {v.toIso}
              {v.gaps > 0 && ` (${v.gaps} across data gaps)`}
            </span>
            <span
              className={`rounded px-1.5 py-0.5 text-[11px] font-semibold ${REGIME_CLASS[v.regime.label]}`}
              data-testid={`forecast-regime-${v.underlying}`}
              title={`Today's forecast sits at the ${pct(v.regime.percentile, 0)} percentile of its own history (calm below ${pct(v.regime.calmBelow, 0)}, stressed above ${pct(v.regime.stressedAbove, 0)})`}
            >
              {v.regime.label} · {pct(v.regime.percentile, 0)} pct.
            </span>
          </div>
          <p className="font-mono">
            EWMA λ = {v.ewma.lambda}: next-day vol {volPct(v.ewma.nextAnnualVol)} (annualised)
          </p>
          <GarchLine v={v} />
          <table className="mt-1 w-full">
            <thead>
              <tr className="text-slate-400">
                <th className="text-left font-normal">Average vol over</th>
                <th className="text-right font-normal">{v.model === "garch" ? "GARCH" : "EWMA"}</th>
                <th className="text-right font-normal">Implied ATM</th>
                <th className="text-right font-normal" title={`ASSUMPTION: variance blend ${v.blendWeight} × model + ${1 - v.blendWeight} × implied`}>
                  Blend (used)
                </th>
              </tr>
            </thead>
            <tbody>
              {v.termStructure.map((t) => (
                <tr key={t.days} className="border-t border-slate-800">
                  <td className="py-0.5">
                    {t.days} day{t.days === 1 ? "" : "s"}
                  </td>
                  <td className="text-right font-mono">{volPct(t.modelAnnualVol)}</td>
                  <td className="text-right font-mono">{volPct(t.impliedAnnualVol)}</td>
                  <td className="text-right font-mono" data-testid={`forecast-blend-${v.underlying}-${t.days}`}>
                    {volPct(t.blendedAnnualVol)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}

/** The forecast check: how often the realised margin of today's book fell inside the band on past days. */
export function ForecastCoverage({ report }: { report: ForecastReport }) {
  if (report.coverage.length === 0) return <p className="text-xs text-slate-400">No forecast check: too little joint history.</p>;
  return (
    <ul className="text-xs" data-testid="forecast-coverage">
      {report.coverage.map((c) => (
        <li key={c.days} data-testid={`forecast-coverage-${c.days}`} data-value={c.imInside.toFixed(4)}>
          {c.days}-day: realised IM inside the {pct(c.nominal, 0)} band on <span className="font-mono">{pct(c.imInside)}</span> of {formatNumber(c.observations, 0)} past days, MM on{" "}
          <span className="font-mono">{pct(c.mmInside)}</span> (nominal {pct(c.nominal, 0)}); Kupiec p-value of the IM misses {formatNumber(c.imKupiecPValue, 3)}
          {c.days > 1 && " (overlapping windows: indicative)"}
        </li>
      ))}
    </ul>
  );
}
