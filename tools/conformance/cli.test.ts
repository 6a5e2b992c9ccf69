import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = process.cwd();
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const script = path.join(root, "scripts", "conformance.ts");
const fixtures = path.resolve(root, "../shared/fixtures");

function run(args: string[]) {
  return spawnSync(tsx, [script, ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
}

describe("scripts/conformance.ts", () => {
  it("exits non-zero with a clear message when the path does not exist", () => {
    const r = run(["/no/such/fixtures"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("path not found: /no/such/fixtures");
    expect(r.stdout.trim().split("\n").at(-1)).toBe("0 passed, 0 failed");
  });

  it.skipIf(!existsSync(fixtures))("passes every fixture case and ends with `84 passed, 0 failed`", () => {
    const r = run([fixtures]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n").at(-1)).toBe("84 passed, 0 failed");
  });
});
