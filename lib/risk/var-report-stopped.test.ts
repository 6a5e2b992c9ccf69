import { afterEach, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { installStopCheck, StopRequested } from "@/lib/quant/stop-point";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { SAMPLE_HISTORY } from "./history/returns";
import { DEFAULT_RISK_OPTIONS, riskReport, riskReportInParts } from "./var-report";

/**
 * The risk report stops at its stop points (each scenario of a revaluation, each Monte Carlo path,
 * each column's components, each backtest day: lib/quant/stop-point.ts), not only between its
 * measures — a report of inputs the page replaced no longer holds the worker for a whole measure.
 * Nothing of a stopped report is kept, so the next one is the same report.
 */

const sub = DEMO_WORKSPACE.subAccounts[0]!;
const options = { ...DEFAULT_RISK_OPTIONS, mcPaths: 2_000 };

let remove: (() => void) | null = null;
afterEach(() => remove?.());

it("stops inside its first measure with StopRequested, and the next report is the same as before", () => {
  const before = riskReport(sub, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, options);
  if (typeof before === "string") throw new Error(before);
  for (const k of [1, 2, 50, 300]) {
    let n = 0;
    remove = installStopCheck(() => ++n >= k);
    const parts = riskReportInParts(sub, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, options);
    // the first part is the first measure (historical, 1 day): it stops inside it, before the first pause
    expect(() => parts.next()).toThrow(StopRequested);
    expect(n).toBe(k);
    remove();
    remove = null;
  }
  // and later in the report: stopped at its 4,000th stop point
  let n = 0;
  remove = installStopCheck(() => ++n >= 4_000);
  expect(() => riskReport(sub, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, options)).toThrow(StopRequested);
  remove();
  remove = null;
  expect(riskReport(sub, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, options)).toEqual(before);
});
