import { describe, expect, it } from "vitest";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { BACKUP_LIMITS, BACKUP_PREFIX, STORAGE_KEY, STORE_VERSION, readStored } from "./persistence";
import { storageNotices, unsavedWork } from "./notices";
import { MemoryStorage } from "./memory-storage";
import { createWorkspaceStore, type WorkspaceStore } from "./store";

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

describe("saves that cannot fail silently; backups that do not pile up", () => {
  /** Storage with a quota in UTF-16 code units over keys and values (as browsers count it). */
  class QuotaStorage extends MemoryStorage {
    constructor(private readonly quota: number) {
      super();
    }
    override setItem(key: string, value: string): void {
      let used = 0;
      for (let i = 0; i < this.length; i++) {
        const k = this.key(i)!;
        if (k !== key) used += k.length + this.getItem(k)!.length;
      }
      if (used + key.length + value.length > this.quota) throw Object.assign(new Error("quota"), { name: "QuotaExceededError" });
      super.setItem(key, value);
    }
  }
  let tick = 0;
  const clock = () => Date.UTC(2026, 10, 28) + 1_000 * ++tick; // a new second per reading: distinct times

  it("keeps one backup per distinct content, however often the same unusable value is loaded", async () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, "{not json");
    for (let i = 0; i < 12; i++) await createWorkspaceStore({ storage: () => storage, now: clock }).persist.rehydrate();
    expect(backups(storage)).toHaveLength(1);
    storage.setItem(STORAGE_KEY, "{other garbage");
    await createWorkspaceStore({ storage: () => storage, now: clock }).persist.rehydrate();
    expect(backups(storage)).toHaveLength(2);
  });

  it("caps the backups' total size: a value that does not fit is kept in place, unsaved edits are reported, and nothing overwrites it until it is downloaded", async () => {
    const storage = new MemoryStorage();
    const big = `{${"x".repeat(BACKUP_LIMITS.maxTotalChars / 2 - 100)}`; // just under half the cap each (keys included): two fit, the third does not
    for (const c of ["a", "b", "c"]) {
      storage.setItem(STORAGE_KEY, c + big);
      const s = createWorkspaceStore({ storage: () => storage, now: clock });
      await s.persist.rehydrate();
      if (c !== "c") {
        // the first two are backed up: releasing the stored value (what a successful edit does) is allowed
        expect(s.getState().storageProblem?.backupKey).not.toBeNull();
        s.getState().actions.addSubAccount();
      } else {
        const problem = s.getState().storageProblem!;
        expect(problem.backupKey).toBeNull();
        expect(problem.held).toBe(true);
        s.getState().actions.addSubAccount();
        expect(storage.getItem(STORAGE_KEY)).toBe("c" + big); // not overwritten
        expect(s.getState().saveError).toMatch(/download/i);
        s.getState().actions.releaseStoredValue(); // the trader downloaded it (or chose to discard it)
        expect(s.getState().saveError).toBeNull();
        expect(storage.getItem(STORAGE_KEY)).not.toBe("c" + big);
        expect(readStored(storage.getItem(STORAGE_KEY)!).ok).toBe(true);
      }
    }
    const total = backups(storage).reduce((n, k) => n + storage.getItem(k)!.length, 0);
    expect(total).toBeLessThanOrEqual(BACKUP_LIMITS.maxTotalChars);
    expect(backups(storage)).toHaveLength(2);
  });

  it("deletes a backup once the trader has downloaded it", async () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, "{oops");
    const s = createWorkspaceStore({ storage: () => storage, now: clock });
    await s.persist.rehydrate();
    const key = s.getState().storageProblem!.backupKey!;
    s.getState().actions.deleteBackup(key);
    expect(storage.getItem(key)).toBeNull();
    expect(s.getState().storageProblem?.backupKey).toBeNull();
  });

  it("reports a failed save while the 'could not be restored' notice is up (quota filled), and both notices are shown", async () => {
    const storage = new QuotaStorage(200_000);
    storage.setItem(`${BACKUP_PREFIX}older`, "z".repeat(150_000)); // the quota mostly taken by an older backup
    storage.setItem(STORAGE_KEY, "{oops");
    const s = createWorkspaceStore({ storage: () => storage, now: clock });
    await s.persist.rehydrate();
    expect(s.getState().storageProblem?.backupKey).not.toBeNull();
    const template = DEMO_WORKSPACE.subAccounts[0]!;
    s.getState().actions.replaceWorkspace({ subAccounts: [{ ...template, positions: Array.from({ length: 1_000 }, (_, i) => ({ ...template.positions[0]!, id: `p${i}`, entryPrice: 1 + i })) }] });
    const st = s.getState();
    expect(st.saveError).not.toBeNull();
    expect(storageNotices(st).map((n) => n.kind)).toEqual(["save-error", "storage-problem"]);
    expect(unsavedWork(st)).toBe(true);
  });
});

describe("two tabs editing at once", () => {
  async function twoTabs() {
    const storage = new MemoryStorage();
    const a = createWorkspaceStore({ storage: () => storage, tabId: "A" });
    await a.persist.rehydrate();
    a.getState().actions.addSubAccount(); // something saved, as after any first edit
    const b = createWorkspaceStore({ storage: () => storage, tabId: "B" });
    await b.persist.rehydrate();
    return { storage, a, b };
  }
  const names = (s: WorkspaceStore) => s.getState().workspace.subAccounts.map((x) => x.name);

  it("keeps both tabs' new sub-accounts when each adds one before seeing the other's save (issue: one was lost 20/20 times)", async () => {
    const { a, b } = await twoTabs();
    const idA = a.getState().actions.addSubAccount();
    a.getState().actions.renameSubAccount(idA, "From tab A");
    const idB = b.getState().actions.addSubAccount(); // B has not seen A's save: its save overwrites it
    b.getState().actions.renameSubAccount(idB, "From tab B");
    a.getState().actions.syncFromStorage(); // A hears of B's save
    b.getState().actions.syncFromStorage(); // and B of A's merge
    for (const tab of [a, b]) {
      expect(names(tab)).toContain("From tab A");
      expect(names(tab)).toContain("From tab B");
    }
    expect(names(a)).toEqual(names(b));
  });

  it("keeps both versions of a sub-account changed in both tabs at once, and says so", async () => {
    const { a, b } = await twoTabs();
    const id = a.getState().workspace.subAccounts[0]!.id;
    a.getState().actions.renameSubAccount(id, "Renamed in A");
    b.getState().actions.renameSubAccount(id, "Renamed in B");
    a.getState().actions.syncFromStorage();
    expect(names(a)).toContain("Renamed in A");
    expect(names(a)).toContain("Renamed in B (other tab)");
    expect(a.getState().syncNotices.join(" ")).toMatch(/two tabs at once/);
    b.getState().actions.syncFromStorage();
    expect(names(b).sort()).toEqual(names(a).sort());
  });

  it("takes the other tab's later edit without a conflict when it was made after seeing this tab's", async () => {
    const { a, b } = await twoTabs();
    const id = a.getState().workspace.subAccounts[0]!.id;
    a.getState().actions.renameSubAccount(id, "First");
    b.getState().actions.syncFromStorage();
    b.getState().actions.renameSubAccount(id, "Second");
    a.getState().actions.syncFromStorage();
    expect(names(a).filter((n) => n === "Second" || n.startsWith("First"))).toEqual(["Second"]);
    expect(a.getState().syncNotices).toEqual([]);
  });

  it("never lets a deletion in one tab drop an edit it did not see in the other", async () => {
    const { a, b } = await twoTabs();
    const sub = a.getState().workspace.subAccounts[0]!;
    a.getState().actions.deleteSubAccount(sub.id);
    b.getState().actions.renameSubAccount(sub.id, "Edited in B");
    a.getState().actions.syncFromStorage();
    expect(names(a)).toContain("Edited in B");
    // a deletion made after seeing the edit does win
    b.getState().actions.syncFromStorage();
    b.getState().actions.deleteSubAccount(sub.id);
    a.getState().actions.syncFromStorage();
    expect(names(a)).not.toContain("Edited in B");
  });
});
