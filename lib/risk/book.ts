import { beat } from "@/lib/quant/heartbeat";
import { stopPoint } from "@/lib/quant/stop-point";
import { applyScenario, NO_SCENARIO, shiftSliceVol } from "@/lib/market/scenario";
import { SPOT_FACTOR } from "@/lib/market/limits";
import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import { positionMark, preparePosition, valuePosition, type PreparedPosition } from "@/lib/margin/valuation/position-value";
import type { SviParams } from "@/lib/quant/svi";
import { instrumentName } from "@/lib/workspace/instrument-name";
import type { SubAccount } from "@/lib/workspace/schema";
import type { RiskColumn } from "./types";

/**
 * A book (positions and the collateral that moves with an underlying) made ready for full
 * revaluation under many market scenarios, through the engine's own valuation.
 *
 * One scenario of the risk views = per underlying a log return r (spot ×e^r) and a vol shift Δ
 * (vol points), after `horizonDays` calendar days. Its market is exactly
 * `applyScenario(base, { moves: { u: { spotFactor: e^r, volShiftPts: Δ } }, daysForward: h })`;
 * for speed the work that does not depend on the scenario is done once:
 * 1. time: every position is prepared (`preparePosition`) on `applyScenario(base, { daysForward: h })`;
 * 2. vol: per expiry slice and scenario, `shiftSliceVol` (the function applyScenario uses) on that
 *    slice at its remaining maturity;
 * 3. spot: `valuePosition(prepared, e^r)` (spot, perp mark and forward ×e^r, smile on moneyness —
 *    the spot step of applyScenario).
 * book.test.ts checks the result equals the full applyScenario + preparePosition + valuePosition path.
 * Collateral is revalued at market value (amount × price × e^r; wstETH with ETH), as applyScenario
 * moves collateral prices; haircuts are the margin model's business, not the P&L's.
 *
 * P&L of a position over the horizon = size × (mark in the scenario − mark on the base market now):
 * it includes the time decay of the horizon.
 *
 * @packageDocumentation
 */

/** Index of an underlying in {@link UNDERLYINGS} (the scenario arrays' column). */
export const U_INDEX: Record<Underlying, number> = { BTC: 0, ETH: 1, SOL: 2 };
/** Scenario arrays hold one value per underlying, in {@link UNDERLYINGS} order. */
export const NU = UNDERLYINGS.length;

export interface RiskBook {
  columns: RiskColumn[];
  /** underlyings the book is exposed to (positions or moving collateral) */
  underlyings: Underlying[];
  horizonDays: number;
  /** value of the book on the base market (Σ size·mark + collateral at market value), USD */
  baseValueUsd: number;
  // ---- internals of the hot loop ----
  nPos: number;
  size: Float64Array;
  /** per position the index of its instrument (positions on one instrument are valued once per scenario) */
  posInstr: Int32Array;
  /** per instrument: underlying index, mark now, a mutable copy of the prepared position (its svi is swapped per scenario) */
  instrU: Int8Array;
  mark0: Float64Array;
  scratch: PreparedPosition[];
  /** per instrument the index of its slice group (−1: no smile) */
  group: Int32Array;
  groups: { u: number; svi: SviParams; years: number }[];
  colU: Int8Array;
  colUsd: Float64Array;
}

/** Scenarios: n rows of per-underlying log returns and vol shifts (n × {@link NU}, row-major). */
export interface Scenarios {
  n: number;
  logReturn: Float64Array;
  volShiftPts: Float64Array;
}

/**
 * Prepares `sub`'s positions and collateral on `base` (the market as the user sees it, what-if
 * applied) for revaluation `horizonDays` later, or says why it cannot (an expiry not in the snapshot).
 */
export function prepareRiskBook(sub: SubAccount, base: MarketSnapshot, horizonDays: number): RiskBook | string {
  const later = horizonDays === 0 ? base : applyScenario(base, { ...NO_SCENARIO, daysForward: horizonDays });
  const columns: RiskColumn[] = [];
  const nPos = sub.positions.length;
  const size = new Float64Array(nPos);
  const posInstr = new Int32Array(nPos);
  const instrIds = new Map<string, number>();
  const instrU: number[] = [];
  const mark0: number[] = [];
  const scratch: PreparedPosition[] = [];
  const group: number[] = [];
  const groups: RiskBook["groups"] = [];
  const groupIds = new Map<SviParams, number>();
  const exposed = new Set<Underlying>();
  let baseValueUsd = 0;
  for (let i = 0; i < nPos; i++) {
    const p = sub.positions[i]!;
    size[i] = p.size;
    const key = p.kind === "perp" ? `${p.underlying}:perp` : p.kind === "future" ? `${p.underlying}:future:${p.expiry}` : `${p.underlying}:option:${p.expiry}:${p.strike}:${p.optionType}`;
    let k = instrIds.get(key);
    if (k === undefined) {
      const now = preparePosition(p, base);
      if (typeof now === "string") return now;
      const at = preparePosition(p, later);
      if (typeof at === "string") return at;
      k = scratch.length;
      instrIds.set(key, k);
      instrU.push(U_INDEX[p.underlying]);
      mark0.push(valuePosition(now).mark);
      scratch.push({ ...at });
      let g = -1;
      if (at.svi && at.years0 > 0) {
        g = groupIds.get(at.svi) ?? -1;
        if (g < 0) {
          g = groups.length;
          groups.push({ u: U_INDEX[p.underlying], svi: at.svi, years: at.years0 });
          groupIds.set(at.svi, g);
        }
      }
      group.push(g);
    }
    posInstr[i] = k;
    baseValueUsd += p.size * mark0[k]!;
    exposed.add(p.underlying);
    columns.push({ id: p.id, name: instrumentName(p), kind: "position", underlying: p.underlying });
  }
  const colUs: number[] = [];
  const colUsd: number[] = [];
  for (const c of sub.collateral) {
    const u = COLLATERAL_UNDERLYING[c.asset];
    const usd = c.amount * base.collateralPrices[c.asset];
    baseValueUsd += usd;
    if (!u || c.amount === 0) continue;
    exposed.add(u);
    colUs.push(U_INDEX[u]);
    colUsd.push(usd);
    columns.push({ id: `collateral:${c.asset}`, name: `${c.asset} collateral`, kind: "collateral", underlying: u });
  }
  return {
    columns,
    underlyings: UNDERLYINGS.filter((u) => exposed.has(u)),
    horizonDays,
    baseValueUsd,
    nPos,
    size,
    posInstr,
    instrU: Int8Array.from(instrU),
    mark0: Float64Array.from(mark0),
    scratch,
    group: Int32Array.from(group),
    groups,
    colU: Int8Array.from(colUs),
    colUsd: Float64Array.from(colUsd),
  };
}

/**
 * Full revaluation of every column under every scenario: P&L in USD, row-major
 * (scenario s, column c at s·columns + c). Spot factors are clamped to the engine's range.
 */
export function revalue(book: RiskBook, sc: Scenarios): Float64Array {
  const nCol = book.columns.length;
  const out = new Float64Array(sc.n * nCol);
  const shifted: SviParams[] = book.groups.map((g) => g.svi);
  const f = new Float64Array(NU);
  const nInstr = book.scratch.length;
  const pnlPerCoin = new Float64Array(nInstr);
  for (let s = 0; s < sc.n; s++) {
    beat();
    stopPoint(); // nothing of this loop is kept outside it
    const row = s * NU;
    for (let k = 0; k < NU; k++) f[k] = Math.min(SPOT_FACTOR.max, Math.max(SPOT_FACTOR.min, Math.exp(sc.logReturn[row + k]!)));
    for (let g = 0; g < book.groups.length; g++) {
      const grp = book.groups[g]!;
      shifted[g] = shiftSliceVol(grp.svi, grp.years, sc.volShiftPts[row + grp.u]!);
    }
    const o = s * nCol;
    for (let k = 0; k < nInstr; k++) {
      const p = book.scratch[k]!;
      const g = book.group[k]!;
      if (g >= 0) p.svi = shifted[g]!;
      pnlPerCoin[k] = positionMark(p, f[book.instrU[k]!]!) - book.mark0[k]!;
    }
    for (let i = 0; i < book.nPos; i++) out[o + i] = book.size[i]! * pnlPerCoin[book.posInstr[i]!]!;
    for (let c = 0; c < book.colU.length; c++) out[o + book.nPos + c] = book.colUsd[c]! * (f[book.colU[c]!]! - 1);
  }
  return out;
}

/** Row sums of a P&L matrix: the book's P&L per scenario. */
export function totals(pnl: Float64Array, n: number, nCol: number): Float64Array {
  const t = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let sum = 0;
    for (let c = 0; c < nCol; c++) sum += pnl[s * nCol + c]!;
    t[s] = sum;
  }
  return t;
}
