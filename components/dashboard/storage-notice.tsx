"use client";

import { useActions, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { downloadText } from "../workspace/download";
import { exportWorkspace } from "@/lib/workspace/workspace-file";

/** Explains a stored workspace that could not be restored, and offers its backup for download. */
export function StorageNotice() {
  const problem = useWorkspace((s) => s.storageProblem);
  const saveError = useWorkspace((s) => s.saveError);
  const workspace = useWorkspace((s) => s.workspace);
  const { dismissStorageProblem } = useActions();
  if (!problem && saveError) {
    return (
      <div role="alert" className="rounded border border-rose-500 bg-rose-950/60 p-3 text-sm text-rose-100" data-testid="save-error">
        <strong>Your changes are not being saved</strong> ({saveError}). They are kept in this tab only; export the workspace to keep them.
        <div className="mt-2">
          <Button onClick={() => downloadText("marginlab-workspace.json", exportWorkspace(workspace), "application/json")}>Export workspace (JSON)</Button>
        </div>
      </div>
    );
  }
  if (!problem) return null;
  const download = () => downloadText("marginlab-workspace-backup.json", problem.raw, "application/json");
  return (
    <div role="alert" className="rounded border border-amber-500 bg-amber-950/60 p-3 text-sm text-amber-100" data-testid="storage-notice">
      <p>
        <strong>Your saved workspace could not be restored</strong>: {problem.reason}. MarginLab started from the demo workspace instead.{" "}
        {problem.backupKey ? (
          <>
            The saved data was kept in this browser under the key <code className="font-mono">{problem.backupKey}</code>.
          </>
        ) : (
          <>The browser refused to store a backup copy; download it now to keep it.</>
        )}
      </p>
      <div className="mt-2 flex gap-2">
        <Button onClick={download} data-testid="download-backup">
          Download backup
        </Button>
        <Button onClick={dismissStorageProblem}>Dismiss</Button>
      </div>
    </div>
  );
}
