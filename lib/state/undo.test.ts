import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryStorage } from "./memory-storage";
import { createWorkspaceStore, UNDO_COALESCE_MS } from "./store";

async function hydrated(storage = new MemoryStorage()) {
  const store = createWorkspaceStore({ storage: () => storage });
  await store.persist.rehydrate();
  return store;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("undo / redo", () => {
  it("restoring from storage is not an undoable edit", async () => {
    const store = await hydrated();
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });

  it("undoes and redoes at least 50 separate edits, one step each", async () => {
    vi.useFakeTimers();
    const store = await hydrated();
    const { actions } = store.getState();
    const id = actions.addSubAccount();
    const names: string[] = [];
    for (let i = 0; i < 60; i++) {
      vi.advanceTimersByTime(UNDO_COALESCE_MS + 1);
      const pid = actions.addPosition(id, { kind: "perp", underlying: "BTC", size: i + 1, entryPrice: 90_000 });
      names.push(pid!);
    }
    const count = () => store.getState().workspace.subAccounts.find((s) => s.id === id)!.positions.length;
    expect(count()).toBe(60);
    store.temporal.getState().undo(50);
    expect(count()).toBe(10);
    store.temporal.getState().redo(20);
    expect(count()).toBe(30);
    for (let i = 0; i < 30; i++) store.temporal.getState().undo();
    expect(count()).toBe(0);
    store.temporal.getState().undo();
    expect(store.getState().workspace.subAccounts.some((s) => s.id === id)).toBe(false);
  });

  it("groups a burst of typing in one field into one step, but not edits of different fields", async () => {
    vi.useFakeTimers();
    const store = await hydrated();
    const { actions } = store.getState();
    const sub = store.getState().workspace.subAccounts[0]!;
    const pos = sub.positions[0]!;
    for (const v of [-1, -12, -12.5]) {
      vi.advanceTimersByTime(100);
      actions.updatePosition(sub.id, pos.id, { size: v });
    }
    vi.advanceTimersByTime(100);
    actions.setCollateral(sub.id, "USDC", 1);
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    store.temporal.getState().undo();
    expect(store.getState().workspace.subAccounts[0]!.positions[0]!.size).toBe(-12.5);
    store.temporal.getState().undo();
    expect(store.getState().workspace.subAccounts[0]!.positions[0]!.size).toBe(pos.size);
  });

  it("persists the undone state (a reload sees it)", async () => {
    const storage = new MemoryStorage();
    const store = await hydrated(storage);
    const id = store.getState().actions.addSubAccount();
    store.temporal.getState().undo();
    const again = await hydrated(storage);
    expect(again.getState().workspace.subAccounts.some((s) => s.id === id)).toBe(false);
  });

  it("does not record selection changes", async () => {
    const store = await hydrated();
    store.getState().actions.select(store.getState().workspace.subAccounts[1]!.id);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });
});

describe("undo grouping after undo", () => {
  it("an edit right after undo is its own step and clears the redo stack (the UI breaks the group on undo)", async () => {
    vi.useFakeTimers();
    const store = await hydrated();
    const { actions } = store.getState();
    const sub = store.getState().workspace.subAccounts[0]!;
    const pos = sub.positions[0]!;
    vi.advanceTimersByTime(2_000);
    actions.updatePosition(sub.id, pos.id, { size: -5 });
    store.temporal.getState().undo();
    actions.breakUndoGroup();
    vi.advanceTimersByTime(100);
    actions.updatePosition(sub.id, pos.id, { size: -7 });
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    expect(store.temporal.getState().futureStates).toHaveLength(0);
    store.temporal.getState().undo();
    expect(store.getState().workspace.subAccounts[0]!.positions[0]!.size).toBe(pos.size);
  });
});
