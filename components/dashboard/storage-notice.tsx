"use client";

import { useActions, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { downloadText } from "../workspace/download";

/** Explains a stored workspace that could not be restored, and offers its backup for download. */
export function StorageNotice() {
  const problem = useWorkspace((s) => s.storageProblem);
  const { dismissStorageProblem } = useActions();
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
