import { expect, test } from "@playwright/test";
import { deflateSync, strToU8 } from "fflate";
import { STORAGE_KEY, STORE_VERSION } from "../lib/state/persistence";
import { encodeShareFragment } from "@/lib/workspace/share-link";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { waitReady } from "./helpers";

const base64url = (bytes: Uint8Array) => {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

test("share links: a changed link is refused; a version 1 link (no checksum) opens with a 'cannot be verified' note", async ({ page }) => {
  const fragment = encodeShareFragment({ scope: "workspace", subAccounts: DEMO_WORKSPACE.subAccounts, snapshot: null, whatIf: null });
  const i = fragment.indexOf(".") + 12;
  const changed = fragment.slice(0, i) + (fragment[i] === "A" ? "B" : "A") + fragment.slice(i + 1);
  await page.goto(`/#${changed}`);
  await expect(page.getByTestId("share-error")).toHaveAttribute("data-kind", "corrupted");
  await page.getByTestId("share-preview").getByRole("button", { name: "Dismiss" }).click();
  await waitReady(page);

  await page.goto(`/#${fragment}`);
  await expect(page.getByTestId("preview-row")).toHaveCount(DEMO_WORKSPACE.subAccounts.length);
  await expect(page.getByTestId("share-unverified")).toHaveCount(0);
  await page.getByTestId("share-preview").getByRole("button", { name: "Dismiss" }).click();

  const v1 = `s=1.${base64url(deflateSync(strToU8(JSON.stringify({ k: "a", s: [{ n: "Old link", m: 1, p: "deribit-standard", c: [[0, 1000]], x: [[0, 0, 1, 90000, null]] }] }))))}`;
  await page.goto(`/#${v1}`);
  await expect(page.getByTestId("preview-name")).toHaveText(["Old link"]);
  await expect(page.getByTestId("share-unverified")).toContainText("cannot be verified");
});

test("a failed save is shown together with the 'could not be restored' notice, and leaving asks first", async ({ page }) => {
  await page.addInitScript((key) => {
    if (!sessionStorage.getItem("seeded")) {
      sessionStorage.setItem("seeded", "1");
      localStorage.setItem(key, "{unusable");
    }
    // the browser refuses every save of the workspace (as with a quota filled by other data)
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k: string, v: string) {
      if (k === key) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return setItem.call(this, k, v);
    };
  }, STORAGE_KEY);
  await page.goto("/");
  await waitReady(page);
  await expect(page.getByTestId("storage-notice")).toBeVisible();
  await page.getByTestId("add-subaccount").click();
  await expect(page.getByTestId("save-error")).toBeVisible();
  await expect(page.getByTestId("storage-notice")).toBeVisible();

  let asked = false;
  page.on("dialog", (d) => {
    if (d.type() === "beforeunload") asked = true;
    void d.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toBe(true);
});

test("a preview shows the dashboard's warnings and the reason a row is not computed", async ({ page }) => {
  const fragment = encodeShareFragment({
    scope: "workspace",
    subAccounts: [
      {
        id: "a",
        name: "Unlisted expiry",
        mode: "cross",
        profileId: "deribit-standard",
        collateral: [{ asset: "USDC", amount: 100_000 }],
        positions: [{ id: "p", kind: "future", underlying: "BTC", expiry: "2031-06-27", size: -10, entryPrice: 90_000 }],
      },
      { id: "b", name: "Unknown venue", mode: "cross", profileId: "no-such-venue", collateral: [{ asset: "USDC", amount: 100_000 }], positions: [] },
    ],
    snapshot: null,
    whatIf: null,
  });
  await page.goto(`/#${fragment}`);
  await expect(page.getByTestId("preview-warnings")).toContainText("left out");
  await expect(page.getByTestId("preview-error")).toContainText('Unknown venue profile "no-such-venue"');
});

test("a deterministic refusal is shown as a refusal, not as a restarted worker", async ({ page }) => {
  await page.addInitScript(
    ([key, version]) => {
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      const sub = { id: "x", name: "Odd venue", mode: "cross", profileId: "no-such-venue", collateral: [{ asset: "USDC", amount: 1000 }], positions: [] };
      localStorage.setItem(key, JSON.stringify({ state: { workspace: { subAccounts: [sub] }, selectedId: "x" }, version }));
    },
    [STORAGE_KEY, STORE_VERSION] as const,
  );
  await page.goto("/");
  await expect(page.getByTestId("engine-error")).toContainText('cannot compute this sub-account: Unknown venue profile "no-such-venue"');
  await expect(page.getByTestId("engine-error")).not.toContainText("restarted");
});

test("every HTML response carries the nonce CSP: /api… 404s, /favicon.ico, and prefetch requests", async ({ request }) => {
  const cases: [string, Record<string, string>][] = [
    ["/", {}],
    ["/", { "next-router-prefetch": "1" }],
    ["/", { purpose: "prefetch" }],
    ["/", { "sec-purpose": "prefetch" }],
    ["/api", {}],
    ["/api-docs", {}],
    ["/api/no-such-route", {}],
    ["/favicon.ico", {}],
    ["/no-such-page", {}],
  ];
  for (const [path, headers] of cases) {
    const res = await request.get(path, { headers });
    const type = res.headers()["content-type"] ?? "";
    if (!type.includes("text/html")) continue;
    const csp = res.headers()["content-security-policy"] ?? "";
    expect(csp, `${path} ${JSON.stringify(headers)}`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(csp).toContain("frame-ancestors 'none'");
  }
});

test("the page loads with no CSP violation report (zod runs jitless: no eval probe)", async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const fragment = encodeShareFragment({ scope: "workspace", subAccounts: DEMO_WORKSPACE.subAccounts, snapshot: null, whatIf: null });
  await page.goto(`/#${fragment}`); // decoding a link parses with zod on the main thread
  await expect(page.getByTestId("preview-row")).toHaveCount(DEMO_WORKSPACE.subAccounts.length);
  await page.getByTestId("share-preview").getByRole("button", { name: "Dismiss" }).click();
  await waitReady(page);
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
});

test("two tabs adding a sub-account at nearly the same moment both keep both", async ({ page, context }) => {
  await page.goto("/");
  await waitReady(page);
  const other = await context.newPage();
  await other.goto("/");
  await waitReady(other);
  const before = await page.getByTestId("subaccount-name").count();
  // no wait between the clicks: the second tab saves before it has heard of the first tab's save
  await Promise.all([page.getByTestId("add-subaccount").click(), other.getByTestId("add-subaccount").click()]);
  await expect(page.getByTestId("subaccount-name")).toHaveCount(before + 2);
  await expect(other.getByTestId("subaccount-name")).toHaveCount(before + 2);
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId("subaccount-name")).toHaveCount(before + 2);
});

test("backups can be downloaded, then deleted from the browser", async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem("seeded")) return;
    sessionStorage.setItem("seeded", "1");
    localStorage.setItem("marginlab.backup.2026-11-20T10:00:00.000Z.00000001-1", "{old one");
    localStorage.setItem("marginlab.backup.2026-11-21T10:00:00.000Z.00000002-1", "{old two");
  });
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("backups").click();
  const rows = page.getByTestId("backup-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId("backup-delete")).toBeDisabled(); // not before it is downloaded
  const download = page.waitForEvent("download");
  await rows.first().getByRole("button", { name: "Download" }).click();
  expect(await (await download).failure()).toBeNull();
  await rows.first().getByTestId("backup-delete").click();
  await expect(rows).toHaveCount(1);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("marginlab.backup.")).length)).toBe(1);
});

test("the venue import panel caps echoed input: a 4.7 MB instrument name is quoted in part, with how much is left out", async ({ page }) => {
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  await page.goto("/");
  await waitReady(page);
  await page.getByTestId("ticket-open").click();
  await page.getByTestId("venue-import-open").click();
  const long = `BTC-${"X".repeat(4_700_000)}`;
  const file = readFileSync(join(__dirname, "fixtures", "deribit-positions.json"), "utf8").replace('"BTC-PERPETUAL"', JSON.stringify(long));
  await page.getByTestId("venue-import-file").setInputFiles({ name: "deribit-positions.json", mimeType: "application/json", buffer: Buffer.from(file) });
  const refused = page.getByTestId("venue-import-refused").filter({ hasText: "BTC-XXX" });
  await expect(refused).toHaveCount(1);
  // lib/security/venue-import-notice.ts: the name cut at 80 characters, the line at 300, plus the "… (N more characters not shown)" tail (< 40)
  const text = (await refused.textContent()) ?? "";
  expect(text).toContain(`${(long.length - 80).toLocaleString("en-US")} more characters not shown`);
  expect(text.length).toBeLessThanOrEqual(300 + 40);
});
