"use client";

import { useEffect, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fullMarginChannel, modeComparisonQuery, offsetSavingsQuery, subAccountMarginQuery, venueComparisonQuery } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import { NO_WHAT_IF, type SubAccount, type WhatIf } from "@/lib/workspace/schema";
import { UNDERLYINGS } from "@/lib/market/types";
import { useAnalysisEngine, useEngine, useSnapshot, useWorkspace } from "../providers";
import { ANALYSIS_SETTLE_MS, useSettled } from "../ui/use-settled";

/** How long after an input changes the analyses' jobs are expected: the settle time and a margin for the render that queues them. */
const ANALYSIS_EXPECTED_WITHIN_MS = ANALYSIS_SETTLE_MS + 100;

/**
 * The sub-account and what-if the analyses use: the current ones once they have settled. While
 * they settle, the analysis pool and the headline worker are told their jobs are coming
 * (`expectUrgent`), so neither starts a slower analysis meanwhile (on the headline worker: venue
 * rows of inputs already replaced, which would delay each step's live figures) and a running one
 * pauses at once.
 */
export function useAnalysisInputs(sub: SubAccount) {
  const whatIfNow = useWorkspace((s) => s.whatIf);
  const analysis = useAnalysisEngine();
  const headline = useEngine();
  const settledSub = useSettled(sub, ANALYSIS_SETTLE_MS);
  const settledWhatIf = useSettled(whatIfNow, ANALYSIS_SETTLE_MS);
  const settling = settledSub.settling || settledWhatIf.settling;
  useEffect(() => {
    if (!settling) return;
    analysis.expectUrgent(ANALYSIS_EXPECTED_WITHIN_MS);
    // only until the inputs settle: the venue rows it holds are the settled inputs' own panel
    headline.expectUrgent(ANALYSIS_SETTLE_MS);
  }, [analysis, headline, settling, sub, whatIfNow]);
  return { sub: settledSub.value, whatIf: settledWhatIf.value, settling };
}

function stateOf(q: { isError: boolean; data: unknown }) {
  return q.isError ? "error" : q.data ? "ready" : "computing";
}

/** The what-if a result was computed under, as a trader says it: "your previous inputs (BTC −5%, vol +10 pts)". */
export function describeInputs(w: WhatIf): string {
  if (JSON.stringify(w) === JSON.stringify(NO_WHAT_IF)) return "your previous inputs (no what-if)";
  const sign = (x: number) => (x > 0 ? `+${x}` : x < 0 ? `−${-x}` : "0");
  const parts = [
    ...UNDERLYINGS.filter((u) => w.spotMovePct[u] !== 0).map((u) => `${u} ${sign(w.spotMovePct[u])}%`),
    w.volShiftPts !== 0 ? `vol ${sign(w.volShiftPts)} pts` : "",
    w.daysForward !== 0 ? `${w.daysForward}d forward` : "",
    w.collateralVolMultiplier !== 1 ? `collateral vol ×${w.collateralVolMultiplier}` : "",
  ].filter(Boolean);
  return `your previous inputs (${parts.join(", ")})`;
}

/**
 * A query whose previous figures stay on screen while the next ones compute. `data` is only ever the
 * result of the current inputs (tests and `data-state="ready"` rely on it); `shown` is what a panel
 * draws: the current result, else the previous one (`stale`), described by `asOf`.
 */
export function useHeld<T>(query: { data: T | undefined; isPlaceholderData: boolean; isError: boolean; dataUpdatedAt: number }, whatIf: WhatIf, settling = false) {
  // While the inputs are still settling the query's result belongs to older inputs: held, not current.
  const data = query.isPlaceholderData || settling ? undefined : query.data;
  // The inputs of the last current result, remembered when it arrives (state derived during render).
  const [asOf, setAsOf] = useState({ at: -1, label: describeInputs(whatIf) });
  if (data !== undefined && query.dataUpdatedAt !== asOf.at) setAsOf({ at: query.dataUpdatedAt, label: describeInputs(whatIf) });
  const shown = data ?? query.data;
  return { data, held: query.data, shown, stale: data === undefined && shown !== undefined, asOf: asOf.label, state: stateOf({ isError: query.isError, data }) } as const;
}

/**
 * The headline figures of a sub-account (equity, IM, MM, free collateral, ratio, per-position figures,
 * Greeks) for its current inputs and what-if, previous figures held meanwhile: the lite compute on the
 * headline worker — no liquidation search and no chart (those: {@link useSubAccountLiquidation}), so
 * its `liquidation`, `chart` and isolated liquidation distances are not searched and must not be drawn.
 */
export function useSubAccountMargin(sub: SubAccount) {
  const bridge = useEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const query = useQuery({ ...subAccountMarginQuery(bridge, sub, snapshot, { ...whatIfOptions(whatIf), lite: true }), placeholderData: keepPreviousData });
  return { ...query, ...useHeld(query, whatIf) } as const;
}

/**
 * The full margin result of a sub-account — the one the liquidation distances, their odds and the
 * equity chart are drawn from — under the current inputs once they have settled (so a drag queues no
 * full job per frame); the last liquidation figures and chart stay held meanwhile. It runs on the
 * headline worker after the headline job, on its own channel: measured with `npm run bench:browser`,
 * on the analysis pool it queued behind the comparisons (1.1 s at 10 positions, 12 s at 1,000).
 */
export function useSubAccountLiquidation(current: SubAccount) {
  const bridge = useEngine();
  const snapshot = useSnapshot();
  const { sub, whatIf, settling } = useAnalysisInputs(current);
  const query = useQuery({ ...subAccountMarginQuery(bridge, sub, snapshot, whatIfOptions(whatIf), fullMarginChannel(sub.id)), placeholderData: keepPreviousData });
  return { ...query, ...useHeld(query, whatIf, settling) } as const;
}

/**
 * Isolated vs cross vs portfolio for a sub-account, under the current what-if — the column of its
 * own mode on the headline worker after its full job (whose revaluations it reuses), the others on
 * the analysis pool (lib/engine/client/worker-split.ts).
 */
export function useModeComparison(current: SubAccount) {
  const bridge = useAnalysisEngine();
  const headline = useEngine();
  const snapshot = useSnapshot();
  const { sub, whatIf, settling } = useAnalysisInputs(current);
  const query = useQuery({ ...modeComparisonQuery(bridge, sub, snapshot, whatIfOptions(whatIf), headline), placeholderData: keepPreviousData });
  return { ...query, ...useHeld(query, whatIf, settling) } as const;
}

/** Offset savings and per-position attribution, under the current what-if. */
export function useOffsetSavings(current: SubAccount) {
  const bridge = useAnalysisEngine();
  const snapshot = useSnapshot();
  const { sub, whatIf, settling } = useAnalysisInputs(current);
  const query = useQuery({ ...offsetSavingsQuery(bridge, sub, snapshot, whatIfOptions(whatIf)), placeholderData: keepPreviousData });
  return { ...query, ...useHeld(query, whatIf, settling) } as const;
}

/**
 * Venue vs venue: the sub-account under every profile, under the current what-if — the rows of the
 * mode comparison's columns on the worker that ran each column, every other row on whichever worker
 * is free first (the headline worker once its live figures, full job and column are done:
 * lib/engine/client/worker-split.ts).
 */
export function useVenueComparison(current: SubAccount) {
  const bridge = useAnalysisEngine();
  const headline = useEngine();
  const snapshot = useSnapshot();
  const { sub, whatIf, settling } = useAnalysisInputs(current);
  const query = useQuery({ ...venueComparisonQuery(bridge, sub, snapshot, whatIfOptions(whatIf), headline), placeholderData: keepPreviousData });
  return { ...query, ...useHeld(query, whatIf, settling) } as const;
}
