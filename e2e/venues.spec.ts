import { expect, test, type Page } from "@playwright/test";
import { SAMPLE_SNAPSHOT } from "../lib/market/sample-snapshot";
import { STORAGE_KEY, STORE_VERSION } from "../lib/state/persistence";
import { DEMO_WORKSPACE } from "../lib/workspace/demo";
import type { SubAccount } from "../lib/workspace/schema";
import { crossVenue } from "../lib/margin/analyses/cross-venue";
import { waitReady } from "./helpers";

const usd0 = (x: number) => `$${Math.round(x).toLocaleString("en-US")}`;
const BTC_MARK = SAMPLE_SNAPSHOT.underlyings.BTC.perpMark;

/** A thin Hyperliquid long and a deep Deribit short on BTC: a hedge split across two venues. */
const SPLIT: SubAccount[] = [
  { id: "hl", name: "HL long", mode: "cross", profileId: "hyperliquid", collateral: [{ asset: "USDC", amount: 60_000 }], positions: [{ id: "a", kind: "perp", underlying: "BTC", size: 5, entryPrice: BTC_MARK }] },
  {
    id: "db",
    name: "Deribit short",
    mode: "cross",
    profileId: "deribit-standard",
    collateral: [{ asset: "USDC", amount: 300_000 }],
    positions: [{ id: "b", kind: "perp", underlying: "BTC", size: -5, entryPrice: BTC_MARK }],
  },
];

async function openWorkspace(page: Page, subs: SubAccount[]) {
  await page.goto("/");
  await waitReady(page);
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, JSON.stringify({ state: { workspace: { subAccounts: subs }, selectedId: subs[0]!.id }, version: STORE_VERSION })] as const);
  await page.reload();
  await waitReady(page);
}

test("demo workspace: per-venue figures, siloed vs unified, uncredited hedges and stress on every venue", async ({ page }) => {
  await page.goto("/");
  await waitReady(page);
  const panel = page.getByTestId("cross-venue");
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  const expected = crossVenue(DEMO_WORKSPACE.subAccounts, SAMPLE_SNAPSHOT);
  // both demo sub-accounts are on Deribit: one venue row, IM = the sum of the two
  await expect(panel.getByTestId("venue-group")).toHaveCount(1);
  await expect(panel.getByTestId("venue-im")).toHaveText(usd0(expected.venues[0]!.im));
  await expect(panel.getByTestId("fragmentation-sentence")).toHaveText(expected.unified.sentence);
  await expect(panel.getByTestId("hedge-row")).toHaveCount(expected.hedges.length);
  await expect(panel.getByTestId("stress-row")).toHaveCount(4);
  await expect(panel.getByTestId("first-liquidation").first()).toContainText("Naked perp");
  await expect(page.getByTestId("collateral-allocation")).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(page.getByTestId("allocation-note")).toContainText("No transfer");
});

test("a hedge split across two venues: fragmentation cost, first to liquidate, and a transfer that evens the distances", async ({ page }) => {
  await openWorkspace(page, SPLIT);
  const panel = page.getByTestId("cross-venue");
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(panel.getByTestId("venue-group")).toHaveCount(2);
  await expect(panel.getByTestId("fragmentation-sentence")).toContainText("fragmentation costs");
  await expect(panel.getByTestId("hedge-row")).toHaveCount(1);
  await expect(panel.locator('[data-testid="first-liquidation"][data-direction="down"]')).toContainText("Hyperliquid");
  const alloc = page.getByTestId("collateral-allocation");
  await expect(alloc).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  await expect(alloc.getByTestId("transfer")).toHaveCount(1);
  await expect(alloc.getByTestId("transfer")).toContainText(/from Deribit \(Deribit short\) to Hyperliquid \(HL long\)/);
  await expect(alloc.getByTestId("allocation-row")).toHaveCount(2);
  // a minimum transfer above what the deep account can spare: nothing moves, nothing gets worse
  await page.getByTestId("transfer-min").fill("1000000");
  await expect(alloc.getByTestId("allocation-note")).toContainText("No transfer", { timeout: 30_000 });
  await expect(alloc.getByTestId("transfer")).toHaveCount(0);
});

test("an edit of one silo's collateral updates the venue row and the allocation (never a stale figure)", async ({ page }) => {
  await openWorkspace(page, SPLIT);
  const panel = page.getByTestId("cross-venue");
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  const hl = panel.locator('[data-testid="venue-group"][data-venue="Hyperliquid"]');
  await expect(hl).toContainText("$60,000");
  // the selected sub-account is the Hyperliquid one: give it 400,000 USDC
  await page.getByTestId("collateral-USDC").fill("400000");
  await expect(hl).toContainText("$400,000", { timeout: 30_000 });
  const expected = crossVenue([{ ...SPLIT[0]!, collateral: [{ asset: "USDC", amount: 400_000 }] }, SPLIT[1]!], SAMPLE_SNAPSHOT);
  await expect(panel.getByTestId("fragmentation-sentence")).toHaveText(expected.unified.sentence);
  const alloc = page.getByTestId("collateral-allocation");
  await expect(alloc).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
  // now the Deribit short is the thinner silo: the transfer goes the other way
  await expect(alloc.getByTestId("transfer")).toContainText(/from Hyperliquid \(HL long\) to Deribit \(Deribit short\)/);
});
