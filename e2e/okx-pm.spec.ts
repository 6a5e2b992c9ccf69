import { expect, test } from "@playwright/test";
import { SAMPLE_SNAPSHOT } from "../lib/market/sample-snapshot";
import type { SubAccount } from "../lib/workspace/schema";
import { openBook, readUsd, waitReady } from "./helpers";

const BTC = SAMPLE_SNAPSHOT.underlyings.BTC;
const e = BTC.expiries[2]!;

/** A short BTC perp and a long BTC put under OKX portfolio margin. */
const book: SubAccount = {
  id: "okx",
  name: "OKX PM book",
  mode: "portfolio",
  profileId: "okx-pm",
  collateral: [{ asset: "USDC", amount: 200_000 }],
  positions: [
    { id: "p", kind: "perp", underlying: "BTC", size: -1, entryPrice: BTC.perpMark },
    { id: "o", kind: "option", underlying: "BTC", expiry: e.id, strike: e.strikes[Math.floor(e.strikes.length / 2)]!, optionType: "put", size: 1, entryPrice: 2_000 },
  ],
};

test("OKX portfolio margin shows its MR1–MR9 breakdown per risk unit, IMR = 1.3 × MMR", async ({ page }) => {
  await openBook(page, book);
  await waitReady(page);
  const table = page.getByTestId("okx-mr-breakdown");
  await expect(table).toBeVisible();
  await expect(page.getByTestId("okx-unit-BTC")).toBeVisible();
  await expect(page.getByTestId("okx-not-modelled")).toContainText("Assumption");
  const mmr = await readUsd(page, "okx-mmr");
  const imr = await readUsd(page, "okx-imr");
  expect(mmr).toBeGreaterThan(0);
  // both shown in whole USD: 1.3 × MMR within the two roundings
  expect(Math.abs(imr - 1.3 * mmr)).toBeLessThanOrEqual(1.3 * 0.5 + 0.5);
});
