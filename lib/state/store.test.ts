import { describe, expect, it } from "vitest";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { BACKUP_PREFIX, STORAGE_KEY, STORE_VERSION, readStored } from "./persistence";
import { MemoryStorage } from "./memory-storage";
import { createWorkspaceStore } from "./store";

async function hydrated(storage: MemoryStorage) {
  const store = createWorkspaceStore({ storage: () => storage });
  await store.persist.rehydrate();
  return store;
}

function backups(storage: MemoryStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(BACKUP_PREFIX)) keys.push(k);
  }
  return keys;
}

describe("workspace store persistence", () => {
  it("starts from the demo workspace when nothing is stored, with no problem reported", async () => {
    const store = await hydrated(new MemoryStorage());
    expect(store.getState().hydrated).toBe(true);
    expect(store.getState().storageProblem).toBeNull();
    expect(store.getState().workspace.subAccounts.map((s) => s.name)).toEqual(DEMO_WORKSPACE.subAccounts.map((s) => s.name));
  });

  it("keeps edits across a reload (a new store over the same storage)", async () => {
    const storage = new MemoryStorage();
    const a = await hydrated(storage);
    const id = a.getState().actions.addSubAccount();
    a.getState().actions.renameSubAccount(id, "Basis trade");
    a.getState().actions.addPosition(id, { kind: "perp", underlying: "SOL", size: -12.5, entryPrice: 181 });
    const b = await hydrated(storage);
    const sub = b.getState().workspace.subAccounts.find((s) => s.id === id);
    expect(sub?.name).toBe("Basis trade");
    expect(sub?.positions).toHaveLength(1);
    expect(sub?.positions[0]).toMatchObject({ kind: "perp", underlying: "SOL", size: -12.5, entryPrice: 181 });
    expect(b.getState().selectedId).toBe(id);
  });

  it.each([
    ["not JSON", "{oops", "not valid JSON"],
    [
      "an invalid field",
      JSON.stringify({ state: { workspace: { subAccounts: [{ id: "x", name: "", mode: "cross", profileId: "p", collateral: [], positions: [] }] }, selectedId: null }, version: STORE_VERSION }),
      "failed validation",
    ],
    [
      "a negative strike",
      JSON.stringify({
        state: {
          workspace: {
            subAccounts: [
              {
                id: "x",
                name: "a",
                mode: "cross",
                profileId: "p",
                collateral: [],
                positions: [{ id: "p", kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: -1, optionType: "call", size: 1, entryPrice: 1 }],
              },
            ],
          },
          selectedId: null,
        },
        version: STORE_VERSION,
      }),
      "Strike must be greater than 0",
    ],
    ["a newer format", JSON.stringify({ state: {}, version: STORE_VERSION + 1 }), "newer version"],
    ["an unrecognised shape", JSON.stringify([1, 2, 3]), "unrecognised format"],
  ])("keeps a stored entry with %s under a backup key and starts from the demo", async (_name, raw, reason) => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, raw);
    const store = await hydrated(storage);
    const problem = store.getState().storageProblem;
    expect(problem?.reason).toContain(reason);
    expect(problem?.raw).toBe(raw);
    const keys = backups(storage);
    expect(keys).toHaveLength(1);
    expect(problem?.backupKey).toBe(keys[0]);
    expect(storage.getItem(keys[0]!)).toBe(raw);
    expect(store.getState().workspace.subAccounts.map((s) => s.id)).toEqual(DEMO_WORKSPACE.subAccounts.map((s) => s.id));
  });

  it("migrates the unversioned shape (a bare workspace) to the current version", () => {
    const raw = JSON.stringify({ state: DEMO_WORKSPACE });
    const r = readStored(raw);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.state.workspace.subAccounts).toHaveLength(DEMO_WORKSPACE.subAccounts.length);
  });

  it("still reports the problem when the browser refuses to store the backup", async () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, "garbage");
    const refusing = Object.assign(Object.create(storage) as MemoryStorage, {
      setItem: (k: string, v: string) => {
        if (k.startsWith(BACKUP_PREFIX)) throw new Error("QuotaExceededError");
        storage.setItem(k, v);
      },
      getItem: (k: string) => storage.getItem(k),
    });
    const store = createWorkspaceStore({ storage: () => refusing });
    await store.persist.rehydrate();
    expect(store.getState().storageProblem).toMatchObject({ backupKey: null, raw: "garbage" });
  });
});

describe("workspace actions", () => {
  it("duplicates a sub-account with fresh ids and deletes it again", async () => {
    const store = await hydrated(new MemoryStorage());
    const src = store.getState().workspace.subAccounts[0]!;
    const copyId = store.getState().actions.duplicateSubAccount(src.id)!;
    const copy = store.getState().workspace.subAccounts.find((s) => s.id === copyId)!;
    expect(copy.name).toBe(`${src.name} (copy)`);
    expect(copy.positions.map((p) => p.size)).toEqual(src.positions.map((p) => p.size));
    expect(copy.positions.some((p) => src.positions.some((q) => q.id === p.id))).toBe(false);
    store.getState().actions.deleteSubAccount(copyId);
    expect(store.getState().workspace.subAccounts.some((s) => s.id === copyId)).toBe(false);
    expect(store.getState().selectedId).not.toBe(copyId);
  });

  it("sets, updates and removes collateral and positions", async () => {
    const store = await hydrated(new MemoryStorage());
    const { actions } = store.getState();
    const id = actions.addSubAccount();
    actions.setCollateral(id, "BTC", 2);
    actions.setCollateral(id, "BTC", 3);
    const pid = actions.addPosition(id, { kind: "perp", underlying: "BTC", size: 1, entryPrice: 90_000 })!;
    actions.updatePosition(id, pid, { size: -2, isolatedMargin: 5_000 });
    actions.updatePosition(id, pid, { isolatedMargin: undefined });
    let sub = store.getState().workspace.subAccounts.find((s) => s.id === id)!;
    expect(sub.collateral).toEqual([
      { asset: "USDC", amount: 100_000 },
      { asset: "BTC", amount: 3 },
    ]);
    expect(sub.positions[0]).toEqual({ id: pid, kind: "perp", underlying: "BTC", size: -2, entryPrice: 90_000 });
    actions.removeCollateral(id, "USDC");
    actions.removePosition(id, pid);
    sub = store.getState().workspace.subAccounts.find((s) => s.id === id)!;
    expect(sub.collateral).toEqual([{ asset: "BTC", amount: 3 }]);
    expect(sub.positions).toEqual([]);
  });
});
