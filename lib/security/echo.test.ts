import { describe, expect, it } from "vitest";
import { csvToPositions } from "@/lib/workspace/positions-csv";
import { capEcho, ECHO_LIMITS, noticeLines } from "./echo";

describe("echoed input is capped", () => {
  it("a 4.7 MB CSV header becomes a short, bounded error text (issue: 5.3 M characters echoed)", () => {
    const header = "kind," + "x".repeat(4_700_000);
    const r = csvToPositions(`${header}\nperp,BTC,,,,1,90000,\n`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = noticeLines(r.errors.map((e) => `Line ${e.line}: ${e.reason}`));
    const total = lines.reduce((n, l) => n + l.length, 0);
    expect(total).toBeLessThanOrEqual(ECHO_LIMITS.maxLines * (ECHO_LIMITS.maxLineChars + 40) + 100);
    expect(lines.some((l) => l.includes("more characters not shown"))).toBe(true);
  });

  it("keeps short text as it is, and cuts long text at a character boundary, saying how much is left out", () => {
    expect(capEcho("Line 2: size must be a number")).toBe("Line 2: size must be a number");
    const long = "😀".repeat(1_000);
    const cut = capEcho(long, 11);
    expect(cut.startsWith("😀".repeat(5))).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
    expect(cut).toContain("1,990 more characters not shown");
  });

  it("lists at most maxLines lines, then says how many more", () => {
    const lines = noticeLines(Array.from({ length: 500 }, (_, i) => `Line ${i + 2}: bad`));
    expect(lines).toHaveLength(ECHO_LIMITS.maxLines + 1);
    expect(lines.at(-1)).toBe(`… and ${500 - ECHO_LIMITS.maxLines} more`);
  });
});
