import { expect, test } from "@playwright/test";
import { SAMPLE_SNAPSHOT } from "../lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "../lib/workspace/demo";
import { SAMPLE_HISTORY } from "../lib/risk/history/returns";
import { forecastReport } from "../lib/risk/forecast/forecast-report";
import { DEFAULT_FORECAST_OPTIONS } from "../lib/risk/forecast/request";
import { waitReady } from "./helpers";

/** The forecast fits three GARCH models, simulates 2,000 paths and runs a few hundred engine calls in the worker. */
const FORECAST_TIMEOUT = 60_000;

test("predictive margin panel: vol forecast, forward IM/MM fan, call/liquidation odds and the forecast check on the demo book", async ({ page }) => {
  test.setTimeout(3 * FORECAST_TIMEOUT);
  await page.goto("/");
  await waitReady(page);
  const panel = page.getByTestId("forecast-panel");
  await panel.scrollIntoViewIfNeeded();
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: FORECAST_TIMEOUT });

  // Labelled as an estimate; the figure on the page is the engine's for the demo inputs (seeded).
  await expect(panel).toContainText("MODEL ESTIMATE");
  const expected = forecastReport(DEMO_WORKSPACE.subAccounts[0]!, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, DEFAULT_FORECAST_OPTIONS);
  if (typeof expected === "string") throw new Error(expected);
  const day7 = expected.horizons.find((h) => h.days === 7)!;
  await expect(page.getByTestId("forecast-im-7")).toHaveAttribute("data-value", day7.im.median.toFixed(2));
  const p30 = expected.probabilities.find((p) => p.days === 30)!;
  await expect(page.getByTestId("forecast-call-30")).toHaveAttribute("data-value", p30.marginCall.toFixed(4));

  await expect(page.getByTestId("forecast-fan-chart")).toBeVisible();
  for (const d of [1, 7, 30]) await expect(page.getByTestId(`forecast-prob-${d}`)).toBeVisible();
  await expect(page.getByTestId("forecast-garch-BTC")).toContainText("log-likelihood");
  await expect(page.getByTestId("forecast-regime-BTC")).toHaveText(/calm|normal|stressed/);
  await expect(page.getByTestId("forecast-coverage-1")).toContainText("past days");
  await expect(page.getByTestId("forecast-coverage-7")).toBeVisible();
  await expect(panel).toContainText("ETH 2026-11-27 expires on day 7");
  await panel.screenshot({ path: test.info().outputPath("forecast-panel.png") });

  // A shorter horizon recomputes in the worker: only the 1- and 7-day odds remain.
  await page.getByTestId("forecast-horizon").selectOption("7");
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: FORECAST_TIMEOUT });
  await expect(page.getByTestId("forecast-prob-7")).toBeVisible();
  await expect(page.getByTestId("forecast-prob-30")).toHaveCount(0);
});

test("predictive margin panel: a determinate progress bar (0–100 %) while the worker simulates", async ({ page }) => {
  test.setTimeout(3 * FORECAST_TIMEOUT);
  await page.goto("/");
  await waitReady(page);
  const panel = page.getByTestId("forecast-panel");
  await panel.scrollIntoViewIfNeeded();
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: FORECAST_TIMEOUT });

  // Record every value the bar takes while the next run computes: a MutationObserver misses no
  // change and needs no timing (the first report is posted as the simulation starts).
  await page.evaluate(() => {
    const seen: (string | null)[] = [];
    (window as unknown as { __forecastProgress: typeof seen }).__forecastProgress = seen;
    const root = document.querySelector('[data-testid="forecast-panel"]')!;
    new MutationObserver(() => {
      const bar = root.querySelector('[data-testid="forecast-progress"]');
      seen.push(bar ? bar.getAttribute("aria-valuenow") : null);
    }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
  await page.getByTestId("forecast-paths").selectOption("5000");
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: FORECAST_TIMEOUT });
  const seen = await page.evaluate(() => (window as unknown as { __forecastProgress: (string | null)[] }).__forecastProgress);

  const percents = seen.filter((v): v is string => v !== null).map(Number);
  expect(percents.length).toBeGreaterThan(0);
  for (const p of percents) {
    expect(Number.isInteger(p)).toBe(true);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(100);
  }
  // Within one run (between two absences of a figure) the bar never goes back.
  const runs: number[][] = [[]];
  for (const v of seen) {
    if (v === null) runs.push([]);
    else runs.at(-1)!.push(Number(v));
  }
  for (const run of runs) expect(run).toEqual([...run].sort((a, b) => a - b));
  await expect(page.getByTestId("forecast-progress")).toHaveCount(0);
});
