"use client";

import type { LiquidationDistance, LiquidationPoint, PositionResult, SubAccountResult } from "@/lib/margin/result-types";
import { formatNumber, formatPct, formatRatio, formatUsd, formatVersion } from "@/lib/format";
import { Updating, useShownStale } from "../ui/updating";

const STATUS: Record<SubAccountResult["status"], { label: string; cls: string }> = {
  healthy: { label: "Healthy", cls: "bg-emerald-800 text-emerald-100" },
  "below-initial": { label: "Below initial margin", cls: "bg-amber-700 text-amber-50" },
  liquidation: { label: "Liquidation", cls: "bg-rose-700 text-rose-50" },
};

function Metric({ label, value, testId, hint, note }: { label: string; value: string; testId: string; hint?: string; note?: string }) {
  return (
    <div className="rounded border border-slate-700 bg-slate-950/60 p-3" title={hint}>
      <div className="text-xs text-slate-400">{label}</div>
      <div className="mt-1 font-mono text-lg" data-testid={testId}>
        {value}
      </div>
      {note && (
        <div className="mt-0.5 text-xs text-slate-400" data-testid={`${testId}-note`}>
          {note}
        </div>
      )}
    </div>
  );
}

/** Deribit-style rulebooks haircut only the initial-margin side: equity is at market value, the IM check uses equity after haircuts. */
const IM_SIDE_EQUITY_HINT =
  "Collateral at market value + Σ position P&L: this venue's haircuts apply to the initial-margin side only, so MM, the margin ratio and liquidation use this equity, and the IM check and free collateral use the equity after haircuts";

function odds(p: LiquidationPoint): string {
  if (p.dailySigmas === undefined || p.touch1d === undefined || p.touch7d === undefined) return "";
  const pct = (x: number) => (x < 0.0001 ? "<0.01%" : `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`);
  return `; ${p.dailySigmas.toFixed(1)}σ/day; touch 1d ${pct(p.touch1d)}, 7d ${pct(p.touch7d)}`;
}

export function LiquidationText({ l }: { l: LiquidationDistance }) {
  if (l.state === "already") return <span className="text-rose-400">below maintenance now</span>;
  if (l.state === "none-in-range") return <span className="text-emerald-400">no liquidation within −99%…+1000%</span>;
  return (
    <span>
      {l.down ? (
        <span>
          ↓ {formatNumber(l.down.price, 2)} ({formatPct(l.down.movePct, 1)}
          {odds(l.down)})
        </span>
      ) : (
        <span className="text-slate-400">↓ none to −99%</span>
      )}
      {" · "}
      {l.up ? (
        <span>
          ↑ {formatNumber(l.up.price, 2)} ({formatPct(l.up.movePct, 1)}
          {odds(l.up)})
        </span>
      ) : (
        <span className="text-slate-400">↑ none to +1000%</span>
      )}
    </span>
  );
}

const EQUITY_HINT: Record<SubAccountResult["collateralBasis"], string> = {
  "after-haircuts": "Collateral after haircuts + Σ position P&L (option premiums settle in USD at entry; isolated: each loss capped at its allocation)",
  "market-value": "Collateral at market value + Σ position P&L: portfolio margin revalues collateral inside its scenarios and charges haircuts in the requirement",
  "margin-factor": "Collateral as Derive credits it (stablecoins at value, base assets at their margin factor) + Σ position P&L at mark; IM/MM are measured against this equity",
};

type NearestIsolated = { position: PositionResult; point: LiquidationPoint | null; already: boolean };

/** Isolated mode: the position whose own liquidation is nearest (one already below maintenance first). */
function nearestIsolated(result: SubAccountResult): NearestIsolated | null {
  let best: (NearestIsolated & { distance: number }) | null = null;
  for (const position of result.positions) {
    const l = position.isolated?.liquidation;
    if (!l) continue;
    if (l.state === "already") return { position, point: null, already: true };
    for (const point of [l.down, l.up]) if (point && (!best || Math.abs(point.movePct) < best.distance)) best = { position, point, already: false, distance: Math.abs(point.movePct) };
  }
  return best;
}

const pctOdds = (x: number | undefined) => (x === undefined ? "—" : x < 0.0001 ? "<0.01%" : `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`);

/**
 * Equity, requirements, free collateral, ratio (the headline `result`) and liquidation distances of one
 * sub-account. The distances come from `full`, the full result (liquidation search), which lands after
 * the headline figures: while it is for previous inputs (`fullStale`) it is drawn dimmed; a full result
 * of another mode (the mode just changed) is not drawn.
 */
export function SummaryCards({ result, full, fullStale = false, fullAsOf }: { result: SubAccountResult; full?: SubAccountResult | undefined; fullStale?: boolean; fullAsOf?: string }) {
  const st = STATUS[result.status];
  const efficiency = result.im > 0 ? result.grossNotionalUsd / result.im : null;
  const liq = full?.mode === result.mode ? full : undefined;
  const nearest = liq?.mode === "isolated" ? nearestIsolated(liq) : null;
  const fullDimmed = useShownStale(fullStale);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${st.cls}`} data-testid="account-status">
          {st.label}
          {nearest?.already ? ` · ${nearest.position.name} below maintenance` : ""}
        </span>
        {nearest && !nearest.already && nearest.point && (
          <span className={`rounded bg-slate-800 px-2 py-0.5 text-xs ${fullDimmed ? "opacity-50" : ""}`} data-testid="isolated-at-risk">
            nearest liquidation: {nearest.position.name} {formatPct(nearest.point.movePct, 1)}
          </span>
        )}
        <span className="text-xs text-slate-400">
          {result.profile.name} {formatVersion(result.profile.version)} (as of {result.profile.asOf}) · {result.mode} margin
        </span>
      </div>
      <div className="grid grid-cols-2 gap-2 md:grid-cols-3 xl:grid-cols-6">
        <Metric
          label="Equity"
          value={formatUsd(result.equity)}
          testId="metric-equity"
          hint={result.initialEquity !== undefined ? IM_SIDE_EQUITY_HINT : EQUITY_HINT[result.collateralBasis]}
          {...(result.initialEquity !== undefined ? { note: `IM side, after haircuts: ${formatUsd(result.initialEquity)}` } : {})}
        />
        <Metric label="Initial margin" value={formatUsd(result.im)} testId="metric-im" />
        <Metric label="Maintenance margin" value={formatUsd(result.mm)} testId="metric-mm" />
        <Metric
          label={result.mode === "isolated" ? "Unallocated collateral" : "Free collateral"}
          value={formatUsd(result.freeCollateral)}
          testId="metric-free"
          hint={result.mode === "isolated" ? "Collateral after haircuts − Σ isolated allocations" : result.initialEquity !== undefined ? "Equity after haircuts (IM side) − initial margin" : "Equity − initial margin"}
        />
        <Metric label="Margin ratio (MM / equity)" value={formatRatio(result.marginRatio)} testId="metric-ratio" />
        <Metric label="Efficiency (notional / IM)" value={efficiency === null ? "—" : `${efficiency.toFixed(2)}×`} testId="metric-efficiency" />
      </div>
      <Updating stale={fullStale} asOf={fullAsOf}>
        {liq?.mode === "cross" && liq.liquidation.length > 0 && (
          <div className="rounded border border-slate-700 bg-slate-950/60 p-3 text-sm" data-testid="liquidation-summary">
            <div className="mb-1 text-xs text-slate-400">Liquidation (one underlying moves, others fixed)</div>
            <ul className="flex flex-col gap-0.5">
              {liq.liquidation.map((l) => (
                <li key={l.underlying} data-testid={`liq-${l.underlying}`}>
                  <span className="mr-2 font-semibold">{l.underlying}</span>
                  <span className="mr-2 text-slate-400">spot {formatNumber(l.spot, 2)}</span>
                  <LiquidationText l={l} />
                </li>
              ))}
            </ul>
            {liq.liquidationTogether && (
              <div className="mt-1" data-testid="liq-together">
                <span className="mr-2 font-semibold">All together</span>
                {liq.liquidationTogether.state === "already" ? (
                  <span className="text-rose-400">below maintenance now</span>
                ) : liq.liquidationTogether.state === "none-in-range" ? (
                  <span className="text-emerald-400">no liquidation within −99%…+1000%</span>
                ) : (
                  <span>
                    ↓ {liq.liquidationTogether.downMovePct === null ? "none to −99%" : formatPct(liq.liquidationTogether.downMovePct, 1)} · ↑{" "}
                    {liq.liquidationTogether.upMovePct === null ? "none to +1000%" : formatPct(liq.liquidationTogether.upMovePct, 1)}
                  </span>
                )}
              </div>
            )}
          </div>
        )}
        {nearest && (
          <div className="rounded border border-slate-700 bg-slate-950/60 p-3 text-sm" data-testid="isolated-nearest">
            <div className="mb-1 text-xs text-slate-400">Nearest per-position liquidation (isolated: each position has its own)</div>
            {nearest.already || !nearest.point ? (
              <span className="text-rose-400">
                <span className="font-semibold">{nearest.position.name}</span> is below its maintenance margin now
              </span>
            ) : (
              <span>
                <span className="font-semibold">{nearest.position.name}</span> at {formatNumber(nearest.point.price, 2)} ({formatPct(nearest.point.movePct, 1)} in {nearest.position.underlying}); touch within 1 day{" "}
                {pctOdds(nearest.point.touch1d)}, within 7 days {pctOdds(nearest.point.touch7d)}
              </span>
            )}
          </div>
        )}
        {!liq && result.mode !== "portfolio" && (
          <p className="text-xs text-slate-400" data-testid="liquidation-pending">
            Searching liquidation prices…
          </p>
        )}
      </Updating>
      {result.warnings.length > 0 && (
        <ul className="rounded border border-amber-600 bg-amber-950/40 p-2 text-sm text-amber-200" data-testid="engine-warnings">
          {result.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
