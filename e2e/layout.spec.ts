import { expect, test, type Page } from "@playwright/test";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { waitReady } from "./helpers";

/** How far the page reaches past the viewport, and which elements stick out (for the failure message). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offenders = [...document.querySelectorAll("body *")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= width + 0.5) return false;
        // Inside an element that scrolls horizontally on its own: fine (tables scroll inside themselves).
        for (let p = el.parentElement; p; p = p.parentElement) {
          const ox = getComputedStyle(p).overflowX;
          if ((ox === "auto" || ox === "scroll" || ox === "hidden") && p.getBoundingClientRect().right <= width + 0.5) return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}[${el.getAttribute("data-testid") ?? el.className.toString().slice(0, 40)}] right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, width, offenders };
  });
}

/** Selects a demo sub-account and a margin mode, and waits for its figures. */
async function show(page: Page, account: string, mode: "cross" | "isolated" | "portfolio") {
  await page.getByTestId("subaccount-name").filter({ hasText: account }).click();
  await page.getByTestId("mode-select").selectOption(mode);
  await waitReady(page);
}

for (const viewport of [
  { width: 1440, height: 1000 },
  { width: 390, height: 844 },
]) {
  test(`no horizontal overflow at ${viewport.width} px in any mode; tables scroll inside themselves`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto("/");
    await waitReady(page);
    const found: string[] = [];
    for (const account of DEMO_WORKSPACE.subAccounts.map((s) => s.name))
      for (const mode of ["cross", "isolated", "portfolio"] as const) {
        await show(page, account, mode);
        const o = await overflow(page);
        console.log(`${viewport.width} px, ${account}, ${mode}: page ${o.scrollWidth} px wide`);
        if (o.scrollWidth > o.width || o.offenders.length) found.push(`${account}, ${mode}: page ${o.scrollWidth} px; ${o.offenders.join(", ")}`);
      }
    expect(found).toEqual([]);
    if (viewport.width < 640) {
      // Cards stack: the Collateral and Greeks cards sit one above the other, each the full width.
      // Both boxes are read in one frame: results still arriving may move every card between two reads
      // (a run under CPU hogs read them 16 px apart), but never their order within one layout.
      const boxes = await page.evaluate(
        (titles) => {
          const cardOf = (title: string) => [...document.querySelectorAll("section")].find((s) => [...s.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")].some((h) => h.textContent?.trim() === title));
          return titles.map((t) => {
            const r = cardOf(t)?.getBoundingClientRect();
            return r ? { top: r.top, bottom: r.bottom, width: r.width } : null;
          });
        },
        ["Collateral", "Greeks by underlying"],
      );
      const [collateral, greeks] = boxes;
      expect(collateral, "the Collateral card").not.toBeNull();
      expect(greeks, "the Greeks card").not.toBeNull();
      expect(greeks!.top).toBeGreaterThanOrEqual(collateral!.bottom);
      expect(collateral!.width).toBeGreaterThan(viewport.width * 0.85);
      // Every headline figure is on screen, within the width.
      for (const id of ["metric-equity", "metric-im", "metric-mm", "metric-free"]) {
        const box = (await page.getByTestId(id).boundingBox())!;
        expect(box.x + box.width, id).toBeLessThanOrEqual(viewport.width);
      }
    }
  });
}

/** The page background's lightness, 0 (black) … 255 (white), from its computed colour. */
async function pageLightness(page: Page): Promise<number> {
  return page.evaluate(() => {
    const probe = document.createElement("canvas").getContext("2d")!;
    probe.fillStyle = getComputedStyle(document.body).backgroundColor; // may be oklch(): let the canvas convert it
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    return (r! + g! + b!) / 3;
  });
}

test("light theme follows prefers-color-scheme; the theme choice persists across reloads", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  await waitReady(page);
  expect(await pageLightness(page)).toBeGreaterThan(200);
  await page.getByTestId("theme-select").selectOption("dark");
  await expect.poll(() => pageLightness(page)).toBeLessThan(60);
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId("theme-select")).toHaveValue("dark");
  await expect.poll(() => pageLightness(page)).toBeLessThan(60);

  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByTestId("theme-select").selectOption("light");
  await expect.poll(() => pageLightness(page)).toBeGreaterThan(200);
  await page.getByTestId("theme-select").selectOption("system");
  await expect.poll(() => pageLightness(page)).toBeLessThan(60);
});
