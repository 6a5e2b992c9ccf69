import type { ReactNode } from "react";

/**
 * A titled panel. Its content is rendered lazily by the browser (`content-visibility: auto`): a card
 * outside the viewport keeps its DOM, text and accessibility tree, but is not laid out or painted
 * until it nears the screen — so a result that updates the whole dashboard costs the layout and
 * paint of the cards in view only. Measured with `npm run bench:browser` (production build, 200
 * positions): change → figures p50 50–59 → 34–51 ms, and the 150–250 ms main-thread task of every
 * 10-position drag (the paint of the whole page) gone. A card never shown takes 400 px until it is;
 * then it keeps its last size (`auto`). Dialogs open in the top layer, so they are never clipped.
 */
export function Card({ title, children, className = "", actions, testId }: { title?: ReactNode; children: ReactNode; className?: string; actions?: ReactNode; testId?: string }) {
  return (
    <section className={`rounded-lg border border-slate-700 bg-slate-900/60 p-4 [contain-intrinsic-size:auto_400px] [content-visibility:auto] ${className}`} data-testid={testId}>
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
