import { expect, test } from "@playwright/test";
import { SAMPLE_SNAPSHOT } from "../lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "../lib/workspace/demo";
import { SAMPLE_HISTORY } from "../lib/risk/history/returns";
import { DEFAULT_RISK_OPTIONS, riskReport } from "../lib/risk/var-report";
import { NAMED_STRESS_DAYS } from "../lib/risk/stress";
import { waitReady } from "./helpers";

/** The risk panel computes 8 VaR/ES sets (10,000 Monte Carlo paths each), a backtest and 6 replays × 8 venues. */
const RISK_TIMEOUT = 60_000;

test("risk panel: VaR/ES of the demo book from the worker, dated sample labelled, backtest, Greeks margin, crash replays", async ({ page }) => {
  test.setTimeout(3 * RISK_TIMEOUT);
  await page.goto("/");
  await waitReady(page);
  const panel = page.getByTestId("risk-panel");
  await panel.scrollIntoViewIfNeeded();
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: RISK_TIMEOUT });

  // The history is labelled as a dated sample, with its span and attribution.
  await expect(page.getByTestId("risk-history")).toContainText("DATED SAMPLE");
  await expect(page.getByTestId("risk-history")).toContainText("to 2025-01-16");
  await expect(page.getByTestId("risk-history")).toContainText("MiM0ulay/assets_risk_metrics");

  // The figure on the page is the engine's figure for the demo inputs.
  const expected = riskReport(DEMO_WORKSPACE.subAccounts[0]!, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, DEFAULT_RISK_OPTIONS);
  if (typeof expected === "string") throw new Error(expected);
  const hs1 = expected.measures.find((m) => m.method === "historical" && m.horizonDays === 1)!;
  await expect(page.getByTestId("risk-var-historical-1")).toHaveAttribute("data-value", hs1.var.toFixed(2));
  await expect(page.getByTestId("risk-component-row")).toHaveCount(hs1.components.length);

  await expect(page.getByTestId("risk-kupiec")).toContainText("Kupiec");
  await expect(page.getByTestId("risk-backtest-chart")).toBeVisible();
  await expect(page.getByTestId("risk-greeks-BTC")).toBeVisible();
  await expect(page.getByTestId("risk-stress-row")).toHaveCount(NAMED_STRESS_DAYS.length);
  await panel.screenshot({ path: test.info().outputPath("risk-panel.png") });

  // A new horizon recomputes in the worker.
  await page.getByTestId("risk-horizon").selectOption("10");
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: RISK_TIMEOUT });
  await expect(page.getByTestId("risk-var-table")).toContainText("VaR, 10 days");

  // Bad input: a clear message, never NaN.
  await page.getByTestId("risk-confidence").fill("50");
  await expect(page.getByTestId("risk-error")).toContainText("between 50 % and 99.99 %", { timeout: RISK_TIMEOUT });
  await expect(panel).not.toContainText("NaN");
});
