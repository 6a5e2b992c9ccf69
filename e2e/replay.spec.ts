import { expect, test } from "@playwright/test";
import { SAMPLE_SNAPSHOT } from "../lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "../lib/workspace/demo";
import { SAMPLE_HISTORY } from "../lib/risk/history/returns";
import { replay } from "../lib/risk/replay/replay";
import { waitReady } from "./helpers";

/** The replay runs the path in three margin modes, each with a bisection at every maintenance crossing, in the analysis worker. */
const REPLAY_TIMEOUT = 90_000;
/** Rows the event table draws at most (components/risk/replay-tables.tsx). */
const MAX_EVENT_ROWS = 200;

test("liquidation replay: a −30 % gap on the demo book — events, venue procedure, and isolated / cross / portfolio side by side", async ({ page }) => {
  test.setTimeout(3 * REPLAY_TIMEOUT);
  await page.goto("/");
  await waitReady(page);
  const panel = page.getByTestId("replay-panel");
  await panel.scrollIntoViewIfNeeded();
  await expect(panel).toHaveAttribute("data-state", "idle");

  await page.getByTestId("replay-path-kind").selectOption("gap");
  await page.getByTestId("replay-move").fill("-30");
  await page.getByTestId("replay-hours").fill("6");
  await page.getByTestId("replay-vol").fill("20");
  await page.getByTestId("replay-hold").fill("18");
  await page.getByTestId("replay-run").click();
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: REPLAY_TIMEOUT });

  // The page shows the engine's replay of the demo book on the sample snapshot (computed here in Node).
  const expected = replay(DEMO_WORKSPACE.subAccounts[0]!, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, { path: { kind: "gap", movePct: -30, hours: 6, volUpPts: 20, holdHours: 18, underlying: "all" }, liquidityMultiplier: 1 });
  if (typeof expected === "string") throw new Error(expected);
  await expect(page.getByTestId("replay-path-label")).toContainText("-30 % over 6 h");
  for (const m of expected.modes) {
    await expect(page.getByTestId(`replay-mode-${m.mode}`)).toHaveAttribute("data-survived", m.ok ? String(m.survived) : "error");
  }
  const hit = expected.modes.find((m) => m.ok && m.events.length > 0);
  expect(hit, "the −30 % gap liquidates the demo book in at least one mode").toBeDefined();
  if (hit?.ok) {
    await page.getByTestId(`replay-mode-${hit.mode}`).click();
    await expect(page.getByTestId("replay-event-row")).toHaveCount(Math.min(hit.events.length, MAX_EVENT_ROWS));
    await expect(page.getByTestId("replay-procedure")).toContainText(hit.procedure.name);
    await expect(page.getByTestId("replay-procedure")).toContainText("ASSUMPTION");
  }
  await expect(page.getByTestId("replay-chart")).toBeVisible();
  await expect(page.getByTestId("replay-slippage")).toContainText("ASSUMPTION");
  await panel.screenshot({ path: test.info().outputPath("replay-panel.png") });

  // Bad input: a path to a price of zero is refused in words, never NaN.
  await page.getByTestId("replay-move").fill("-100");
  await page.getByTestId("replay-run").click();
  await expect(page.getByTestId("replay-error")).toContainText("zero or below", { timeout: REPLAY_TIMEOUT });
  await expect(panel).not.toContainText("NaN");
});

test("liquidation replay: a path drawn on the chart — a click places a point, the replay runs it", async ({ page }) => {
  test.setTimeout(2 * REPLAY_TIMEOUT);
  await page.goto("/");
  await waitReady(page);
  const panel = page.getByTestId("replay-panel");
  await panel.scrollIntoViewIfNeeded();
  await page.getByTestId("replay-path-kind").selectOption("drawn");
  const points = page.getByTestId("replay-point");
  await expect(points).toHaveCount(4); // the form's default drawn path (components/risk/replay-controls.tsx)
  const pad = page.getByTestId("replay-pad").locator("svg");
  await expect(pad).toBeVisible();
  const box = (await pad.boundingBox())!;
  // Click near the right edge, low on the pad: a new point late in the path, well below today's spot.
  await pad.click({ position: { x: box.width - 20, y: box.height - 40 } });
  await expect(points).toHaveCount(5);
  await expect(page.getByTestId("replay-pad-point")).toHaveCount(5);
  const last = points.last();
  const hour = Number(await last.getByLabel(/hour/).inputValue());
  const factor = Number(await last.getByLabel(/factor/).inputValue());
  expect(hour).toBeGreaterThan(24); // the default path ends at 24 h; the pad spans more to its right
  expect(factor).toBeGreaterThan(0.3);
  expect(factor).toBeLessThan(1);
  await page.getByTestId("replay-run").click();
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: REPLAY_TIMEOUT });
  await expect(page.getByTestId("replay-chart")).toBeVisible();
  await expect(panel).not.toContainText("NaN");
});
