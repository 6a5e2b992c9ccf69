import { expect, type Page } from "@playwright/test";

/** Reads a USD figure such as "$12,345.67" or "-$5.00" from an element. */
export async function readUsd(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).first().textContent()) ?? "";
  const n = Number(text.replace(/[$,\s]/g, "").replace(/^−/, "-"));
  if (!Number.isFinite(n)) throw new Error(`${testId} shows "${text}", not a USD amount`);
  return n;
}

/** Waits until the dashboard is hydrated and the selected account's result is on screen. */
export async function waitReady(page: Page) {
  await expect(page.getByTestId("dashboard")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("account-panel")).toHaveAttribute("data-state", "ready");
}
