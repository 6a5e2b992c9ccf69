/**
 * The mode comparison's verdict line, from its columns alone (no engine code: the page merges the
 * columns its two workers computed and writes the line itself).
 *
 * @packageDocumentation
 */

import type { MarginMode } from "@/lib/workspace/schema";
import type { ModeView } from "@/lib/margin/result-types";

const usd0 = (x: number) => `$${Math.round(Math.abs(x)).toLocaleString("en-US")}`;

/** Nearest downward liquidation move of an account view, in percent (null: none in range). */
function nearestDown(v: Extract<ModeView, { ok: true }>): number | null {
  if (v.mode !== "isolated") return v.togetherDownPct;
  const downs = v.liquidation.flatMap((l) => (l.down ? [l.down.movePct] : []));
  return downs.length ? Math.max(...downs) : null;
}

/**
 * A plain-language verdict comparing the sub-account's own mode with the mode that needs the least
 * initial margin, e.g. "Portfolio margin frees $41,200 (63%) but liquidation moves from −31% to −22%".
 */
export function verdict(current: MarginMode, views: ModeView[]): string {
  const ok = views.filter((v): v is Extract<ModeView, { ok: true }> => v.ok);
  const here = ok.find((v) => v.mode === current);
  if (!here) return "No verdict: the current mode could not be computed.";
  const best = ok.reduce((b, v) => (v.im < b.im ? v : b), here);
  const name = (m: MarginMode) => `${m[0]!.toUpperCase()}${m.slice(1)} margin`;
  if (best.mode === here.mode || here.im - best.im < 0.005 * Math.max(here.im, 1)) return `${name(current)} already needs the least initial margin of the modes compared (${usd0(here.im)}).`;
  const saved = here.im - best.im;
  const pct = here.im > 0 ? (saved / here.im) * 100 : 0;
  const d0 = nearestDown(here);
  const d1 = nearestDown(best);
  const fmt = (d: number | null) => (d === null ? "none within −99%" : `${d.toFixed(0)}%`.replace("-", "−"));
  const liq = d0 === d1 ? `liquidation stays at ${fmt(d0)}` : `liquidation moves from ${fmt(d0)} to ${fmt(d1)}`;
  const closer = d1 !== null && (d0 === null || d1 > d0);
  return `${name(best.mode)} frees ${usd0(saved)} (${pct.toFixed(0)}%) ${closer ? "but" : "and"} ${liq}.`;
}
