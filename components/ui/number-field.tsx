"use client";

import { useId, useRef, useState } from "react";
import type { z } from "zod";
import { parseNumberInput, type ParseOptions } from "@/lib/workspace/number-input";
import { formatNumber } from "@/lib/format";

export interface NumberFieldProps {
  label: string;
  /** the committed value (from the store); null = nothing committed yet */
  value: number | null;
  schema: z.ZodType<number>;
  /** called with every valid value while the user types; invalid text never reaches it */
  onCommit: (value: number) => void;
  /**
   * Called instead of onCommit when the text turns invalid and the value in use before this edit
   * was "nothing committed" (value null): the field must then leave the book as it was.
   */
  onRestoreEmpty?: () => void;
  hideLabel?: boolean;
  placeholder?: string;
  testId?: string;
  className?: string;
  digits?: number;
  /** "thousands" for USD prices and amounts ("110,000"); sizes and what-ifs refuse an ambiguous "1,500" */
  ambiguousComma?: ParseOptions["ambiguousComma"];
  /** the error line may be wider than a narrow field (it extends to the left, right-aligned) */
  wideError?: boolean;
  /** how the value in use is written next to an error ("using −10"); default: the number itself */
  describeValue?: (value: number | null) => string;
  /** how the committed value is shown when not being edited (e.g. rounded to a tick); default: `digits` decimals */
  format?: (value: number) => string;
}

/** The value as a trader reads it: a true minus sign, no thousands separators in a field. */
function plain(value: number, digits: number): string {
  return formatNumber(value, digits).replace(/,/g, "").replace(/^-/, "−");
}

/**
 * A text field for a number: what the user types is kept as a draft and checked on every keystroke.
 * A valid text is committed at once (figures follow while typing). A text that fails validation
 * never changes the book or the scenario: typing "1e12" over −10 passes through "1" and "1e1", and
 * the value from before that entry (−10) is put back; the field shows both the typed text with its
 * error and the value in use ("using −10").
 */
export function NumberField({ label, value, schema, onCommit, onRestoreEmpty, hideLabel, placeholder, testId, className = "", digits = 8, describeValue, ambiguousComma, wideError, format }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The value an invalid text typed on from a valid one falls back to: the value in use before the
  // trader started typing this entry. "1e1" on the way to "1e12" is a stepping stone, not a choice.
  const anchor = useRef<number | null>(value);
  const written = (v: number) => (format ? format(v) : plain(v, digits));
  const shown = draft ?? (value === null ? "" : written(value));
  // While an error shows, the store holds the value from before the edit (put back on the invalid keystroke).
  const inUse = value;
  const inUseText = describeValue ? describeValue(inUse) : inUse === null ? (placeholder ?? "none") : written(inUse);
  return (
    <div className={`flex flex-col ${className}`}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "mb-0.5 text-xs text-slate-400"}>
        {label}
      </label>
      <input
        id={id}
        data-testid={testId}
        inputMode="decimal"
        autoComplete="off"
        placeholder={placeholder}
        value={shown}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        className={`w-full min-w-0 rounded border bg-slate-950 px-2 py-1 text-right font-mono text-sm ${error ? "border-rose-500" : "border-slate-700"}`}
        onChange={(e) => {
          const text = e.target.value;
          // Typing on (the new text extends the old) continues this entry; anything else starts a new one.
          const typingOn = text.length > shown.length && text.startsWith(shown);
          if (!typingOn) anchor.current = value;
          setDraft(text);
          const r = parseNumberInput(text, schema, { ambiguousComma });
          if (r.ok) {
            setError(null);
            if (r.value !== value) onCommit(r.value);
          } else {
            setError(r.error);
            // An invalid entry never changes the book: typed on from a valid stepping stone, the value
            // from before the entry is put back; otherwise the last valid value simply stays.
            const before = anchor.current;
            if (typingOn && before !== value) {
              if (before === null) onRestoreEmpty?.();
              else onCommit(before);
            }
          }
        }}
        onBlur={() => {
          if (!error) setDraft(null);
        }}
      />
      {error && (
        <span id={`${id}-err`} role="alert" className={`mt-0.5 text-xs text-rose-400 ${wideError ? "w-56 self-end text-right" : ""}`} data-testid={testId ? `${testId}-error` : undefined}>
          {error}{" "}
          <span className="whitespace-nowrap text-slate-400" data-testid={testId ? `${testId}-in-use` : undefined}>
            (using {inUseText})
          </span>
        </span>
      )}
    </div>
  );
}
