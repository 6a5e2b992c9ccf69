/**
 * Benchmark of the predictive-margin forecast (lib/risk/forecast), prints figures only (no assertions):
 *
 *   npx tsx scripts/bench-forecast.ts
 *
 *  1. the whole report (3 GARCH fits, 2,000 paths × 30 days, margin surfaces on 11 revaluation days,
 *     engine check, forecast check) for a 200-position cross book on the Deribit-style standard
 *     rulebook, and for the demo book; median of runs;
 *  2. its parts: the GARCH fits, the path simulation alone, the number of engine calls.
 * Runs in Node on the worker's code (the worker adds no maths), one thread. The machine's load is
 * printed with the figures: they are noisy on a shared machine.
 */
import { loadavg } from "node:os";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { bookOf } from "@/lib/workspace/test-books";
import { jointReturns, SAMPLE_HISTORY } from "@/lib/risk/history/returns";
import { forecastReport } from "@/lib/risk/forecast/forecast-report";
import { fitGarch } from "@/lib/risk/forecast/garch";
import { DEFAULT_FORECAST_OPTIONS } from "@/lib/risk/forecast/request";
import { simulatePaths } from "@/lib/risk/forecast/simulate";
import { revaluationDays } from "@/lib/risk/forecast/forward-margin";
import * as compute from "@/lib/margin/models/compute";
import { time } from "./bench-timing";

const load = () =>
  `load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`;
const o = DEFAULT_FORECAST_OPTIONS;

for (const [label, sub] of [
  ["200-position cross book (Deribit-style standard)", bookOf(200)],
  ["demo hedged book (6 positions)", DEMO_WORKSPACE.subAccounts[0]!],
] as const) {
  let progressCalls = 0;
  let engineCalls = 0;
  const ms = time(3, () => {
    const r = forecastReport(sub, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, o, () => progressCalls++);
    if (typeof r === "string") throw new Error(r);
    engineCalls = r.engineCalls;
  });
  console.log(`forecast report, ${label}: ${o.paths.toLocaleString("en-US")} paths × ${o.maxHorizonDays} days, revalued on ${revaluationDays(o.maxHorizonDays).length} days: ${ms.toFixed(0)} ms (median of 3; ${load()})`);
  console.log(`  engine calls (computeSubAccount, lite) per run: ${engineCalls}; progress callback calls per run: ${Math.round(progressCalls / 4)}`);
}

const fits = time(3, () => {
  for (const u of ["BTC", "ETH", "SOL"] as const) {
    const j = jointReturns(SAMPLE_HISTORY, [u], o.lookbackReturns);
    if (typeof j === "string") throw new Error(j);
    const r = j.logReturns[u]!;
    const x = r.map((v, i) => v / Math.sqrt(j.spanDays[i]!));
    if (typeof fitGarch(x) === "string") throw new Error("no fit");
  }
});
console.log(`GARCH(1,1) maximum likelihood, BTC + ETH + SOL, ${o.lookbackReturns} returns each: ${fits.toFixed(0)} ms (median of 3; ${load()})`);

const model = { params: { omega: 2e-5, alpha: 0.08, beta: 0.9 }, nextVariance: 6e-4 };
const corr = Float64Array.from([1, 0.8, 0.7, 0.8, 1, 0.75, 0.7, 0.75, 1]);
const sim = time(3, () => simulatePaths([model, model, model], corr, revaluationDays(30), o.paths, 1));
console.log(`path simulation alone, 3 underlyings × ${o.paths} paths × 30 days: ${sim.toFixed(1)} ms (median of 3; ${load()})`);

// Engine calls of one report (the cost that dominates), counted by timing one call of each book.
const big = bookOf(200);
const one = time(20, () => compute.computeSubAccount(big, SAMPLE_SNAPSHOT, { lite: true, scenario: { moves: {}, daysForward: 3, collateralVolMultiplier: 1 } }));
console.log(`one engine call (lite) of the 200-position book: ${one.toFixed(2)} ms (median of 20; ${load()})`);
