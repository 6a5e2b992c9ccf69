import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { fingerprint } from "./fingerprint";

/** Key-order-free serialisation, written independently of the module under test. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

describe("fingerprint", () => {
  it("ignores key order and sees every value", () => {
    expect(fingerprint({ a: 1, b: [1, 2] })).toBe(fingerprint({ b: [1, 2], a: 1 }));
    const sub = DEMO_WORKSPACE.subAccounts[0]!;
    const edited = { ...sub, positions: sub.positions.map((p, i) => (i === 3 ? { ...p, size: p.size + 1e-9 } : p)) };
    expect(fingerprint(edited)).not.toBe(fingerprint(sub));
  });

  it("distinct random inputs get distinct fingerprints", () => {
    const seen = new Map<string, string>();
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const obj = { v };
        const text = canonical(obj);
        const fp = fingerprint(obj);
        const prior = seen.get(fp);
        seen.set(fp, text);
        // a collision would need two different serialisations with one fingerprint
        return prior === undefined || prior === text;
      }),
      { numRuns: 5_000 },
    );
  });
});
