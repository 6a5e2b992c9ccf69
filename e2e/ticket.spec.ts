import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_WORKSPACE } from "../lib/workspace/demo";
import { encodeShareFragment } from "../lib/workspace/share-link";
import { waitReady } from "./helpers";

const fixture = (f: string) => join(__dirname, "fixtures", f);
const positionsCount = (page: Page) => page.getByTestId("positions-table");

/** Counts the clicks a user makes (Playwright clicks and select-option choices); Enter presses are keystrokes. */
function clicker(page: Page) {
  let clicks = 0;
  return {
    click: async (testId: string, opts: { modifiers?: "Shift"[] } = {}) => {
      clicks++;
      await page.getByTestId(testId).first().click(opts);
    },
    select: async (testId: string, value: string) => {
      clicks++;
      await page.getByTestId(testId).selectOption(value);
    },
    get count() {
      return clicks;
    },
  };
}

/** Waits for the impact of the current staged legs, checks it is on screen, then adds them with Enter. */
async function seeImpactThenEnter(page: Page, expectedPositions: number) {
  const impact = page.getByTestId("impact");
  await expect(impact).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("impact-dim")).toHaveText(/\$/);
  await expect(page.getByTestId("impact-verdict")).toHaveText(/^(Pass|Fail)/);
  await expect(page.getByTestId("impact-venues").locator("li").first()).toBeVisible();
  await expect(page.getByTestId("impact-largest")).toContainText("Largest size");
  await page.keyboard.press("Enter");
  await expect(positionsCount(page)).toHaveAttribute("data-count", String(expectedPositions));
  await expect(page.getByTestId("staged")).toHaveCount(0);
}

test("builds the seven-leg book (short put, perp hedge, covered call, calendar, strangle) through the chain and templates in ≤ 25 clicks, seeing the impact before each add", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  const start = DEMO_WORKSPACE.subAccounts[0]!.positions.length;
  await expect(positionsCount(page)).toHaveAttribute("data-count", String(start));
  const c = clicker(page);

  await c.click("ticket-open");
  await expect(page.getByTestId("ticket")).toHaveAttribute("data-state", "ready");
  await c.click("expiry-tab-2026-12-25");
  await expect(page.getByTestId("chain-table")).toHaveAttribute("data-expiry", "2026-12-25");
  // Expiry tabs show days to expiry; the ATM row is marked.
  await expect(page.getByTestId("expiry-tab-2026-12-25")).toContainText("(35 d)");
  await expect(page.getByTestId("chain-atm-row")).toHaveCount(1);

  // 1. Short put (shift-click), added with Enter.
  await c.click("chain-put-90000", { modifiers: ["Shift"] });
  await expect(page.getByTestId("staged-legs")).toContainText("BTC-25DEC26-90000-P");
  await seeImpactThenEnter(page, start + 1);
  // 2. Hedged with a perp.
  await c.click("ticket-perp-buy");
  await seeImpactThenEnter(page, start + 2);
  // 3. Covered call: a short call against the perp.
  await c.click("chain-call-110000", { modifiers: ["Shift"] });
  await seeImpactThenEnter(page, start + 3);
  // 4–5. Calendar (template: short near ATM call, long far ATM call).
  await c.select("template-select", "calendar");
  await c.click("template-stage");
  await expect(page.getByTestId("staged-legs")).toHaveAttribute("data-count", "2");
  await seeImpactThenEnter(page, start + 5);
  // 6–7. Strangle (template: 25-delta call and put).
  await c.select("template-select", "strangle");
  await c.click("template-stage");
  await expect(page.getByTestId("staged-legs")).toHaveAttribute("data-count", "2");
  await seeImpactThenEnter(page, start + 7);

  expect(c.count).toBeLessThanOrEqual(25);
  console.log(`seven-leg book: ${c.count} clicks, 5 Enter keystrokes`);

  // Payoff views and the spot × vol matrix (cross mode here; every mode has it).
  await page.getByTestId("payoff-open").click();
  await expect(page.getByTestId("payoff")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("spot-vol-matrix").locator("tbody tr")).toHaveCount(5);
});

test("clicking a cell again turns a long into a short and then removes it; an unfit trade says why", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("ticket-open").click();
  await expect(page.getByTestId("ticket")).toHaveAttribute("data-state", "ready");
  const cell = page.getByTestId("chain-call-100000").first();
  await cell.click();
  await expect(page.getByTestId("staged-legs")).toContainText("Buy");
  await cell.click();
  await expect(page.getByTestId("staged-legs")).toContainText("Sell");
  await cell.click();
  await expect(page.getByTestId("staged")).toHaveCount(0);
  // 1,000 coins short: IM would exceed equity; the ticket says so and offers the largest size.
  await page.getByTestId("ticket-size").fill("1000");
  await page
    .getByTestId("chain-put-100000")
    .first()
    .click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("impact")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("impact")).toHaveAttribute("data-pass", "no");
  await expect(page.getByTestId("impact-verdict")).toContainText("IM would exceed equity");
  await page.getByTestId("impact-use-largest").click();
  await expect(page.getByTestId("impact")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("impact")).toHaveAttribute("data-pass", "yes");
});

const FILES: [string, string, number, number][] = [
  // file, format, valid rows, refused rows (from the fixture files)
  ["deribit-positions.json", "deribit-json", 3, 1],
  ["okx-positions.json", "okx-json", 3, 0],
  ["bybit-positions.json", "bybit-json", 3, 0],
  ["deribit-positions.csv", "deribit-csv", 2, 0],
  ["okx-positions.csv", "okx-csv", 2, 0],
  ["bybit-positions.csv", "bybit-csv", 2, 0],
  ["paste-list.txt", "list", 3, 1],
];

test("imports one file per venue format, refusing bad rows with their reasons until confirmed", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  let count = DEMO_WORKSPACE.subAccounts[0]!.positions.length;
  await page.getByTestId("ticket-open").click();
  await page.getByTestId("venue-import-open").click();
  for (const [file, format, valid, refused] of FILES) {
    await page.getByTestId("venue-import-file").setInputFiles(fixture(file));
    const result = page.getByTestId("venue-import-result");
    await expect(result).toHaveAttribute("data-format", format);
    await expect(result).toHaveAttribute("data-valid", String(valid));
    await expect(result).toHaveAttribute("data-refused", String(refused));
    if (refused) {
      await expect(page.getByTestId("venue-import-refused").first()).toContainText(/line \d+/);
      await expect(page.getByTestId("venue-import-commit")).toHaveText(`Import the ${valid} valid rows`);
    }
    await page.getByTestId("venue-import-commit").click();
    count += valid;
    await expect(page.getByTestId("venue-import-status")).toContainText(`Imported ${valid} position`);
    await expect(positionsCount(page)).toHaveAttribute("data-count", String(count));
  }
  // A file with no usable content is refused whole, with the reason.
  await page.getByTestId("venue-import-text").fill('{"hello": 1}');
  await expect(page.getByTestId("venue-import-error")).toContainText("not a Deribit");
  await waitReady(page);
});

test("names and saves a what-if, recalls it in one click, and keeps it in the JSON export", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("what-if-days-exact").fill("10");
  await page.getByTestId("what-if-days-exact").press("Enter");
  await expect(page.getByTestId("what-if-days-value")).toContainText("10");
  await page.getByTestId("scenario-name").fill("ten days");
  await page.getByTestId("scenario-save").click();
  await expect(page.getByTestId("saved-scenarios")).toHaveAttribute("data-count", "1");
  await page.getByTestId("what-if-reset").click();
  await expect(page.getByTestId("what-if")).toHaveAttribute("data-active", "false");
  await page.getByTestId("scenario-recall-ten days").click();
  await expect(page.getByTestId("what-if-days-value")).toContainText("10");
  const download = page.waitForEvent("download");
  await page.getByTestId("export-json").click();
  const file = await (await download).path();
  const { readFileSync } = await import("node:fs");
  const json = JSON.parse(readFileSync(file, "utf8")) as { workspace: { savedScenarios?: { name: string; whatIf: { daysForward: number } }[] } };
  expect(json.workspace.savedScenarios).toEqual([{ name: "ten days", whatIf: expect.objectContaining({ daysForward: 10 }) }]);
});

test("refuses an import row beyond the venue's maximum order, with its line and the reason, and imports the rest after confirmation", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  const start = DEMO_WORKSPACE.subAccounts[0]!.positions.length;
  await page.getByTestId("ticket-open").click();
  await page.getByTestId("venue-import-open").click();
  // A Bybit position export (CSV, the API's field names): 150 BTC of one option is past Bybit's
  // maximum order of 100 BTC for BTC options (help.bybit.com options FAQ); the second row is fine.
  await page.getByTestId("venue-import-text").fill("symbol,side,size,avgPrice,markPrice\nBTC-25DEC26-100000-C-USDT,Buy,150,2100,2050\nBTC-25DEC26-90000-P-USDT,Sell,0.5,2900,2850");
  const result = page.getByTestId("venue-import-result");
  await expect(result).toHaveAttribute("data-format", "bybit-csv");
  await expect(result).toHaveAttribute("data-valid", "1");
  await expect(result).toHaveAttribute("data-refused", "1");
  await expect(page.getByTestId("venue-import-refused")).toHaveText(/^line 2 \(BTC-25DEC26-100000-C-USDT\): size: 150 BTC is beyond Bybit's maximum order of 100 BTC for BTC options/);
  await expect(positionsCount(page)).toHaveAttribute("data-count", String(start)); // nothing imported yet
  await expect(page.getByTestId("venue-import-commit")).toHaveText("Import the 1 valid rows");
  await page.getByTestId("venue-import-commit").click();
  await expect(positionsCount(page)).toHaveAttribute("data-count", String(start + 1));
});

test("a share link with a saved scenario lists it in the preview and adds it only when asked", async ({ page }) => {
  const crash = { name: "crash −30", whatIf: { spotMovePct: { BTC: -30, ETH: -30, SOL: -30 }, volShiftPts: 20, daysForward: 1, collateralVolMultiplier: 1 } };
  const fragment = encodeShareFragment({ scope: "sub-account", subAccounts: [DEMO_WORKSPACE.subAccounts[1]!], snapshot: null, whatIf: null, scenarios: [crash] });
  await page.goto(`/#${fragment}`);
  const preview = page.getByTestId("share-preview");
  await expect(preview.getByTestId("share-scenarios")).toContainText("crash −30: BTC −30 %, ETH −30 %, SOL −30 %, vol +20 pts, 1 d forward");
  await preview.getByTestId("share-take-scenarios").check();
  await preview.getByTestId("share-import").click();
  await expect(preview).toHaveCount(0);
  await waitReady(page);
  await expect(page.getByTestId("saved-scenarios")).toHaveAttribute("data-count", "1");
  await page.getByTestId("scenario-recall-crash −30").click();
  await expect(page.getByTestId("what-if-days-value")).toContainText("1");
});

test("without the box ticked, a shared scenario is not added", async ({ page }) => {
  const calm = { name: "calm", whatIf: { spotMovePct: { BTC: 1, ETH: 0, SOL: 0 }, volShiftPts: 0, daysForward: 0, collateralVolMultiplier: 1 } };
  await page.goto(`/#${encodeShareFragment({ scope: "sub-account", subAccounts: [DEMO_WORKSPACE.subAccounts[1]!], snapshot: null, whatIf: null, scenarios: [calm] })}`);
  await expect(page.getByTestId("share-scenarios")).toContainText("calm: BTC +1 %");
  await page.getByTestId("share-import").click();
  await waitReady(page);
  await expect(page.getByTestId("saved-scenarios")).toHaveAttribute("data-count", "0");
});
