import { expect, test, type Page } from "@playwright/test";
import { SAMPLE_SNAPSHOT } from "../lib/market/sample-snapshot";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { waitLiquidation, waitReady } from "./helpers";

async function addPosition(page: Page, p: { kind: "perp" | "option"; size: string; entry: string; expiry?: string; strike?: string; type?: "call" | "put" }) {
  const form = page.getByTestId("add-position-form");
  await form.getByTestId("new-kind").selectOption(p.kind);
  await form.getByTestId("new-underlying").selectOption("BTC");
  if (p.kind === "option") {
    await form.getByTestId("new-expiry").selectOption(p.expiry!);
    await form.getByTestId("new-strike").selectOption(p.strike!);
    await form.getByTestId("new-option-type").selectOption(p.type!);
  }
  await form.getByTestId("new-size").fill(p.size);
  await form.getByTestId("new-entry").fill(p.entry);
  await form.getByTestId("add-position").click();
}

test("a covered-call book shows a positive offset saving under portfolio margin, and every venue is compared", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("add-subaccount").click();
  await page.getByTestId("mode-select").selectOption("portfolio");
  await addPosition(page, { kind: "perp", size: "5", entry: String(SAMPLE_SNAPSHOT.underlyings.BTC.perpMark) });
  await addPosition(page, { kind: "option", size: "-5", entry: "2500", expiry: "2026-12-25", strike: "105000", type: "call" });
  await expect(page.getByTestId("position-row")).toHaveCount(2);
  await waitReady(page);
  await expect(page.getByTestId("portfolio-breakdown")).toBeVisible();
  await expect(page.getByTestId("pm-heatmap").locator("[data-worst]")).toHaveCount(1);
  const offsets = page.getByTestId("offset-savings");
  await expect(offsets).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  const saved = Number(await page.getByTestId("offset-portfolio-saved").getAttribute("data-saved"));
  expect(saved).toBeGreaterThan(0);
  const venues = page.getByTestId("venue-comparison");
  await expect(venues).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(venues.getByTestId("venue-row")).toHaveCount(RULEBOOK_INFOS.length);
  await expect(venues.locator('[data-profile="hyperliquid"]')).toContainText("lists no options");
  await expect(page.getByTestId("verdict")).not.toBeEmpty();
});

test("moving the spot slider to the reported liquidation price flags the account", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("add-subaccount").click(); // 100,000 USDC, cross
  await addPosition(page, { kind: "perp", size: "10", entry: String(SAMPLE_SNAPSHOT.underlyings.BTC.perpMark) });
  await waitLiquidation(page); // the liquidation distances come from the full result, after the headline figures
  await expect(page.getByTestId("account-status")).toHaveText("Healthy");
  const text = (await page.getByTestId("liq-BTC").textContent()) ?? "";
  const price = Number(/↓\s*([\d,]+\.\d+)/.exec(text)![1]!.replace(/,/g, ""));
  const move = (price / SAMPLE_SNAPSHOT.underlyings.BTC.spot - 1) * 100; // the reported liquidation as a spot move
  expect(move).toBeLessThan(0);
  const exact = page.getByTestId("what-if-spot-BTC-exact");
  await exact.fill((move + 0.05).toFixed(2)); // just short of the liquidation price
  await waitReady(page);
  await expect(page.getByTestId("account-status")).not.toHaveText("Liquidation");
  await exact.fill((move - 0.05).toFixed(2)); // just past it
  await waitReady(page);
  await expect(page.getByTestId("account-status")).toHaveText("Liquidation");
  await expect(page.getByTestId("what-if")).toHaveAttribute("data-active", "true");
  await page.getByTestId("what-if-reset").click();
  await waitReady(page);
  await expect(page.getByTestId("account-status")).toHaveText("Healthy");
});

test("isolated mode names the position nearest to liquidation, with its distance and touch odds, in the Margin panel and the badge", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("subaccount-name").filter({ hasText: "Naked perp" }).click(); // isolated: BTC-PERP and SOL-PERP (lib/workspace/demo.ts)
  await waitLiquidation(page); // the per-position liquidation search is the full result's
  const nearest = page.getByTestId("isolated-nearest");
  await expect(nearest).toContainText(/(BTC|SOL)-PERP at [\d,.]+ \([+-]\d+\.\d% in (BTC|SOL)\); touch within 1 day [<\d.]+%, within 7 days [<\d.]+%/);
  const name = /(BTC|SOL)-PERP/.exec((await nearest.textContent()) ?? "")![0];
  await expect(page.getByTestId("isolated-at-risk")).toContainText(`nearest liquidation: ${name}`);
});

test("offset savings state their baseline; portfolio margin above cross is shown as a cost in red, never a green saving", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("subaccount-name").filter({ hasText: "Naked perp" }).click();
  await waitReady(page);
  const offsets = page.getByTestId("offset-savings");
  await expect(offsets).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(page.getByTestId("offset-cross-baseline")).toContainText("each position alone under this rulebook");
  // Two perps on different underlyings: portfolio margin's scenarios charge more than cross does here.
  const overCross = page.getByTestId("offset-portfolio-over-cross");
  await expect(overCross).toContainText(/a cost: \$[\d,]+ more than cross margin/);
  await expect(overCross).toHaveClass(/text-rose-400/);
  await expect(page.getByTestId("offset-portfolio-saved")).not.toHaveClass(/text-emerald/);
});

test("numbers as traders write them: no '-$0', no scientific notation; the offline banner says so in its first line", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  await expect(page.getByTestId("venue-comparison")).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/[-−]\$0(?![.,]?\d)/);
  expect(await page.getByTestId("positions-table").innerText()).not.toMatch(/\d\.?\d*e[+-]\d/);
  const banner = page.getByTestId("market-source");
  await expect(page.getByTestId("market-offline")).toHaveText(/^(offline|live data unavailable): using the sample snapshot of 2026-11-20$/);
  // Raw network errors only on demand.
  expect(await banner.innerText()).not.toMatch(/ECONNREFUSED|fetch failed|GET \//);
  await page.getByTestId("market-fallback").locator("summary").click();
  expect(await banner.innerText()).toMatch(/could not be reached|unavailable/);
});

test("the venue table explains a large difference in one line", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  const venues = page.getByTestId("venue-comparison");
  await expect(venues).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  const why = venues.getByTestId("venue-why");
  await expect(why.first()).toContainText(/\d\.\d× the initial margin of /);
});

test("share: the what-if is off by default; the preview lists the positions; importing keeps the recipient's what-if unless asked", async ({ page, browser }) => {
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("what-if-vol-exact").fill("10");
  await page.getByTestId("share").click();
  await expect(page.getByTestId("share-with-what-if")).not.toBeChecked();
  await expect(page.getByTestId("share-dialog")).not.toContainText("Includes your what-if settings");
  await page.getByTestId("share-with-what-if").check();
  const url = await page.getByTestId("share-url").inputValue();

  const recipient = await browser.newContext();
  const other = await recipient.newPage();
  await other.goto("/");
  await waitReady(other);
  await other.goto(url);
  const preview = other.getByTestId("share-preview");
  await expect(preview.getByTestId("share-positions")).toContainText("BTC-25DEC26-105000-C −10 @ 3,000");
  await expect(preview.getByTestId("share-take-what-if")).not.toBeChecked();
  await preview.getByTestId("share-import").click();
  await expect(other.getByTestId("what-if")).toHaveAttribute("data-active", "false");
  await recipient.close();
});
