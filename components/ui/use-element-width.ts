"use client";

import { useCallback, useEffect, useState } from "react";

/**
 * The content width of an element, kept by a ResizeObserver (state changes only when the size
 * does). Charts take it as a fixed width instead of measuring the layout on every render.
 * Returns a callback ref, so it works for elements that mount later.
 */
export function useElementWidth<T extends HTMLElement>() {
  const [el, setEl] = useState<T | null>(null);
  const [width, setWidth] = useState(0);
  const ref = useCallback((node: T | null) => setEl(node), []);
  useEffect(() => {
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      setWidth((prev) => (prev === w ? prev : w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [ref, width] as const;
}
