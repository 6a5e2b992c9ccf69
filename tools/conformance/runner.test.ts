import { describe, expect, it } from "vitest";
import { runConformance, runFixtureFile } from "./runner";
import { formatCaseLine, formatSummary, type CaseReport } from "./report";
import { CONFORMANCE_ABS_TOL_USD, CONFORMANCE_REL_TOL, withinTolerance } from "./tolerance";

const passing: CaseReport = { name: "a", kind: "derive-pm2", headline: [{ label: "IM", expected: 1, got: 1 }], checked: 3, mismatches: [], error: null };
const failing: CaseReport = { ...passing, name: "b", mismatches: [{ quantity: "reg_losses[3] loss", expected: 1, got: 2 }] };

describe("conformance report", () => {
  it("ends with the exact summary line `N passed, M failed`", () => {
    expect(formatSummary([passing, failing, passing])).toBe("2 passed, 1 failed");
    expect(formatSummary([])).toBe("0 passed, 0 failed");
  });

  it("names the mismatching quantity of a failed case", () => {
    const line = formatCaseLine(failing);
    expect(line.startsWith("FAIL b")).toBe(true);
    expect(line).toContain("reg_losses[3] loss: expected 1.000000 got 2.000000");
    expect(formatCaseLine(passing).startsWith("PASS a  IM expected 1.000000 got 1.000000")).toBe(true);
  });

  it("tolerance: 1e-8 relative or 1e-6 absolute (the brief's conformance tolerance)", () => {
    expect(CONFORMANCE_REL_TOL).toBe(1e-8);
    expect(CONFORMANCE_ABS_TOL_USD).toBe(1e-6);
    expect(withinTolerance(1e6 * (1 + 5e-9), 1e6)).toBe(true);
    expect(withinTolerance(1e6 * (1 + 2e-8), 1e6)).toBe(false);
    expect(withinTolerance(9e-7, 0)).toBe(true);
    expect(withinTolerance(2e-6, 0)).toBe(false);
    expect(withinTolerance(Number.NaN, 0)).toBe(false);
  });
});

describe("conformance runner", () => {
  it("reports files it cannot read as cases instead of crashing", () => {
    expect(runFixtureFile({ path: "x/readme.json", text: "# not json" })).toMatchObject({ kind: "unrecognised" });
    expect(runFixtureFile({ path: "x/other.json", text: '{"a": 1}' })).toMatchObject({ kind: "unrecognised" });
  });

  it("fails a PM2-shaped case whose content is invalid, with the reason", () => {
    const out = runFixtureFile({ path: "x/test_bad.json", text: JSON.stringify({ Scenario: {}, Parameters: {}, Result: {} }) });
    expect(out.kind).toBe("derive-pm2");
    if (out.kind !== "derive-pm2") return;
    expect(out.reports[0]?.error).toMatch(/not a valid PM2 case/);
  });

  it("is not ok when no case was found", () => {
    const run = runConformance([{ path: "x/readme.json", text: "{}" }]);
    expect(run.ok).toBe(false);
    expect(run.lines.at(-1)).toBe("0 passed, 0 failed");
  });
});
