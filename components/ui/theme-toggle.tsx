"use client";

import { useEffect, useSyncExternalStore } from "react";

/** "system" follows prefers-color-scheme; "light" and "dark" are the trader's choice, kept across visits. */
export type ThemePreference = "system" | "light" | "dark";

export const THEME_STORAGE_KEY = "marginlab.theme";
const CHANGED = "marginlab-theme-changed";

function read(): ThemePreference {
  try {
    const v = window.localStorage.getItem(THEME_STORAGE_KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system"; // storage blocked: follow the system
  }
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === THEME_STORAGE_KEY) onChange();
  };
  window.addEventListener("storage", onStorage); // other tabs
  window.addEventListener(CHANGED, onChange); // this tab
  return () => {
    window.removeEventListener("storage", onStorage);
    window.removeEventListener(CHANGED, onChange);
  };
}

function save(pref: ThemePreference) {
  try {
    if (pref === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, pref);
  } catch {
    // storage blocked: the choice lasts for this visit only
  }
  window.dispatchEvent(new Event(CHANGED));
}

/**
 * Light / dark / system theme picker. The choice is saved in localStorage and applied as
 * html[data-theme] (app/globals.css); "system" removes it, so prefers-color-scheme decides.
 */
export function ThemeToggle() {
  const pref = useSyncExternalStore(subscribe, read, () => "system" as const);
  useEffect(() => {
    const html = document.documentElement;
    if (pref === "system") delete html.dataset.theme;
    else html.dataset.theme = pref;
  }, [pref]);
  return (
    <label className="flex items-center gap-1 text-xs text-slate-400">
      Theme
      <select className="rounded border border-slate-700 bg-slate-950 px-1.5 py-0.5 text-xs text-slate-100" value={pref} onChange={(e) => save(e.target.value as ThemePreference)} data-testid="theme-select">
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
