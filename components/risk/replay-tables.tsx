"use client";

import { memo } from "react";
import type { ReplayReport } from "@/lib/engine/client/queries";
import { formatNumber, formatUsd } from "@/lib/format";

type Mode = ReplayReport["modes"][number];
type ModeOk = Extract<Mode, { ok: true }>;

const MODE_LABEL: Record<Mode["mode"], string> = { isolated: "Isolated", cross: "Cross", portfolio: "Portfolio" };
const KIND_LABEL: Record<ModeOk["events"][number]["kind"], string> = {
  partial: "partial",
  full: "full close",
  "tier-cut": "tier cut",
  bankruptcy: "bankruptcy takeover",
  backstop: "backstop",
  auction: "auction",
  insolvent: "insolvent",
};
/** Rows drawn in the event table (the rest are counted): keeps a long liquidation from blocking the page. */
const MAX_EVENT_ROWS = 200;

function hourLabel(h: number): string {
  return Number.isInteger(h) ? `${h} h` : `${h.toFixed(2)} h`;
}

/** The same path under isolated, cross and portfolio margin: which survives, what each loses. */
export function ReplayModes({ modes, selected, onSelect }: { modes: readonly Mode[]; selected: Mode["mode"]; onSelect: (m: Mode["mode"]) => void }) {
  return (
    <div className="grid grid-cols-1 gap-2 md:grid-cols-3" data-testid="replay-modes">
      {modes.map((m) => (
        <button
          key={m.mode}
          type="button"
          onClick={() => onSelect(m.mode)}
          aria-pressed={m.mode === selected}
          className={`rounded border p-2 text-left text-xs ${m.mode === selected ? "border-sky-500 bg-slate-800/60" : "border-slate-700"}`}
          data-testid={`replay-mode-${m.mode}`}
          data-survived={m.ok ? String(m.survived) : "error"}
        >
          <div className="mb-1 flex items-center justify-between gap-2">
            <span className="font-semibold">{MODE_LABEL[m.mode]}</span>
            {m.ok ? (
              m.survived ? (
                <span className="rounded bg-emerald-800 px-1 text-[10px] font-semibold text-emerald-100">SURVIVES</span>
              ) : (
                <span className="rounded bg-rose-800 px-1 text-[10px] font-semibold text-rose-100">LIQUIDATED</span>
              )
            ) : (
              <span className="rounded bg-slate-700 px-1 text-[10px]">N/A</span>
            )}
          </div>
          {m.ok ? (
            <>
              <div className="text-slate-400">
                {m.profileName} · {m.procedure.name}
              </div>
              <div>
                Loss{" "}
                <span className="font-mono" data-testid={`replay-loss-${m.mode}`}>
                  {formatUsd(m.lossUsd, 0)}
                </span>{" "}
                vs <span className="font-mono">{formatUsd(m.lossNoLiquidationUsd, 0)}</span> without liquidation
              </div>
              <div>
                {m.events.length} event{m.events.length === 1 ? "" : "s"}
                {m.firstBreachHour !== null && `, first breach at ${hourLabel(m.firstBreachHour)}`} · fees {formatUsd(m.feesUsd, 0)} · slippage {formatUsd(m.slippageUsd, 0)}
              </div>
              <div>
                Equity {formatUsd(m.initialEquity, 0)} → <span className="font-mono">{formatUsd(m.finalEquity, 0)}</span>
              </div>
            </>
          ) : (
            <div className="text-rose-300">{m.error}</div>
          )}
        </button>
      ))}
    </div>
  );
}

/** Every liquidation event of one mode: when, what closed, size, prices, fee, slippage, equity after. */
export const ReplayEvents = memo(function ReplayEvents({ mode }: { mode: ModeOk }) {
  if (mode.events.length === 0)
    return (
      <p className="text-xs text-emerald-300" data-testid="replay-no-events">
        No liquidation along this path in {mode.mode} margin.
      </p>
    );
  const shown = mode.events.slice(0, MAX_EVENT_ROWS);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-xs" data-testid="replay-events">
        <thead>
          <tr className="text-slate-400">
            <th className="text-left font-normal">Time</th>
            <th className="text-left font-normal">Rule</th>
            <th className="text-left font-normal">Closed</th>
            <th className="text-right font-normal">Size</th>
            <th className="text-right font-normal">Mark / fill</th>
            <th className="text-right font-normal">Fee</th>
            <th className="text-right font-normal">Slippage</th>
            <th className="text-right font-normal" title={mode.eventEquityScope === "position" ? "Isolated: the position's own equity (allocation + P&L) and maintenance" : "The account's equity and maintenance"}>
              {mode.eventEquityScope === "position" ? "Position equity / MM after" : "Equity / MM after"}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e, i) => (
            <tr key={i} className="border-t border-slate-800 align-top" data-testid="replay-event-row" title={e.rule}>
              <td className="py-0.5 font-mono">{hourLabel(e.hour)}</td>
              <td>{KIND_LABEL[e.kind]}</td>
              <td>{e.what}</td>
              <td className="text-right font-mono">{e.sizeClosed === null ? (e.shareSold !== null ? `${formatNumber(e.shareSold * 100, 2)} %` : "—") : formatNumber(e.sizeClosed, 4)}</td>
              <td className="text-right font-mono">{e.markPrice === null ? "—" : `${formatNumber(e.markPrice, 2)} / ${formatNumber(e.fillPrice!, 2)}`}</td>
              <td className="text-right font-mono">{formatUsd(e.feeUsd, 0)}</td>
              <td className="text-right font-mono">{formatUsd(e.slippageUsd, 0)}</td>
              <td className="text-right font-mono">
                {formatUsd(e.equityAfter, 0)} / {formatUsd(e.mmAfter, 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {mode.events.length > shown.length && <p className="text-xs text-slate-400">… and {mode.events.length - shown.length} more fills (the chart and totals count them all).</p>}
    </div>
  );
});

/** The positions before and after the replay. */
export function ReplayPositions({ mode }: { mode: ModeOk }) {
  return (
    <table className="w-full text-xs" data-testid="replay-positions">
      <thead>
        <tr className="text-slate-400">
          <th className="text-left font-normal">Position</th>
          <th className="text-right font-normal">Size before</th>
          <th className="text-right font-normal">Left after</th>
        </tr>
      </thead>
      <tbody>
        {mode.positionsLeft.map((p) => (
          <tr key={p.id} className="border-t border-slate-800">
            <td className="py-0.5">{p.name}</td>
            <td className="text-right font-mono">{formatNumber(p.sizeBefore, 4)}</td>
            <td className={`text-right font-mono ${p.sizeAfter === 0 ? "text-rose-300" : p.sizeAfter !== p.sizeBefore ? "text-amber-300" : ""}`}>{formatNumber(p.sizeAfter, 4)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The venue procedure applied: what it does, each rule with its source, and what MarginLab assumed. */
export function ReplayProcedure({ mode }: { mode: ModeOk }) {
  const p = mode.procedure;
  return (
    <div className="flex flex-col gap-1 text-xs" data-testid="replay-procedure">
      <p>
        <span className="font-semibold">{p.name}</span> — {p.summary}
      </p>
      <ul className="list-disc pl-4 text-slate-300">
        {p.sources.map((s) => (
          <li key={s.rule}>
            {s.rule} (
            <a className="text-sky-300 underline" href={s.url} target="_blank" rel="noreferrer">
              source
            </a>
            )
          </li>
        ))}
      </ul>
      <ul className="pl-4 text-amber-200">
        {p.assumptions.map((a) => (
          <li key={a}>
            <span className="mr-1 rounded bg-amber-800 px-1 text-[10px] font-semibold text-amber-100">ASSUMPTION</span>
            {a.replace(/^ASSUMPTION:\s*/, "")}
          </li>
        ))}
      </ul>
    </div>
  );
}
