import { UNDERLYINGS, type Underlying } from "@/lib/market/types";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { LruMap } from "@/lib/quant/lru-map";

/**
 * A sub-account's positions split by underlying, for the whole-account models that build one book
 * per underlying (portfolio margin, Derive's standard manager) and remember books between calls.
 */
export interface PositionsByUnderlying {
  of: Record<Underlying, readonly Position[]>;
  /** per position of the sub-account: its index in its underlying's list */
  local: readonly number[];
  /** per underlying: an id of its positions' content — equal content, equal id; an id is never reused */
  key: Record<Underlying, number>;
  /** the underlyings in the order the positions first name them */
  order: readonly Underlying[];
  /** whether any position is a dated future */
  hasFutures: boolean;
}

const SPLITS = new WeakMap<readonly Position[], PositionsByUnderlying>();

/**
 * Position-list contents used recently → their id, least recently used first. The analyses of one
 * edit make ~1,100 lists at 1,000 positions (the attribution's one-position books, the largest
 * extra position's ~100 variants of one list) and must not push out the ids of the lists the edit
 * did not change: those are used on every call, so they stay, and every book and scan part keyed
 * by them stays valid. (With 64 entries, first in first out, every edit gave every list a new id,
 * so no part of a previous edit was ever reused.)
 */
export const CONTENT_ID_ENTRIES = 4_096;
const CONTENT_IDS = new LruMap<string, number>(CONTENT_ID_ENTRIES);
let nextContentId = 1;

/**
 * The fields of a position a model reads (its id included, for warnings; its underlying is the
 * list's, or the market's a key is built with): what content keys are made of.
 */
export function positionFields(p: Position): (string | number)[] {
  return p.kind === "option" ? [p.id, p.kind, p.size, p.entryPrice, p.expiry, p.strike, p.optionType] : p.kind === "future" ? [p.id, p.kind, p.size, p.entryPrice, p.expiry] : [p.id, p.kind, p.size, p.entryPrice];
}

/** The id of a list of positions' content (see {@link positionFields}). */
function contentId(positions: readonly Position[]): number {
  return CONTENT_IDS.getOrMake(JSON.stringify(positions.map(positionFields)), () => nextContentId++);
}

/**
 * The positions split by underlying — once per positions array (a liquidation search maps the same
 * sub-account hundreds of times; arrays are never changed in place).
 *
 * @example
 * ```ts
 * const s = positionsByUnderlying(sub);
 * s.of.BTC; // the BTC positions in the sub-account's order
 * ```
 */
export function positionsByUnderlying(sub: Pick<SubAccount, "positions">): PositionsByUnderlying {
  const known = SPLITS.get(sub.positions);
  if (known) return known;
  const of: Record<Underlying, Position[]> = { BTC: [], ETH: [], SOL: [] };
  const local: number[] = [];
  const order: Underlying[] = [];
  let hasFutures = false;
  for (const p of sub.positions) {
    const list = of[p.underlying];
    if (list.length === 0) order.push(p.underlying);
    if (p.kind === "future") hasFutures = true;
    local.push(list.length);
    list.push(p);
  }
  const key = Object.fromEntries(UNDERLYINGS.map((u) => [u, of[u].length > 0 ? contentId(of[u]) : 0])) as Record<Underlying, number>;
  const split = { of, local, key, order, hasFutures };
  SPLITS.set(sub.positions, split);
  return split;
}
