"use client";

import { useEffect, useState } from "react";

/**
 * The current time, updated every `intervalMs` on the client; null during server rendering and
 * the first client render (so server and client markup agree).
 *
 * @example
 * ```tsx
 * const now = useNow(); // number | null
 * ```
 */
export function useNow(intervalMs = 1_000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const id = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [intervalMs]);
  return now;
}

/**
 * The age of data for display.
 *
 * @example
 * ```ts
 * formatAge(12_000); // "12 s"
 * formatAge(7_500_000); // "2 h 5 min"
 * ```
 */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d`;
}

/**
 * An instant in UTC to the second.
 *
 * @example
 * ```ts
 * formatUtc("2026-11-24T07:55:00.000Z"); // "2026-11-24 07:55:00 UTC"
 * ```
 */
export function formatUtc(iso: string): string {
  return `${new Date(iso).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}
