import { expect, type Browser, type Page } from "@playwright/test";
import { deflateSync, strToU8 } from "fflate";
import { decodeShareLink, SHARE_LIMITS } from "@/lib/workspace/share-link";
import { oneCharacterChanges, shareLink } from "@/lib/test-support/share-link-fuzz";
import { realLinks } from "./links";
import { randomPayload, seeded } from "./random-workspace";
import { Failures, n, type ProbeResult } from "./result";

/**
 * Share links opened in the page (production build, headless Chromium): generated workspaces,
 * one-character changes of real links, version 1 links (no checksum) and hostile fragments. The
 * Node decoder says what each should give; the page must show exactly that — a preview whose rows
 * all finish (figures, or the reason they are not computed), or a refusal of the same kind, or
 * nothing for a fragment that is not a share link — with no page error and never a blank page.
 * Most links arrive as a hash change on the open page (the app listens for it); every 25th is a
 * fresh load.
 */

export const PAGE_LINKS = 313;
const ROW_TIMEOUT_MS = 60_000;

const b64 = (bytes: Uint8Array) => {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};
const v1Text = (json: string) => `s=1.${b64(deflateSync(strToU8(json)))}`;
const v1 = (json: unknown) => v1Text(JSON.stringify(json));
const fragmentOf = (url: string) => url.slice(url.indexOf("#") + 1);

/** The fragments tried (without "#"): 120 generated, 170 changed, and the hostile and legacy ones. */
export function pageLinkCorpus(): string[] {
  const rng = seeded(9_0003);
  const generated = Array.from({ length: 120 }, () => fragmentOf(shareLink(randomPayload(rng, { maxSubAccounts: 4, maxPositions: 10 }))));
  const changes = oneCharacterChanges(realLinks().slice(0, 4));
  const step = Math.floor(changes.length / 170);
  const changed = Array.from({ length: 170 }, (_, i) => fragmentOf(changes[i * step]!));
  const oldLink = v1({ k: "a", s: [{ n: "Old link", m: 1, p: "deribit-standard", c: [[0, 1000]], x: [[0, 0, 1, 90000, null]] }] });
  const special = [
    oldLink,
    ...Array.from({ length: 12 }, (_, i) => oldLink.slice(0, 8 + i * 3) + (oldLink[8 + i * 3] === "A" ? "B" : "A") + oldLink.slice(9 + i * 3)), // v1 changed: unverified
    v1({ k: "w", s: [{ n: "<script>alert(1)</script>", m: 0, p: "no-such-venue", c: [], x: [] }] }),
    v1({ k: "a", s: [{ n: "Unlisted", m: 1, p: "deribit-standard", c: [[0, 1e5]], x: [[1, 0, -10, 90000, null, "2031-06-27"]] }] }),
    v1({ k: "a", s: [] }),
    v1({ k: "a", s: [{ n: "x", m: 1, p: "deribit-standard", c: [], x: [[2, 0, 1, 10, null, "2026-02-31", 100, 1]] }] }),
    v1({ k: "a", s: [{ n: "\u202Egnol", m: 1, p: "deribit-standard", c: [], x: [] }] }),
    v1Text('{"k":"a","__proto__":{"polluted":1},"s":[{"n":"ok","m":1,"p":"deribit-standard","c":[],"x":[],"constructor":{"prototype":{"polluted":1}}}]}'),
    `s=1.${b64(deflateSync(new Uint8Array(5_000_000), { level: 9 }))}`, // compression bomb
    `s=1.${"A".repeat(SHARE_LIMITS.maxLinkChars)}`,
    "s=",
    "s=1.",
    "s=2.",
    "s=9.AAAA",
    "s=0.AAAA",
    "s=abc",
    "s=1.!!!!",
    "s=2.<img src=x onerror=alert(1)>",
    "s=javascript:alert(1)",
    "s=%00%00",
    "s=1.%F0%9F%98%80",
    "foo=1&s=2.AAAAAAAA",
    "nothing-here",
    "",
    "s=" + "9".repeat(10),
    "s=2." + "_".repeat(5_000),
    "s=2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "&s=1.eJw",
    "s=1.eJyrVkrOzytJzSvRS87PVbJSMDJQ0lFKzs8rycxLVbICiRjWAgC9ewrR",
  ];
  return [...generated, ...changed, ...special];
}

type Expected = { kind: "none" } | { kind: "refusal"; error: string } | { kind: "preview"; rows: number; verified: boolean };

function expected(fragment: string): Expected {
  if (!/(^|&)s=/.test(fragment)) return { kind: "none" };
  const r = decodeShareLink(`#${fragment}`);
  return r.ok ? { kind: "preview", rows: r.payload.subAccounts.length, verified: r.verified } : { kind: "refusal", error: r.error.kind };
}

async function checkOne(page: Page, exp: Expected): Promise<string[]> {
  const problems: string[] = [];
  const preview = page.getByTestId("share-preview");
  if (exp.kind === "none") {
    await page.waitForTimeout(200);
    if ((await preview.count()) > 0) problems.push("a dialog opened for a fragment that is not a share link");
  } else if (exp.kind === "refusal") {
    await expect(page.getByTestId("share-error"))
      .toHaveAttribute("data-kind", exp.error, { timeout: 15_000 })
      .catch(() => problems.push(`expected a "${exp.error}" refusal`));
    const text =
      (await page
        .getByTestId("share-error")
        .textContent()
        .catch(() => "")) ?? "";
    if (text.trim().length < 10) problems.push(`refusal without a message ("${text}")`);
  } else {
    const rows = page.getByTestId("preview-row");
    await expect(rows)
      .toHaveCount(exp.rows, { timeout: 15_000 })
      .catch(() => problems.push(`expected ${exp.rows} preview rows`));
    await expect(page.locator('[data-testid="preview-row"][data-state="computing"]'))
      .toHaveCount(0, { timeout: ROW_TIMEOUT_MS })
      .catch(() => problems.push("a preview row still computing after 60 s"));
    for (const err of await page.getByTestId("preview-error").allTextContents()) if (err.replace("Not computed:", "").trim().length < 5) problems.push(`a row error without a reason ("${err}")`);
    const unverified = (await page.getByTestId("share-unverified").count()) > 0;
    if (unverified === exp.verified) problems.push(exp.verified ? "a verified link marked unverified" : "an unverified (version 1) link without its note");
  }
  const body = await page.evaluate(() => ({
    text: document.body.innerText.trim().length,
    dashboard: document.querySelectorAll('[data-testid="dashboard"]').length,
    polluted: ({} as Record<string, unknown>).polluted !== undefined,
  }));
  if (body.text < 50 || body.dashboard !== 1) problems.push(`blank page (text ${body.text} chars, dashboard ${body.dashboard})`);
  if (body.polluted) problems.push("Object.prototype polluted");
  if (exp.kind !== "none") {
    await preview
      .getByRole("button", { name: "Dismiss" })
      .first()
      .click({ timeout: 10_000 })
      .catch(() => problems.push("no Dismiss button"));
    await expect(preview)
      .toHaveCount(0, { timeout: 10_000 })
      .catch(() => problems.push("the dialog did not close"));
  }
  return problems;
}

export async function probePageLinks(browser: Browser, baseUrl: string): Promise<ProbeResult> {
  const corpus = pageLinkCorpus();
  const failures = new Failures();
  const counts = { preview: 0, refusal: 0, none: 0, unverified: 0 };
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${baseUrl}/`);
  await expect(page.getByTestId("dashboard")).toHaveAttribute("data-state", "ready", { timeout: 120_000 });
  let passed = 0;
  for (let i = 0; i < corpus.length; i++) {
    const fragment = corpus[i]!;
    const exp = expected(fragment);
    counts[exp.kind]++;
    if (exp.kind === "preview" && !exp.verified) counts.unverified++;
    const errorsBefore = pageErrors.length;
    try {
      if (i % 25 === 0) {
        await page.goto("about:blank");
        await page.goto(`${baseUrl}/#${fragment}`);
        await expect(page.getByTestId("dashboard")).toHaveAttribute("data-state", "ready", { timeout: 120_000 });
      } else await page.evaluate((f) => void (window.location.hash = f), fragment);
      const problems = await checkOne(page, exp);
      if (pageErrors.length > errorsBefore) problems.push(`page error: ${pageErrors.slice(errorsBefore).join(" | ")}`);
      if (problems.length) failures.add(`#${i} (${exp.kind}) ${fragment.slice(0, 80)}: ${problems.join("; ")}`);
      else passed++;
    } catch (e) {
      failures.add(`#${i} ${fragment.slice(0, 80)}: probe error ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      await page.goto(`${baseUrl}/`).catch(() => {});
    }
  }
  await context.close();
  return {
    probe: "links opened in the page",
    runs: corpus.length,
    minimum: PAGE_LINKS,
    passed,
    detail: `${n(counts.preview)} previews (${n(counts.unverified)} unverified v1), ${n(counts.refusal)} refusals, ${n(counts.none)} not share links; ${n(pageErrors.length)} page errors`,
    failures: failures.examples,
  };
}
