import { expect, test, type Page } from "@playwright/test";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { NO_WHAT_IF, type WhatIf, type Workspace } from "@/lib/workspace/schema";
import { STORAGE_KEY } from "../lib/state/persistence";
import { waitReady } from "./helpers";

/** What the app saved (what a reload starts from). */
async function saved(page: Page): Promise<{ workspace: Workspace; whatIf?: WhatIf }> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "{}").state, STORAGE_KEY);
}

/** Types over a field's text key by key, as a trader does (every keystroke is an input event). */
async function typeOver(page: Page, testId: string, text: string, nth = 0) {
  const field = page.getByTestId(testId).nth(nth);
  await field.click();
  await field.press("ControlOrMeta+a");
  await field.pressSequentially(text);
}

const firstSize = DEMO_WORKSPACE.subAccounts[0]!.positions[0]!.size; // −10 (lib/workspace/demo.ts: short 105k call)

test("bug 1: an invalid size typed key by key never changes the position, even after reload; the field says which value is in use", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  expect(firstSize).toBe(-10);
  for (const [typed, message] of [
    ["1e12", "|Size| must be at most"], // passes through "1" and "1e1" on the way
    ["-1.5e7", "|Size| must be at most"], // passes through "-1.5"
  ] as const) {
    await typeOver(page, "position-size", typed);
    await expect(page.getByTestId("position-size").first()).toHaveValue(typed);
    await expect(page.getByTestId("position-size-error").first()).toContainText(message);
    await expect(page.getByTestId("position-size-in-use").first()).toHaveText("(using −10)");
    await waitReady(page);
    await expect.poll(async () => (await saved(page)).workspace.subAccounts[0]!.positions[0]!.size).toBe(-10);
  }
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId("position-size").first()).toHaveValue("−10");
  expect((await saved(page)).workspace.subAccounts[0]!.positions[0]!.size).toBe(-10);
});

test("bug 1: invalid what-if values never move the scenario: the panel stays inactive, also after reload", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  const panel = page.getByTestId("what-if");
  for (const [testId, typed, inUse] of [
    ["what-if-spot-BTC-exact", "-200", "(using 0%)"], // passes through "-20"
    ["what-if-vol-exact", "500", "(using 0 pts)"], // passes through "50"
    ["what-if-days-exact", "500", "(using 0d)"], // passes through "50"
  ] as const) {
    await typeOver(page, testId, typed);
    await expect(page.getByTestId(`${testId}-error`)).toBeVisible();
    await expect(page.getByTestId(`${testId}-in-use`)).toHaveText(inUse);
    await expect(panel).toHaveAttribute("data-active", "false");
  }
  await waitReady(page);
  expect((await saved(page)).whatIf ?? NO_WHAT_IF).toEqual(NO_WHAT_IF);
  await page.reload();
  await waitReady(page);
  await expect(panel).toHaveAttribute("data-active", "false");
});

test("bug 2: a decimal comma is read as a decimal, an ambiguous '1,500' is refused, never read as thousands in a size", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  await typeOver(page, "position-size", "-1,5");
  await expect(page.getByTestId("position-size-error")).toHaveCount(0);
  await expect.poll(async () => (await saved(page)).workspace.subAccounts[0]!.positions[0]!.size).toBe(-1.5);
  await typeOver(page, "position-size", "1,500");
  await expect(page.getByTestId("position-size-error").first()).toContainText('"1,500" is ambiguous: type 1500 or 1.5');
  await expect(page.getByTestId("position-size-in-use").first()).toHaveText("(using −1.5)");
  await waitReady(page);
  expect((await saved(page)).workspace.subAccounts[0]!.positions[0]!.size).toBe(-1.5);
});

test("bug 3: CSV and JSON imports refuse unlisted and past expiries row by row, naming the nearest listed expiries", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  const rows = page.getByTestId("position-row");
  const count = await rows.count();
  // The sample snapshot is dated 2026-11-20 and lists 2026-11-21, 11-27, 12-04, 12-25, 2027-01-29, … (lib/market/sample-snapshot.ts).
  const csv = "kind,underlying,expiry,strike,option_type,size,entry_price\noption,BTC,2026-12-20,110000,call,-1,1500\nfuture,ETH,2026-11-01,,,1,3500\nperp,SOL,,,,-10,181\n";
  await page.getByTestId("import-csv-file").setInputFiles({ name: "expiries.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  const errors = page.getByTestId("import-errors");
  await expect(errors).toContainText("Line 2: expiry 2026-12-20 is not listed for BTC in the market data of 2026-11-20; nearest listed: 2026-12-04, 2026-12-25");
  await expect(errors).toContainText("Line 3: expiry 2026-11-01 is in the past (market data of 2026-11-20); nearest listed: 2026-11-21, 2026-11-27");
  await page.getByTestId("import-notice").getByRole("button", { name: "Close" }).click();
  await expect(rows).toHaveCount(count);

  const base = DEMO_WORKSPACE.subAccounts[0]!;
  const ws = { subAccounts: [{ ...base, positions: [...base.positions, { id: "x", kind: "future", underlying: "BTC", expiry: "2027-02-05", size: 1, entryPrice: 95_000 }] }] };
  const file = JSON.stringify({ format: "marginlab-workspace", version: 1, workspace: ws });
  await page.getByTestId("import-json-file").setInputFiles({ name: "ws.json", mimeType: "application/json", buffer: Buffer.from(file) });
  await expect(errors).toContainText(`Sub-account "${base.name}", position 7 (BTC-5FEB27): expiry 2027-02-05 is not listed for BTC in the market data of 2026-11-20; nearest listed: 2026-12-25, 2027-01-29`);
  await expect(errors).toContainText("Your workspace is unchanged.");
});

test("bug 4: 'Reset to demo workspace' asks first; Undo brings the workspace back", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("add-subaccount").click();
  await expect(page.getByTestId("subaccount-name")).toHaveCount(3);
  await page.getByTestId("reset-demo").click();
  await expect(page.getByTestId("reset-demo-confirm")).toContainText("Your 3 sub-accounts and 8 positions will be replaced");
  await page.getByTestId("reset-demo-cancel").click();
  await expect(page.getByTestId("subaccount-name")).toHaveCount(3);
  await page.getByTestId("reset-demo").click();
  await page.getByTestId("reset-demo-yes").click();
  await expect(page.getByTestId("subaccount-name")).toHaveCount(2);
  await page.getByTestId("undo").click();
  await expect(page.getByTestId("subaccount-name")).toHaveCount(3);
});

test("bug 5: import errors are in a trader's words, not the validation library's", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  const base = DEMO_WORKSPACE.subAccounts[0]!;
  const ws = {
    subAccounts: [
      {
        ...base,
        positions: [
          { ...base.positions[0], kind: "swap" },
          { ...base.positions[1], underlying: "DOGE" },
        ],
      },
    ],
  };
  await page.getByTestId("import-json-file").setInputFiles({ name: "ws.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ format: "marginlab-workspace", version: 1, workspace: ws })) });
  const errors = page.getByTestId("import-errors");
  await expect(errors).toContainText("sub-account 1, position 1: kind must be perp, future or option");
  await expect(errors).toContainText("sub-account 1, position 2: underlying must be BTC, ETH or SOL");
  await expect(errors).not.toContainText(/discriminator|Invalid option|Invalid input|subAccounts\.0/);
});
