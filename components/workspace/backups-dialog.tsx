"use client";

import { useEffect, useState } from "react";
import { backupKeys } from "@/lib/state/persistence";
import { useActions, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { downloadText } from "./download";

interface Backup {
  key: string;
  chars: number;
}

function readBackups(): Backup[] {
  try {
    const storage = window.localStorage;
    return backupKeys(storage).map((key) => ({ key, chars: storage.getItem(key)?.length ?? 0 }));
  } catch {
    return [];
  }
}

/**
 * The backups of unusable saved workspaces kept in this browser: each can be downloaded, and once
 * downloaded, deleted. The button shows only while there are backups.
 */
export function BackupsButton() {
  const { deleteBackup } = useActions();
  const problem = useWorkspace((s) => s.storageProblem); // a new backup may have been made
  const [backups, setBackups] = useState<Backup[]>([]);
  const [open, setOpen] = useState(false);
  const [downloaded, setDownloaded] = useState<Set<string>>(new Set());
  useEffect(() => {
    // localStorage is read after mount only (it does not exist during server rendering)
    // eslint-disable-next-line react-hooks/set-state-in-effect -- syncing with an external store on mount and when a backup is made
    setBackups(readBackups());
  }, [problem, open]);
  if (backups.length === 0) return null;
  const total = backups.reduce((n, b) => n + b.chars, 0);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="backups" title="Copies of saved workspaces that could not be restored">
        Backups ({backups.length})
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Backups in this browser" testId="backups-dialog">
        <p className="text-sm text-slate-300">
          Saved workspaces that could not be restored are kept here ({(total / 1_000).toFixed(0)} k characters in all). Download a backup to keep it; then you can delete it from this browser.
        </p>
        <ul className="flex flex-col gap-1 text-sm">
          {backups.map((b) => (
            <li key={b.key} className="flex items-center gap-2" data-testid="backup-row">
              <code className="flex-1 truncate font-mono text-xs">{b.key}</code>
              <span className="text-xs text-slate-400">{(b.chars / 1_000).toFixed(1)} k</span>
              <Button
                onClick={() => {
                  downloadText(`${b.key.replace(/[^\w.-]+/g, "_")}.json`, window.localStorage.getItem(b.key) ?? "", "application/json");
                  setDownloaded((d) => new Set(d).add(b.key));
                }}
              >
                Download
              </Button>
              <Button
                disabled={!downloaded.has(b.key)}
                title={downloaded.has(b.key) ? "Delete this copy from the browser" : "Download it first"}
                data-testid="backup-delete"
                onClick={() => {
                  deleteBackup(b.key);
                  setBackups(readBackups());
                }}
              >
                Delete
              </Button>
            </li>
          ))}
        </ul>
      </Dialog>
    </>
  );
}
