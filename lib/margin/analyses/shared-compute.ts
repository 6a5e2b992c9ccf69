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
 * {@link computeSubAccount}, remembered for the few most recent inputs on the same snapshot object,
 * so a comparison stopped between its parts and asked again for the same inputs (paused for a more
 * urgent panel, or requested again by the page) does not recompute the parts it had finished. The
 * key is every input (the sub-account and the options as JSON; the snapshot by identity: snapshots
 * are never changed in place), so a hit is the same figures the model would return.
 */
export function computeShared(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions): EngineResult {
  let memo = MEMO.get(snapshot);
  if (!memo) MEMO.set(snapshot, (memo = new LruMap(SHARED_COMPUTE_ENTRIES)));
  return memo.getOrMake(JSON.stringify([sub, opts]), () => computeSubAccount(sub, snapshot, opts));
}
