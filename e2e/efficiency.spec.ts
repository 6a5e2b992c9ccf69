import { expect, test, type Page } from "@playwright/test";
import { SAMPLE_SNAPSHOT } from "../lib/market/sample-snapshot";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { waitReady } from "./helpers";

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
  await waitReady(page);
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
