import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { normCdf } from "@/lib/quant/normal";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { allFinite } from "@/lib/test-support/all-finite";
import { prepareRiskBook, revalue, totals } from "./book";
import { backtest } from "./backtest";
import { jointReturns, SAMPLE_HISTORY, type PriceHistory } from "./history/returns";
import { varEs, varStandardError } from "./measures";
import { historicalScenarios, monteCarloScenarios } from "./scenarios";
import { DEFAULT_RISK_OPTIONS, riskReport, sliceLast } from "./var-report";

const snap = SAMPLE_SNAPSHOT;
const M = snap.underlyings.BTC.perpMark;
/** Standard normal quantiles (any normal table, e.g. Abramowitz & Stegun 26.2): z(0.99), z(0.975). */
const Z99 = 2.3263478740408408;
const Z975 = 1.959963984540054;
/** Monte Carlo agreement: within this many standard errors. */
const MC_SES = 3;

const perpBook = (size: number): SubAccount => ({
  id: "t",
  name: "t",
  mode: "cross",
  profileId: "deribit-standard",
  collateral: [{ asset: "USDC", amount: 1e6 }],
  positions: [{ id: "p", kind: "perp", underlying: "BTC", size, entryPrice: M }],
});
const history = (usd: number[]): PriceHistory => ({ ...SAMPLE_HISTORY, series: { BTC: { days: usd.map((_, i) => i), usd } } });

function pnlOf(sub: SubAccount, sc: ReturnType<typeof historicalScenarios>, days = 1) {
  const book = prepareRiskBook(sub, snap, days);
  if (typeof book === "string") throw new Error(book);
  return totals(revalue(book, sc), sc.n, book.columns.length);
}

describe("historical VaR/ES of a linear position (hand-computed series)", () => {
  // Prices 100, 95, 99, 90, 93, 96, 80, 84, 86, 85, 88 → 10 daily ratios:
  // 0.95, 1.0421, 0.9091, 1.0333, 1.0323, 0.8333, 1.05, 1.0238, 0.9884, 1.0353.
  // A long perp of 2 BTC loses 2·M·(1 − ratio); worst ratios 80/96, 90/99, 95/100, 85/86.
  const prices = [100, 95, 99, 90, 93, 96, 80, 84, 86, 85, 88];
  const joint = jointReturns(history(prices), ["BTC"]);
  if (typeof joint === "string") throw new Error(joint);

  it("1 day: VaR 80 % = 2nd largest loss, ES 70 % = mean of the 3 largest", () => {
    const t = varEs(pnlOf(perpBook(2), historicalScenarios(joint, 1)), 0.8, 0.7);
    // k = ⌈10·0.2⌉ = 2 → 2·M·(1 − 90/99); k′ = ⌈10·0.3⌉ = 3 → 2·M·mean(1 − 80/96, 1 − 90/99, 1 − 95/100)
    expect(t.var).toBeCloseTo(2 * M * (1 - 90 / 99), 6);
    expect(t.es).toBeCloseTo((2 * M * (1 - 80 / 96 + (1 - 90 / 99) + (1 - 95 / 100))) / 3, 6);
  });

  it("2 days: overlapping 2-day ratios, VaR 80 % = 2nd largest loss", () => {
    // 2-day ratios: 99/100, 90/95, 93/99, 96/90, 80/93, 84/96, 86/80, 85/84, 88/86 (9 scenarios)
    // k = ⌈9·0.2⌉ = 2; smallest ratios 80/93 = 0.8602, 84/96 = 0.875 → VaR = 2·M·(1 − 84/96)
    const t = varEs(pnlOf(perpBook(2), historicalScenarios(joint, 2), 2), 0.8, 0.8);
    expect(t.var).toBeCloseTo(2 * M * (1 - 84 / 96), 6);
  });
});

describe("Monte Carlo VaR/ES of a linear position converges to the closed form", () => {
  // Daily σ = 3 %, h = 4 days → s = σ·√h = 6 %; log return X ~ N(0, s²); a long perp of E = M loses E·(1 − e^X).
  // VaR_α = E·(1 − e^{−z_α·s}); ES_α = E·(1 − e^{s²/2}·Φ(−z_α − s)/(1 − α)) (lognormal partial expectation).
  // (For small s, VaR ≈ z·σ·√h·E, the textbook linear form.)
  const s = 0.06;
  const paths = 200_000;
  const sc = monteCarloScenarios(["BTC"], Float64Array.from([0.03 ** 2]), 4, paths, 42, "normal");
  const pnl = pnlOf(perpBook(1), sc, 4);
  const t = varEs(pnl, 0.99, 0.975);
  const se = varStandardError(t.sortedLosses, 0.99);

  it("VaR 99 % within 3 standard errors", () => {
    const want = M * (1 - Math.exp(-Z99 * s));
    expect(Math.abs(t.var - want)).toBeLessThan(MC_SES * se);
    expect(se / want).toBeLessThan(0.01); // and the error is small (200,000 paths)
  });

  it("ES 97.5 % within 3 standard errors of the tail mean", () => {
    const want = M * (1 - (Math.exp((s * s) / 2) * normCdf(-Z975 - s)) / 0.025);
    const tail = Array.from(t.sortedLosses.subarray(0, t.esTail.length));
    const mean = tail.reduce((a, x) => a + x, 0) / tail.length;
    const sd = Math.sqrt(tail.reduce((a, x) => a + (x - mean) ** 2, 0) / (tail.length - 1));
    expect(Math.abs(t.es - want)).toBeLessThan(MC_SES * (sd / Math.sqrt(tail.length) + varStandardError(t.sortedLosses, 0.975)));
  });

  it("Student-t draws keep the covariance (ν = 5 scaled to unit variance)", () => {
    const st = monteCarloScenarios(["BTC"], Float64Array.from([0.03 ** 2]), 1, 100_000, 7, "t");
    let v = 0;
    for (let i = 0; i < st.n; i++) v += st.logReturn[i * 3]! ** 2;
    // sample variance of a t₅ has a heavy 4th moment: 5 % tolerance at 100,000 draws
    expect(Math.abs(v / st.n / 0.03 ** 2 - 1)).toBeLessThan(0.05);
  });

  it("same seed, same scenarios", () => {
    const a = monteCarloScenarios(["BTC", "ETH"], Float64Array.from([1e-3, 5e-4, 5e-4, 2e-3]), 1, 100, 9, "t");
    const b = monteCarloScenarios(["BTC", "ETH"], Float64Array.from([1e-3, 5e-4, 5e-4, 2e-3]), 1, 100, 9, "t");
    expect(Array.from(a.logReturn)).toEqual(Array.from(b.logReturn));
  });
});

describe("hedging", () => {
  const last = sliceLast(jointReturns(SAMPLE_HISTORY, ["BTC", "ETH", "SOL"]) as Exclude<ReturnType<typeof jointReturns>, string>, 300);
  const sc = historicalScenarios(last, 1);
  const posArb = (id: string) =>
    fc
      .record({ u: fc.constantFrom("BTC", "ETH", "SOL" as const), e: fc.nat(), k: fc.nat(), opt: fc.boolean(), call: fc.boolean(), size: fc.double({ min: -10, max: 10, noNaN: true }).filter((x) => Math.abs(x) > 0.01) })
      .map(({ u, e, k, opt, call, size }): Position => {
        const m = snap.underlyings[u];
        const ex = m.expiries[e % m.expiries.length]!;
        return opt
          ? { id, kind: "option", underlying: u, expiry: ex.id, strike: ex.strikes[k % ex.strikes.length]!, optionType: call ? "call" : "put", size, entryPrice: 10 }
          : { id, kind: "perp", underlying: u, size, entryPrice: m.perpMark };
      });

  it("property: adding a perfect hedge (the opposite of λ of every position) never raises VaR", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => posArb(`p${i}`)))),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (positions, lambda) => {
          const sub: SubAccount = { ...perpBook(1), positions };
          const hedged: SubAccount = { ...sub, positions: [...positions, ...positions.filter(() => lambda > 0).map((p) => ({ ...p, id: `h-${p.id}`, size: -lambda * p.size }))] };
          const before = varEs(pnlOf(sub, sc), 0.99, 0.975).var;
          const after = varEs(pnlOf(hedged, sc), 0.99, 0.975).var;
          return after <= Math.max(before, 0) + 1e-9 * Math.max(1, Math.abs(before));
        },
      ),
      { seed: 2026, numRuns: 60 },
    );
  });

  it("a fully hedged book has zero VaR", () => {
    const p: Position = { id: "a", kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 100_000, optionType: "put", size: -3, entryPrice: 1 };
    const sub: SubAccount = { ...perpBook(1), positions: [p, { ...p, id: "b", size: 3 }] };
    expect(Math.abs(varEs(pnlOf(sub, sc), 0.99, 0.975).var)).toBe(0);
  });
});

describe("backtest", () => {
  it("hand-computed: window 4, 75 % → VaR = the largest loss of the 4 days before", () => {
    // P&L: −1, −3, 2, 0, −4, 1, −2 ; t = 4: prior [−1, −3, 2, 0] → VaR 3, loss 4 > 3 → exceedance;
    // t = 5: prior [−3, 2, 0, −4] → VaR 4, loss −1 → no; t = 6: prior [2, 0, −4, 1] → VaR 4, loss 2 → no.
    const b = backtest(Float64Array.from([-1, -3, 2, 0, -4, 1, -2]), Int32Array.from([0, 1, 2, 3, 4, 5, 6]), 0.75, 4)!;
    expect(b.points.map((p) => [p.var, p.exceeded])).toEqual([
      [3, true],
      [4, false],
      [4, false],
    ]);
    expect(b.kupiec.exceedances).toBe(1);
  });
});

describe("risk report", () => {
  it("demo book: every figure finite, components sum to VaR and ES, history dated and attributed", () => {
    const r = riskReport(DEMO_WORKSPACE.subAccounts[0]!, snap, SAMPLE_HISTORY, { ...DEFAULT_RISK_OPTIONS, mcPaths: 2000 });
    if (typeof r === "string") throw new Error(r);
    expect(allFinite(r)).toBe(true);
    expect(r.history).toMatchObject({ source: "sample", toIso: "2025-01-16", returns: 1000 });
    expect(r.history.attribution).toMatch(/MiM0ulay\/assets_risk_metrics/);
    expect(r.measures).toHaveLength(8);
    for (const m of r.measures) {
      expect(m.components.reduce((a, c) => a + c.componentVar, 0)).toBeCloseTo(m.var, 6);
      expect(m.components.reduce((a, c) => a + c.componentEs, 0)).toBeCloseTo(m.es, 6);
    }
    expect(r.backtest!.points.length).toBe(1000);
  });

  it("a book with no market exposure (USDC only) has zero VaR and ES, not NaN", () => {
    const r = riskReport({ ...perpBook(1), positions: [] }, snap, SAMPLE_HISTORY, { ...DEFAULT_RISK_OPTIONS, mcPaths: 1000 });
    if (typeof r === "string") throw new Error(r);
    for (const m of r.measures) expect([m.var, m.es]).toEqual([0, 0]);
  });

  it("bad input: a clear message, never NaN", () => {
    const sub = perpBook(1);
    expect(riskReport(sub, snap, SAMPLE_HISTORY, { ...DEFAULT_RISK_OPTIONS, varConfidence: 0.5 })).toMatch(/VaR confidence must be between 50 % and 99.99 %/);
    expect(riskReport(sub, snap, SAMPLE_HISTORY, { ...DEFAULT_RISK_OPTIONS, esConfidence: 1 })).toMatch(/ES confidence/);
    expect(riskReport(sub, snap, SAMPLE_HISTORY, { ...DEFAULT_RISK_OPTIONS, horizonDays: 30 })).toMatch(/horizon must be a whole number of days from 2 to 10/);
    expect(riskReport(sub, snap, history(Array.from({ length: 200 }, (_, i) => 100 + (i % 7))), DEFAULT_RISK_OPTIONS)).toMatch(/Too little history for 1-day VaR: 199 scenarios/);
    // 253 prices → 252 daily returns (enough for 1 day) → 252 − 5 + 1 = 248 five-day scenarios (too few)
    expect(riskReport(sub, snap, history(Array.from({ length: 253 }, (_, i) => 100 + (i % 7))), DEFAULT_RISK_OPTIONS)).toMatch(/Too little history for 5-day VaR: 248 scenarios, at least 250 needed/);
    const sol: SubAccount = { ...sub, positions: [{ id: "s", kind: "perp", underlying: "SOL", size: 1, entryPrice: 1 }] };
    expect(riskReport(sol, snap, { ...SAMPLE_HISTORY, series: { BTC: SAMPLE_HISTORY.series.BTC } }, DEFAULT_RISK_OPTIONS)).toBe("No price history for SOL");
  });
});
