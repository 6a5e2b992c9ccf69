import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyScenario, NO_SCENARIO, withSpotFactor } from "@/lib/market/scenario";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import { MARGIN_MODES, type MarginMode, type SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "@/lib/margin/models/compute";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import type { LiquidationDistance, MaxExtraPosition, ModeView, StressOutcome, SubAccountResult } from "@/lib/margin/result-types";
import { profileIdForMode } from "@/lib/margin/venues/catalogue";
import { compareModes, STRESS_MOVES_PCT } from "./mode-comparison";

/*
 * The straightforward mode comparison (as it was before the work cuts: a full model run per mode
 * with the default chart, every other run `lite` with Greeks, the unmoved free collateral computed
 * once per direction). The optimised compareModes must return exactly the same views.
 */
const MAX_EXTRA_COINS = 1_000_000;
const CURVE_FACTORS = Array.from({ length: 41 }, (_, i) => 0.5 + i * 0.025);

function nearestIsolated(r: SubAccountResult): LiquidationDistance[] {
  const out = new Map<Underlying, LiquidationDistance>();
  for (const p of r.positions) {
    const l = p.isolated?.liquidation;
    if (!l) continue;
    const cur = out.get(p.underlying) ?? { underlying: p.underlying, spot: l.spot, state: "none-in-range" as const, down: null, up: null };
    const down = l.down && (!cur.down || l.down.price > cur.down.price) ? l.down : cur.down;
    const up = l.up && (!cur.up || l.up.price < cur.up.price) ? l.up : cur.up;
    const state = cur.state === "already" || l.state === "already" ? "already" : down || up ? "found" : "none-in-range";
    out.set(p.underlying, { ...cur, state, down, up });
  }
  return [...out.values()];
}

function mainUnderlying(r: SubAccountResult): Underlying {
  const by = new Map<Underlying, number>();
  for (const p of r.positions) by.set(p.underlying, (by.get(p.underlying) ?? 0) + p.notionalUsd);
  let best: Underlying = "BTC";
  let max = -1;
  for (const [u, n] of by) if (n > max) [best, max] = [u, n];
  return best;
}

function maxExtraCoins(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions, u: Underlying, direction: 1 | -1): number {
  const mark = applyScenario(snapshot, opts.scenario ?? NO_SCENARIO).underlyings[u].perpMark;
  const free = (coins: number) => {
    if (coins === 0) {
      const r = computeSubAccount(sub, snapshot, { ...opts, lite: true });
      return r.ok ? r.result.freeCollateral : -1;
    }
    const extra = { id: "__extra__", kind: "perp" as const, underlying: u, size: direction * coins, entryPrice: mark };
    const r = computeSubAccount({ ...sub, positions: [...sub.positions, extra] }, snapshot, { ...opts, lite: true });
    return r.ok ? r.result.freeCollateral : -1;
  };
  if (!(free(0) > 0)) return 0;
  let lo = 0;
  let hi = Math.max(1e-6, 1_000 / mark);
  while (free(hi) >= 0) {
    lo = hi;
    hi *= 4;
    if (hi > MAX_EXTRA_COINS) return MAX_EXTRA_COINS;
  }
  for (let i = 0; i < 60 && hi - lo > 1e-9 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (free(mid) >= 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

function referenceCompareModes(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}, modes: readonly MarginMode[] = MARGIN_MODES): ModeView[] {
  return modes.map((mode): ModeView => {
    const asMode = { ...sub, mode, profileId: profileIdForMode(mode, sub.profileId) };
    const full = computeSubAccount(asMode, snapshot, opts);
    if (!full.ok) return { ok: false, mode, error: full.error };
    const r = full.result;
    const stress = STRESS_MOVES_PCT.map((movePct): StressOutcome => {
      const after = computeSubAccount(asMode, snapshot, { ...opts, scenario: withSpotFactor(opts.scenario ?? NO_SCENARIO, "all", 1 + movePct / 100), lite: true });
      if (!after.ok) return { movePct, equityAfter: Number.NaN, lossUsd: Number.NaN, accountLiquidated: false, liquidatedPositions: 0 };
      const a = after.result;
      const liquidatedPositions = mode === "isolated" ? a.positions.filter((p) => p.isolated?.liquidation.state === "already").length : 0;
      const rawLoss = r.equity - a.equity;
      return {
        movePct,
        equityAfter: a.equity,
        lossUsd: mode === "isolated" ? rawLoss : Math.min(rawLoss, Math.max(r.equity, 0)),
        accountLiquidated: mode !== "isolated" && a.status === "liquidation",
        liquidatedPositions,
      };
    });
    const u = mainUnderlying(r);
    const market = applyScenario(snapshot, opts.scenario ?? NO_SCENARIO).underlyings[u];
    const maxExtra: MaxExtraPosition = { underlying: u, longCoins: maxExtraCoins(asMode, snapshot, opts, u, 1), shortCoins: maxExtraCoins(asMode, snapshot, opts, u, -1), markUsd: market.perpMark };
    const curve = CURVE_FACTORS.map((f) => {
      const at = computeSubAccount(asMode, snapshot, { ...opts, scenario: withSpotFactor(opts.scenario ?? NO_SCENARIO, u, f), lite: true });
      const spot = market.spot * f;
      return at.ok ? { price: spot, equity: at.result.equity, mm: at.result.mm } : { price: spot, equity: 0, mm: 0 };
    });
    return {
      ok: true,
      mode,
      curve,
      equity: r.equity,
      im: r.im,
      mm: r.mm,
      freeCollateral: r.freeCollateral,
      status: r.status,
      efficiency: r.im > 0 ? r.grossNotionalUsd / r.im : null,
      liquidation: mode === "isolated" ? nearestIsolated(r) : r.liquidation,
      togetherDownPct: r.liquidationTogether?.downMovePct ?? null,
      togetherUpPct: r.liquidationTogether?.upMovePct ?? null,
      maxExtra,
      stress,
    };
  });
}

const U = ["BTC", "ETH", "SOL"] as const;

/** A random small book on the sample snapshot: perps, futures and options of listed expiries and strikes. */
const positionArb = fc
  .record({
    u: fc.constantFrom(...U),
    kind: fc.constantFrom("perp", "future", "option"),
    e: fc.nat(20),
    k: fc.nat(200),
    call: fc.boolean(),
    size: fc.double({ min: -5, max: 5, noNaN: true }).filter((s) => Math.abs(s) > 0.01),
    entry: fc.double({ min: 0.8, max: 1.2, noNaN: true }),
  })
  .map(({ u, kind, e, k, call, size, entry }) => {
    const m = SAMPLE_SNAPSHOT.underlyings[u];
    const ex = m.expiries[e % m.expiries.length]!;
    if (kind === "perp") return { kind, underlying: u, size, entryPrice: m.spot * entry } as const;
    if (kind === "future") return { kind, underlying: u, expiry: ex.id, size, entryPrice: ex.forward * entry } as const;
    const strike = ex.strikes[k % ex.strikes.length]!;
    return { kind, underlying: u, expiry: ex.id, strike, optionType: call ? "call" : "put", size, entryPrice: Math.max(1, m.spot * 0.02 * entry) } as const;
  });

const bookArb = fc.record({
  positions: fc.array(positionArb, { minLength: 0, maxLength: 5 }),
  usdc: fc.double({ min: 1_000, max: 2_000_000, noNaN: true }),
  btc: fc.double({ min: 0, max: 5, noNaN: true }),
  mode: fc.constantFrom(...MARGIN_MODES),
  profileId: fc.constantFrom("deribit-standard", "derive-standard", "derive-pm2", "deribit-style-pm", "okx-pm", "bybit-cross"),
  move: fc.constantFrom(0, -0.1, 0.15),
});

describe("compareModes (optimised) equals the straightforward comparison", () => {
  it("on seeded random books in every mode and under a what-if scenario, field for field", () => {
    fc.assert(
      fc.property(bookArb, ({ positions, usdc, btc, mode, profileId, move }) => {
        const sub: SubAccount = {
          id: "r",
          name: "random",
          mode,
          profileId: profileIdForMode(mode, profileId),
          collateral: [{ asset: "USDC", amount: usdc }, ...(btc > 0 ? [{ asset: "BTC" as const, amount: btc }] : [])],
          positions: positions.map((p, i) => ({ ...p, id: `p${i}` }) as SubAccount["positions"][number]),
        };
        const opts: ComputeOptions = move === 0 ? {} : { scenario: withSpotFactor(NO_SCENARIO, "all", 1 + move) };
        const got = compareModes(sub, SAMPLE_SNAPSHOT, opts);
        const want = referenceCompareModes(sub, SAMPLE_SNAPSHOT, opts);
        // the largest extra perp: Brent's method there, bisection here, each to 1e-9 of a bracket end
        // at most 4× the size, so within 1e-8 of each other. The curve: read from the full run's
        // chart there (the spot moved ×f on the scenario market), one run per point here (the
        // scenario's factor and f multiplied first): the same figures but for the rounding of
        // spot × a × f, so within 1e-9 of the account's size. Every other field identical.
        const coins = (views: ModeView[]) => views.map((v) => (v.ok && v.maxExtra ? [v.maxExtra.longCoins, v.maxExtra.shortCoins] : []));
        const rest = (views: ModeView[]) => views.map((v) => (v.ok ? { ...v, curve: [], maxExtra: v.maxExtra && { ...v.maxExtra, longCoins: 0, shortCoins: 0 } } : v));
        expect(rest(got)).toEqual(rest(want));
        got.forEach((g, i) => {
          const w = want[i] as ModeView;
          if (!g.ok || !w.ok) return;
          expect(g.curve.map((p) => p.price)).toEqual(w.curve.map((p) => p.price));
          const scale = Math.max(1, ...w.curve.map((p) => Math.max(Math.abs(p.equity), Math.abs(p.mm))));
          g.curve.forEach((p, j) => {
            const q = w.curve[j]!;
            expect(Math.abs(p.equity - q.equity)).toBeLessThanOrEqual(1e-9 * scale);
            expect(Math.abs(p.mm - q.mm)).toBeLessThanOrEqual(1e-9 * scale);
          });
        });
        const a = coins(got).flat();
        const b = coins(want).flat();
        expect(a.length).toBe(b.length);
        a.forEach((x, i) => expect(Math.abs(x - (b[i] as number))).toBeLessThanOrEqual(1e-8 * Math.max(Math.abs(b[i] as number), 1e-12)));
      }),
      { seed: 12_2026, numRuns: 25 },
    );
  }, 120_000);
});
