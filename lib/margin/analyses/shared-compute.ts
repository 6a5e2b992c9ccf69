import type { MarketSnapshot } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "@/lib/margin/models/compute";
import type { ComputeOptions } from "@/lib/margin/models/model-context";
import type { EngineResult } from "@/lib/margin/result-types";
import { LruMap } from "@/lib/quant/lru-map";

/** Results kept per snapshot: a mode comparison's 3 full runs and a venue table's rows (11 profiles), ~0.4 MB each at 1,000 positions. */
export const SHARED_COMPUTE_ENTRIES = 16;

/** Per snapshot object (a worker holds each snapshot once): input key → result. */
const MEMO = new WeakMap<MarketSnapshot, LruMap<string, EngineResult>>();

/**
 * Per snapshot object: every input but the chart's (`chartGrid`, `chartPoints`) → a full result
 * computed with some chart. The chart options change only the chart's points (model-context.ts):
 * requirements, equity, liquidation distances and everything else are the same figures.
 */
const BY_FIGURES = new WeakMap<MarketSnapshot, LruMap<string, EngineResult>>();

function memoOf(maps: WeakMap<MarketSnapshot, LruMap<string, EngineResult>>, snapshot: MarketSnapshot): LruMap<string, EngineResult> {
  let memo = maps.get(snapshot);
  if (!memo) maps.set(snapshot, (memo = new LruMap(SHARED_COMPUTE_ENTRIES)));
  return memo;
}

/** `r` as a run asked for no chart point returns it: every series kept, with no point. */
function withoutChartPoints(r: EngineResult): EngineResult {
  return r.ok ? { ...r, result: { ...r.result, chart: r.result.chart.map((s) => ({ ...s, points: [] })) } } : r;
}

/**
 * {@link computeSubAccount}, remembered for the few most recent inputs on the same snapshot object,
 * so a comparison stopped between its parts and asked again for the same inputs (paused for a more
 * urgent panel, or requested again by the page) does not recompute the parts it had finished. The
 * key is every input (the sub-account and the options as JSON; the snapshot by identity: snapshots
 * are never changed in place), so a hit is the same figures the model would return.
 *
 * A run that asks for no chart point (`chartGrid: []`, the venue table's) also takes a remembered
 * run of the same inputs with a chart (the mode comparison's run of the same mode and rulebook), its
 * chart's points left out: what the model returns for `chartGrid: []`, without running it again.
 */
export function computeShared(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions): EngineResult {
  const memo = memoOf(MEMO, snapshot);
  const key = JSON.stringify([sub, opts]);
  const known = memo.get(key);
  if (known) return known;
  const { chartGrid, chartPoints: _points, ...figureOpts } = opts;
  const figuresKey = JSON.stringify([sub, figureOpts]);
  const byFigures = memoOf(BY_FIGURES, snapshot);
  const charted = chartGrid?.length === 0 ? byFigures.get(figuresKey) : undefined;
  const r = charted ? withoutChartPoints(charted) : computeSubAccount(sub, snapshot, opts);
  memo.set(key, r);
  if (!charted) byFigures.set(figuresKey, r);
  return r;
}
