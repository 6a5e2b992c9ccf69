import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { SAMPLE_HISTORY, type PriceHistory } from "../history/returns";
import { ewmaVariances, normalSource } from "../scenarios";
import { fitGarch, GARCH_MIN_RETURNS, garchLogLikelihood, garchTermStructure, garchVariances, type GarchParams } from "./garch";
import { nelderMead } from "./nelder-mead";
import { percentileOf, regimeOf } from "./regime";
import { volForecast } from "./vol-forecast";

/** Parameter recovery: every estimate within this many of its own standard errors. */
const RECOVERY_SES = 3;
const LN_2PI = Math.log(2 * Math.PI);

/** x_t = √h_t·z_t with h_{t+1} = ω + α x_t² + β h_t, h_1 = the long-run variance; seeded. */
function simulateGarch(p: GarchParams, n: number, seed: number): Float64Array {
  const z = normalSource(seed);
  const x = new Float64Array(n);
  let h = p.omega / (1 - p.alpha - p.beta);
  for (let t = 0; t < n; t++) {
    x[t] = Math.sqrt(h) * z();
    h = p.omega + p.alpha * x[t]! * x[t]! + p.beta * h;
  }
  return x;
}

describe("EWMA (RiskMetrics 1996, λ = 0.94)", () => {
  it("follows v_{t+1} = λ v_t + (1 − λ) x_t² on a 3-return hand example", () => {
    const x = Float64Array.from([0.01, -0.02, 0.03]);
    const v = ewmaVariances(x, 0.94);
    // seed: mean of the squares of the (fewer than 30) returns = (0.0001 + 0.0004 + 0.0009)/3
    const v0 = 0.0014 / 3; // 4.666…e-4
    const v1 = 0.94 * v0 + 0.06 * 0.0001; // 4.38667e-4 + 0.06e-4 = 4.44667e-4
    const v2 = 0.94 * v1 + 0.06 * 0.0004; // 4.17987e-4 + 0.24e-4 = 4.41987e-4
    const v3 = 0.94 * v2 + 0.06 * 0.0009; // 4.15467e-4 + 0.54e-4 = 4.69467e-4
    expect(v[0]).toBeCloseTo(v0, 15);
    expect(v[3]).toBeCloseTo(v3, 15);
    expect(v[3]).toBeCloseTo(4.69467e-4, 8);
    expect(Array.from(v)).toEqual([v0, v1, v2, v3].map((y) => expect.closeTo(y, 15)));
  });
});

describe("GARCH(1,1)", () => {
  it("log-likelihood of given parameters on a 3-return series equals the hand arithmetic", () => {
    const p = { omega: 1e-5, alpha: 0.1, beta: 0.8 };
    const x = [0.01, -0.02, 0.015];
    const h1 = (1e-4 + 4e-4 + 2.25e-4) / 3; // 2.416667e-4 (mean square)
    const h2 = 1e-5 + 0.1 * 1e-4 + 0.8 * h1; // 2.133333e-4
    const h3 = 1e-5 + 0.1 * 4e-4 + 0.8 * h2; // 2.206667e-4
    const ll = -0.5 * (3 * LN_2PI + Math.log(h1) + 1e-4 / h1 + Math.log(h2) + 4e-4 / h2 + Math.log(h3) + 2.25e-4 / h3);
    expect(h2).toBeCloseTo(2.133333e-4, 9);
    expect(h3).toBeCloseTo(2.206667e-4, 9);
    expect(garchLogLikelihood(p, x)).toBeCloseTo(ll, 10);
    expect(Array.from(garchVariances(p, x)).slice(0, 3)).toEqual([h1, h2, h3].map((v) => expect.closeTo(v, 15)));
  });

  it("maximum likelihood recovers ω, α, β of a simulated series within 3 standard errors", () => {
    const truth = { omega: 1e-5, alpha: 0.1, beta: 0.85 };
    const fit = fitGarch(simulateGarch(truth, 5000, 12_345));
    if (typeof fit === "string") throw new Error(fit);
    expect(fit.standardErrors).not.toBeNull();
    const se = fit.standardErrors!;
    expect(Math.abs(fit.omega - truth.omega)).toBeLessThan(RECOVERY_SES * se.omega);
    expect(Math.abs(fit.alpha - truth.alpha)).toBeLessThan(RECOVERY_SES * se.alpha);
    expect(Math.abs(fit.beta - truth.beta)).toBeLessThan(RECOVERY_SES * se.beta);
    // and the standard errors are of a sensible size for 5,000 days (α, β to about ±0.02)
    expect(se.alpha).toBeLessThan(0.03);
    expect(se.beta).toBeLessThan(0.03);
    // the optimum beats the truth's likelihood (it is the maximum)
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(garchLogLikelihood(truth, simulateGarch(truth, 5000, 12_345)) - 1e-6);
  });

  it("every fit keeps the constraints ω > 0, α, β ≥ 0, α + β < 1 (seeded property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.01, max: 0.3, noNaN: true }), fc.double({ min: 0, max: 0.65, noNaN: true }), (seed, alpha, beta) => {
        const fit = fitGarch(simulateGarch({ omega: 2e-5, alpha, beta }, 400, seed));
        if (typeof fit === "string") return false;
        return fit.omega > 0 && fit.alpha >= 0 && fit.beta >= 0 && fit.alpha + fit.beta < 1 && Number.isFinite(fit.logLikelihood);
      }),
      { seed: 15, numRuns: 12 },
    );
  });

  it("says why it cannot fit fewer than 250 returns", () => {
    expect(fitGarch(new Float64Array(GARCH_MIN_RETURNS - 1).fill(0.01))).toBe("249 daily returns are too few to fit GARCH(1,1) by maximum likelihood (at least 250 needed)");
  });

  it("term structure E[h_{T+k}] = V_L + (α+β)^{k−1}(h_{T+1} − V_L) (hand numbers)", () => {
    const p = { omega: 1e-5, alpha: 0.1, beta: 0.85 }; // V_L = 1e-5/0.05 = 2e-4
    const t = garchTermStructure(p, 4e-4, 3);
    expect(t[0]).toBeCloseTo(4e-4, 15);
    expect(t[1]).toBeCloseTo(2e-4 + 0.95 * 2e-4, 15); // 3.9e-4
    expect(t[2]).toBeCloseTo(2e-4 + 0.9025 * 2e-4, 15); // 3.805e-4
    // integrated (EWMA): flat
    expect(Array.from(garchTermStructure({ omega: 0, alpha: 0.06, beta: 0.94 }, 3e-4, 3))).toEqual([3e-4, 3e-4, 3e-4]);
  });
});

describe("Nelder–Mead", () => {
  it("finds the minimum of Rosenbrock's function at (1, 1) (Rosenbrock 1960)", () => {
    const r = nelderMead(([x, y]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2, [-1.2, 1], { maxIterations: 5000 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
});

describe("regime label", () => {
  it("mid-rank percentile and the quartile thresholds", () => {
    expect(percentileOf(3, [1, 2, 3, 4])).toBe(0.625); // (2 + ½)/4
    expect(percentileOf(0, [1, 2, 3, 4])).toBe(0);
    expect(regimeOf(0.2)).toBe("calm");
    expect(regimeOf(0.5)).toBe("normal");
    expect(regimeOf(0.8)).toBe("stressed");
  });
});

describe("vol forecast per underlying", () => {
  it("on the embedded BTC history: GARCH fitted, implied from the snapshot, blend between the two", () => {
    const v = volForecast(SAMPLE_HISTORY, SAMPLE_SNAPSHOT, "BTC", 1500, 30);
    if (typeof v === "string") throw new Error(v);
    expect(v.out.model).toBe("garch");
    expect(v.out.returns).toBe(1500);
    expect(v.out.garchMessage).toBeNull();
    for (const t of v.out.termStructure) {
      // blended variance = ½ model + ½ implied → the blended vol lies between the two
      expect(t.blendedAnnualVol ** 2).toBeCloseTo(0.5 * t.modelAnnualVol ** 2 + 0.5 * t.impliedAnnualVol ** 2, 10);
    }
    expect(v.out.toIso).toBe("2025-01-16");
  });

  it("too little history: says so and falls back to EWMA", () => {
    const usd = Array.from({ length: 101 }, (_, i) => 100 * Math.exp(0.02 * Math.sin(i)));
    const short: PriceHistory = { ...SAMPLE_HISTORY, series: { BTC: { days: usd.map((_, i) => 20_000 + i), usd } } };
    const v = volForecast(short, SAMPLE_SNAPSHOT, "BTC", 1500, 30);
    if (typeof v === "string") throw new Error(v);
    expect(v.out.model).toBe("ewma");
    expect(v.out.garch).toBeNull();
    expect(v.out.garchMessage).toBe("BTC: 100 daily returns are too few to fit GARCH(1,1) by maximum likelihood (at least 250 needed); EWMA (λ = 0.94) drives the forecast instead.");
    // the simulation runs EWMA as an integrated GARCH: α = 1 − λ, β = λ
    expect(v.sim.params.alpha).toBeCloseTo(0.06, 15);
    expect(v.sim.params.beta).toBeCloseTo(0.94, 15);
  });
});
