"use client";

import { useState, type ChangeEvent } from "react";
import { fetchMarks } from "@/lib/engine/client/queries";
import { formatNumber } from "@/lib/format";
import type { SubAccount } from "@/lib/workspace/schema";
import { MAX_IMPORT_BYTES, parseVenueImport, rowsForQuotes, rowsToPositions, type VenueImport } from "@/lib/workspace/venue-import/venue-import";
import { getRulebook } from "@/lib/margin/venues/catalogue";
import { SPEC_VENUE_NAMES, specVenueOf } from "@/lib/market/instrument-specs";
import { fileTooLargeText, importErrorText, refusedRowLines } from "@/lib/security/venue-import-notice";
import { useActions, useEngine, useSnapshot } from "../providers";
import { Button } from "../ui/button";

const FORMAT_NAMES: Record<Extract<VenueImport, { ok: true }>["format"], string> = {
  "deribit-json": "Deribit private/get_positions (JSON)",
  "okx-json": "OKX account/positions (JSON)",
  "bybit-json": "Bybit position/list (JSON)",
  "deribit-csv": "Deribit positions (CSV)",
  "okx-csv": "OKX positions (CSV)",
  "bybit-csv": "Bybit positions (CSV)",
  list: "pasted list of instrument names",
};

/**
 * Import from the venues: a file (Deribit / OKX / Bybit JSON or CSV) or a pasted list of names and
 * sizes. Every row is shown as read or refused with its line and reason; with any refused row,
 * nothing is imported until the user confirms "Import the N valid rows". Echoed input (the error, a
 * refused row's name and reason) is capped (lib/security/venue-import-notice.ts).
 */
export function ImportPanel({ sub }: { sub: SubAccount }) {
  const bridge = useEngine();
  const snapshot = useSnapshot();
  const { appendPositions } = useActions();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [parsed, setParsed] = useState<VenueImport | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A venue file is checked against its own venue's size limits; a pasted list against this sub-account's venue.
  const venue = specVenueOf(getRulebook(sub.profileId)?.venue ?? "");

  const read = (t: string) => {
    setText(t);
    setStatus(null);
    setParsed(t.trim() ? parseVenueImport(t, snapshot, { venue }) : null);
  };
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = "";
    if (!f) return;
    if (f.size > MAX_IMPORT_BYTES) {
      setParsed({ ok: false, error: fileTooLargeText(f.name, MAX_IMPORT_BYTES) });
      return;
    }
    read(await f.text());
  };
  const commit = async () => {
    if (!parsed?.ok || parsed.rows.length === 0) return;
    setBusy(true);
    try {
      const missing = parsed.rows.some((r) => r.entryPrice === null);
      const marks = missing ? await fetchMarks(bridge, rowsForQuotes(parsed.rows), snapshot) : parsed.rows.map(() => null);
      const positions = rowsToPositions(parsed.rows, marks);
      if (appendPositions(sub.id, positions)) {
        setStatus(`Imported ${positions.length} position${positions.length === 1 ? "" : "s"} into ${sub.name}.`);
        setParsed(null);
        setText("");
      } else setStatus("Nothing imported: the sub-account would exceed its position limit.");
    } catch (err) {
      setStatus(`Nothing imported: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <Button className="self-start" onClick={() => setOpen(true)} data-testid="venue-import-open">
        Import from Deribit, OKX, Bybit or a list
      </Button>
    );
  const ok = parsed?.ok ? parsed : null;
  return (
    <div className="flex flex-col gap-2 rounded border border-slate-800 p-2" data-testid="venue-import">
      <p className="text-xs text-slate-400">
        A Deribit, OKX or Bybit position export (their API&apos;s JSON, or a CSV with the same field names), or one <code>NAME SIZE [ENTRY_PRICE]</code> per line (sizes in coins, negative = short; without a price the
        engine&apos;s mark is used). Formats: README, &quot;Import from the venues&quot;. Sizes are checked against the venue&apos;s published minimum, step and maximum (a pasted list:{" "}
        {venue ? SPEC_VENUE_NAMES[venue] : "no venue — ASSUMPTION: only MarginLab's limit"}).
      </p>
      <div className="flex gap-2">
        <input type="file" accept=".json,.csv,.txt,application/json,text/csv,text/plain" onChange={(e) => void onFile(e)} data-testid="venue-import-file" aria-label="Position file" className="text-xs" />
        <Button className="ml-auto text-xs" onClick={() => setOpen(false)}>
          Close
        </Button>
      </div>
      <textarea
        className="h-24 rounded bg-slate-800 p-2 font-mono text-xs"
        value={text}
        onChange={(e) => read(e.target.value)}
        placeholder={"BTC-25DEC26-100000-C -1\nBTC-USDT-SWAP 0.5"}
        aria-label="Paste instrument names and sizes"
        data-testid="venue-import-text"
      />
      {parsed && !parsed.ok && (
        <p role="alert" className="text-sm text-rose-300" data-testid="venue-import-error">
          {importErrorText(parsed.error)}
        </p>
      )}
      {ok && (
        <div className="flex flex-col gap-1 text-xs" data-testid="venue-import-result" data-format={ok.format} data-valid={ok.rows.length} data-refused={ok.errors.length}>
          <p className="text-slate-300">
            Read as {FORMAT_NAMES[ok.format]}: {ok.rows.length} valid row{ok.rows.length === 1 ? "" : "s"}, {ok.errors.length} refused.
          </p>
          <ul className="max-h-40 overflow-y-auto">
            {ok.rows.map((r) => (
              <li key={`ok-${r.line}`} className="text-slate-300">
                line {r.line}: {r.name} → {formatNumber(r.size, 6)} coins{r.entryPrice === null ? " at the mark" : ` at ${formatNumber(r.entryPrice, 2)}`}
                {r.notes.length > 0 && <span className="text-slate-500"> ({r.notes.join("; ")})</span>}
              </li>
            ))}
            {refusedRowLines(ok.errors).map((line, i) => (
              <li key={`err-${i}`} className="text-rose-300" data-testid="venue-import-refused">
                {line}
              </li>
            ))}
          </ul>
          {ok.rows.length > 0 && (
            <Button variant="primary" className="self-start" onClick={() => void commit()} disabled={busy} data-testid="venue-import-commit">
              {ok.errors.length ? `Import the ${ok.rows.length} valid rows` : `Import ${ok.rows.length} position${ok.rows.length === 1 ? "" : "s"}`}
            </Button>
          )}
        </div>
      )}
      {status && (
        <p role="status" className="text-sm text-slate-300" data-testid="venue-import-status">
          {status}
        </p>
      )}
    </div>
  );
}
