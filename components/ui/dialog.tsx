"use client";

import { useEffect, useRef, type ReactNode } from "react";

/** A modal dialog on the native <dialog> element (focus trapping and Escape come with it). */
export function Dialog({ open, onClose, title, children, testId }: { open: boolean; onClose: () => void; title: string; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} onClose={onClose} data-testid={testId} aria-label={title} className="m-auto w-[min(720px,95vw)] rounded-lg border border-slate-600 bg-slate-900 p-0 text-slate-100 backdrop:bg-black/60">
      {open && (
        <div className="flex flex-col gap-3 p-4">
          <header className="flex items-center justify-between">
            <h2 className="text-lg font-semibold">{title}</h2>
            <button type="button" aria-label="Close" className="rounded px-2 text-slate-400 hover:bg-slate-700" onClick={onClose}>
              ✕
            </button>
          </header>
          {children}
        </div>
      )}
    </dialog>
  );
}
