/**
 * Result types of the conformance runner and the text lines it prints.
 *
 * @packageDocumentation
 */

/** One checked quantity that is out of tolerance. */
export interface Mismatch {
  quantity: string;
  expected: number | string;
  got: number | string;
}

/** The outcome of one fixture case. */
export interface CaseReport {
  /** e.g. "test_13_risk_cancelling_btc_covered_call" or "derive-srm/Test4" */
  name: string;
  kind: "derive-pm2" | "derive-srm";
  /** headline figures printed on the case line (IM and MM, in the fixture's own sign convention) */
  headline: { label: string; expected: number; got: number }[];
  /** number of quantities compared */
  checked: number;
  mismatches: Mismatch[];
  /** set when the case could not be run at all (bad JSON shape, engine error) */
  error: string | null;
}

/** True when a case passed every check. */
export function casePassed(r: CaseReport): boolean {
  return r.error === null && r.mismatches.length === 0;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(6) : x.toExponential(6);
}

/**
 * One printable line for a case: name, expected and got headline figures, PASS/FAIL and, on
 * failure, the first mismatching quantities.
 *
 * @param r - the case report
 * @returns a single line of text
 *
 * @example
 * ```ts
 * formatCaseLine({ name: "t", kind: "derive-pm2", headline: [{ label: "IM", expected: 1, got: 1 }], checked: 1, mismatches: [], error: null });
 * // "PASS t  IM expected 1.000000 got 1.000000  (1 checks)"
 * ```
 */
export function formatCaseLine(r: CaseReport): string {
  const head = r.headline.map((h) => `${h.label} expected ${fmt(h.expected)} got ${fmt(h.got)}`).join("  ");
  if (r.error !== null) return `FAIL ${r.name}  error: ${r.error}`;
  if (r.mismatches.length === 0) return `PASS ${r.name}  ${head}  (${r.checked} checks)`;
  const shown = r.mismatches
    .slice(0, 4)
    .map((m) => `${m.quantity}: expected ${typeof m.expected === "number" ? fmt(m.expected) : m.expected} got ${typeof m.got === "number" ? fmt(m.got) : m.got}`)
    .join("; ");
  const more = r.mismatches.length > 4 ? ` (+${r.mismatches.length - 4} more)` : "";
  return `FAIL ${r.name}  ${head}  — ${r.mismatches.length} of ${r.checked} out of tolerance: ${shown}${more}`;
}

/**
 * The summary line: exactly `N passed, M failed`.
 *
 * @example
 * ```ts
 * formatSummary([]); // "0 passed, 0 failed"
 * ```
 */
export function formatSummary(reports: readonly CaseReport[]): string {
  const passed = reports.filter(casePassed).length;
  return `${passed} passed, ${reports.length - passed} failed`;
}
