import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { Position, SubAccount } from "./schema";

/** A sub-account of n positions cycling through every kind, underlying and listed expiry. */
export function bookOf(n: number): SubAccount {
  const positions: Position[] = [];
  for (let i = 0; i < n; i++) {
    const u = (["BTC", "ETH", "SOL"] as const)[i % 3]!;
    const m = SAMPLE_SNAPSHOT.underlyings[u];
    const e = m.expiries[i % m.expiries.length]!;
    const size = (i % 2 ? -1 : 1) * (1 + (i % 9) * 0.5);
    if (i % 6 === 0) positions.push({ id: `p${i}`, kind: "perp", underlying: u, size, entryPrice: Math.round(m.spot * 0.99) });
    else if (i % 6 === 1) positions.push({ id: `p${i}`, kind: "future", underlying: u, expiry: e.id, size, entryPrice: Math.round(e.forward) });
    else positions.push({ id: `p${i}`, kind: "option", underlying: u, expiry: e.id, strike: e.strikes[(i * 5) % e.strikes.length]!, optionType: i % 2 ? "call" : "put", size, entryPrice: 100 + i });
  }
  return {
    id: "book",
    name: `Book of ${n}`,
    mode: "cross",
    profileId: "deribit-standard",
    collateral: [
      { asset: "USDC", amount: 250_000 },
      { asset: "BTC", amount: 1.5 },
    ],
    positions,
  };
}
