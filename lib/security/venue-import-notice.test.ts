import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { MAX_IMPORT_BYTES, parseVenueImport } from "@/lib/workspace/venue-import/venue-import";
import { ECHO_LIMITS } from "./echo";
import { FILE_NAME_CHARS, fileTooLargeText, importErrorText, refusedRowLines, ROW_NAME_CHARS } from "./venue-import-notice";

/** At most maxLines lines of maxLineChars, each with its "… (N more characters not shown)" tail (< 40), and the "… and N more" line. */
const BOUND = ECHO_LIMITS.maxLines * (ECHO_LIMITS.maxLineChars + 40) + 100;
const total = (lines: readonly string[]) => lines.reduce((k, l) => k + l.length, 0);
const deribit = readFileSync(new URL("../../e2e/fixtures/deribit-positions.json", import.meta.url), "utf8");

describe("the venue import panel echoes bounded text (issue 9, finding 8)", () => {
  it("a 4.7 MB instrument name: the refused row quotes its start and says how much is left out (was 9.4 M characters)", () => {
    const long = `BTC-${"X".repeat(4_700_000)}`;
    const r = parseVenueImport(deribit.replace('"BTC-PERPETUAL"', JSON.stringify(long)), SAMPLE_SNAPSHOT, { venue: null });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const lines = refusedRowLines(r.errors);
    expect(lines).toHaveLength(r.errors.length);
    expect(total(lines)).toBeLessThanOrEqual(BOUND);
    const row = lines.find((l) => l.includes("BTC-XXX"))!;
    const left = (long.length - ROW_NAME_CHARS).toLocaleString("en-US"); // 4,700,004 − 80 = "4,699,924"
    expect(row).toMatch(new RegExp(`^line \\d+ \\(BTC-X{${ROW_NAME_CHARS - 4}}… \\(${left} more characters not shown\\)\\): `));
    expect(row.length).toBeLessThanOrEqual(ECHO_LIMITS.maxLineChars + 40);
  });

  it("a pasted list of 1,000 unknown names: at most maxLines rows, then how many more", () => {
    const r = parseVenueImport(Array.from({ length: 1_000 }, (_, i) => `NOPE-${i}-${"Y".repeat(1_000)} 1`).join("\n"), SAMPLE_SNAPSHOT, { venue: null });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.errors).toHaveLength(1_000);
    const lines = refusedRowLines(r.errors);
    expect(lines).toHaveLength(ECHO_LIMITS.maxLines + 1);
    expect(lines.at(-1)).toBe(`… and ${1_000 - ECHO_LIMITS.maxLines} more`);
    expect(total(lines)).toBeLessThanOrEqual(BOUND);
  });

  it("a short refused row reads as before: line, name, reason", () => {
    expect(refusedRowLines([{ line: 2, name: "BTC-25DEC26-100000-C-USDT", reason: "size: 150 BTC is beyond Bybit's maximum order of 100 BTC for BTC options" }])).toEqual([
      "line 2 (BTC-25DEC26-100000-C-USDT): size: 150 BTC is beyond Bybit's maximum order of 100 BTC for BTC options",
    ]);
    expect(refusedRowLines([{ line: 7, name: null, reason: "size is missing" }])).toEqual(["line 7: size is missing"]);
  });

  it("the parser's error and a too-large file's name are capped", () => {
    const error = `the file is not valid JSON (${"Z".repeat(4_700_000)})`;
    expect(importErrorText(error).length).toBeLessThanOrEqual(ECHO_LIMITS.maxLineChars + 40);
    expect(importErrorText("nothing to import: the text is empty")).toBe("nothing to import: the text is empty");
    const name = `${"n".repeat(4_700_000)}.json`;
    const text = fileTooLargeText(name, MAX_IMPORT_BYTES);
    expect(text.length).toBeLessThanOrEqual(FILE_NAME_CHARS + 40 + 40);
    const left = (name.length - FILE_NAME_CHARS).toLocaleString("en-US"); // 4,700,005 − 80 = "4,699,925"
    expect(text).toBe(`${"n".repeat(FILE_NAME_CHARS)}… (${left} more characters not shown) is larger than ${MAX_IMPORT_BYTES / 1e6} MB`);
  });
});
