import type { SubAccount, Workspace } from "@/lib/workspace/schema";
import { newId } from "@/lib/workspace/ids";
import { LIMITS } from "@/lib/workspace/schema";

/**
 * Merging the workspace of two tabs (per sub-account, with version vectors).
 *
 * Every tab has an id; each sub-account carries a clock `{ tabId: edits }` counting the edits each
 * tab made to it, and a deleted sub-account leaves a tombstone with its clock. When another tab's
 * save arrives, each sub-account is decided on its own: the version whose clock includes the
 * other's wins (it was made knowing the other); two versions made without knowing each other are
 * both kept, the other tab's as a copy. A deletion wins only over the version it saw: an edit the
 * deleting tab did not know about is kept. No edit is ever dropped silently.
 */

/** edits per tab id */
export type Clock = Record<string, number>;
export type Clocks = Record<string, Clock>;

export interface Versioned {
  workspace: Workspace;
  clocks: Clocks;
  tombstones: Clocks;
}

/** Tombstones kept (oldest dropped first): enough for any realistic session across tabs. */
export const MAX_TOMBSTONES = 200;

/** a ≥ b: a has seen every edit b has. */
export function dominates(a: Clock | undefined, b: Clock | undefined): boolean {
  if (!b) return true;
  if (!a) return Object.values(b).every((n) => n === 0);
  return Object.entries(b).every(([tab, n]) => (a[tab] ?? 0) >= n);
}

export function joinClocks(a: Clock | undefined, b: Clock | undefined): Clock {
  const out: Clock = { ...a };
  for (const [tab, n] of Object.entries(b ?? {})) out[tab] = Math.max(out[tab] ?? 0, n);
  return out;
}

const same = (a: SubAccount, b: SubAccount) => JSON.stringify(a) === JSON.stringify(b);

export interface MergeResult extends Versioned {
  /** sub-accounts of the other tab's that were taken (the undo history of this tab no longer fits) */
  tookTheirs: boolean;
  /** what a trader should be told: versions kept side by side, edits kept over a deletion */
  notices: string[];
}

/**
 * Merges the other tab's saved state (`theirs`) into this tab's (`mine`).
 * @example mergeTabs(mine, theirs).workspace // every sub-account of both, conflicts kept twice
 */
export function mergeTabs(mine: Versioned, theirs: Versioned): MergeResult {
  const mineById = new Map(mine.workspace.subAccounts.map((s) => [s.id, s]));
  const theirsById = new Map(theirs.workspace.subAccounts.map((s) => [s.id, s]));
  const clocks: Clocks = {};
  const tombstones: Clocks = { ...theirs.tombstones };
  for (const [id, c] of Object.entries(mine.tombstones)) tombstones[id] = joinClocks(tombstones[id], c);
  const notices: string[] = [];
  let tookTheirs = false;
  const out: SubAccount[] = [];
  const extra: SubAccount[] = [];

  for (const t of theirs.workspace.subAccounts) {
    const m = mineById.get(t.id);
    const ct = theirs.clocks[t.id];
    const cm = mine.clocks[t.id];
    if (!m) {
      // Deleted here (or never seen): the deletion wins only if it saw their version.
      if (mine.tombstones[t.id] && dominates(mine.tombstones[t.id], ct)) continue;
      if (mine.tombstones[t.id]) notices.push(`"${t.name}" was deleted in this tab but edited in another: it is kept.`);
      delete tombstones[t.id];
      out.push(t);
      clocks[t.id] = joinClocks(ct, undefined);
      tookTheirs = true;
      continue;
    }
    if (same(m, t)) {
      out.push(t);
      clocks[t.id] = joinClocks(cm, ct);
      continue;
    }
    if (dominates(cm, ct)) {
      out.push(m);
      clocks[t.id] = joinClocks(cm, ct);
    } else if (dominates(ct, cm)) {
      out.push(t);
      clocks[t.id] = joinClocks(cm, ct);
      tookTheirs = true;
    } else {
      // Edited in both tabs without either knowing: keep both versions.
      out.push(m);
      clocks[t.id] = joinClocks(cm, ct);
      const copyId = newId();
      const name = `${t.name} (other tab)`.slice(0, LIMITS.maxNameLength);
      extra.push({ ...t, id: copyId, name, positions: t.positions.map((p) => ({ ...p, id: newId() })) });
      clocks[copyId] = { ...ct };
      notices.push(`"${m.name}" was changed in two tabs at once: both versions are kept (the other tab's as "${name}").`);
      tookTheirs = true;
    }
  }
  for (const m of mine.workspace.subAccounts) {
    if (theirsById.has(m.id)) continue;
    const dead = theirs.tombstones[m.id];
    if (dead && dominates(dead, mine.clocks[m.id])) continue; // deleted there after seeing this version
    if (dead) notices.push(`"${m.name}" was deleted in another tab but edited in this one: it is kept.`);
    delete tombstones[m.id];
    extra.unshift(m);
    clocks[m.id] = { ...mine.clocks[m.id] };
  }
  // this tab's own additions keep their order after the other tab's list
  const mineExtras = extra.filter((s) => mineById.has(s.id));
  const copies = extra.filter((s) => !mineById.has(s.id));
  const ordered = mine.workspace.subAccounts.filter((s) => mineExtras.includes(s));
  const subAccounts = [...out, ...ordered, ...copies];
  if (subAccounts.length > LIMITS.maxSubAccounts) notices.push(`Both tabs' sub-accounts together are more than ${LIMITS.maxSubAccounts}: export the workspace, then delete some.`);
  const kept = Object.entries(tombstones).slice(-MAX_TOMBSTONES);
  // Fields other than the sub-accounts (e.g. saved scenarios) follow the latest save: the other tab's.
  return { workspace: { ...mine.workspace, ...theirs.workspace, subAccounts }, clocks, tombstones: Object.fromEntries(kept), tookTheirs, notices };
}
