import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { NO_SCENARIO, withSpotFactor } from "@/lib/market/scenario";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { MarketSnapshot } from "@/lib/market/types";
import type { NewPosition, SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "@/lib/margin/models/compute";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import type { VenueRow } from "@/lib/margin/result-types";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { compareModes } from "./mode-comparison";
import { computeShared, SHARED_COMPUTE_ENTRIES } from "./shared-compute";
import { compareVenues } from "./venue-comparison";

/** The straightforward venue table (before the work cuts): one fresh full model run per rulebook. */
function referenceCompareVenues(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): VenueRow[] {
  return RULEBOOK_INFOS.map((p): VenueRow => {
    const mode = p.kind === "portfolio" ? "portfolio" : "cross";
    const profile = { id: p.id, name: p.name, version: p.version, asOf: p.asOf, kind: p.kind };
    const r = computeSubAccount({ ...sub, mode, profileId: p.id }, snapshot, { ...opts, chartPoints: 11 });
    if (!r.ok) return { ok: false, profile, mode, error: r.error };
    const x = r.result;
    return {
      ok: true,
      profile,
      mode,
      im: x.im,
      mm: x.mm,
      equity: x.equity,
      freeCollateral: x.freeCollateral,
      status: x.status,
      efficiency: x.im > 0 ? x.grossNotionalUsd / x.im : null,
      liquidation: x.liquidation,
      togetherDownPct: x.liquidationTogether?.downMovePct ?? null,
      togetherUpPct: x.liquidationTogether?.upMovePct ?? null,
    };
  });
}

const U = ["BTC", "ETH", "SOL"] as const;
const positionArb = fc
  .record({
    u: fc.constantFrom(...U),
    kind: fc.constantFrom("perp", "future", "option"),
    e: fc.nat(20),
    k: fc.nat(200),
    call: fc.boolean(),
    size: fc.double({ min: -5, max: 5, noNaN: true }).filter((s) => Math.abs(s) > 0.01),
  })
  .map(({ u, kind, e, k, call, size }) => {
    const m = SAMPLE_SNAPSHOT.underlyings[u];
    const ex = m.expiries[e % m.expiries.length]!;
    if (kind === "perp") return { kind, underlying: u, size, entryPrice: m.spot } as const;
    if (kind === "future") return { kind, underlying: u, expiry: ex.id, size, entryPrice: ex.forward } as const;
    return { kind, underlying: u, expiry: ex.id, strike: ex.strikes[k % ex.strikes.length]!, optionType: call ? "call" : "put", size, entryPrice: m.spot * 0.02 } as const;
  });

const subOf = (positions: NewPosition[], usdc: number): SubAccount => ({
  id: "v",
  name: "venues",
  mode: "cross",
  profileId: "deribit-standard",
  collateral: [{ asset: "USDC", amount: usdc }],
  positions: positions.map((p, i) => ({ ...p, id: `p${i}` }) as SubAccount["positions"][number]),
});

describe("compareVenues (shared runs) equals the straightforward table", () => {
  it("on seeded random books, with and without a what-if, before and after the mode comparison ran", () => {
    fc.assert(
      fc.property(fc.array(positionArb, { maxLength: 4 }), fc.double({ min: 1_000, max: 1_000_000, noNaN: true }), fc.constantFrom(0, -0.2), fc.boolean(), (positions, usdc, move, modesFirst) => {
        const sub = subOf(positions, usdc);
        const opts: ComputeOptions = move === 0 ? {} : { scenario: withSpotFactor(NO_SCENARIO, "all", 1 + move) };
        if (modesFirst) compareModes(sub, SAMPLE_SNAPSHOT, opts);
        expect(compareVenues(sub, SAMPLE_SNAPSHOT, opts)).toEqual(referenceCompareVenues(sub, SAMPLE_SNAPSHOT, opts));
      }),
      { seed: 20_261_128, numRuns: 12 },
    );
  }, 120_000);
});

describe("computeShared", () => {
  const a = subOf([{ kind: "perp", underlying: "BTC", size: 1, entryPrice: SAMPLE_SNAPSHOT.underlyings.BTC.spot }], 50_000);
  const b = { ...a, collateral: [{ asset: "USDC" as const, amount: 10_000 }] };

  it("returns the remembered result for the same inputs and a fresh one when any input differs", () => {
    const first = computeShared(a, SAMPLE_SNAPSHOT, { lite: true });
    expect(computeShared(a, SAMPLE_SNAPSHOT, { lite: true })).toBe(first);
    // other collateral: different equity (50,000 vs 10,000 USDC at the snapshot's USDC price)
    const other = computeShared(b, SAMPLE_SNAPSHOT, { lite: true });
    expect(other).not.toBe(first);
    expect(other).toEqual(computeSubAccount(b, SAMPLE_SNAPSHOT, { lite: true }));
    // other options, other snapshot object: not the remembered result
    expect(computeShared(a, SAMPLE_SNAPSHOT, { lite: true, chartPoints: 11 })).not.toBe(first);
    expect(computeShared(a, { ...SAMPLE_SNAPSHOT }, { lite: true })).not.toBe(first);
  });

  it("answers a run without chart points from a remembered run of the same inputs with a chart, as the model would", () => {
    const snap = { ...SAMPLE_SNAPSHOT };
    const pm: SubAccount = { ...a, mode: "portfolio", profileId: "deribit-style-pm", collateral: [{ asset: "USDC", amount: 20_000 }] };
    const grid = [0.8, 0.9, 1, 1.1, 1.2];
    const charted = computeShared(pm, snap, { chartGrid: grid });
    const bare = computeShared(pm, snap, { chartGrid: [] });
    if (!charted.ok || !bare.ok) throw new Error("compute failed");
    expect(charted.result.chart[0]!.points).toHaveLength(grid.length);
    // the same figures as the model's own run without chart points (every series there, none with a point)
    expect(bare).toEqual(computeSubAccount(pm, snap, { chartGrid: [] }));
    expect(bare.result.chart.map((s) => s.points.length)).toEqual([0]);
    // not run again: the remembered run's liquidation distances themselves
    expect(bare.result.liquidation).toBe(charted.result.liquidation);
    // other inputs (here other collateral) are not answered by it
    const poorer = computeShared({ ...pm, collateral: [{ asset: "USDC", amount: 5_000 }] }, snap, { chartGrid: [] });
    if (!poorer.ok) throw new Error("compute failed");
    expect(poorer.result.liquidation).not.toBe(charted.result.liquidation);
    expect(poorer.result.equity).toBeLessThan(bare.result.equity);
  });

  it("keeps at most SHARED_COMPUTE_ENTRIES results per snapshot (the oldest is dropped)", () => {
    const snap = { ...SAMPLE_SNAPSHOT };
    const oldest = computeShared(a, snap, { lite: true });
    for (let i = 1; i <= SHARED_COMPUTE_ENTRIES; i++) computeShared({ ...a, collateral: [{ asset: "USDC", amount: 1_000 * i }] }, snap, { lite: true });
    expect(computeShared(a, snap, { lite: true })).not.toBe(oldest);
  });
});

describe("portfolio margin with fewer chart points", () => {
  it("has the same requirements and liquidation distances, and a chart of chartPoints + liquidation points + spot", () => {
    const sub: SubAccount = {
      ...subOf([{ kind: "perp", underlying: "BTC", size: 2, entryPrice: SAMPLE_SNAPSHOT.underlyings.BTC.spot }], 40_000),
      mode: "portfolio",
      profileId: "deribit-style-pm",
    };
    const wide = computeSubAccount(sub, SAMPLE_SNAPSHOT);
    const narrow = computeSubAccount(sub, SAMPLE_SNAPSHOT, { chartPoints: 11 });
    if (!wide.ok || !narrow.ok) throw new Error("compute failed");
    const { chart: wideChart, ...wideRest } = wide.result;
    const { chart: narrowChart, ...narrowRest } = narrow.result;
    expect(narrowRest).toEqual(wideRest);
    expect(wide.result.liquidation[0]?.state).toBe("found"); // 2 BTC long on 40,000 USDC liquidates on the way down
    // chartFactors: n grid points + one per liquidation price found + the current spot (at most; duplicates merge)
    const extra = wide.result.liquidation[0]!.down ? 2 : 1;
    expect(wideChart[0]!.points.length).toBeLessThanOrEqual(41 + extra);
    expect(wideChart[0]!.points.length).toBeGreaterThan(40);
    expect(narrowChart[0]!.points.length).toBeLessThanOrEqual(11 + extra);
    expect(narrowChart[0]!.points.length).toBeGreaterThan(10);
  });
});
