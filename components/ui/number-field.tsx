"use client";

import { useId, useState } from "react";
import type { z } from "zod";
import { parseNumberInput } from "@/lib/workspace/number-input";
import { formatNumber } from "@/lib/format";

export interface NumberFieldProps {
  label: string;
  /** the committed value (from the store); null = nothing committed yet */
  value: number | null;
  schema: z.ZodType<number>;
  /** called with every valid value while the user types; invalid text never reaches it */
  onCommit: (value: number) => void;
  hideLabel?: boolean;
  placeholder?: string;
  testId?: string;
  className?: string;
  digits?: number;
}

/**
 * A text field for a number: what the user types is kept as a draft, checked on every keystroke,
 * and committed only when valid; otherwise an inline message says what is wrong.
 */
export function NumberField({ label, value, schema, onCommit, hideLabel, placeholder, testId, className = "", digits = 8 }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = draft ?? (value === null ? "" : formatNumber(value, digits).replace(/,/g, ""));
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
        className={`w-full rounded border bg-slate-950 px-2 py-1 text-right font-mono text-sm ${error ? "border-rose-500" : "border-slate-700"}`}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const r = parseNumberInput(text, schema);
          if (r.ok) {
            setError(null);
            onCommit(r.value);
          } else setError(r.error);
        }}
        onBlur={() => {
          if (!error) setDraft(null);
        }}
      />
      {error && (
        <span id={`${id}-err`} role="alert" className="mt-0.5 text-xs text-rose-400" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </span>
      )}
    </div>
  );
}
