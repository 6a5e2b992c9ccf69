"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { greeksMarginQuery, riskReportQuery, stressReplaysQuery } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import { dailyHistoryQuery } from "@/lib/market/feed/daily-history-query";
import type { SubAccount } from "@/lib/workspace/schema";
import { useAnalysisEngine, useSnapshot } from "../providers";
import { useAnalysisInputs, useHeld } from "../dashboard/use-margin";

/** Inputs of the risk views the panel lets the user choose. */
export interface RiskInputs {
  horizonDays: number;
  /** VaR confidence as a fraction (checked by the engine: a message outside (0.5, 0.9999)) */
  varConfidence: number;
}

const LARGE_BOOK = 200;
const LARGE_BOOK_PATHS = 2_000;

/**
 * VaR / ES report, Greeks-based margin and stress replays of a sub-account, from the analysis
 * worker, for the sub-account and what-if once they have settled (as the comparison panels: a drag
 * costs one set of jobs, not one per frame). Each view keeps its last figures while the next ones
 * compute (`shown`, `stale`, `asOf`: the panel dims them); `data` and the panel's `state` are the
 * current inputs' only.
 */
export function useRisk(current: SubAccount, inputs: RiskInputs) {
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const { sub, whatIf, settling } = useAnalysisInputs(current);
  const options = whatIfOptions(whatIf);
  // Fewer Monte Carlo paths for very large books keep one job well inside the worker's time limit (the panel shows the count).
  const mcPaths = sub.positions.length > LARGE_BOOK ? LARGE_BOOK_PATHS : undefined;
  const risk = { horizonDays: inputs.horizonDays, varConfidence: inputs.varConfidence, ...(mcPaths ? { mcPaths } : {}) };
  // Live daily candles extend the dated sample once the server has them; until then (or when the venue is unreachable) the sample alone.
  const history = useQuery(dailyHistoryQuery());
  const reportQuery = useQuery({ ...riskReportQuery(bridge, sub, snapshot, options, risk, history.data), placeholderData: keepPreviousData });
  const greeksQuery = useQuery({ ...greeksMarginQuery(bridge, sub, snapshot, options, { horizonDays: inputs.horizonDays }), placeholderData: keepPreviousData });
  const stressQuery = useQuery({ ...stressReplaysQuery(bridge, sub, snapshot, options), placeholderData: keepPreviousData });
  const report = { ...reportQuery, ...useHeld(reportQuery, whatIf, settling) };
  const greeks = { ...greeksQuery, ...useHeld(greeksQuery, whatIf, settling) };
  const stress = { ...stressQuery, ...useHeld(stressQuery, whatIf, settling) };
  const states = [report.state, greeks.state, stress.state];
  const state = states.includes("computing") ? "computing" : states.includes("error") ? "error" : "ready";
  return { report, greeks, stress, state } as const;
}
