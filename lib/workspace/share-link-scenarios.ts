import { LIMITS, MAX_SAVED_SCENARIOS, type SavedScenario, type WhatIf } from "./schema";

/**
 * Saved scenarios arriving in a share link, merged into the recipient's list without replacing
 * any of theirs: an identical scenario (same name, same settings) is skipped; a different one with
 * a name already taken is added as "name (shared)" (or "(shared 2)", …); scenarios beyond the
 * list's limit are left out and reported.
 *
 * @packageDocumentation
 */

export interface ScenarioMerge {
  merged: SavedScenario[];
  /** names as added (after any renaming) */
  added: string[];
  /** [name in the link, name given here] for each renamed one */
  renamed: [string, string][];
  /** identical to one the recipient has */
  duplicates: string[];
  /** left out: the list is full */
  leftOut: string[];
}

const same = (a: SavedScenario, b: SavedScenario) => a.name === b.name && JSON.stringify(a.whatIf) === JSON.stringify(b.whatIf);

function freeName(name: string, taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? " (shared)" : ` (shared ${i})`;
    const candidate = `${name.slice(0, LIMITS.maxNameLength - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Merges incoming scenarios into the recipient's.
 *
 * @example
 * ```ts
 * mergeSavedScenarios([{ name: "crash", whatIf: a }], [{ name: "crash", whatIf: b }]).renamed; // [["crash", "crash (shared)"]]
 * ```
 */
export function mergeSavedScenarios(existing: readonly SavedScenario[], incoming: readonly SavedScenario[]): ScenarioMerge {
  const merged = [...existing];
  const taken = new Set(existing.map((x) => x.name));
  const out: ScenarioMerge = { merged, added: [], renamed: [], duplicates: [], leftOut: [] };
  for (const s of incoming) {
    if (merged.some((x) => same(x, s))) {
      out.duplicates.push(s.name);
      continue;
    }
    if (merged.length >= MAX_SAVED_SCENARIOS) {
      out.leftOut.push(s.name);
      continue;
    }
    const name = taken.has(s.name) ? freeName(s.name, taken) : s.name;
    if (name !== s.name) out.renamed.push([s.name, name]);
    taken.add(name);
    merged.push({ name, whatIf: s.whatIf });
    out.added.push(name);
  }
  return out;
}

const signed = (x: number) => `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x)}`;

/**
 * A what-if in one line, leaving out what does not move.
 *
 * @example
 * ```ts
 * describeScenario({ spotMovePct: { BTC: -30, ETH: 0, SOL: 0 }, volShiftPts: 20, daysForward: 1, collateralVolMultiplier: 1 }); // "BTC −30 %, vol +20 pts, 1 d forward"
 * ```
 */
export function describeScenario(w: WhatIf): string {
  const parts: string[] = [];
  for (const u of ["BTC", "ETH", "SOL"] as const) if (w.spotMovePct[u] !== 0) parts.push(`${u} ${signed(w.spotMovePct[u])} %`);
  if (w.volShiftPts !== 0) parts.push(`vol ${signed(w.volShiftPts)} pts`);
  if (w.daysForward !== 0) parts.push(`${w.daysForward} d forward`);
  if (w.collateralVolMultiplier !== 1) parts.push(`collateral vol ×${w.collateralVolMultiplier}`);
  return parts.length ? parts.join(", ") : "no move";
}
