import { workspaceSchema, type Workspace } from "./schema";

/** The demo's rulebook (lib/margin/venues/deribit.ts); a test checks the catalogue lists it. */
const DEMO_RULEBOOK_ID = "deribit-standard";

/**
 * The built-in demo workspace, priced against the sample snapshot (2026-11-20):
 * 1. "Hedged options book" (cross): a BTC iron condor on the 25 Dec expiry (short 105k call and
 *    85k put, long 115k call and 75k put as wings) and an ETH covered call (long perp, short call).
 *    Standard margin charges every short leg alone, which is what portfolio margin will improve on.
 * 2. "Naked perp" (isolated): a leveraged long BTC perp with its own allocation and a short SOL perp
 *    at the default (initial-margin) allocation.
 * Entry prices are round numbers near the sample marks.
 */
export const DEMO_WORKSPACE: Workspace = workspaceSchema.parse({
  subAccounts: [
    {
      id: "demo-hedged",
      name: "Hedged options book",
      mode: "cross",
      profileId: DEMO_RULEBOOK_ID,
      collateral: [
        { asset: "USDC", amount: 350_000 },
        { asset: "BTC", amount: 1 },
      ],
      positions: [
        { id: "demo-h1", kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 105_000, optionType: "call", size: -10, entryPrice: 3_000 },
        { id: "demo-h2", kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 115_000, optionType: "call", size: 10, entryPrice: 1_450 },
        { id: "demo-h3", kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 85_000, optionType: "put", size: -10, entryPrice: 2_600 },
        { id: "demo-h4", kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 75_000, optionType: "put", size: 10, entryPrice: 1_000 },
        { id: "demo-h5", kind: "perp", underlying: "ETH", size: 20, entryPrice: 3_350 },
        { id: "demo-h6", kind: "option", underlying: "ETH", expiry: "2026-11-27", strike: 3_600, optionType: "call", size: -20, entryPrice: 50 },
      ],
    },
    {
      id: "demo-naked",
      name: "Naked perp",
      mode: "isolated",
      profileId: DEMO_RULEBOOK_ID,
      collateral: [
        { asset: "USDT", amount: 60_000 },
        { asset: "wstETH", amount: 10 },
      ],
      positions: [
        { id: "demo-n1", kind: "perp", underlying: "BTC", size: 3, entryPrice: 93_000, isolatedMargin: 30_000 },
        { id: "demo-n2", kind: "perp", underlying: "SOL", size: -200, entryPrice: 185 },
      ],
    },
  ],
});
