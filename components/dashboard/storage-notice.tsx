"use client";

import { useState } from "react";
import { useActions, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { downloadText } from "../workspace/download";
import { exportWorkspace } from "@/lib/workspace/workspace-file";
import { storageNotices } from "@/lib/state/notices";
import type { StorageProblem } from "@/lib/state/persistence";

function SaveError({ message }: { message: string }) {
  const workspace = useWorkspace((s) => s.workspace);
  return (
    <div role="alert" className="rounded border border-rose-500 bg-rose-950/60 p-3 text-sm text-rose-100" data-testid="save-error">
      <strong>Your changes are not being saved</strong> ({message}). They are kept in this tab only; export the workspace to keep them.
      <div className="mt-2">
        <Button onClick={() => downloadText("marginlab-workspace.json", exportWorkspace(workspace), "application/json")}>Export workspace (JSON)</Button>
      </div>
    </div>
  );
}

function ProblemNotice({ problem }: { problem: StorageProblem }) {
  const { dismissStorageProblem, releaseStoredValue, deleteBackup } = useActions();
  const [downloaded, setDownloaded] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const download = () => {
    downloadText("marginlab-workspace-backup.json", problem.raw, "application/json");
    setDownloaded(true);
    if (problem.held) releaseStoredValue();
  };
  return (
    <div role="alert" className="rounded border border-amber-500 bg-amber-950/60 p-3 text-sm text-amber-100" data-testid="storage-notice" data-held={problem.held ? "true" : "false"}>
      <p>
        <strong>Your saved workspace could not be restored</strong>: {problem.reason}. MarginLab started from the demo workspace instead.{" "}
        {problem.backupKey ? (
          <>
            The saved data was kept in this browser under the key <code className="font-mono">{problem.backupKey}</code>.
          </>
        ) : problem.held ? (
          <>No backup copy was made ({problem.backupRefusal}): download it now. Until you do, nothing you change here is saved over it.</>
        ) : deleted ? (
          <>The backup copy was deleted from this browser.</>
        ) : (
          <>The browser refused to store a backup copy; download it now to keep it.</>
        )}
      </p>
      <div className="mt-2 flex gap-2">
        <Button onClick={download} data-testid="download-backup">
          Download backup
        </Button>
        {downloaded && problem.backupKey && (
          <Button
            onClick={() => {
              deleteBackup(problem.backupKey!);
              setDeleted(true);
            }}
            data-testid="delete-backup"
          >
            Delete the copy from this browser
          </Button>
        )}
        <Button onClick={dismissStorageProblem}>{problem.held && !downloaded ? "Discard it and dismiss" : "Dismiss"}</Button>
      </div>
    </div>
  );
}

/**
 * Every notice about saving: a failed save (always shown, whatever else is on screen) and a stored
 * workspace that could not be restored (with its backup to download, then delete).
 */
export function StorageNotice() {
  const saveError = useWorkspace((s) => s.saveError);
  const problem = useWorkspace((s) => s.storageProblem);
  const notices = storageNotices({ saveError, storageProblem: problem });
  if (notices.length === 0) return null;
  return <div className="flex flex-col gap-2">{notices.map((n) => (n.kind === "save-error" ? <SaveError key="save" message={n.message} /> : <ProblemNotice key="problem" problem={n.problem} />))}</div>;
}
