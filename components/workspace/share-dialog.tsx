"use client";

import { useState } from "react";
import { encodeShareFragment, SHARE_LIMITS } from "@/lib/workspace/share-link";
import { NO_WHAT_IF, type SubAccount } from "@/lib/workspace/schema";
import { useSnapshot, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";

/** Makes a share link (URL fragment only: the portfolio is never sent to a server). */
export function ShareDialog({ open, onClose, sub }: { open: boolean; onClose: () => void; sub: SubAccount | undefined }) {
  const subs = useWorkspace((s) => s.workspace.subAccounts);
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const whatIfActive = JSON.stringify(whatIf) !== JSON.stringify(NO_WHAT_IF);
  const [scope, setScope] = useState<"sub-account" | "workspace">("sub-account");
  const [withSnapshot, setWithSnapshot] = useState(false);
  const [withWhatIf, setWithWhatIf] = useState(false); // the what-if is the sender's experiment: shared only when asked
  const saved = useWorkspace((s) => s.workspace.savedScenarios);
  const [withScenarios, setWithScenarios] = useState(false); // saved scenarios travel only when asked
  const [copied, setCopied] = useState(false);
  const effectiveScope = sub ? scope : "workspace";
  const chosen = effectiveScope === "workspace" ? subs : sub ? [sub] : [];
  const totalPositions = chosen.reduce((n, s) => n + s.positions.length, 0);
  const tooBig = totalPositions > SHARE_LIMITS.maxPositionsTotal || chosen.length > SHARE_LIMITS.maxSubAccounts;
  const url =
    open && chosen.length > 0 && !tooBig && typeof window !== "undefined"
      ? `${window.location.origin}${window.location.pathname}#${encodeShareFragment({ scope: effectiveScope, subAccounts: chosen, snapshot: withSnapshot ? snapshot : null, whatIf: whatIfActive && withWhatIf ? whatIf : null, scenarios: withScenarios ? saved : undefined })}`
      : "";
  return (
    <Dialog open={open} onClose={onClose} title="Share" testId="share-dialog">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">What to share</legend>
        <label className="flex items-center gap-1">
          <input type="radio" name="scope" checked={effectiveScope === "sub-account"} disabled={!sub} onChange={() => setScope("sub-account")} data-testid="share-scope-sub" />
          This sub-account{sub ? ` (${sub.name})` : ""}
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="scope" checked={effectiveScope === "workspace"} onChange={() => setScope("workspace")} data-testid="share-scope-workspace" />
          Whole workspace ({subs.length} sub-accounts)
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={withSnapshot} onChange={(e) => setWithSnapshot(e.target.checked)} data-testid="share-with-snapshot" />
          Include the market snapshot (the recipient sees the very same numbers)
        </label>
        {whatIfActive && (
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={withWhatIf} onChange={(e) => setWithWhatIf(e.target.checked)} data-testid="share-with-what-if" />
            Include my what-if settings
          </label>
        )}
        {saved && saved.length > 0 && (
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={withScenarios} onChange={(e) => setWithScenarios(e.target.checked)} data-testid="share-with-scenarios" />
            Include my {saved.length} saved scenario{saved.length === 1 ? "" : "s"}
          </label>
        )}
      </fieldset>
      {chosen.length === 0 ? (
        <p className="text-sm text-slate-400">Nothing to share: the workspace is empty.</p>
      ) : tooBig || url.length > SHARE_LIMITS.maxLinkChars ? (
        <p role="alert" className="text-sm text-amber-300" data-testid="share-too-big">
          Too large for a link ({totalPositions.toLocaleString("en-US")} positions; a link holds at most {SHARE_LIMITS.maxPositionsTotal.toLocaleString("en-US")} positions and{" "}
          {SHARE_LIMITS.maxLinkChars.toLocaleString("en-US")} characters). Share one sub-account, or use Export JSON.
        </p>
      ) : (
        <>
          <textarea readOnly value={url} rows={4} className="w-full break-all rounded border border-slate-700 bg-slate-950 p-2 font-mono text-xs" data-testid="share-url" aria-label="Share link" />
          <div className="flex items-center gap-3 text-xs text-slate-400">
            <Button
              variant="primary"
              onClick={() => {
                void navigator.clipboard?.writeText(url).then(
                  () => setCopied(true),
                  () => setCopied(false),
                );
              }}
            >
              {copied ? "Copied" : "Copy link"}
            </Button>
            <span data-testid="share-length">{url.length.toLocaleString("en-US")} characters</span>
            {whatIfActive && withWhatIf && <span>Includes your what-if settings.</span>}
            <span>The portfolio travels in the part after “#”, which browsers never send to a server.</span>
          </div>
        </>
      )}
    </Dialog>
  );
}
