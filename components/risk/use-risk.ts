"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { greeksMarginQuery, riskReportQuery, stressReplaysQuery } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import { dailyHistoryQuery } from "@/lib/market/feed/daily-history-query";
import type { SubAccount } from "@/lib/workspace/schema";
import { useAnalysisEngine, useSnapshot, useWorkspace } from "../providers";
import { ANALYSIS_SETTLE_MS, useSettled } from "../ui/use-settled";

/** Inputs of the risk views the panel lets the user choose. */
export interface RiskInputs {
  horizonDays: number;
  /** VaR confidence as a fraction (checked by the engine: a message outside (0.5, 0.9999)) */
  varConfidence: number;
}

const LARGE_BOOK = 200;
const LARGE_BOOK_PATHS = 2_000;

/** "ready" only for a result of the current inputs; a held one (previous inputs) is "computing". */
function stateOf(q: { isError: boolean; data: unknown; isPlaceholderData: boolean }, settling: boolean) {
  return q.isError ? "error" : q.data && !q.isPlaceholderData && !settling ? "ready" : "computing";
}

/**
 * VaR / ES report, Greeks-based margin and stress replays of a sub-account, from the analysis worker.
 * They follow the sub-account and the what-if once those have settled (ANALYSIS_SETTLE_MS), as the
 * comparison panels do: a slider drag queues no risk job per frame, and the last figures stay on
 * screen (`stale`) until the new ones arrive — the panel never blanks during a drag.
 */
export function useRisk(sub: SubAccount, inputs: RiskInputs) {
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const liveWhatIf = useWorkspace((s) => s.whatIf);
  const settledSub = useSettled(sub, ANALYSIS_SETTLE_MS);
  const settledWhatIf = useSettled(liveWhatIf, ANALYSIS_SETTLE_MS);
  const settling = settledSub.settling || settledWhatIf.settling;
  const current = settledSub.value;
  const options = whatIfOptions(settledWhatIf.value);
  // Fewer Monte Carlo paths for very large books keep one job well inside the worker's time limit (the panel shows the count).
  const mcPaths = current.positions.length > LARGE_BOOK ? LARGE_BOOK_PATHS : undefined;
  const risk = { horizonDays: inputs.horizonDays, varConfidence: inputs.varConfidence, ...(mcPaths ? { mcPaths } : {}) };
  // Live daily candles extend the dated sample once the server has them; until then (or when the venue is unreachable) the sample alone.
  const history = useQuery(dailyHistoryQuery());
  const report = useQuery({ ...riskReportQuery(bridge, current, snapshot, options, risk, history.data), placeholderData: keepPreviousData });
  const greeks = useQuery({ ...greeksMarginQuery(bridge, current, snapshot, options, { horizonDays: inputs.horizonDays }), placeholderData: keepPreviousData });
  const stress = useQuery({ ...stressReplaysQuery(bridge, current, snapshot, options), placeholderData: keepPreviousData });
  const states = [stateOf(report, settling), stateOf(greeks, settling), stateOf(stress, settling)];
  const state = states.includes("computing") ? "computing" : states.includes("error") ? "error" : "ready";
  /** figures on screen that are not (yet) the current inputs' */
  const stale = settling || report.isPlaceholderData || greeks.isPlaceholderData || stress.isPlaceholderData;
  return { report, greeks, stress, state, stale } as const;
}
