"use client";

import { useEffect, useRef, useState } from "react";
import { exportWorkspace, importWorkspace } from "@/lib/workspace/workspace-file";
import { csvToPositions, positionsToCsv, type CsvRowError } from "@/lib/workspace/positions-csv";
import { LIMITS, type SubAccount, type Workspace } from "@/lib/workspace/schema";
import { listedExpiriesOf } from "@/lib/workspace/import-export";
import { useActions, useSnapshot, useUndoRedo, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { downloadText } from "./download";
import { ShareDialog } from "./share-dialog";
import { BackupsButton } from "./backups-dialog";
import { capEcho, noticeLines } from "@/lib/security/echo";

/** characters of a file name quoted in a dialog title */
const FILE_NAME_CHARS = 80;

type Notice = { kind: "error"; title: string; lines: string[] } | { kind: "confirm-replace"; workspace: Workspace } | null;

function isTextEntry(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
}

/** Undo/redo, share, JSON export/import of the workspace and CSV export/import of positions. */
export function WorkspaceToolbar({ selected }: { selected: SubAccount | undefined }) {
  const { canUndo, canRedo, undo, redo } = useUndoRedo();
  const workspace = useWorkspace((s) => s.workspace);
  const { replaceWorkspace, appendPositions } = useActions();
  const snapshot = useSnapshot(); // imported expiries must be listed in the market data in use
  const [shareOpen, setShareOpen] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const jsonInput = useRef<HTMLInputElement>(null);
  const csvInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isTextEntry(e.target)) return; // text fields keep their own undo
      const k = e.key.toLowerCase();
      if (k === "z" && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if ((k === "z" && e.shiftKey) || k === "y") {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo]);

  const readFile = async (input: HTMLInputElement | null, handle: (text: string, name: string) => void) => {
    const file = input?.files?.[0];
    if (!input || !file) return;
    input.value = "";
    if (file.size > 20_000_000) {
      setNotice({ kind: "error", title: "File too large", lines: [`${capEcho(file.name, FILE_NAME_CHARS)} is ${(file.size / 1e6).toFixed(1)} MB; the limit is 20 MB.`] });
      return;
    }
    handle(await file.text(), file.name);
  };

  // Echoed input is capped (lib/security/echo.ts): a huge header or cell never floods the dialog.
  const csvErrors = (errors: CsvRowError[]) => noticeLines(errors.map((e) => `Line ${e.line}: ${e.reason}`));

  return (
    <div className="flex flex-wrap items-center gap-1" data-testid="workspace-toolbar">
      <Button onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)" data-testid="undo">
        ↶ Undo
      </Button>
      <Button onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z or Ctrl+Y)" data-testid="redo">
        ↷ Redo
      </Button>
      <span className="mx-1 h-5 w-px bg-slate-700" />
      <Button variant="primary" onClick={() => setShareOpen(true)} data-testid="share">
        Share
      </Button>
      <Button onClick={() => downloadText("marginlab-workspace.json", exportWorkspace(workspace), "application/json")} data-testid="export-json">
        Export JSON
      </Button>
      <Button onClick={() => jsonInput.current?.click()} data-testid="import-json">
        Import JSON
      </Button>
      <Button onClick={() => selected && downloadText(`${selected.name.replace(/[^\w.-]+/g, "_")}-positions.csv`, positionsToCsv(selected.positions), "text/csv")} disabled={!selected} data-testid="export-csv">
        Export CSV
      </Button>
      <Button onClick={() => csvInput.current?.click()} disabled={!selected} data-testid="import-csv">
        Import CSV
      </Button>
      <BackupsButton />
      <input
        ref={jsonInput}
        type="file"
        accept="application/json,.json"
        className="hidden"
        data-testid="import-json-file"
        onChange={() =>
          void readFile(jsonInput.current, (text, name) => {
            const r = importWorkspace(text, listedExpiriesOf(snapshot));
            if (r.ok) setNotice({ kind: "confirm-replace", workspace: r.workspace });
            else setNotice({ kind: "error", title: `Cannot import ${capEcho(name, FILE_NAME_CHARS)}`, lines: [...noticeLines([r.error, ...(r.details ?? [])]), "Your workspace is unchanged."] });
          })
        }
      />
      <input
        ref={csvInput}
        type="file"
        accept="text/csv,.csv"
        className="hidden"
        data-testid="import-csv-file"
        onChange={() =>
          void readFile(csvInput.current, (text, name) => {
            if (!selected) return;
            const r = csvToPositions(text, listedExpiriesOf(snapshot));
            if (r.ok) {
              if (!appendPositions(selected.id, r.positions))
                setNotice({
                  kind: "error",
                  title: `Cannot import ${capEcho(name, FILE_NAME_CHARS)}: nothing was added`,
                  lines: [`${r.positions.length} positions would take ${selected.name} past the limit of ${LIMITS.maxPositions} positions (it holds ${selected.positions.length}).`],
                });
            } else setNotice({ kind: "error", title: `Cannot import ${capEcho(name, FILE_NAME_CHARS)}: nothing was added`, lines: csvErrors(r.errors) });
          })
        }
      />
      <ShareDialog open={shareOpen} onClose={() => setShareOpen(false)} sub={selected} />
      <Dialog open={notice !== null} onClose={() => setNotice(null)} title={notice?.kind === "error" ? notice.title : "Replace the workspace?"} testId="import-notice">
        {notice?.kind === "error" && (
          <ul className="max-h-80 list-disc overflow-y-auto pl-5 text-sm text-rose-300" role="alert" data-testid="import-errors">
            {notice.lines.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ul>
        )}
        {notice?.kind === "confirm-replace" && (
          <>
            <p className="text-sm">
              The file holds {notice.workspace.subAccounts.length} sub-account{notice.workspace.subAccounts.length === 1 ? "" : "s"}. Replace your current workspace with it? Undo restores your current workspace.
            </p>
            <div className="flex gap-2">
              <Button
                variant="primary"
                data-testid="confirm-replace"
                onClick={() => {
                  replaceWorkspace(notice.workspace);
                  setNotice(null);
                }}
              >
                Replace workspace
              </Button>
              <Button onClick={() => setNotice(null)}>Cancel</Button>
            </div>
          </>
        )}
      </Dialog>
    </div>
  );
}
