import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import type { SubAccount } from "@/lib/workspace/schema";
import { allFinite } from "@/lib/test-support/all-finite";
import { SAMPLE_HISTORY } from "./history/returns";
import { NAMED_STRESS_DAYS, rangeMove, stressReplays } from "./stress";

const snap = SAMPLE_SNAPSHOT;
const M = snap.underlyings.BTC.perpMark;

describe("historical stress replays", () => {
  it("moves from the data (values from ../shared/data/price-history, hand-computed)", () => {
    // BTC 2022-06-13: 26593.3 → 2022-06-14: 22431.22 (−15.65 %)
    expect(rangeMove(SAMPLE_HISTORY, "BTC", "2022-06-13", "2022-06-13")).toBeCloseTo(Math.log(22431.22 / 26593.3), 12);
    // ETH 2020-03-12 … 13: 194.739 → 2020-03-14: 133.582
    expect(rangeMove(SAMPLE_HISTORY, "ETH", "2020-03-12", "2020-03-13")).toBeCloseTo(Math.log(133.582 / 194.739), 12);
    // SOL starts 2020-04-10: no move for the COVID crash
    expect(rangeMove(SAMPLE_HISTORY, "SOL", "2020-03-12", "2020-03-13")).toBeNull();
  });

  it("a long perp loses size × perp mark × move on each named day; every venue says whether it liquidates", () => {
    const sub: SubAccount = {
      id: "s",
      name: "s",
      mode: "cross",
      profileId: "deribit-standard",
      collateral: [{ asset: "USDC", amount: 20_000 }],
      positions: [{ id: "p", kind: "perp", underlying: "BTC", size: 2, entryPrice: M }],
    };
    const r = stressReplays(sub, snap, SAMPLE_HISTORY);
    if (typeof r === "string") throw new Error(r);
    expect(r.replays.map((x) => x.id)).toEqual(NAMED_STRESS_DAYS.map((d) => d.id));
    expect(allFinite(r.replays.map((x) => [x.pnlUsd, x.equityAfter ?? 0, x.mmAfter ?? 0]))).toBe(true);
    const celsius = r.replays.find((x) => x.id === "celsius-2022")!;
    expect(celsius.pnlUsd).toBeCloseTo(2 * M * (22431.22 / 26593.3 - 1), 6);
    expect(celsius.moves.BTC!.volShiftPts).toBeCloseTo(-0.8 * 100 * Math.log(22431.22 / 26593.3), 9);
    // 2 BTC (~2 × 91k) with 20,000 USDC: a −39 % COVID day wipes the account under every venue that lists perps.
    const covid = r.replays.find((x) => x.id === "covid-2020")!;
    expect(covid.liquidated).toBe(true);
    expect(covid.venues).toHaveLength(RULEBOOK_INFOS.length);
    for (const v of covid.venues) if (v.ok) expect(v.liquidated).toBe(true);
  });
});
