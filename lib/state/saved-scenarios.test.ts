import { describe, expect, it } from "vitest";
import { exportWorkspace, importWorkspace } from "@/lib/workspace/workspace-file";
import { MemoryStorage } from "./memory-storage";
import { createWorkspaceStore } from "./store";

async function hydrated(storage: MemoryStorage) {
  const store = createWorkspaceStore({ storage: () => storage });
  await store.persist.rehydrate();
  return store;
}

describe("saved what-if scenarios", () => {
  it("save the current what-if by name, recall it, survive edits and a reload, and travel in the JSON export", async () => {
    const storage = new MemoryStorage();
    const store = await hydrated(storage);
    const a = store.getState().actions;
    a.setWhatIf({ spotMovePct: { BTC: -20, ETH: -25, SOL: -30 }, volShiftPts: 15, daysForward: 7 });
    expect(a.saveScenario("  crash  ")).toBe(true);
    a.resetWhatIf();
    // Edits of sub-accounts keep the saved scenarios.
    a.addSubAccount();
    a.removePosition(store.getState().workspace.subAccounts[0]!.id, store.getState().workspace.subAccounts[0]!.positions[0]!.id);
    const saved = store.getState().workspace.savedScenarios ?? [];
    expect(saved.map((s) => s.name)).toEqual(["crash"]);
    a.setWhatIf(saved[0]!.whatIf);
    expect(store.getState().whatIf.volShiftPts).toBe(15);
    // Same name replaces; empty name refused.
    a.setWhatIf({ volShiftPts: 5 });
    expect(a.saveScenario("crash")).toBe(true);
    expect(a.saveScenario("   ")).toBe(false);
    expect(store.getState().workspace.savedScenarios?.map((s) => s.whatIf.volShiftPts)).toEqual([5]);
    // Reload from storage.
    const again = await hydrated(storage);
    expect(again.getState().workspace.savedScenarios?.map((s) => s.name)).toEqual(["crash"]);
    // JSON export and import.
    const file = importWorkspace(exportWorkspace(store.getState().workspace));
    expect(file.ok && file.workspace.savedScenarios?.[0]?.whatIf.spotMovePct.BTC).toBe(-20);
    a.deleteScenario("crash");
    expect(store.getState().workspace.savedScenarios).toEqual([]);
  });
});
