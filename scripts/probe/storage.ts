import { expect, type Browser, type Page } from "@playwright/test";
import { BACKUP_LIMITS, STORAGE_KEY, STORE_VERSION } from "@/lib/state/persistence";
import { Failures, n, type ProbeResult } from "./result";

/**
 * Stored-workspace corruptions loaded in the page (production build, headless Chromium): each
 * variant seeds localStorage once in a fresh browser context (optionally filling the quota, or
 * making the browser refuse storage), then loads the app three times. Required: the app starts
 * (dashboard ready) with no page error; a usable value is restored; an unusable one is reported
 * ("could not be restored" with its reason) and kept — one backup per content however often the
 * app loads, or, when it cannot be copied, held in place (nothing saved over it, every save
 * failure shown); Object.prototype is never polluted.
 */

export const STORAGE_VARIANTS = 24;

type Outcome = "restored" | "notice" | "held" | "starts";
interface Variant {
  name: string;
  raw: string | null;
  expect: Outcome;
  /** fill localStorage up to the quota after seeding */
  fillQuota?: boolean;
  /** the browser refuses storage: every getItem/setItem throws */
  disabled?: boolean;
}

const sub = (over: Record<string, unknown> = {}, positions: unknown[] = [{ id: "p1", kind: "perp", underlying: "BTC", size: 1, entryPrice: 90_000 }]) => ({
  id: "probe",
  name: "Probe book",
  mode: "cross",
  profileId: "deribit-standard",
  collateral: [{ asset: "USDC", amount: 100_000 }],
  positions,
  ...over,
});
const stored = (state: unknown, version: unknown = STORE_VERSION) => JSON.stringify({ state, version });
const ws = (s: unknown[] = [sub()], extra: Record<string, unknown> = {}) => stored({ workspace: { subAccounts: s }, selectedId: "probe", ...extra });

function variants(): Variant[] {
  const valid = ws();
  const perp = (size: string) => valid.replace('"size":1', `"size":${size}`);
  return [
    { name: "valid workspace (control)", raw: valid, expect: "restored" },
    { name: "unversioned bare workspace (migrated)", raw: JSON.stringify({ state: { subAccounts: [sub()] } }), expect: "restored" },
    { name: "unknown selectedId", raw: valid.replace('"selectedId":"probe"', '"selectedId":"nope"'), expect: "restored" },
    { name: "__proto__ and constructor keys", raw: valid.replace('{"workspace"', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"workspace"'), expect: "restored" },
    { name: "truncated JSON (half)", raw: valid.slice(0, Math.floor(valid.length / 2)), expect: "notice" },
    { name: "truncated JSON ({)", raw: "{", expect: "notice" },
    { name: "empty string", raw: "", expect: "notice" },
    { name: "null", raw: "null", expect: "notice" },
    { name: "an array", raw: "[]", expect: "notice" },
    { name: "a number", raw: "42", expect: "notice" },
    { name: "wrong version (99)", raw: ws([sub()]).replace(`"version":${STORE_VERSION}`, '"version":99'), expect: "notice" },
    { name: "wrong version (-1)", raw: ws([sub()]).replace(`"version":${STORE_VERSION}`, '"version":-1'), expect: "notice" },
    { name: "version as a string", raw: ws([sub()]).replace(`"version":${STORE_VERSION}`, '"version":"1"'), expect: "notice" },
    { name: "state null", raw: stored(null), expect: "notice" },
    { name: "subAccounts not an array", raw: stored({ workspace: { subAccounts: "oops" }, selectedId: null }), expect: "notice" },
    { name: "size as a string", raw: perp('"1"'), expect: "notice" },
    { name: "size 1e400 (Infinity)", raw: perp("1e400"), expect: "notice" },
    { name: "unknown position kind", raw: valid.replace('"kind":"perp"', '"kind":"swap"'), expect: "notice" },
    { name: "expiry 2026-02-31", raw: ws([sub({}, [{ id: "f", kind: "future", underlying: "BTC", expiry: "2026-02-31", size: 1, entryPrice: 90_000 }])]), expect: "notice" },
    { name: "duplicate sub-account ids", raw: ws([sub(), sub({ name: "Twin" })]), expect: "notice" },
    { name: "name with a bidi override", raw: ws([sub({ name: "Hedge \u202Egnol" })]), expect: "notice" },
    { name: "name with a NUL", raw: ws([sub({ name: "Book\u0000" })]), expect: "notice" },
    { name: "what-if out of range", raw: ws([sub()], { whatIf: { spotMovePct: { BTC: 5000, ETH: 0, SOL: 0 }, volShiftPts: 0, daysForward: 0, collateralVolMultiplier: 1 } }), expect: "notice" },
    { name: "negative tab clock", raw: ws([sub()], { clocks: { tab: { probe: -1 } } }), expect: "notice" },
    {
      name: "1,001 positions",
      raw: ws([
        sub(
          {},
          Array.from({ length: 1_001 }, (_, i) => ({ id: `p${i}`, kind: "perp", underlying: "BTC", size: 1, entryPrice: 90_000 })),
        ),
      ]),
      expect: "notice",
    },
    { name: "huge value (0.9 M chars, fits the backup cap)", raw: ws([sub({ name: "N".repeat(900_000) })]), expect: "notice" },
    { name: `huge value (${(BACKUP_LIMITS.maxTotalChars * 1.2) / 1e6} M chars, over the backup cap)`, raw: ws([sub({ name: "N".repeat(BACKUP_LIMITS.maxTotalChars * 1.2) })]), expect: "held" },
    { name: "quota full + unusable value", raw: "{unusable", expect: "held", fillQuota: true },
    { name: "quota full + valid value", raw: valid, expect: "restored", fillQuota: true },
    { name: "storage disabled (every call throws)", raw: null, expect: "starts", disabled: true },
  ];
}

interface Seen {
  notice: boolean;
  held: string | null;
  reason: string;
  backupsOfRaw: number;
  backups: number;
  storedNow: string | null;
  names: string[];
  polluted: boolean;
}

async function look(page: Page, raw: string | null): Promise<Seen> {
  const notice = page.getByTestId("storage-notice");
  const has = (await notice.count()) > 0;
  const s = await page.evaluate(
    ([key, r]) => {
      let backupsOfRaw = 0;
      let backups = 0;
      let storedNow: string | null = null;
      try {
        for (let i = 0; i < localStorage.length; i++) {
          const k = localStorage.key(i)!;
          if (k.startsWith("marginlab.backup.")) {
            backups++;
            if (localStorage.getItem(k) === r) backupsOfRaw++;
          }
        }
        storedNow = localStorage.getItem(key);
      } catch {
        // storage disabled
      }
      return { backupsOfRaw, backups, storedNow, polluted: ({} as Record<string, unknown>).polluted !== undefined };
    },
    [STORAGE_KEY, raw] as const,
  );
  return {
    notice: has,
    held: has ? await notice.getAttribute("data-held") : null,
    reason: has ? ((await notice.textContent()) ?? "") : "",
    names: await page.getByTestId("subaccount-name").allTextContents(),
    ...s,
  };
}

/** The page's first script of every load: seeds the value once per tab (then fills the quota), or makes storage refuse every call. */
function seedScript(v: Variant): string {
  if (v.disabled) return `for (const m of ["getItem", "setItem", "removeItem", "key"]) Storage.prototype[m] = function () { throw new DOMException("The operation is insecure.", "SecurityError"); };`;
  return `(() => {
    if (sessionStorage.getItem("probe-seeded")) return;
    sessionStorage.setItem("probe-seeded", "1");
    const raw = ${JSON.stringify(v.raw)};
    if (raw !== null) localStorage.setItem(${JSON.stringify(STORAGE_KEY)}, raw);
    if (${v.fillQuota === true}) {
      let size = 1000000, i = 0;
      while (size >= 1) {
        try { localStorage.setItem("probe.fill." + i++, "x".repeat(size)); } catch { size = Math.floor(size / 2); }
      }
    }
  })();`;
}

async function runVariant(browser: Browser, baseUrl: string, v: Variant): Promise<string[]> {
  const problems: string[] = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  // A script given as text: a function would be transpiled with helpers (tsx's __name) the page lacks.
  await page.addInitScript({ content: seedScript(v) });
  const ready = async () => {
    await expect(page.getByTestId("dashboard")).toHaveAttribute("data-state", "ready", { timeout: 60_000 });
  };
  try {
    const seen: Seen[] = [];
    for (let load = 0; load < 3; load++) {
      if (load === 0) await page.goto(`${baseUrl}/`);
      else await page.reload();
      await ready().catch(() => problems.push(`load ${load + 1}: the app did not start`));
      await page.waitForTimeout(300); // a save after hydration, if any, has run
      seen.push(await look(page, v.raw));
    }
    const [first, , last] = seen as [Seen, Seen, Seen];
    const bodyText = await page.evaluate(() => document.body.innerText.trim().length);
    if (bodyText < 50) problems.push("blank page");
    if (seen.some((s) => s.polluted)) problems.push("Object.prototype polluted");
    if (v.expect === "restored") {
      if (first.notice) problems.push(`a usable value was reported: ${first.reason.slice(0, 200)}`);
      if (!first.names.some((x) => x.includes("Probe book"))) problems.push(`not restored (sub-accounts: ${first.names.join(", ")})`);
    }
    if (v.expect === "notice" || v.expect === "held") {
      if (!first.notice) problems.push("no 'could not be restored' notice");
      else if (!/could not be restored: .{8,}/.test(first.reason)) problems.push(`notice without a reason: ${first.reason.slice(0, 200)}`);
      if (first.reason.length > 5_000) problems.push(`notice of ${n(first.reason.length)} characters`);
    }
    if (v.expect === "notice") {
      if (first.held !== "false") problems.push(`held (${first.reason.slice(0, 160)})`);
      if (last.backupsOfRaw !== 1) problems.push(`${last.backupsOfRaw} backups of the value after 3 loads (expected 1)`);
    }
    if (v.expect === "held") {
      if (first.held !== "true") problems.push(`not held (data-held=${first.held}, ${first.reason.slice(0, 160)})`);
      // an edit must not be saved over the held value, and the failed save must show
      await page.getByTestId("add-subaccount").click();
      await expect(page.getByTestId("save-error"))
        .toBeVisible({ timeout: 10_000 })
        .catch(() => problems.push("an edit while held shows no save error"));
      const after = await look(page, v.raw);
      if (after.storedNow !== v.raw) problems.push("the held value was overwritten");
    }
    if (v.fillQuota && v.expect === "restored") {
      await page.getByTestId("add-subaccount").click();
      await expect(page.getByTestId("save-error"))
        .toBeVisible({ timeout: 10_000 })
        .catch(() => problems.push("a save refused by the full quota shows no error"));
    }
    if (pageErrors.length) problems.push(`page errors: ${pageErrors.slice(0, 3).join(" | ")}`);
  } finally {
    await context.close();
  }
  return problems;
}

export async function probeStorage(browser: Browser, baseUrl: string): Promise<ProbeResult> {
  const failures = new Failures();
  const all = variants();
  let passed = 0;
  const byOutcome = new Map<Outcome, number>();
  for (const v of all) {
    byOutcome.set(v.expect, (byOutcome.get(v.expect) ?? 0) + 1);
    const problems = await runVariant(browser, baseUrl, v).catch((e: unknown) => [`probe error: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`]);
    if (problems.length) failures.add(`${v.name}: ${problems.join("; ")}`);
    else passed++;
  }
  return {
    probe: "storage corruptions (page)",
    runs: all.length,
    minimum: STORAGE_VARIANTS,
    passed,
    detail: `${[...byOutcome].map(([k, c]) => `${n(c)} ${k}`).join(", ")} expected; 3 loads each`,
    failures: failures.examples,
  };
}
