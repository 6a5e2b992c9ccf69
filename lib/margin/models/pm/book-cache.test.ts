import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computePm, createPmBookCache } from "./engine";
import type { PmPortfolio } from "./types";
import { emptyBook, expiryOf, portfolioOf } from "./test-helpers";
import { DERIVE_PM2 } from "@/lib/margin/venues/derive";

/** Two books (BTC, ETH) with a few options each; the BTC spot moved by `btcFactor`. */
function portfolio(btcFactor: number, ethAmount = -2): PmPortfolio {
  const btc = { ...emptyBook("BTC", 95_000 * btcFactor), expiries: [expiryOf("b", 30 / 365, 95_400 * btcFactor, 0.05, [{ strike: 100_000, isCall: true, amount: -3, vol: 0.55 }])] };
  const eth = {
    ...emptyBook("ETH", 3_400),
    perp: { size: 5, price: 3_400, confidence: 1, mtmUsd: 0 },
    expiries: [expiryOf("e", 7 / 365, 3_402, 0.05, [{ strike: 3_200, isCall: false, amount: ethAmount, vol: 0.7 }])],
  };
  return portfolioOf([btc, eth]);
}

describe("PmBookCache", () => {
  it("a scan moving one underlying gives the same results as without the cache, and revalues only that book (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.3, max: 3, noNaN: true }), { minLength: 1, maxLength: 12 }), (factors) => {
        const cache = createPmBookCache();
        for (const f of factors) {
          const cached = computePm(portfolio(f), DERIVE_PM2.grid, cache);
          const plain = computePm(portfolio(f), DERIVE_PM2.grid);
          expect(cached).toEqual(plain);
        }
        // the ETH book is revalued once; the BTC book at every distinct factor in a row
        let btcRevaluations = 0;
        factors.forEach((f, i) => {
          if (i === 0 || f !== factors[i - 1]) btcRevaluations++;
        });
        expect(cache.misses).toBe(1 + btcRevaluations);
        expect(cache.hits).toBe(2 * factors.length - cache.misses);
      }),
      { numRuns: 30, seed: 4242 },
    );
  });

  it("any change in a book's positions is a miss", () => {
    const cache = createPmBookCache();
    computePm(portfolio(1), DERIVE_PM2.grid, cache);
    const changed = computePm(portfolio(1, -2.5), DERIVE_PM2.grid, cache);
    expect(changed).toEqual(computePm(portfolio(1, -2.5), DERIVE_PM2.grid));
    expect(cache.misses).toBe(3);
    expect(cache.hits).toBe(1);
  });
});
