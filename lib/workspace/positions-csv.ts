import Papa from "papaparse";
import { parseNumberInput } from "./number-input";
import { allocationSchema, LIMITS, positionSchema, priceSchema, sizeSchema, type NewPosition, type Position } from "./schema";
import { z } from "zod";
import { expiryProblem, type ListedExpiries } from "./import-export";

/**
 * CSV of positions. Columns (header row required, any order, case-insensitive):
 *
 * | column          | required            | values                                       |
 * |-----------------|---------------------|----------------------------------------------|
 * | kind            | yes                 | perp, future, option                         |
 * | underlying      | yes                 | BTC, ETH, SOL                                |
 * | expiry          | future, option      | YYYY-MM-DD (expiry date, 08:00 UTC)          |
 * | strike          | option              | USD, > 0                                     |
 * | option_type     | option              | call, put (or C, P)                          |
 * | size            | yes                 | signed coins: + long, − short, ≠ 0           |
 * | entry_price     | yes                 | USD per coin (option premium), > 0           |
 * | isolated_margin | no                  | USD allocated in isolated mode (empty = IM)  |
 */
export const CSV_COLUMNS = ["kind", "underlying", "expiry", "strike", "option_type", "size", "entry_price", "isolated_margin"] as const;
const REQUIRED = ["kind", "underlying", "size", "entry_price"] as const;
export const MAX_CSV_BYTES = 5_000_000;

/** Writes positions as CSV with the documented columns. */
export function positionsToCsv(positions: Position[]): string {
  const rows = positions.map((p) => ({
    kind: p.kind,
    underlying: p.underlying,
    expiry: p.kind === "perp" ? "" : p.expiry,
    strike: p.kind === "option" ? p.strike : "",
    option_type: p.kind === "option" ? p.optionType : "",
    size: p.size,
    entry_price: p.entryPrice,
    isolated_margin: p.isolatedMargin ?? "",
  }));
  // escapeFormulae: a cell starting with = + - @ is prefixed so spreadsheets never run it as a formula.
  return Papa.unparse({ fields: [...CSV_COLUMNS], data: rows.map((r) => CSV_COLUMNS.map((c) => r[c])) }, { escapeFormulae: true });
}

export interface CsvRowError {
  /** line number in the file (the header is line 1) */
  line: number;
  reason: string;
}

export type CsvImport = { ok: true; positions: NewPosition[] } | { ok: false; errors: CsvRowError[] };

const expirySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expiry must be a date like 2026-12-25" });

/**
 * Parses a positions CSV. All-or-nothing: any bad row makes the whole import fail, with every bad
 * row reported by line number and reason. With `listed`, a row on an expiry the market data in use
 * does not list (or one already past) is refused with the listed expiries nearest to it.
 */
export function csvToPositions(text: string, listed?: ListedExpiries): CsvImport {
  if (text.length > MAX_CSV_BYTES) return { ok: false, errors: [{ line: 1, reason: `file is larger than ${MAX_CSV_BYTES / 1e6} MB` }] };
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  // Keep each row's line number in the file (the header is line 1), then drop blank lines.
  const numbered = parsed.data.map((cells, i) => ({ cells, line: i + 1 })).filter((r) => r.cells.some((c) => c.trim() !== ""));
  const rows = numbered.map((r) => r.cells);
  const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  if (header.length === 0) return { ok: false, errors: [{ line: 1, reason: "the file is empty: a header row is required" }] };
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (unknown.length || missing.length) {
    const parts = [missing.length ? `missing column(s): ${missing.join(", ")}` : "", unknown.length ? `unknown column(s): ${unknown.join(", ")}` : ""].filter(Boolean);
    return { ok: false, errors: [{ line: 1, reason: `${parts.join("; ")} (columns: ${CSV_COLUMNS.join(", ")})` }] };
  }
  const dataRows = rows.slice(1);
  const lineOf = (i: number) => numbered[i + 1]?.line ?? i + 2;
  if (dataRows.length > LIMITS.maxPositions) return { ok: false, errors: [{ line: 1, reason: `too many rows (${dataRows.length}); the limit is ${LIMITS.maxPositions}` }] };
  const errors: CsvRowError[] = [];
  const positions: NewPosition[] = [];
  dataRows.forEach((cells, i) => {
    const line = lineOf(i);
    const get = (c: (typeof CSV_COLUMNS)[number]) => (cells[header.indexOf(c)] ?? "").trim();
    const problems: string[] = [];
    const num = (c: (typeof CSV_COLUMNS)[number], schema: z.ZodType<number>) => {
      // USD columns may carry thousands separators ("110,000"); a size never does ("1,500" is refused as ambiguous).
      const r = parseNumberInput(get(c), schema, { ambiguousComma: c === "size" ? "refuse" : "thousands" });
      if (!r.ok) problems.push(`${c}: ${r.error}`);
      return r.ok ? r.value : undefined;
    };
    if (cells.length !== header.length) problems.push(`has ${cells.length} cells, the header has ${header.length}`);
    const kind = get("kind").toLowerCase();
    const candidate: Record<string, unknown> = {
      id: "csv",
      kind,
      underlying: get("underlying").toUpperCase(),
      size: num("size", sizeSchema),
      entryPrice: num("entry_price", priceSchema),
    };
    if (get("isolated_margin") !== "") candidate.isolatedMargin = num("isolated_margin", allocationSchema);
    if (kind === "future" || kind === "option") {
      const e = expirySchema.safeParse(get("expiry"));
      if (!e.success) problems.push(e.error.issues[0]!.message);
      candidate.expiry = get("expiry");
    }
    if (kind === "option") {
      candidate.strike = num("strike", z.number().positive({ error: "Strike must be greater than 0" }).max(LIMITS.maxPrice, { error: "Strike is too large" }));
      const t = get("option_type").toLowerCase();
      candidate.optionType = t === "c" || t === "call" ? "call" : t === "p" || t === "put" ? "put" : t;
    }
    if (problems.length === 0) {
      const r = positionSchema.safeParse(candidate);
      if (!r.success) {
        for (const issue of r.error.issues) {
          const field = String(issue.path[0] ?? "");
          const column = { kind: "kind", underlying: "underlying", optionType: "option_type", expiry: "expiry" }[field] ?? field;
          problems.push(`${column}: ${issue.message}`);
        }
      } else {
        const { id: _id, ...rest } = r.data;
        const problem = listed ? expiryProblem(rest, listed) : null;
        if (problem) problems.push(problem);
        else positions.push(rest as NewPosition);
      }
    }
    for (const reason of problems) errors.push({ line, reason });
  });
  if (dataRows.length === 0) errors.push({ line: 2, reason: "no positions: the file has only a header" });
  return errors.length ? { ok: false, errors } : { ok: true, positions };
}
