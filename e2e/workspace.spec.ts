import { expect, test, type Page } from "@playwright/test";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { SAMPLE_SNAPSHOT } from "../lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { encodeShareFragment, SHARE_VERSION } from "@/lib/workspace/share-link";
import type { SubAccount } from "@/lib/workspace/schema";
import { readUsd, waitReady } from "./helpers";

const names = DEMO_WORKSPACE.subAccounts.map((s) => s.name);

async function subNames(page: Page) {
  return page.getByTestId("subaccount-name").allTextContents();
}

test("security headers: nonce CSP without eval or un-nonced inline scripts, no framing, no referrer, cross-origin isolated", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto("/");
  const h = res!.headers();
  const csp = h["content-security-policy"] ?? "";
  const scriptSrc =
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain("unsafe-eval");
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(h["referrer-policy"]).toBe("no-referrer");
  expect(h["x-frame-options"]).toBe("DENY");
  const second = await page.request.get("/");
  expect(second.headers()["content-security-policy"]).not.toBe(csp); // a fresh nonce per response
  await waitReady(page); // the app's scripts ran under the policy
  expect(violations).toEqual([]);
  // COOP + COEP: the page is cross-origin isolated, so the engine workers share a stop flag with it
  // (a superseded or paused computation stops at once: lib/quant/stop-point.ts)
  expect(h["cross-origin-opener-policy"]).toBe("same-origin");
  expect(h["cross-origin-embedder-policy"]).toBe("require-corp");
  expect(await page.evaluate(() => globalThis.crossOriginIsolated && typeof SharedArrayBuffer === "function")).toBe(true);
});

test("share a sub-account: the recipient sees a read-only preview with the sender's numbers, and imports it", async ({ page, browser }) => {
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("share").click();
  await page.getByTestId("share-with-snapshot").check();
  const url = await page.getByTestId("share-url").inputValue();
  expect(url).toContain("#s=");

  const recipient = await browser.newContext();
  const other = await recipient.newPage();
  await other.goto("/");
  await waitReady(other);
  await other.getByTestId("add-subaccount").click(); // the recipient's own work
  const before = await subNames(other);
  await other.goto(url);
  const preview = other.getByTestId("share-preview");
  await expect(preview).toBeVisible();
  await expect(preview.getByTestId("preview-name")).toHaveText([names[0]!]);
  const expected = computeSubAccount(DEMO_WORKSPACE.subAccounts[0]!, SAMPLE_SNAPSHOT);
  if (!expected.ok) throw new Error(expected.error);
  await expect(preview.getByTestId("preview-row")).toHaveAttribute("data-state", "ready");
  expect(await readUsd(other, "preview-im")).toBeCloseTo(expected.result.im, 2);
  expect(await subNames(other)).toEqual(before); // nothing changed yet
  await preview.getByTestId("share-import").click();
  await expect(other.getByTestId("subaccount-name")).toHaveText([...before, names[0]!]);
  expect(new URL(other.url()).hash).toBe("");
  await recipient.close();
});

test("hostile links: HTML in a name stays text, a 2 MB link and an unknown version are clear errors, the app keeps working", async ({ page }) => {
  let alerted = false;
  page.on("dialog", async (d) => {
    alerted = true;
    await d.dismiss();
  });
  const evil: SubAccount = { ...DEMO_WORKSPACE.subAccounts[1]!, name: "<img src=x onerror=alert(1)>" };
  await page.goto(`/#${encodeShareFragment({ scope: "sub-account", subAccounts: [evil], snapshot: null, whatIf: null })}`);
  await expect(page.getByTestId("preview-name")).toHaveText("<img src=x onerror=alert(1)>");
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  await page.getByTestId("share-preview").getByRole("button", { name: "Dismiss" }).click();

  // ~2 MB fragment whose (deflate) payload would unpack to far more than the limit
  const huge = `/#s=1.${"A".repeat(2_000_000)}`;
  await page.goto(huge);
  await expect(page.getByTestId("share-error")).toHaveAttribute("data-kind", "too-large");
  await page.getByTestId("share-preview").getByRole("button", { name: "Dismiss" }).click();
  await waitReady(page);

  await page.goto(`/#s=${SHARE_VERSION + 7}.AAAA`);
  await expect(page.getByTestId("share-error")).toHaveAttribute("data-kind", "unsupported-version");
  await expect(page.getByTestId("share-error")).toContainText("newer version");
  await page.getByTestId("share-preview").getByRole("button", { name: "Dismiss" }).click();
  await waitReady(page);
  await expect(page.getByTestId("subaccount-name")).toHaveText(names);
  expect(alerted).toBe(false);
});

test("undo and redo with the keyboard; two tabs stay consistent", async ({ page, context }) => {
  await page.goto("/");
  await waitReady(page);
  const other = await context.newPage();
  await other.goto("/");
  await waitReady(other);

  await page.getByTestId("add-subaccount").click();
  await expect(page.getByTestId("subaccount-name")).toHaveText([...names, "Sub-account 3"]);
  await expect(other.getByTestId("subaccount-name")).toHaveText([...names, "Sub-account 3"]);

  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("subaccount-name")).toHaveText(names);
  await expect(other.getByTestId("subaccount-name")).toHaveText(names);
  await page.keyboard.press("Control+y");
  await expect(page.getByTestId("subaccount-name")).toHaveText([...names, "Sub-account 3"]);
  await page.getByTestId("undo").click();
  await expect(page.getByTestId("subaccount-name")).toHaveText(names);
  await page.getByTestId("redo").click();
  await expect(page.getByTestId("subaccount-name")).toHaveText([...names, "Sub-account 3"]);
});

test("undo in one tab never erases an edit made in another", async ({ page, context }) => {
  await page.goto("/");
  await waitReady(page);
  const other = await context.newPage();
  await other.goto("/");
  await waitReady(other);
  await other.getByTestId("add-subaccount").click(); // the other tab has its own undo history now
  await expect(other.getByTestId("undo")).toBeEnabled();
  await expect(page.getByTestId("subaccount-name")).toHaveCount(names.length + 1);
  await page.getByTestId("add-subaccount").click(); // an edit here reaches the other tab through storage
  await expect(other.getByTestId("subaccount-name")).toHaveCount(names.length + 2);
  await expect(other.getByTestId("undo")).toBeDisabled(); // its older history could only undo this tab's edit away
});

test("JSON export/import round-trips; a bad CSV row is reported by line and nothing is applied", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  const download = page.waitForEvent("download");
  await page.getByTestId("export-json").click();
  const file = await (await download).path();
  await page.getByTestId("add-subaccount").click();
  await expect(page.getByTestId("subaccount-name")).toHaveCount(3);
  await page.getByTestId("import-json-file").setInputFiles(file!);
  await page.getByTestId("confirm-replace").click();
  await expect(page.getByTestId("subaccount-name")).toHaveText(names);

  const rows = page.getByTestId("position-row");
  const count = await rows.count();
  const bad = "kind,underlying,expiry,strike,option_type,size,entry_price\nperp,BTC,,,,1,95000\noption,BTC,2026-12-25,-5,call,1,100\n";
  await page.getByTestId("import-csv-file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await expect(page.getByTestId("import-errors")).toContainText("Line 3: strike: Strike must be greater than 0");
  await page.getByTestId("import-notice").getByRole("button", { name: "Close" }).click();
  await expect(rows).toHaveCount(count);
  const good = "kind,underlying,size,entry_price\nperp,SOL,-10,181\n";
  await page.getByTestId("import-csv-file").setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await expect(rows).toHaveCount(count + 1);
  await waitReady(page);
});
