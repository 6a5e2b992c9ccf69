import { describe, expect, it } from "vitest";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import type { Workspace } from "@/lib/workspace/schema";
import { dominates, mergeTabs } from "./tab-merge";

describe("mergeTabs", () => {
  it("version vectors: a clock dominates another when it has seen every edit of it", () => {
    expect(dominates({ A: 2, B: 1 }, { A: 1, B: 1 })).toBe(true);
    expect(dominates({ A: 2 }, { A: 1, B: 1 })).toBe(false);
    expect(dominates(undefined, undefined)).toBe(true);
  });

  it("keeps the workspace's fields beside the sub-accounts (the latest save's), not only the sub-accounts", () => {
    const mine = { ...DEMO_WORKSPACE, extra: "mine" } as unknown as Workspace;
    const theirs = { ...DEMO_WORKSPACE, extra: "theirs" } as unknown as Workspace;
    const r = mergeTabs({ workspace: mine, clocks: {}, tombstones: {} }, { workspace: theirs, clocks: {}, tombstones: {} });
    expect((r.workspace as unknown as { extra: string }).extra).toBe("theirs");
    expect(r.workspace.subAccounts.map((s) => s.id)).toEqual(DEMO_WORKSPACE.subAccounts.map((s) => s.id));
    expect(r.notices).toEqual([]);
  });
});
