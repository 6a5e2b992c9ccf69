"use client";

import { memo, useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { LiquidationDistance, PositionResult, SubAccountResult } from "@/lib/margin/result-types";
import { allocationSchema, priceSchema, sizeSchema, type Position, type SubAccount } from "@/lib/workspace/schema";
import { instrumentName } from "@/lib/workspace/instrument-name";
import { formatNumber, formatUsd } from "@/lib/format";
import { useActions } from "../providers";
import { NumberField } from "../ui/number-field";
import { useShownStale } from "../ui/updating";
import { LiquidationText } from "./summary-cards";
import { useEntryPriceText } from "../ticket/use-entry-price-text";

const ROW_HEIGHT = 52;
/** Entry prices are shown to the cent (stored exactly as typed or imported). */
const ENTRY_DECIMALS = 2;

function Cell({ children, className = "", testId }: { children: React.ReactNode; className?: string; testId?: string }) {
  return (
    <div role="cell" className={`truncate px-1 text-right font-mono text-xs ${className}`} data-testid={testId}>
      {children}
    </div>
  );
}

/** `liq`: the position's isolated liquidation distance from the full result (the headline result does not search it); `liqStale`: held from previous inputs; `liqDimmed`: drawn as such (useShownStale). */
type RowProps = { subId: string; pos: Position; res: PositionResult | undefined; isolated: boolean; perPosition: boolean; liq: LiquidationDistance | undefined; liqStale: boolean; liqDimmed: boolean };

/** Same inputs and the same computed figures: nothing on the row changes, so it need not render. */
function sameRow(a: RowProps, b: RowProps): boolean {
  if (a.subId !== b.subId || a.pos !== b.pos || a.isolated !== b.isolated || a.perPosition !== b.perPosition || a.liqStale !== b.liqStale || a.liqDimmed !== b.liqDimmed) return false;
  if (a.liq !== b.liq && JSON.stringify(a.liq) !== JSON.stringify(b.liq)) return false;
  if (a.res === b.res) return true;
  if (!a.res || !b.res) return false;
  return (
    a.res.mark === b.res.mark &&
    a.res.iv === b.res.iv &&
    a.res.pnlUsd === b.res.pnlUsd &&
    a.res.im === b.res.im &&
    a.res.mm === b.res.mm &&
    a.res.greeks.delta === b.res.greeks.delta &&
    a.res.greeks.cashGamma === b.res.greeks.cashGamma &&
    a.res.greeks.vega === b.res.greeks.vega &&
    a.res.greeks.theta === b.res.greeks.theta &&
    JSON.stringify(a.res.isolated) === JSON.stringify(b.res.isolated)
  );
}

const Row = memo(function Row({ subId, pos, res, isolated, perPosition, liq, liqStale, liqDimmed }: RowProps) {
  const { updatePosition, removePosition } = useActions();
  const entryText = useEntryPriceText(subId);
  const pending = "…";
  return (
    <div role="row" className="grid items-start gap-1 border-b border-slate-800 py-1" style={{ gridTemplateColumns: isolated ? COLS_ISO : COLS }} data-testid="position-row">
      <div role="cell" className="truncate pt-1 text-xs font-semibold" title={instrumentName(pos)} data-testid="position-name">
        {instrumentName(pos)}
      </div>
      <NumberField label={`Size of ${instrumentName(pos)}`} hideLabel value={pos.size} schema={sizeSchema} onCommit={(v) => updatePosition(subId, pos.id, { size: v })} testId="position-size" />
      <NumberField
        label={`Entry price of ${instrumentName(pos)}`}
        hideLabel
        value={pos.entryPrice}
        schema={priceSchema}
        onCommit={(v) => updatePosition(subId, pos.id, { entryPrice: v })}
        ambiguousComma="thousands"
        digits={ENTRY_DECIMALS}
        format={(v) => entryText(pos, v)}
        testId="position-entry"
      />
      <Cell>{res ? formatNumber(res.mark, 2) : pending}</Cell>
      <Cell>{res ? (res.iv === null ? "—" : `${(res.iv * 100).toFixed(1)}%`) : pending}</Cell>
      <Cell className={res && res.pnlUsd < 0 ? "text-rose-400" : "text-emerald-400"}>{res ? formatUsd(res.pnlUsd, 0) : pending}</Cell>
      <Cell testId="position-im">{res ? (perPosition ? formatUsd(res.im, 0) : "—") : pending}</Cell>
      <Cell testId="position-mm">{res ? (perPosition ? formatUsd(res.mm, 0) : "—") : pending}</Cell>
      <Cell>{res ? formatNumber(res.greeks.delta, 3) : pending}</Cell>
      <Cell>{res ? formatUsd(res.greeks.cashGamma, 2) : pending}</Cell>
      <Cell>{res ? formatNumber(res.greeks.vega, 1) : pending}</Cell>
      <Cell>{res ? formatNumber(res.greeks.theta, 1) : pending}</Cell>
      {isolated && (
        <>
          <NumberField
            label={`Allocated margin of ${instrumentName(pos)}`}
            hideLabel
            value={pos.isolatedMargin ?? null}
            placeholder={res?.isolated ? `${formatNumber(res.isolated.allocated, 0)} (IM)` : "IM"}
            schema={allocationSchema}
            onCommit={(v) => updatePosition(subId, pos.id, { isolatedMargin: v })}
            onRestoreEmpty={() => updatePosition(subId, pos.id, { isolatedMargin: undefined })}
            ambiguousComma="thousands"
            testId="position-alloc"
          />
          <div role="cell" className={`px-1 text-xs ${liqDimmed ? "opacity-50" : ""}`} data-testid="position-liq" data-stale={liqStale ? "true" : "false"}>
            {liq ? <LiquidationText l={liq} /> : pending}
          </div>
        </>
      )}
      <div role="cell" className="text-right">
        <button type="button" aria-label={`Remove ${instrumentName(pos)}`} className="rounded px-2 py-1 text-slate-400 hover:bg-rose-800 hover:text-white" onClick={() => removePosition(subId, pos.id)}>
          ✕
        </button>
      </div>
    </div>
  );
}, sameRow);

// Γ gets room for 3 significant digits in plain notation ("0.0000512").
const COLS = "minmax(190px,2fr) 90px 90px repeat(6, minmax(60px,1fr)) minmax(80px,1fr) repeat(2, minmax(60px,1fr)) 36px";
const COLS_ISO = "minmax(190px,2fr) 90px 90px repeat(6, minmax(60px,1fr)) minmax(80px,1fr) repeat(2, minmax(60px,1fr)) 110px minmax(150px,1.5fr) 36px";
const HEADERS = ["Instrument", "Size", "Entry", "Mark", "IV", "P&L", "IM", "MM", "Δ (coin)", "Γ$ (1 % move)", "Vega $/pt", "Θ $/day"];

/**
 * Editable positions with their computed margins and Greeks (the headline `result`); in isolated mode,
 * each position's liquidation distance comes from `full` (the full result, searched after the headline
 * figures; dimmed while `fullStale`). Long lists are virtualised.
 */
export function PositionsTable({ sub, result, full, fullStale = false }: { sub: SubAccount; result: SubAccountResult | undefined; full?: SubAccountResult | undefined; fullStale?: boolean }) {
  const parentRef = useRef<HTMLDivElement>(null);
  const byId = new Map(result?.positions.map((p) => [p.id, p]));
  // A full result of another mode (the mode just changed) has no isolated distances to show.
  const liqById = new Map(full?.mode === sub.mode ? full.positions.flatMap((p) => (p.isolated ? [[p.id, p.isolated.liquidation] as const] : [])) : []);
  const isolated = sub.mode === "isolated";
  const liqDimmed = useShownStale(fullStale);
  // The React Compiler is not enabled here; TanStack Virtual's non-memoisable API is fine without it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: sub.positions.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  if (sub.positions.length === 0) return <p className="text-sm text-slate-400">No positions yet. Add one below.</p>;
  const headers = isolated ? [...HEADERS, "Allocated $", "Liquidation"] : HEADERS;
  return (
    <div role="table" aria-label="Positions" className="overflow-x-auto" data-testid="positions-table" data-count={sub.positions.length}>
      <div className="min-w-[1120px]">
        <div role="row" className="grid gap-1 border-b border-slate-700 pb-1 text-xs text-slate-400" style={{ gridTemplateColumns: isolated ? COLS_ISO : COLS }}>
          {headers.map((h, i) => (
            <div role="columnheader" key={h} className={i === 0 ? "" : "text-right"}>
              {h}
            </div>
          ))}
          <div />
        </div>
        <div ref={parentRef} className="max-h-[28rem] overflow-y-auto">
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => {
              const pos = sub.positions[item.index]!;
              return (
                <div key={pos.id} data-index={item.index} ref={virtualizer.measureElement} style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}>
                  <Row subId={sub.id} pos={pos} res={byId.get(pos.id)} isolated={isolated} perPosition={result?.perPositionRequirements ?? true} liq={liqById.get(pos.id)} liqStale={fullStale} liqDimmed={liqDimmed} />
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
