import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { applyScenario, NO_SCENARIO } from "@/lib/market/scenario";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import type { SubAccount } from "@/lib/workspace/schema";
import { allFinite } from "@/lib/test-support/all-finite";
import { SAMPLE_HISTORY, type PriceHistory } from "../history/returns";
import { forecastReport } from "./forecast-report";
import { collateralVolMultipliers, exposedUnderlyings, forwardMargin, revaluationDays } from "./forward-margin";
import { DEFAULT_FORECAST_OPTIONS } from "./request";
import { simulatePaths } from "./simulate";

const snap = SAMPLE_SNAPSHOT;
const hedged = DEMO_WORKSPACE.subAccounts[0]!;
/** Monte Carlo agreement: within this many standard errors. */
const MC_SES = 3;
const FAST = { ...DEFAULT_FORECAST_OPTIONS, paths: 400, maxHorizonDays: 7 };

/** A leveraged long BTC perp on little collateral: margin calls are likely within days. */
const leveraged: SubAccount = {
  id: "lev",
  name: "lev",
  mode: "cross",
  profileId: "deribit-standard",
  collateral: [{ asset: "USDC", amount: 30_000 }],
  positions: [{ id: "p", kind: "perp", underlying: "BTC", size: 4, entryPrice: snap.underlyings.BTC.perpMark }],
};

describe("seeded Monte Carlo paths", () => {
  it("constant variance σ² (α = β = 0): Var(R_d) = d·σ² and the correlation is kept, within 3 standard errors", () => {
    const s2 = 4e-4; // 2 % a day
    const rho = 0.6;
    const n = 4000;
    const ps = simulatePaths(
      [
        { params: { omega: s2, alpha: 0, beta: 0 }, nextVariance: s2 },
        { params: { omega: s2, alpha: 0, beta: 0 }, nextVariance: s2 },
      ],
      Float64Array.from([1, rho, rho, 1]),
      [1, 9],
      n,
      99,
    );
    for (const [d, day] of [
      [0, 1],
      [1, 9],
    ] as const) {
      let sa = 0;
      let sb = 0;
      let sab = 0;
      for (let p = 0; p < n; p++) {
        const a = ps.cum[(p * 2 + d) * 2]!;
        const b = ps.cum[(p * 2 + d) * 2 + 1]!;
        sa += a * a;
        sb += b * b;
        sab += a * b;
      }
      const va = sa / n;
      // standard error of a normal sample variance: σ²·√(2/n)
      expect(Math.abs(va - day * s2)).toBeLessThan(MC_SES * day * s2 * Math.sqrt(2 / n));
      const r = sab / Math.sqrt(sa * sb);
      // standard error of a correlation estimate ≈ (1 − ρ²)/√n
      expect(Math.abs(r - rho)).toBeLessThan(MC_SES * ((1 - rho * rho) / Math.sqrt(n)));
      expect(Math.abs(sb / n - day * s2)).toBeLessThan(MC_SES * day * s2 * Math.sqrt(2 / n));
    }
  });

  it("the same seed gives the same report; another seed another one", () => {
    const a = forecastReport(leveraged, snap, SAMPLE_HISTORY, FAST);
    const b = forecastReport(leveraged, snap, SAMPLE_HISTORY, FAST);
    const c = forecastReport(leveraged, snap, SAMPLE_HISTORY, { ...FAST, seed: FAST.seed + 1 });
    if (typeof a === "string" || typeof b === "string" || typeof c === "string") throw new Error("no report");
    expect(b).toEqual(a);
    expect(c.horizons[6]!.im.p95).not.toBe(a.horizons[6]!.im.p95);
    expect(allFinite(a)).toBe(true);
  });
});

describe("forward margin", () => {
  it("with zero volatility every path is today's market rolled forward: bands collapse onto the engine's margin at applyScenario(days forward)", () => {
    const us = exposedUnderlyings(hedged);
    const zero = { params: { omega: 0, alpha: 0, beta: 0 }, nextVariance: 0 };
    const r = forwardMargin(hedged, snap, { us, models: us.map(() => zero), corr: Float64Array.from(us.flatMap((_, i) => us.map((_, j) => (i === j ? 1 : 0)))), maxHorizonDays: 30, paths: 50, seed: 1 });
    if (typeof r === "string") throw new Error(r);
    expect(r.days).toEqual(revaluationDays(30));
    for (const h of r.horizons) {
      // independently: the market h days later, then the rulebook on it with no scenario
      const later = applyScenario(snap, { ...NO_SCENARIO, daysForward: h.days });
      const e = computeSubAccount(hedged, later);
      if (!e.ok) throw new Error(e.error);
      for (const b of [h.im.p5, h.im.median, h.im.p95]) expect(b).toBeCloseTo(e.result.im, 6);
      for (const b of [h.mm.p5, h.mm.p95]) expect(b).toBeCloseTo(e.result.mm, 6);
      expect(h.equity.median).toBeCloseTo(e.result.equity, 6);
      expect(h.collateralVolMultiplier).toBe(1);
    }
    // the hedged demo is far from its IM with nothing moving: no call, no liquidation
    expect(r.probabilities.map((p) => p.marginCall)).toEqual([0, 0, 0]);
  });

  it("probabilities grow with the horizon and liquidation is never likelier than a margin call", () => {
    const r = forecastReport(leveraged, snap, SAMPLE_HISTORY, { ...DEFAULT_FORECAST_OPTIONS, paths: 1000 });
    if (typeof r === "string") throw new Error(r);
    expect(r.probabilities.map((p) => p.days)).toEqual([1, 7, 30]);
    for (let i = 1; i < r.probabilities.length; i++) {
      expect(r.probabilities[i]!.marginCall).toBeGreaterThanOrEqual(r.probabilities[i - 1]!.marginCall);
      expect(r.probabilities[i]!.liquidation).toBeGreaterThanOrEqual(r.probabilities[i - 1]!.liquidation);
    }
    for (const p of r.probabilities) expect(p.liquidation).toBeLessThanOrEqual(p.marginCall);
    // a 4 BTC perp (≈ $380k) on $30k: some paths call within 30 days, not all
    expect(r.probabilities[2]!.marginCall).toBeGreaterThan(0);
    expect(r.probabilities[2]!.marginCall).toBeLessThan(1);
    // bands are ordered
    for (const h of r.horizons) {
      expect(h.im.p5).toBeLessThanOrEqual(h.im.median);
      expect(h.im.median).toBeLessThanOrEqual(h.im.p95);
    }
  });

  it("the interpolated margin agrees with whole-book engine calls on the checked paths (demo book, within 1 % of IM)", () => {
    const r = forecastReport(hedged, snap, SAMPLE_HISTORY, { ...FAST, maxHorizonDays: 30 });
    if (typeof r === "string") throw new Error(r);
    expect(r.engineCheck.points).toBeGreaterThanOrEqual(6);
    expect(r.engineCheck.maxRelImError).toBeLessThan(0.01);
    expect(r.engineCheck.maxAbsEquityError).toBeLessThan(0.01 * r.today.equity);
  });
});

describe("dynamic haircuts and progress", () => {
  it("the collateral-vol multiplier follows the forecast term structure: k_h = √(E[h_{T+h}]/h_{T+1}) (hand numbers)", () => {
    const sub: SubAccount = { ...leveraged, collateral: [{ asset: "BTC", amount: 1 }] };
    const m = { params: { omega: 1e-5, alpha: 0.1, beta: 0.85 }, nextVariance: 4e-4 }; // V_L = 2e-4
    const k = collateralVolMultipliers(sub, snap, ["BTC"], [m], [1, 2, 3]);
    expect(k[0]).toBe(1);
    expect(k[1]).toBeCloseTo(Math.sqrt((2e-4 + 0.95 * 2e-4) / 4e-4), 12); // √0.975
    expect(k[2]).toBeCloseTo(Math.sqrt((2e-4 + 0.9025 * 2e-4) / 4e-4), 12); // √0.95125
    // stablecoins only: no coin collateral, the multiplier stays 1
    expect(collateralVolMultipliers(leveraged, snap, ["BTC"], [m], [1, 30])).toEqual([1, 1]);
  });

  it("reports progress: fractions in [0, 1], never decreasing, ending at 1", () => {
    const seen: number[] = [];
    const r = forecastReport(hedged, snap, SAMPLE_HISTORY, FAST, (f) => seen.push(f));
    if (typeof r === "string") throw new Error(r);
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it("the what-if's collateral-vol ×k scales today's haircuts as the engine does", () => {
    const sub: SubAccount = { ...hedged, haircutModel: "dynamic" }; // USDC and BTC collateral on dynamic haircuts
    const r = forecastReport(sub, snap, SAMPLE_HISTORY, FAST, undefined, 3);
    if (typeof r === "string") throw new Error(r);
    const e = computeSubAccount(sub, snap, { scenario: { ...NO_SCENARIO, collateralVolMultiplier: 3 } });
    const e1 = computeSubAccount(sub, snap);
    if (!e.ok || !e1.ok) throw new Error("engine refused");
    // the equity the IM check uses (Deribit applies haircuts on the IM side only; other rulebooks to equity itself)
    const counted = (x: typeof e.result) => ("initialEquity" in x && typeof x.initialEquity === "number" ? x.initialEquity : x.equity);
    expect(counted(e.result)).toBeLessThan(counted(e1.result)); // ×3 vol: larger haircuts
    expect(r.today.initialEquity).toBeCloseTo(counted(e.result), 6);
    expect(r.today.equity).toBeCloseTo(e.result.equity, 6);
    expect(r.horizons[0]!.collateralVolMultiplier).toBe(3);
  });
});

describe("bad input", () => {
  it("zero paths, a horizon past 30 days: the trader's message", () => {
    expect(forecastReport(hedged, snap, SAMPLE_HISTORY, { ...FAST, paths: 0 })).toBe("Use at least 100 Monte Carlo paths: fewer give no meaningful 5 %–95 % band");
    expect(forecastReport(hedged, snap, SAMPLE_HISTORY, { ...FAST, maxHorizonDays: 31 })).toBe("The forecast horizon can be at most 30 days");
  });

  it("options expiring inside the horizon are named: they settle", () => {
    const r = forecastReport(hedged, snap, SAMPLE_HISTORY, FAST);
    if (typeof r === "string") throw new Error(r);
    // the demo's ETH 3600 call expires 2026-11-27 08:00, 7 days after the snapshot (2026-11-20 08:00)
    expect(r.warnings[0]).toBe("ETH 2026-11-27 expires on day 7 (ETH-27NOV26-3600-C): from then on it is settled at the simulated price and no longer margined.");
    const shorter = forecastReport(hedged, snap, SAMPLE_HISTORY, { ...FAST, maxHorizonDays: 6 });
    if (typeof shorter === "string") throw new Error(shorter);
    expect(shorter.warnings.some((w) => w.includes("expires"))).toBe(false);
  });

  it("no history for an underlying the book holds: says so", () => {
    const noSol: PriceHistory = { ...SAMPLE_HISTORY, series: { BTC: SAMPLE_HISTORY.series.BTC, ETH: SAMPLE_HISTORY.series.ETH } };
    const sol: SubAccount = { ...leveraged, positions: [{ id: "s", kind: "perp", underlying: "SOL", size: 10, entryPrice: 180 }] };
    expect(forecastReport(sol, snap, noSol, FAST)).toBe("Cannot forecast SOL: No price history for SOL");
  });

  it("a short history: GARCH is not fitted, the report says so and runs on EWMA", () => {
    const usd = Array.from({ length: 120 }, (_, i) => 90_000 * Math.exp(0.03 * Math.sin(i * 1.7)));
    const short: PriceHistory = { ...SAMPLE_HISTORY, series: { BTC: { days: usd.map((_, i) => 20_000 + i), usd } } };
    const r = forecastReport(leveraged, snap, short, FAST);
    if (typeof r === "string") throw new Error(r);
    expect(r.vols[0]!.model).toBe("ewma");
    expect(r.warnings).toContain("BTC: 119 daily returns are too few to fit GARCH(1,1) by maximum likelihood (at least 250 needed); EWMA (λ = 0.94) drives the forecast instead.");
  });
});
