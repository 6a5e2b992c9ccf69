"use client";

import { useQuery } from "@tanstack/react-query";
import { greeksMarginQuery, riskReportQuery, stressReplaysQuery } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import { dailyHistoryQuery } from "@/lib/market/feed/daily-history-query";
import type { SubAccount } from "@/lib/workspace/schema";
import { useAnalysisEngine, useSnapshot, useWorkspace } from "../providers";

/** Inputs of the risk views the panel lets the user choose. */
export interface RiskInputs {
  horizonDays: number;
  /** VaR confidence as a fraction (checked by the engine: a message outside (0.5, 0.9999)) */
  varConfidence: number;
}

const LARGE_BOOK = 200;
const LARGE_BOOK_PATHS = 2_000;

function stateOf(q: { isError: boolean; data: unknown }) {
  return q.isError ? "error" : q.data ? "ready" : "computing";
}

/** VaR / ES report, Greeks-based margin and stress replays of a sub-account, from the analysis worker. */
export function useRisk(sub: SubAccount, inputs: RiskInputs) {
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const options = whatIfOptions(whatIf);
  // Fewer Monte Carlo paths for very large books keep one job well inside the worker's time limit (the panel shows the count).
  const mcPaths = sub.positions.length > LARGE_BOOK ? LARGE_BOOK_PATHS : undefined;
  const risk = { horizonDays: inputs.horizonDays, varConfidence: inputs.varConfidence, ...(mcPaths ? { mcPaths } : {}) };
  // Live daily candles extend the dated sample once the server has them; until then (or when the venue is unreachable) the sample alone.
  const history = useQuery(dailyHistoryQuery());
  const report = useQuery(riskReportQuery(bridge, sub, snapshot, options, risk, history.data));
  const greeks = useQuery(greeksMarginQuery(bridge, sub, snapshot, options, { horizonDays: inputs.horizonDays }));
  const stress = useQuery(stressReplaysQuery(bridge, sub, snapshot, options));
  const states = [stateOf(report), stateOf(greeks), stateOf(stress)];
  const state = states.includes("computing") ? "computing" : states.includes("error") ? "error" : "ready";
  return { report, greeks, stress, state } as const;
}
