"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { instrumentQuoteQuery } from "@/lib/engine/client/queries";
import { UNDERLYINGS, type Underlying } from "@/lib/market/types";
import { parseNumberInput } from "@/lib/workspace/number-input";
import { priceSchema, sizeSchema, type NewPosition, type Position, type SubAccount } from "@/lib/workspace/schema";
import { formatNumber } from "@/lib/format";
import { useActions, useEngine, useSnapshot } from "../providers";
import { Button } from "../ui/button";

type Kind = Position["kind"];

const selectCls = "rounded border border-slate-700 bg-slate-950 px-2 py-1 text-sm";

/**
 * Instrument picker driven by the snapshot (underlying → expiry → strike → call/put) with signed
 * size and entry price. Nothing is added until every field is valid.
 */
export function AddPositionForm({ sub }: { sub: SubAccount }) {
  const snapshot = useSnapshot();
  const bridge = useEngine();
  const { addPosition } = useActions();
  const [kind, setKind] = useState<Kind>("option");
  const [underlying, setUnderlying] = useState<Underlying>("BTC");
  const market = snapshot.underlyings[underlying];
  const [expiryPick, setExpiry] = useState<string>("");
  const expiry = market.expiries.find((e) => e.id === expiryPick) ?? market.expiries[Math.min(3, market.expiries.length - 1)]!;
  const [strikePick, setStrike] = useState<number | null>(null);
  const strike = strikePick !== null && expiry.strikes.includes(strikePick) ? strikePick : expiry.strikes.reduce((best, k) => (Math.abs(k - market.spot) < Math.abs(best - market.spot) ? k : best), expiry.strikes[0]!);
  const [optionType, setOptionType] = useState<"call" | "put">("call");
  const [sizeText, setSizeText] = useState("-1");
  const [entryText, setEntryText] = useState("");
  const [touched, setTouched] = useState(false);

  const draft: NewPosition =
    kind === "perp"
      ? { kind, underlying, size: 1, entryPrice: 1 }
      : kind === "future"
        ? { kind, underlying, expiry: expiry.id, size: 1, entryPrice: 1 }
        : { kind, underlying, expiry: expiry.id, strike, optionType, size: 1, entryPrice: 1 };
  const quote = useQuery(instrumentQuoteQuery(bridge, { ...draft, id: "quote" } as Position, snapshot));
  const mark = quote.data?.mark;

  const size = parseNumberInput(sizeText, sizeSchema);
  const entry = entryText.trim() === "" && mark !== undefined && mark > 0 ? ({ ok: true, value: mark } as const) : parseNumberInput(entryText, priceSchema, { ambiguousComma: "thousands" });
  const canAdd = size.ok && entry.ok;

  const submit = () => {
    setTouched(true);
    if (!size.ok || !entry.ok) return;
    const id = addPosition(sub.id, { ...draft, size: size.value, entryPrice: entry.value } as NewPosition);
    if (id) {
      setEntryText("");
      setTouched(false);
    }
  };

  return (
    <form
      className="flex flex-wrap items-end gap-2"
      data-testid="add-position-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="flex flex-col">
        <span className="text-xs text-slate-400">Type</span>
        <select className={selectCls} value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="new-kind">
          <option value="perp">Perpetual</option>
          <option value="future">Future</option>
          <option value="option">Option</option>
        </select>
      </label>
      <label className="flex flex-col">
        <span className="text-xs text-slate-400">Underlying</span>
        <select className={selectCls} value={underlying} onChange={(e) => setUnderlying(e.target.value as Underlying)} data-testid="new-underlying">
          {UNDERLYINGS.map((u) => (
            <option key={u}>{u}</option>
          ))}
        </select>
      </label>
      {kind !== "perp" && (
        <label className="flex flex-col">
          <span className="text-xs text-slate-400">Expiry</span>
          <select className={selectCls} value={expiry.id} onChange={(e) => setExpiry(e.target.value)} data-testid="new-expiry">
            {market.expiries.map((e) => (
              <option key={e.id} value={e.id}>
                {e.id}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === "option" && (
        <>
          <label className="flex flex-col">
            <span className="text-xs text-slate-400">Strike</span>
            <select className={selectCls} value={strike} onChange={(e) => setStrike(Number(e.target.value))} data-testid="new-strike">
              {expiry.strikes.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col">
            <span className="text-xs text-slate-400">Call / put</span>
            <select className={selectCls} value={optionType} onChange={(e) => setOptionType(e.target.value as "call" | "put")} data-testid="new-option-type">
              <option value="call">Call</option>
              <option value="put">Put</option>
            </select>
          </label>
        </>
      )}
      <label className="flex w-28 flex-col">
        <span className="text-xs text-slate-400">Size (− = short)</span>
        <input
          className={`rounded border bg-slate-950 px-2 py-1 text-right font-mono text-sm ${touched && !size.ok ? "border-rose-500" : "border-slate-700"}`}
          value={sizeText}
          onChange={(e) => setSizeText(e.target.value)}
          inputMode="decimal"
          aria-invalid={!size.ok ? true : undefined}
          data-testid="new-size"
        />
      </label>
      <label className="flex w-36 flex-col">
        <span className="text-xs text-slate-400">Entry price (USD)</span>
        <input
          className={`rounded border bg-slate-950 px-2 py-1 text-right font-mono text-sm ${touched && !entry.ok ? "border-rose-500" : "border-slate-700"}`}
          value={entryText}
          placeholder={mark !== undefined ? `mark ${formatNumber(mark, 2)}` : ""}
          onChange={(e) => setEntryText(e.target.value)}
          inputMode="decimal"
          aria-invalid={entryText !== "" && !entry.ok ? true : undefined}
          data-testid="new-entry"
        />
      </label>
      <Button variant="primary" className="py-1.5" onClick={submit} disabled={touched && !canAdd} data-testid="add-position">
        Add position
      </Button>
      <div className="basis-full text-xs" aria-live="polite">
        {!size.ok && (sizeText !== "" || touched) && (
          <span role="alert" className="mr-3 text-rose-400" data-testid="new-size-error">
            Size: {size.error}
          </span>
        )}
        {!entry.ok && (entryText !== "" || touched) && (
          <span role="alert" className="text-rose-400" data-testid="new-entry-error">
            Entry price: {entry.error}
          </span>
        )}
        {quote.isError && <span className="text-rose-400">Mark unavailable: {quote.error.message}</span>}
        {size.ok && entry.ok && mark !== undefined && (
          <span className="text-slate-400">
            Mark {formatNumber(mark, 2)}
            {quote.data?.iv ? ` · IV ${(quote.data.iv * 100).toFixed(1)}%` : ""} · empty entry price = mark
          </span>
        )}
      </div>
    </form>
  );
}
