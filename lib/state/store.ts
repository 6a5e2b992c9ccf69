import { createStore } from "zustand/vanilla";
import { persist } from "zustand/middleware";
import { temporal } from "zundo";
import { DEFAULT_RULEBOOK_ID, profileIdForMode } from "@/lib/margin/venues/catalogue";
import type { CollateralAsset } from "@/lib/market/types";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { newId } from "@/lib/workspace/ids";
import { LIMITS, MAX_SAVED_SCENARIOS, NO_WHAT_IF, type MarginMode, type NewPosition, type Position, type WhatIf, type SubAccount, type Workspace } from "@/lib/workspace/schema";
import { createSafeStorage, readStored, STORAGE_KEY, STORE_VERSION, type PersistedState, type StorageProblem } from "./persistence";
import { mergeTabs, type Clocks } from "./tab-merge";

export interface WorkspaceState {
  workspace: Workspace;
  selectedId: string | null;
  /** what-if sliders (UI state: persisted, shared in links, not part of undo history) */
  whatIf: WhatIf;
  /** set when the stored workspace could not be used; the UI explains it and offers the backup */
  storageProblem: StorageProblem | null;
  /** set while saving to localStorage fails: edits live only in memory until it works again */
  saveError: string | null;
  /** what a merge with another tab's edits kept side by side (shown until dismissed) */
  syncNotices: string[];
  hydrated: boolean;
  actions: {
    select(id: string): void;
    addSubAccount(): string;
    renameSubAccount(id: string, name: string): void;
    duplicateSubAccount(id: string): string | null;
    deleteSubAccount(id: string): void;
    setMode(id: string, mode: MarginMode): void;
    setProfile(id: string, profileId: string): void;
    setHaircutModel(id: string, model: NonNullable<SubAccount["haircutModel"]>): void;
    addPosition(id: string, position: NewPosition): string | null;
    updatePosition(id: string, positionId: string, patch: Partial<Pick<Position, "size" | "entryPrice" | "isolatedMargin">>): void;
    removePosition(id: string, positionId: string): void;
    setCollateral(id: string, asset: CollateralAsset, amount: number): void;
    removeCollateral(id: string, asset: CollateralAsset): void;
    resetToDemo(): void;
    setWhatIf(patch: Partial<WhatIf>): void;
    resetWhatIf(): void;
    /** saves the current what-if under a name (replacing one of the same name); false when the list is full or the name empty */
    saveScenario(name: string): boolean;
    deleteScenario(name: string): void;
    dismissStorageProblem(): void;
    /** after the trader downloaded (or chose to discard) a stored value that could not be backed up: saving resumes */
    releaseStoredValue(): void;
    /** deletes a backup copy from this browser (offered once it has been downloaded) */
    deleteBackup(key: string): void;
    /** another tab saved: merge its edits into this tab's, per sub-account (never dropping one) */
    syncFromStorage(): void;
    dismissSyncNotices(): void;
    /** replaces the whole workspace (JSON import); undoable */
    replaceWorkspace(workspace: Workspace): void;
    /** appends sub-accounts (share-link import); undoable; returns the first new id, or null (nothing added) when they do not all fit */
    importSubAccounts(subAccounts: SubAccount[]): string | null;
    /** appends positions to a sub-account (CSV import); undoable; false (nothing added) when they do not all fit */
    appendPositions(id: string, positions: NewPosition[]): boolean;
    /** ends the current typing burst, so the next edit is an undo step of its own (after undo/redo) */
    breakUndoGroup(): void;
  };
}

/** Edits closer together than this on the same field form one undo step (one per typing burst). */
export const UNDO_COALESCE_MS = 1_000;
/** How many undo steps are kept. */
export const UNDO_LIMIT = 200;

function cloneDemo(): Workspace {
  return structuredClone(DEMO_WORKSPACE);
}

export interface StoreOptions {
  storage?: () => Storage;
  /** the clock that names backups (tests inject one) */
  now?: () => number;
  /** this tab's id in the edit clocks (default: a fresh random id) */
  tabId?: string;
}

/** One store per app mount (never a module global during server rendering). */
export function createWorkspaceStore(opts: StoreOptions = {}) {
  const getStorage = opts.storage ?? (() => window.localStorage);
  // A problem found while reading storage, handed from the storage adapter to merge().
  let pendingProblem: StorageProblem | null = null;
  // Undo grouping: an edit that names a coalesce key (e.g. typing in one field) merges into the
  // previous undo step when that step had the same key and was recorded moments ago.
  let pendingKey: string | null = null;
  let lastRecorded: { key: string | null; at: number } = { key: null, at: 0 };
  // eslint-disable-next-line prefer-const -- assigned once the store exists (the storage adapter reports into it)
  let store: ReturnType<typeof build> | undefined;
  // Edit clocks for merging with other tabs (lib/state/tab-merge.ts): a sub-account whose object
  // differs from the one last saved was edited here, and this tab's count for it goes up.
  const tabId = opts.tabId ?? newId();
  let clocks: Clocks = {};
  let tombstones: Clocks = {};
  let lastSaved = new Map<string, SubAccount>();
  const stamp = (workspace: Workspace) => {
    const next = new Map(workspace.subAccounts.map((s) => [s.id, s]));
    for (const s of workspace.subAccounts) {
      if (lastSaved.get(s.id) === s) continue;
      clocks = { ...clocks, [s.id]: { ...clocks[s.id], [tabId]: (clocks[s.id]?.[tabId] ?? 0) + 1 } };
    }
    for (const id of lastSaved.keys()) {
      if (next.has(id)) continue;
      tombstones = { ...tombstones, [id]: { ...clocks[id], [tabId]: (clocks[id]?.[tabId] ?? 0) + 1 } };
      const { [id]: _gone, ...rest } = clocks;
      clocks = rest;
    }
    lastSaved = next;
  };
  const safeStorage = createSafeStorage(
    getStorage,
    (problem) => {
      pendingProblem = problem;
    },
    (error) => {
      if (store && store.getState().saveError !== error) store.setState({ saveError: error });
    },
    opts.now,
  );
  const build = () =>
    createStore<WorkspaceState>()(
      persist(
        temporal(
          (set, get) => {
            const keyed = (key: string, fn: () => void) => {
              pendingKey = key;
              try {
                fn();
              } finally {
                pendingKey = null;
              }
            };
            const updateSub = (id: string, fn: (s: SubAccount) => SubAccount) => set((st) => ({ workspace: { ...st.workspace, subAccounts: st.workspace.subAccounts.map((s) => (s.id === id ? fn(s) : s)) } }));
            return {
              workspace: cloneDemo(),
              selectedId: DEMO_WORKSPACE.subAccounts[0]?.id ?? null,
              whatIf: NO_WHAT_IF,
              storageProblem: null,
              saveError: null,
              syncNotices: [],
              hydrated: false,
              actions: {
                select: (id) => set({ selectedId: id }),
                addSubAccount: () => {
                  const subs = get().workspace.subAccounts;
                  if (subs.length >= LIMITS.maxSubAccounts) return subs[subs.length - 1]!.id;
                  const id = newId();
                  const sub: SubAccount = {
                    id,
                    name: `Sub-account ${subs.length + 1}`,
                    mode: "cross",
                    profileId: DEFAULT_RULEBOOK_ID,
                    collateral: [{ asset: "USDC", amount: 100_000 }],
                    positions: [],
                  };
                  set({ workspace: { ...get().workspace, subAccounts: [...subs, sub] }, selectedId: id });
                  return id;
                },
                renameSubAccount: (id, name) => keyed(`name:${id}`, () => updateSub(id, (s) => ({ ...s, name }))),
                duplicateSubAccount: (id) => {
                  const subs = get().workspace.subAccounts;
                  const src = subs.find((s) => s.id === id);
                  if (!src || subs.length >= LIMITS.maxSubAccounts) return null;
                  const copy: SubAccount = {
                    ...structuredClone(src),
                    id: newId(),
                    name: `${src.name} (copy)`.slice(0, LIMITS.maxNameLength),
                    positions: src.positions.map((p) => ({ ...p, id: newId() })),
                  };
                  const i = subs.indexOf(src);
                  set({ workspace: { ...get().workspace, subAccounts: [...subs.slice(0, i + 1), copy, ...subs.slice(i + 1)] }, selectedId: copy.id });
                  return copy.id;
                },
                deleteSubAccount: (id) => {
                  const subs = get().workspace.subAccounts;
                  const i = subs.findIndex((s) => s.id === id);
                  if (i < 0) return;
                  const rest = subs.filter((s) => s.id !== id);
                  const selectedId = get().selectedId === id ? (rest[Math.min(i, rest.length - 1)]?.id ?? null) : get().selectedId;
                  set({ workspace: { ...get().workspace, subAccounts: rest }, selectedId });
                },
                setMode: (id, mode) => updateSub(id, (s) => ({ ...s, mode, profileId: profileIdForMode(mode, s.profileId) })),
                setProfile: (id, profileId) => updateSub(id, (s) => ({ ...s, profileId })),
                setHaircutModel: (id, model) => updateSub(id, (s) => ({ ...s, haircutModel: model })),
                addPosition: (id, position) => {
                  const sub = get().workspace.subAccounts.find((s) => s.id === id);
                  if (!sub || sub.positions.length >= LIMITS.maxPositions) return null;
                  const pid = newId();
                  updateSub(id, (s) => ({ ...s, positions: [...s.positions, { ...position, id: pid } as Position] }));
                  return pid;
                },
                updatePosition: (id, positionId, patch) =>
                  keyed(`pos:${positionId}:${Object.keys(patch).sort().join(",")}`, () =>
                    updateSub(id, (s) => ({
                      ...s,
                      positions: s.positions.map((p) => {
                        if (p.id !== positionId) return p;
                        const next = { ...p, ...patch } as Position;
                        if ("isolatedMargin" in patch && patch.isolatedMargin === undefined) delete next.isolatedMargin;
                        return next;
                      }),
                    })),
                  ),
                removePosition: (id, positionId) => updateSub(id, (s) => ({ ...s, positions: s.positions.filter((p) => p.id !== positionId) })),
                setCollateral: (id, asset, amount) =>
                  keyed(`coll:${id}:${asset}`, () =>
                    updateSub(id, (s) => {
                      const has = s.collateral.some((c) => c.asset === asset);
                      return {
                        ...s,
                        collateral: has ? s.collateral.map((c) => (c.asset === asset ? { asset, amount } : c)) : [...s.collateral, { asset, amount }],
                      };
                    }),
                  ),
                removeCollateral: (id, asset) => updateSub(id, (s) => ({ ...s, collateral: s.collateral.filter((c) => c.asset !== asset) })),
                resetToDemo: () => set({ workspace: cloneDemo(), selectedId: DEMO_WORKSPACE.subAccounts[0]?.id ?? null }),
                dismissStorageProblem: () => {
                  // A held value is never dismissed unseen: dismissing it is the trader's choice to discard it.
                  if (get().storageProblem?.held) safeStorage.release();
                  set({ storageProblem: null });
                },
                releaseStoredValue: () => {
                  safeStorage.release();
                  const p = get().storageProblem;
                  // any set() saves: this one writes the current workspace over the released value
                  set({ storageProblem: p ? { ...p, held: false } : null });
                },
                syncFromStorage: () => {
                  let raw: string | null = null;
                  try {
                    raw = getStorage().getItem(STORAGE_KEY);
                  } catch {
                    return;
                  }
                  const read = raw === null ? null : readStored(raw);
                  if (!read?.ok) return; // nothing usable there: this tab's next save replaces it
                  const theirs = read.state;
                  const st = get();
                  stamp(st.workspace); // anything edited here but not yet saved counts as edited
                  const merged = mergeTabs({ workspace: st.workspace, clocks, tombstones }, { workspace: theirs.workspace, clocks: theirs.clocks ?? {}, tombstones: theirs.tombstones ?? {} });
                  clocks = merged.clocks;
                  tombstones = merged.tombstones;
                  lastSaved = new Map(merged.workspace.subAccounts.map((s) => [s.id, s]));
                  const unchanged = JSON.stringify(merged.workspace) === JSON.stringify(st.workspace);
                  const notices = [...st.syncNotices, ...merged.notices];
                  if (unchanged && merged.notices.length === 0) return;
                  const selectedId = merged.workspace.subAccounts.some((s) => s.id === st.selectedId) ? st.selectedId : (merged.workspace.subAccounts[0]?.id ?? null);
                  set({ ...(unchanged ? {} : { workspace: merged.workspace }), selectedId, whatIf: theirs.whatIf ?? st.whatIf, syncNotices: notices });
                  // This tab's history holds versions from before the other tab's edits: undoing would erase them.
                  if (merged.tookTheirs) store?.temporal.getState().clear();
                },
                dismissSyncNotices: () => set({ syncNotices: [] }),
                deleteBackup: (key) => {
                  try {
                    getStorage().removeItem(key);
                  } catch {
                    // nothing to delete
                  }
                  const p = get().storageProblem;
                  if (p?.backupKey === key) set({ storageProblem: { ...p, backupKey: null } });
                },
                setWhatIf: (patch) => set((st) => ({ whatIf: { ...st.whatIf, ...patch } })),
                resetWhatIf: () => set({ whatIf: NO_WHAT_IF }),
                saveScenario: (name) => {
                  const n = name.trim();
                  const list = get().workspace.savedScenarios ?? [];
                  if (!n || n.length > LIMITS.maxNameLength || (list.length >= MAX_SAVED_SCENARIOS && !list.some((x) => x.name === n))) return false;
                  set((st) => ({ workspace: { ...st.workspace, savedScenarios: [...list.filter((x) => x.name !== n), { name: n, whatIf: st.whatIf }] } }));
                  return true;
                },
                deleteScenario: (name) => set((st) => ({ workspace: { ...st.workspace, savedScenarios: (st.workspace.savedScenarios ?? []).filter((x) => x.name !== name) } })),
                replaceWorkspace: (workspace) => set({ workspace, selectedId: workspace.subAccounts[0]?.id ?? null }),
                importSubAccounts: (incoming) => {
                  const subs = get().workspace.subAccounts;
                  if (subs.length + incoming.length > LIMITS.maxSubAccounts) return null;
                  const added = incoming.map((s) => ({ ...s, id: newId(), positions: s.positions.map((p) => ({ ...p, id: newId() })) }));
                  if (added.length === 0) return null;
                  set({ workspace: { ...get().workspace, subAccounts: [...subs, ...added] }, selectedId: added[0]!.id });
                  return added[0]!.id;
                },
                appendPositions: (id, positions) => {
                  const sub = get().workspace.subAccounts.find((s) => s.id === id);
                  if (!sub || sub.positions.length + positions.length > LIMITS.maxPositions) return false;
                  updateSub(id, (s) => ({ ...s, positions: [...s.positions, ...positions.map((p) => ({ ...p, id: newId() }) as Position)] }));
                  return true;
                },
                breakUndoGroup: () => {
                  lastRecorded = { key: null, at: 0 };
                },
              },
            };
          },
          {
            // Only the workspace is history; selection, hydration flags and notices are not edits.
            partialize: (s) => ({ workspace: s.workspace }),
            equality: (a, b) => a.workspace === b.workspace,
            limit: UNDO_LIMIT,
            handleSet: (record) => (pastState, replace, currentState, deltaState) => {
              const now = Date.now();
              const key = pendingKey;
              if (key !== null && lastRecorded.key === key && now - lastRecorded.at < UNDO_COALESCE_MS) {
                lastRecorded = { key, at: now };
                return;
              }
              lastRecorded = { key, at: now };
              // zundo passes its 4-argument _handleSet typed as setState; call it as what it is.
              (record as unknown as (p: unknown, r: unknown, c: unknown, d: unknown) => void)(pastState, replace, currentState, deltaState);
            },
          },
        ),
        {
          name: STORAGE_KEY,
          version: STORE_VERSION,
          skipHydration: true,
          storage: safeStorage,
          partialize: (s): PersistedState => {
            stamp(s.workspace);
            return { workspace: s.workspace, selectedId: s.selectedId, whatIf: s.whatIf, clocks, tombstones };
          },
          merge: (persisted, current) => {
            const p = persisted as PersistedState | undefined;
            // A problem stays on screen until the user dismisses it, even if a later read succeeds.
            const problem = pendingProblem ?? current.storageProblem;
            pendingProblem = null;
            if (!p) return { ...current, storageProblem: problem, hydrated: true };
            clocks = p.clocks ?? {};
            tombstones = p.tombstones ?? {};
            lastSaved = new Map(p.workspace.subAccounts.map((s) => [s.id, s]));
            const selectedId = p.workspace.subAccounts.some((s) => s.id === p.selectedId) ? p.selectedId : (p.workspace.subAccounts[0]?.id ?? null);
            return { ...current, workspace: p.workspace, selectedId, whatIf: p.whatIf ?? NO_WHAT_IF, storageProblem: problem, hydrated: true };
          },
        },
      ),
    );
  store = build();
  return store;
}

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;
