import { expect, it, vi } from "vitest";

it("parsing never probes for eval (zod runs jitless): the page's CSP would block and report it", async () => {
  const probe = vi.spyOn(globalThis, "Function");
  const { subAccountSchema } = await import("@/lib/workspace/schema");
  const { marketSnapshotSchema } = await import("@/lib/market/types");
  const { SAMPLE_SNAPSHOT } = await import("@/lib/market/sample-snapshot");
  expect(marketSnapshotSchema.safeParse(SAMPLE_SNAPSHOT).success).toBe(true);
  expect(subAccountSchema.safeParse({ id: "a", name: "A", mode: "cross", profileId: "deribit-standard", collateral: [], positions: [] }).success).toBe(true);
  expect(probe).not.toHaveBeenCalled();
});
