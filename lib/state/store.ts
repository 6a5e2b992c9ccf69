import { createStore } from "zustand/vanilla";
import { persist } from "zustand/middleware";
import { DEFAULT_PROFILE_ID } from "@/lib/margin/profiles";
import type { CollateralAsset } from "@/lib/market/types";
import { DEMO_WORKSPACE } from "@/lib/portfolio/demo";
import { newId } from "@/lib/portfolio/ids";
import { LIMITS, type MarginMode, type NewPosition, type Position, type SubAccount, type Workspace } from "@/lib/portfolio/schema";
import { createSafeStorage, STORAGE_KEY, STORE_VERSION, type PersistedState, type StorageProblem } from "./persistence";


export interface WorkspaceState {
  workspace: Workspace;
  selectedId: string | null;
  /** set when the stored workspace could not be used; the UI explains it and offers the backup */
  storageProblem: StorageProblem | null;
  hydrated: boolean;
  actions: {
    select(id: string): void;
    addSubAccount(): string;
    renameSubAccount(id: string, name: string): void;
    duplicateSubAccount(id: string): string | null;
    deleteSubAccount(id: string): void;
    setMode(id: string, mode: MarginMode): void;
    setProfile(id: string, profileId: string): void;
    addPosition(id: string, position: NewPosition): string | null;
    updatePosition(id: string, positionId: string, patch: Partial<Pick<Position, "size" | "entryPrice" | "isolatedMargin">>): void;
    removePosition(id: string, positionId: string): void;
    setCollateral(id: string, asset: CollateralAsset, amount: number): void;
    removeCollateral(id: string, asset: CollateralAsset): void;
    resetToDemo(): void;
    dismissStorageProblem(): void;
  };
}

function cloneDemo(): Workspace {
  return structuredClone(DEMO_WORKSPACE);
}

export interface StoreOptions {
  storage?: () => Storage;
}

/** One store per app mount (never a module global during server rendering). */
export function createWorkspaceStore(opts: StoreOptions = {}) {
  const getStorage = opts.storage ?? (() => window.localStorage);
  // A problem found while reading storage, handed from the storage adapter to merge().
  let pendingProblem: StorageProblem | null = null;
  return createStore<WorkspaceState>()(
    persist(
      (set, get) => {
        const updateSub = (id: string, fn: (s: SubAccount) => SubAccount) =>
          set((st) => ({ workspace: { subAccounts: st.workspace.subAccounts.map((s) => (s.id === id ? fn(s) : s)) } }));
        return {
          workspace: cloneDemo(),
          selectedId: DEMO_WORKSPACE.subAccounts[0]?.id ?? null,
          storageProblem: null,
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
                profileId: DEFAULT_PROFILE_ID,
                collateral: [{ asset: "USDC", amount: 100_000 }],
                positions: [],
              };
              set({ workspace: { subAccounts: [...subs, sub] }, selectedId: id });
              return id;
            },
            renameSubAccount: (id, name) => updateSub(id, (s) => ({ ...s, name })),
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
              set({ workspace: { subAccounts: [...subs.slice(0, i + 1), copy, ...subs.slice(i + 1)] }, selectedId: copy.id });
              return copy.id;
            },
            deleteSubAccount: (id) => {
              const subs = get().workspace.subAccounts;
              const i = subs.findIndex((s) => s.id === id);
              if (i < 0) return;
              const rest = subs.filter((s) => s.id !== id);
              const selectedId = get().selectedId === id ? (rest[Math.min(i, rest.length - 1)]?.id ?? null) : get().selectedId;
              set({ workspace: { subAccounts: rest }, selectedId });
            },
            setMode: (id, mode) => updateSub(id, (s) => ({ ...s, mode })),
            setProfile: (id, profileId) => updateSub(id, (s) => ({ ...s, profileId })),
            addPosition: (id, position) => {
              const sub = get().workspace.subAccounts.find((s) => s.id === id);
              if (!sub || sub.positions.length >= LIMITS.maxPositions) return null;
              const pid = newId();
              updateSub(id, (s) => ({ ...s, positions: [...s.positions, { ...position, id: pid } as Position] }));
              return pid;
            },
            updatePosition: (id, positionId, patch) =>
              updateSub(id, (s) => ({
                ...s,
                positions: s.positions.map((p) => {
                  if (p.id !== positionId) return p;
                  const next = { ...p, ...patch } as Position;
                  if ("isolatedMargin" in patch && patch.isolatedMargin === undefined) delete next.isolatedMargin;
                  return next;
                }),
              })),
            removePosition: (id, positionId) => updateSub(id, (s) => ({ ...s, positions: s.positions.filter((p) => p.id !== positionId) })),
            setCollateral: (id, asset, amount) =>
              updateSub(id, (s) => {
                const has = s.collateral.some((c) => c.asset === asset);
                return {
                  ...s,
                  collateral: has ? s.collateral.map((c) => (c.asset === asset ? { asset, amount } : c)) : [...s.collateral, { asset, amount }],
                };
              }),
            removeCollateral: (id, asset) => updateSub(id, (s) => ({ ...s, collateral: s.collateral.filter((c) => c.asset !== asset) })),
            resetToDemo: () => set({ workspace: cloneDemo(), selectedId: DEMO_WORKSPACE.subAccounts[0]?.id ?? null }),
            dismissStorageProblem: () => set({ storageProblem: null }),
          },
        };
      },
      {
        name: STORAGE_KEY,
        version: STORE_VERSION,
        skipHydration: true,
        storage: createSafeStorage(getStorage, (problem) => {
          pendingProblem = problem;
        }),
        partialize: (s): PersistedState => ({ workspace: s.workspace, selectedId: s.selectedId }),
        merge: (persisted, current) => {
          const p = persisted as PersistedState | undefined;
          const problem = pendingProblem;
          pendingProblem = null;
          if (!p) return { ...current, storageProblem: problem, hydrated: true };
          const selectedId = p.workspace.subAccounts.some((s) => s.id === p.selectedId) ? p.selectedId : (p.workspace.subAccounts[0]?.id ?? null);
          return { ...current, workspace: p.workspace, selectedId, storageProblem: problem, hydrated: true };
        },
      },
    ),
  );
}

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;
