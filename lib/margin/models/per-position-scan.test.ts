import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { UNDERLYINGS, type Underlying } from "@/lib/market/types";
import { mulberry32 } from "@/lib/quant/prng";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import type { SubAccountResult } from "@/lib/margin/result-types";
import { DERIBIT_STANDARD } from "@/lib/margin/venues/deribit";
import { BYBIT_CROSS } from "@/lib/margin/venues/bybit";
import { preparePosition, valuePosition, type PreparedPosition } from "@/lib/margin/valuation/position-value";
import { liquidationAlong } from "@/lib/margin/analyses/liquidation";
import { chartFactors } from "@/lib/margin/analyses/chart-grid";
import { computeWithRulebook } from "./compute";
import { isolatedMaintenance, positionRequirement } from "./per-position";

/**
 * The per-position model's liquidation scans take a fast path (allocation-free marks, one
 * evaluation per underlying and spot factor shared by the per-underlying scans, the all-together
 * scan and the chart). These properties recompute, on seeded random books, every liquidation
 * price and chart point the straightforward way — a fresh `valuePosition` and `positionRequirement`
 * for every position at every factor, summed in the model's order — and ask for the SAME numbers
 * (bit-identical: the fast path only removes repeated work, it changes no arithmetic).
 *
 * Collateral is USDC only, which does not move with any underlying: the collateral terms of the
 * scan are then constants, taken from the result's collateral block (collateral valuation is not
 * what these tests check).
 */

const snap = SAMPLE_SNAPSHOT;
/** the same Deribit rules with haircuts on both sides: no IM-only haircut term in the chart's IM line */
const DERIBIT_BOTH_SIDES: PerPositionRulebook = { ...DERIBIT_STANDARD, haircutAppliesTo: "both" };
const SEED = 20261128;
/** chart points asked for (within CHART_POINTS of lib/market/limits.ts) */
const CHART_N = 41;

/** A book of `n` positions drawn from the sample snapshot with a fixed-seed generator. */
function randomBook(seed: number, n: number, usdc: number, mode: SubAccount["mode"], profileId: string): SubAccount {
  const r = mulberry32(seed);
  const positions = Array.from({ length: n }, (_, i): Position => {
    const u = UNDERLYINGS[Math.floor(r() * UNDERLYINGS.length)]!;
    const m = snap.underlyings[u];
    const size = (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 8)) * (u === "BTC" ? 0.5 : u === "ETH" ? 5 : 100);
    const e = m.expiries[Math.floor(r() * m.expiries.length)]!;
    const kind = r();
    if (kind < 0.15) return { id: `p${i}`, kind: "perp", underlying: u, size, entryPrice: m.perpMark * (0.9 + 0.2 * r()) };
    if (kind < 0.3) return { id: `p${i}`, kind: "future", underlying: u, expiry: e.id, size, entryPrice: e.forward * (0.9 + 0.2 * r()) };
    const strike = e.strikes[Math.floor(r() * e.strikes.length)]!;
    return { id: `p${i}`, kind: "option", underlying: u, expiry: e.id, strike, optionType: r() < 0.5 ? "call" : "put", size, entryPrice: m.spot * 0.02 * r() };
  });
  return { id: "scan", name: "scan", mode, profileId, collateral: [{ asset: "USDC", amount: usdc }], positions };
}

function compute(sub: SubAccount, rb: PerPositionRulebook): SubAccountResult {
  const r = computeWithRulebook(sub, rb, snap, { chartPoints: CHART_N });
  if (!r.ok) throw new Error(r.error);
  return r.result;
}

function prepare(sub: SubAccount): PreparedPosition[] {
  return sub.positions.map((p) => {
    const x = preparePosition(p, snap);
    if (typeof x === "string") throw new Error(x);
    return x;
  });
}

/** Σ P&L, IM and MM of positions with their spot ×f, the straightforward way (a Valuation per position). */
function straightforward(rb: PerPositionRulebook, list: PreparedPosition[], f: number) {
  let pnl = 0;
  let im = 0;
  let mm = 0;
  for (const p of list) {
    const v = valuePosition(p, f);
    pnl += p.size * (v.mark - p.position.entryPrice);
    const req = positionRequirement(rb, p, v);
    im += req.im;
    mm += req.mm;
  }
  return { pnl, im, mm };
}

/** Cross mode: liquidation distances, all-together distance and chart, recomputed without the fast path. */
function crossReference(sub: SubAccount, rb: PerPositionRulebook, res: SubAccountResult) {
  const prepared = prepare(sub);
  const by = (u: Underlying) => prepared.filter((p) => p.underlying === u);
  const collateralValue = res.collateral.reduce((s, c) => s + c.collateralValue, 0);
  let pnlNow = 0;
  let imNow = 0;
  let mmNow = 0;
  for (const p of prepared) {
    const v = valuePosition(p);
    pnlNow += p.size * (v.mark - p.position.entryPrice);
    const req = positionRequirement(rb, p, v);
    imNow += req.im;
    mmNow += req.mm;
  }
  const equity = collateralValue + pnlNow;
  // the model's arithmetic with the (here constant, zero) moving-collateral terms written out
  const at = (u: Underlying, f: number) => {
    const here = straightforward(rb, by(u), 1);
    const e = straightforward(rb, by(u), f);
    return { im: imNow - here.im + e.im + 0, mm: mmNow - here.mm + e.mm, equity: equity - here.pnl - 0 + 0 + e.pnl };
  };
  const liquidation = res.liquidation.map((l) =>
    liquidationAlong(l.underlying, l.spot, (f) => {
      const r = at(l.underlying, f);
      return r.equity - r.mm;
    }),
  );
  const together = liquidationAlong("BTC", 1, (f) => {
    let surplus = collateralValue - 0;
    for (const u of UNDERLYINGS) {
      const e = straightforward(rb, by(u), f);
      surplus += 0 + e.pnl - e.mm;
    }
    return surplus;
  });
  const chart = liquidation.map((l) => ({
    underlying: l.underlying,
    points: chartFactors([l], CHART_N).map((f) => ({ price: l.spot * f, ...at(l.underlying, f) })),
  }));
  return { liquidation, together, chart };
}

const bookArb = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  n: fc.integer({ min: 1, max: 30 }),
  // from thin (liquidation close by, or already) to ample (none in range)
  usdc: fc.constantFrom(2_000, 20_000, 200_000, 2_000_000),
});

describe("per-position liquidation scans: the fast path equals the straightforward evaluation", () => {
  for (const rb of [DERIBIT_STANDARD, DERIBIT_BOTH_SIDES, BYBIT_CROSS]) {
    it(`cross (${rb.id}${rb === DERIBIT_BOTH_SIDES ? ", haircuts on both sides" : ""}): liquidation prices, together move and chart points (fixed seed)`, () => {
      fc.assert(
        fc.property(bookArb, ({ seed, n, usdc }) => {
          const sub = randomBook(seed, n, usdc, "cross", rb.id);
          const res = compute(sub, rb);
          const ref = crossReference(sub, rb, res);
          expect(res.liquidation.map((l) => [l.underlying, l.state, l.down?.price ?? null, l.up?.price ?? null])).toEqual(ref.liquidation.map((l) => [l.underlying, l.state, l.down?.price ?? null, l.up?.price ?? null]));
          expect(res.liquidationTogether).toEqual({ state: ref.together.state, downMovePct: ref.together.down?.movePct ?? null, upMovePct: ref.together.up?.movePct ?? null });
          for (const c of ref.chart) {
            const got = res.chart.find((s) => s.underlying === c.underlying)!.points;
            // IM-only haircuts (Deribit as published) add a constant haircut term to the IM line: compare IM exactly only without it
            const imExact = rb.haircutAppliesTo !== "initial";
            expect(got.map((p) => [p.price, p.equity, p.mm, ...(imExact ? [p.im] : [])])).toEqual(c.points.map((p) => [p.price, p.equity, p.mm, ...(imExact ? [p.im] : [])]));
          }
        }),
        { seed: SEED, numRuns: 25 },
      );
    });
  }

  for (const rb of [DERIBIT_STANDARD, DERIBIT_BOTH_SIDES, BYBIT_CROSS]) {
    it(`isolated (${rb.id}${rb === DERIBIT_BOTH_SIDES ? ", haircuts on both sides" : ""}): every position's liquidation prices and the chart points (fixed seed)`, () => {
      fc.assert(
        fc.property(bookArb, ({ seed, n, usdc }) => {
          const sub = randomBook(seed, n, usdc, "isolated", rb.id);
          const res = compute(sub, rb);
          prepare(sub).forEach((p, i) => {
            const iso = res.positions[i]!.isolated!;
            const surplus = (f: number) => {
              const v = valuePosition(p, f);
              return iso.allocated + p.size * (v.mark - p.position.entryPrice) - isolatedMaintenance(rb, p, v);
            };
            const ref = liquidationAlong(p.underlying, snap.underlyings[p.underlying].spot, surplus);
            expect([iso.liquidation.state, iso.liquidation.down?.price ?? null, iso.liquidation.up?.price ?? null]).toEqual([ref.state, ref.down?.price ?? null, ref.up?.price ?? null]);
          });
          // chart: u's positions revalued (each losing at most its allocation), the others as they are now
          const prepared = prepare(sub);
          const collateralValue = res.collateral.reduce((s, c) => s + c.collateralValue, 0);
          const imExact = rb.haircutAppliesTo !== "initial";
          for (const series of res.chart) {
            const u = series.underlying;
            const liqs = res.positions.filter((r) => r.underlying === u).map((r) => r.isolated!.liquidation);
            const want = chartFactors(liqs, CHART_N).map((f) => {
              let e = collateralValue - 0 + 0;
              let m = 0;
              let iReq = 0;
              prepared.forEach((p, i) => {
                const r = res.positions[i]!;
                if (p.underlying !== u) {
                  e += Math.max(r.pnlUsd, -r.isolated!.allocated);
                  m += r.mm;
                  iReq += r.im;
                  return;
                }
                const v = valuePosition(p, f);
                const req = positionRequirement(rb, p, v);
                e += Math.max(p.size * (v.mark - p.position.entryPrice), -r.isolated!.allocated);
                m += req.mm;
                iReq += req.im;
              });
              return [series.spot * f, e, m, ...(imExact ? [iReq + 0] : [])];
            });
            expect(series.points.map((p) => [p.price, p.equity, p.mm, ...(imExact ? [p.im] : [])])).toEqual(want);
          }
        }),
        { seed: SEED, numRuns: 25 },
      );
    });
  }

  it("the random books reach every liquidation state (the properties are not vacuous)", () => {
    const states = new Set<string>();
    fc.assert(
      fc.property(bookArb, ({ seed, n, usdc }) => {
        for (const l of compute(randomBook(seed, n, usdc, "cross", DERIBIT_STANDARD.id), DERIBIT_STANDARD).liquidation) states.add(l.state);
      }),
      { seed: SEED, numRuns: 25 },
    );
    expect([...states].sort()).toEqual(["already", "found", "none-in-range"]);
  });
});
