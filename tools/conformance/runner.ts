/**
 * Conformance runner (pure): given fixture files' names and contents, detect what each one is and
 * run its cases. File-system access lives in ./files.ts; the CLI is scripts/conformance.ts.
 *
 * Detected formats:
 *  - a Derive PM2 case: one JSON object with the keys Scenario, Parameters and Result;
 *  - a Derive SRM test-cases file: an object of "TestN" entries, each with Scenario and Result.
 *
 * @packageDocumentation
 */

import { isPm2CaseShape } from "./pm2-case";
import { runPm2Case } from "./pm2-check";
import { casePassed, formatCaseLine, formatSummary, type CaseReport } from "./report";
import { isSrmCasesShape, runSrmCase } from "./srm-check";

/** A fixture file: its path (for names and messages) and its text. */
export interface FixtureFile {
  path: string;
  text: string;
}

/** What the runner made of one file. */
export type FileOutcome = { path: string; kind: "derive-pm2" | "derive-srm"; reports: CaseReport[] } | { path: string; kind: "unrecognised"; reason: string };

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return (parts[parts.length - 1] ?? path).replace(/\.json$/i, "");
}

function parentName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== "");
  return parts.length >= 2 ? (parts[parts.length - 2] as string) : "srm";
}

/**
 * Detects the format of one file and runs its cases.
 *
 * @param file - path and text
 * @returns the case reports, or why the file was not recognised (bad JSON, unknown shape)
 *
 * @example
 * ```ts
 * runFixtureFile({ path: "x/test_13_btc.json", text }); // { kind: "derive-pm2", reports: [ … ] }
 * ```
 */
export function runFixtureFile(file: FixtureFile): FileOutcome {
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (e) {
    return { path: file.path, kind: "unrecognised", reason: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (isPm2CaseShape(json)) return { path: file.path, kind: "derive-pm2", reports: [runPm2Case(baseName(file.path), json)] };
  if (isSrmCasesShape(json)) {
    const prefix = parentName(file.path);
    const entries = Object.entries(json as Record<string, unknown>).sort(([a], [b]) => Number(a.slice(4)) - Number(b.slice(4)));
    return { path: file.path, kind: "derive-srm", reports: entries.map(([k, v]) => runSrmCase(`${prefix}/${k}`, v)) };
  }
  return { path: file.path, kind: "unrecognised", reason: "neither a PM2 case (Scenario/Parameters/Result) nor an SRM test-cases file (TestN entries)" };
}

/** Outcome of a whole run: every case report and the printable lines. */
export interface ConformanceRun {
  reports: CaseReport[];
  unrecognised: { path: string; reason: string }[];
  /** one line per case, then the summary `N passed, M failed` */
  lines: string[];
  /** true when at least one case ran and all passed */
  ok: boolean;
}

/**
 * Runs every file and formats the output lines.
 *
 * @param files - fixture files
 * @returns reports, lines and overall status
 *
 * @example
 * ```ts
 * const run = runConformance(files);
 * run.lines.at(-1); // "84 passed, 0 failed"
 * ```
 */
export function runConformance(files: readonly FixtureFile[]): ConformanceRun {
  const reports: CaseReport[] = [];
  const unrecognised: { path: string; reason: string }[] = [];
  const lines: string[] = [];
  for (const f of files) {
    const out = runFixtureFile(f);
    if (out.kind === "unrecognised") {
      unrecognised.push({ path: out.path, reason: out.reason });
      lines.push(`skipped: ${out.path}: ${out.reason}`);
      continue;
    }
    for (const r of out.reports) {
      reports.push(r);
      lines.push(formatCaseLine(r));
    }
  }
  lines.push(formatSummary(reports));
  return { reports, unrecognised, lines, ok: reports.length > 0 && reports.every(casePassed) };
}
