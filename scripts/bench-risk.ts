/**
 * Benchmark of the risk layer (lib/risk), prints figures only (no assertions):
 *
 *   npx tsx scripts/bench-risk.ts
 *
 *  1. historical VaR/ES: full revaluation of 1,000 positions × 2,000 joint historical scenarios
 *     (BTC, ETH, SOL, vols moved by the vol-beta rule) + VaR/ES + Euler components, median of runs;
 *  2. Monte Carlo: 10,000 normal paths of the same book, revaluation + VaR/ES + components;
 *  3. the whole report of the demo book (4 methods × 2 horizons, incremental VaR, backtest).
 * Runs in Node on the worker's code (the worker adds no maths), one thread.
 */
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { bookOf } from "@/lib/workspace/test-books";
import { NU, prepareRiskBook, revalue, totals, type Scenarios } from "@/lib/risk/book";
import { jointReturns, SAMPLE_HISTORY } from "@/lib/risk/history/returns";
import { components, varEs } from "@/lib/risk/measures";
import { ewmaCovariance, historicalScenarios, monteCarloScenarios } from "@/lib/risk/scenarios";
import { DEFAULT_RISK_OPTIONS, riskReport } from "@/lib/risk/var-report";
import { time } from "./bench-timing";

const sub = bookOf(1000);
const book = prepareRiskBook(sub, SAMPLE_SNAPSHOT, 1);
if (typeof book === "string") throw new Error(book);
const joint = jointReturns(SAMPLE_HISTORY, ["BTC", "ETH", "SOL"], 2000);
if (typeof joint === "string") throw new Error(joint);
// The sample holds 1,731 joint BTC/ETH/SOL returns (SOL starts 2020-04-10): the first ones repeat up to 2,000 scenarios.
const HS_SCENARIOS = 2000;
const one = historicalScenarios(joint, 1);
const hs: Scenarios = { n: HS_SCENARIOS, logReturn: new Float64Array(HS_SCENARIOS * NU), volShiftPts: new Float64Array(HS_SCENARIOS * NU) };
for (let s = 0; s < HS_SCENARIOS; s++) {
  hs.logReturn.set(one.logReturn.subarray((s % one.n) * NU, (s % one.n) * NU + NU), s * NU);
  hs.volShiftPts.set(one.volShiftPts.subarray((s % one.n) * NU, (s % one.n) * NU + NU), s * NU);
}
const nCol = book.columns.length;
const options = book.columns.filter((c, i) => c.kind === "position" && sub.positions[i]!.kind === "option").length;

const tHs = time(5, () => {
  const pnl = revalue(book, hs);
  const total = totals(pnl, hs.n, nCol);
  const tail = varEs(total, 0.99, 0.975);
  components(pnl, total, book.columns, tail, 0.99, false);
});
const tHsIncr = time(3, () => {
  const pnl = revalue(book, hs);
  const total = totals(pnl, hs.n, nCol);
  components(pnl, total, book.columns, varEs(total, 0.99, 0.975), 0.99, true);
});
console.log(
  `historical VaR/ES, ${sub.positions.length} positions (${options} options) × ${hs.n} scenarios, full revaluation + Euler components: ${tHs.toFixed(0)} ms (median of 5); with incremental VaR of every position: ${tHsIncr.toFixed(0)} ms`,
);
console.log(`  ${book.scratch.length} distinct instruments (each valued once per scenario): ${((book.scratch.length * hs.n) / tHs / 1000).toFixed(2)} M instrument revaluations per second`);

const cov = ewmaCovariance(jointReturns(SAMPLE_HISTORY, ["BTC", "ETH", "SOL"]) as Exclude<ReturnType<typeof jointReturns>, string>);
const tMc = time(3, () => {
  const sc = monteCarloScenarios(["BTC", "ETH", "SOL"], cov, 1, 10_000, 7, "normal");
  const pnl = revalue(book, sc);
  const total = totals(pnl, sc.n, nCol);
  components(pnl, total, book.columns, varEs(total, 0.99, 0.975), 0.99, false);
});
console.log(`Monte Carlo VaR/ES, ${sub.positions.length} positions × 10,000 normal paths, full revaluation + components: ${tMc.toFixed(0)} ms (median of 3)`);

const demo = DEMO_WORKSPACE.subAccounts[0]!;
const tDemo = time(3, () => {
  const r = riskReport(demo, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, DEFAULT_RISK_OPTIONS);
  if (typeof r === "string") throw new Error(r);
});
const demoReport = riskReport(demo, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, DEFAULT_RISK_OPTIONS);
if (typeof demoReport === "string") throw new Error(demoReport);
console.log(
  `demo book "${demo.name}": whole risk report (historical, filtered, MC normal and t × 1 and ${DEFAULT_RISK_OPTIONS.horizonDays} days, ${DEFAULT_RISK_OPTIONS.mcPaths} paths, backtest): ${tDemo.toFixed(0)} ms`,
);
for (const m of demoReport.measures)
  console.log(
    `  ${m.method.padEnd(20)} ${String(m.horizonDays).padStart(2)}d  VaR99 ${m.var.toFixed(0).padStart(8)}  ES97.5 ${m.es.toFixed(0).padStart(8)}${m.standardError !== undefined ? `  (VaR s.e. ${m.standardError.toFixed(0)})` : ""}`,
  );
