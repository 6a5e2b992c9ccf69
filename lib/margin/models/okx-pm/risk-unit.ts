/**
 * OKX risk units (all derivatives of one underlying each): MR1 and MR6 scenarios on the shared
 * scenario engine (lib/margin/models/pm), MR2 by revaluing the options a few days on (the market
 * moved by applyScenario), MR4 and MR7 from the positions, and each unit's MMR
 * = max(max(MR1, MR2, MR6) + MR3 + MR4 + MR5 + MR9, MR7).
 *
 * @packageDocumentation
 */

import { applyScenario, NO_SCENARIO } from "@/lib/market/scenario";
import { findExpiry, yearsBetween } from "@/lib/market/snapshot";
import type { MarketSnapshot, Underlying } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import { toPmPortfolio } from "@/lib/margin/models/pm/from-sub-account";
import { computePm, createPmBookCache, type PmBookCache } from "@/lib/margin/models/pm/engine";
import type { PmBook, PmBookResult, PmParams, PmScenario } from "@/lib/margin/models/pm/types";
import type { OkxPmParams, OkxUnitParams } from "./params";
import type { OkxRiskUnitBreakdown } from "./types";
import { incrementalTiers } from "./tiers";

/** Moves closer than this are the same move (0 % up and 0 % down are one scenario). */
const SAME_MOVE_TOLERANCE = 1e-12;

/**
 * The scenario-engine grid of one risk unit: MR1 = every spot move (up and down) × vol up /
 * unchanged / down as "regular" scenarios; MR6 = ± the extreme move as "tail" scenarios at full
 * weight. No contingencies, no discounts, loss factors 1: the engine only measures the losses.
 */
export function unitGrid(unit: OkxUnitParams, params: OkxPmParams): PmParams {
  let byUnit = GRID_CACHE.get(params);
  if (!byUnit) GRID_CACHE.set(params, (byUnit = new WeakMap()));
  const hit = byUnit.get(unit);
  if (hit) return hit;
  const grid = buildGrid(unit, params);
  byUnit.set(unit, grid);
  return grid;
}

/** Grids are plain data built from frozen-in-practice rulebook objects: built once per (params, unit). */
const GRID_CACHE = new WeakMap<OkxPmParams, WeakMap<OkxUnitParams, PmParams>>();

function buildGrid(unit: OkxUnitParams, params: OkxPmParams): PmParams {
  const moves: number[] = [];
  for (const m of unit.spotMoves.flatMap((x) => [-Math.abs(x), Math.abs(x)])) {
    if (!moves.some((y) => Math.abs(y - m) < SAME_MOVE_TOLERANCE)) moves.push(m);
  }
  moves.sort((a, b) => a - b);
  const regular = moves.flatMap((m) => (["down", "none", "up"] as const).map((volShock): PmScenario => ({ kind: "regular", spotShock: 1 + m, volShock, dampening: 1 })));
  const tail = [-unit.extremeMove, unit.extremeMove].map((m): PmScenario => ({ kind: "tail", spotShock: 1 + m, volShock: params.extremeVolShock, dampening: 1 }));
  return {
    scenarios: [...regular, ...tail],
    volShock: params.volShock,
    skewShock: null,
    lossFactors: { im: 1, mm: 1 },
    discountRateFloor: null,
    staticDiscount: null,
    basis: null,
    contingencies: { perp: { mm: 0, im: 0 }, nakedShortOption: { mm: 0, im: 0 }, oracle: null, peg: null },
  };
}

/** The sub-account's positions on `u`, without collateral (collateral sits outside the risk units). */
export function unitSubAccount(sub: SubAccount, u: Underlying): SubAccount {
  return { ...sub, collateral: [], positions: sub.positions.filter((p) => p.underlying === u) };
}

/**
 * MR4 basis risk: annual rate × Σ over expiries |net futures position × forward| × years to
 * expiry. Perps (no expiry) carry none.
 */
export function basisRisk(sub: SubAccount, market: MarketSnapshot, u: Underlying, annual: number): number {
  const byExpiry = new Map<string, number>();
  for (const p of sub.positions) if (p.underlying === u && p.kind === "future") byExpiry.set(p.expiry, (byExpiry.get(p.expiry) ?? 0) + p.size);
  let total = 0;
  for (const [id, amount] of byExpiry) {
    const slice = findExpiry(market, u, id);
    if (!slice) continue;
    total += Math.abs(amount * slice.forward) * Math.max(0, yearsBetween(market.asOf, slice.expiryIso));
  }
  return annual * total;
}

/** MR7 raw minimum charge: linear × |net perp + futures coins| × spot + option × max(0, net short option contracts) × spot. */
export function rawMinimumCharge(sub: SubAccount, market: MarketSnapshot, u: Underlying, rates: OkxPmParams["minChargeRates"]): number {
  let linear = 0;
  let options = 0;
  for (const p of sub.positions) {
    if (p.underlying !== u) continue;
    if (p.kind === "option") options += p.size;
    else linear += p.size;
  }
  const spot = market.underlyings[u].spot;
  return rates.linear * Math.abs(linear) * spot + rates.option * Math.max(0, -options) * spot;
}

/** The unshocked scenario alone: enough to read a book's mark-to-market. */
const MARK_ONLY: PmScenario[] = [{ kind: "regular", spotShock: 1, volShock: "none", dampening: 1 }];

/** A unit's grid with only the unshocked scenario (one object per grid, so its book cache lasts). */
const MARK_ONLY_GRIDS = new WeakMap<PmParams, PmParams>();
function markOnlyGrid(grid: PmParams): PmParams {
  let g = MARK_ONLY_GRIDS.get(grid);
  if (!g) MARK_ONLY_GRIDS.set(grid, (g = { ...grid, scenarios: MARK_ONLY }));
  return g;
}

/**
 * One book cache per grid, kept between calls: the adapter returns the same book object for the
 * same inputs (pm/from-sub-account.ts), so a liquidation search or an edit that moves one
 * underlying does not revalue the other units' books (the engine's own results, PmBookCache).
 */
const BOOK_CACHES = new WeakMap<PmParams, PmBookCache>();
function bookCacheFor(grid: PmParams): PmBookCache {
  let c = BOOK_CACHES.get(grid);
  if (!c) BOOK_CACHES.set(grid, (c = createPmBookCache()));
  return c;
}

/** The sub-account without its collateral (the units' derivatives), one object per sub-account. */
const DERIVATIVES = new WeakMap<SubAccount, SubAccount>();
function derivativesOf(sub: SubAccount): SubAccount {
  let d = DERIVATIVES.get(sub);
  if (!d) DERIVATIVES.set(sub, (d = { ...sub, collateral: [] }));
  return d;
}

/** One book (one underlying's derivatives) run alone on the engine. */
function runBook(book: PmBook, stablePrice: number, params: PmParams): PmBookResult | string {
  const out = computePm({ cashUsd: 0, stablePrice, books: [book], staticCollaterals: [] }, params, bookCacheFor(params));
  if (!out.ok) return out.error;
  const b = out.result.books[0];
  return b ?? `no result for ${book.underlying}`;
}

/** A risk unit's figures: its breakdown and its derivatives' mark-to-market (premium cash excluded). */
export interface UnitOutcome {
  breakdown: OkxRiskUnitBreakdown;
  /** option marks + perp and futures P&L, USD (the premiums paid or received are the portfolio's cash) */
  mtmUsd: number;
}

/** Every risk unit of an account, with the premiums as cash. */
export interface UnitsOutcome {
  units: UnitOutcome[];
  /** −Σ size × entry of the options (a short received its premium) */
  cashUsd: number;
}

/**
 * Every MR of every risk unit of `sub` on `market`: the derivatives are mapped once for the market
 * and once for the market `thetaDays` on (applyScenario), then each underlying's book runs alone
 * on the scenario engine with its own grid. Returns a message when the engine cannot value them.
 *
 * @example
 * ```ts
 * const o = riskUnits(sub, SAMPLE_SNAPSHOT, OKX_PM.okx);
 * if (typeof o !== "string") o.units[0]?.breakdown.mmr; // USD
 * ```
 */
export function riskUnits(sub: SubAccount, market: MarketSnapshot, params: OkxPmParams): UnitsOutcome | string {
  const derivatives = derivativesOf(sub);
  const now = toPmPortfolio(derivatives, market);
  if (!now.ok) return now.error;
  const hasOptions = params.thetaDays > 0 && sub.positions.some((p) => p.kind === "option");
  const later = hasOptions ? toPmPortfolio(derivatives, applyScenario(market, { ...NO_SCENARIO, daysForward: params.thetaDays })) : null;
  if (later && !later.ok) return later.error;
  const stablePrice = now.portfolio.stablePrice;
  const units: UnitOutcome[] = [];
  for (const book of now.portfolio.books) {
    const u = book.underlying as Underlying;
    const unit = params.units[u];
    const grid = unitGrid(unit, params);
    const r = runBook(book, stablePrice, grid);
    if (typeof r === "string") return r;
    const mr1 = r.worstRegular ? Math.max(0, -r.worstRegular.pnlUsd) : 0;
    const mr6 = r.worstTail ? Math.max(0, -r.worstTail.pnlUsd) : 0;
    let mr2 = 0;
    const laterBook = later?.ok ? later.portfolio.books.find((b) => b.underlying === u) : undefined;
    if (laterBook && book.expiries.some((e) => e.options.length > 0)) {
      const l = runBook(laterBook, stablePrice, markOnlyGrid(grid));
      if (typeof l === "string") return l;
      mr2 = Math.max(0, r.mtm.optionsUsd - l.mtm.optionsUsd);
    }
    const mr3 = 0;
    const mr5 = 0;
    // MarginLab's contracts all settle in one stablecoin: no cross-stablecoin hedge, so no MR9 (see okx.ts).
    const mr9 = 0;
    const mr4 = basisRisk(sub, market, u, unit.basisAnnual);
    const mr7Raw = rawMinimumCharge(sub, market, u, params.minChargeRates);
    const mr7 = incrementalTiers(mr7Raw, unit.minChargeTiers);
    const top = Math.max(mr1, mr2, mr6);
    const dominant = top === mr1 ? "MR1" : top === mr6 ? "MR6" : "MR2";
    const scenarioPart = top + mr3 + mr4 + mr5 + mr9;
    const mmr = Math.max(scenarioPart, mr7);
    const w = r.worstRegular;
    units.push({
      breakdown: {
        underlying: u,
        mr1,
        mr2,
        mr3,
        mr4,
        mr5,
        mr6,
        mr7Raw,
        mr7,
        mr9,
        scenarioPart,
        mmr,
        dominant,
        mr1Worst: w && w.pnlUsd < 0 ? { spotMove: w.spotShock - 1, volShock: w.volShock } : null,
        mr7Binds: mr7 > scenarioPart,
      },
      mtmUsd: r.mtm.optionsUsd + r.mtm.perpUsd + r.mtm.futuresUsd,
    });
  }
  return { units, cashUsd: now.portfolio.cashUsd };
}
