import type { ReactNode } from "react";

export function Card({ title, children, className = "", actions, testId }: { title?: ReactNode; children: ReactNode; className?: string; actions?: ReactNode; testId?: string }) {
  return (
    <section className={`rounded-lg border border-slate-700 bg-slate-900/60 p-4 ${className}`} data-testid={testId}>
      {(title || actions) && (
        <header className="mb-3 flex items-center justify-between gap-2">
          {title && <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-300">{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}
