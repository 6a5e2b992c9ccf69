"use client";

import { useState } from "react";
import { useActions, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { LIMITS, subAccountSchema } from "@/lib/workspace/schema";

function RenameField({ id, name, onDone }: { id: string; name: string; onDone: () => void }) {
  const { renameSubAccount } = useActions();
  const [text, setText] = useState(name);
  const check = subAccountSchema.shape.name.safeParse(text);
  const error = check.success ? null : (check.error.issues[0]?.message ?? "Invalid name");
  const commit = () => {
    if (check.success) {
      renameSubAccount(id, check.data);
      onDone();
    }
  };
  return (
    <div className="flex flex-col gap-1">
      <input
        autoFocus
        aria-label="Sub-account name"
        data-testid="rename-input"
        value={text}
        maxLength={LIMITS.maxNameLength + 10}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
          if (e.key === "Escape") onDone();
        }}
        className={`rounded border bg-slate-950 px-2 py-1 text-sm ${error ? "border-rose-500" : "border-slate-600"}`}
      />
      {error && (
        <span role="alert" className="text-xs text-rose-400">
          {error}
        </span>
      )}
      <div className="flex gap-1">
        <Button variant="primary" onClick={commit} disabled={!!error}>
          Save
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </div>
  );
}

/** Sub-accounts of the workspace: select, add, rename, duplicate, delete. */
export function SubAccountList() {
  const subs = useWorkspace((s) => s.workspace.subAccounts);
  const storedSelection = useWorkspace((s) => s.selectedId);
  // After an undo the stored selection may name a sub-account that is gone: the first one is shown.
  const selectedId = subs.some((s) => s.id === storedSelection) ? storedSelection : (subs[0]?.id ?? null);
  const { select, addSubAccount, duplicateSubAccount, deleteSubAccount } = useActions();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  return (
    <nav aria-label="Sub-accounts" className="flex flex-col gap-2">
      <div className="flex items-center justify-between">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-300">Sub-accounts</h2>
        <Button variant="primary" onClick={() => addSubAccount()} disabled={subs.length >= LIMITS.maxSubAccounts} data-testid="add-subaccount">
          + Add
        </Button>
      </div>
      {subs.length === 0 && <p className="text-sm text-slate-400">No sub-accounts. Add one to start.</p>}
      <ul className="flex flex-col gap-1">
        {subs.map((s) => {
          const active = s.id === selectedId;
          return (
            <li key={s.id} data-testid="subaccount-item" className={`rounded border p-2 ${active ? "border-sky-500 bg-slate-800" : "border-slate-700 bg-slate-900"}`}>
              {renaming === s.id ? (
                <RenameField id={s.id} name={s.name} onDone={() => setRenaming(null)} />
              ) : (
                <button type="button" className="w-full text-left" onClick={() => select(s.id)} aria-current={active ? "true" : undefined}>
                  <span className="block truncate font-medium" data-testid="subaccount-name">
                    {s.name}
                  </span>
                  <span className="text-xs text-slate-400">
                    {s.mode} · {s.positions.length} position{s.positions.length === 1 ? "" : "s"}
                  </span>
                </button>
              )}
              {active && renaming !== s.id && (
                <div className="mt-2 flex flex-wrap gap-1">
                  <Button onClick={() => setRenaming(s.id)}>Rename</Button>
                  <Button onClick={() => duplicateSubAccount(s.id)} disabled={subs.length >= LIMITS.maxSubAccounts}>
                    Duplicate
                  </Button>
                  {confirmDelete === s.id ? (
                    <>
                      <Button
                        variant="danger"
                        onClick={() => {
                          deleteSubAccount(s.id);
                          setConfirmDelete(null);
                        }}
                      >
                        Confirm delete
                      </Button>
                      <Button onClick={() => setConfirmDelete(null)}>Keep</Button>
                    </>
                  ) : (
                    <Button variant="danger" onClick={() => setConfirmDelete(s.id)}>
                      Delete
                    </Button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
