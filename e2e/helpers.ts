import { expect, type Page } from "@playwright/test";
import { SAMPLE_SNAPSHOT } from "../lib/market/sample-snapshot";
import { STORAGE_KEY, STORE_VERSION } from "../lib/state/persistence";
import type { Position, SubAccount } from "../lib/workspace/schema";

/** Reads a USD figure such as "$12,345.67" or "-$5.00" from an element. */
export async function readUsd(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).first().textContent()) ?? "";
  const n = Number(text.replace(/[$,\s]/g, "").replace(/^−/, "-"));
  if (!Number.isFinite(n)) throw new Error(`${testId} shows "${text}", not a USD amount`);
  return n;
}

/** Waits until the dashboard is hydrated and the selected account's result is on screen. */
export async function waitReady(page: Page, timeout?: number) {
  await expect(page.getByTestId("dashboard")).toHaveAttribute("data-state", "ready", { timeout });
  await expect(page.getByTestId("account-panel")).toHaveAttribute("data-state", "ready", { timeout });
}

/**
 * Waits for the headline figures (waitReady), then for the full result — the liquidation distances
 * and odds (Margin panel, isolated positions' column) and the equity chart — which lands after them:
 * its marker says "ready" once it shows the current inputs' result.
 */
export async function waitLiquidation(page: Page, timeout?: number) {
  await waitReady(page, timeout);
  await expect(page.getByTestId("liquidation-and-chart")).toHaveAttribute("data-state", "ready", { timeout });
}

/**
 * A large cross-margin sub-account ("big", selected by openBook): n positions on BTC, ETH and SOL
 * across the sample snapshot's expiries — every fifth a perp, the rest calls and puts — and
 * 5,000,000 USDC of collateral (no haircut on USDC: +x USDC is +x equity).
 */
export function largeBook(n: number): SubAccount {
  const positions = Array.from({ length: n }, (_, i): Position => {
    const u = (["BTC", "ETH", "SOL"] as const)[i % 3]!;
    const m = SAMPLE_SNAPSHOT.underlyings[u];
    const e = m.expiries[i % m.expiries.length]!;
    if (i % 5 === 0) return { id: `p${i}`, kind: "perp", underlying: u, size: (i % 2 ? -1 : 1) * (1 + (i % 7)), entryPrice: m.spot };
    const k = e.strikes[(i * 7) % e.strikes.length]!;
    return { id: `p${i}`, kind: "option", underlying: u, expiry: e.id, strike: k, optionType: i % 2 ? "call" : "put", size: (i % 3 ? -1 : 1) * (1 + (i % 4)), entryPrice: 10 };
  });
  return { id: "big", name: `Big book (${n})`, mode: "cross", profileId: "deribit-standard", collateral: [{ asset: "USDC", amount: 5_000_000 }], positions };
}

/** Saves `sub` as the workspace's only sub-account, selected, reloads, and waits until its result is on screen. */
export async function openBook(page: Page, sub: SubAccount, timeout?: number) {
  await page.goto("/");
  await waitReady(page, timeout);
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, JSON.stringify({ state: { workspace: { subAccounts: [sub] }, selectedId: sub.id }, version: STORE_VERSION })] as const);
  await page.reload();
  await waitReady(page, timeout);
  await expect(page.getByTestId("positions-table")).toHaveAttribute("data-count", String(sub.positions.length), { timeout });
}
