import { describe, expect, it } from "vitest";
import { black76Price } from "@/lib/quant/black76";
import { DERIVE_STANDARD } from "@/lib/margin/venues/derive";
import { computeSrm, type SrmPortfolio } from "./srm";
import { srmAttribution, type SrmPositionRef } from "./attribution";

const P = DERIVE_STANDARD.srm;
/** Exact-in-real-arithmetic figures: a few ulps of rounding. */
const EXACT_TOL = 1e-9;

// ETH at 100: short 1 call K = 100, long 1 call K = 110, one expiry 0.1 y away (forward 100, vol 50 %).
// Max loss over settlement at 0, 100, 110: at 110 the short call pays −10, the long 0 → −10; net calls 0 → no
// unpaired charge. Isolated: the short call's IM = −(15 %·100 + mark) ≈ −21.3 (maxSpotReq 0.15 at the money),
// worse than −10, so the max-loss branch binds: requirement 10 (no oracle charge at confidence 1, no de-peg).
// Euler: the short call carries its payoff at 110 (10), the long call its payoff there (0).
const portfolio: SrmPortfolio = {
  cashUsd: 0,
  stablePrice: 1,
  markets: [
    {
      underlying: "ETH",
      spot: 100,
      spotConfidence: 1,
      perp: null,
      basePosition: 0,
      expiries: [
        {
          id: "e",
          years: 0.1,
          forward: 100,
          confidence: 1,
          options: [
            { strike: 100, isCall: true, amount: -1, vol: 0.5 },
            { strike: 110, isCall: true, amount: 1, vol: 0.5 },
          ],
        },
      ],
    },
  ],
};
const refs: SrmPositionRef[] = [
  { kind: "option", market: 0, expiry: 0, option: 0 },
  { kind: "option", market: 0, expiry: 0, option: 1 },
];

describe("SRM attribution, hand-computed call spread", () => {
  it("the max-loss branch binds: requirement 10, Euler shares 10 and 0", () => {
    const r = computeSrm(portfolio, P);
    if (!r.ok) throw new Error(r.error);
    expect(r.result.imUsd).toBeCloseTo(10, 12);
    const a = srmAttribution(portfolio, P, refs);
    if (!a.ok) throw new Error(a.error);
    expect(a.attribution.euler[0]).toBeCloseTo(10, 12);
    expect(Math.abs(a.attribution.euler[1]!)).toBe(0);
  });

  it("standalone and incremental: the short call alone is isolated (15 + its mark); the long alone needs 0", () => {
    // alone, the short call is unpaired: max loss = −1.2·100 = −120 < isolated, so isolated binds: 15 + mark.
    const mark = black76Price(100, 100, 0.1, 0.5, 0, true);
    const a = srmAttribution(portfolio, P, refs);
    if (!a.ok) throw new Error(a.error);
    expect(Math.abs(a.attribution.standalone[0]! - (15 + mark))).toBeLessThan(EXACT_TOL);
    expect(a.attribution.standalone[1]).toBe(0);
    // incremental: with both 10; without the long call the short alone needs 15 + mark, so the long's is 10 − (15 + mark)
    expect(Math.abs(a.attribution.incremental[1]! - (10 - (15 + mark)))).toBeLessThan(EXACT_TOL);
    expect(Math.abs(a.attribution.incremental[0]! - 10)).toBeLessThan(EXACT_TOL);
  });
});
