/**
 * Adapter from a MarginLab sub-account + market snapshot to the portfolio-margin engine, and the
 * UI-facing result of {@link computePortfolioMargin}.
 *
 * Mapping:
 *  - one book per underlying (BTC, ETH, SOL) that has positions or collateral moving with it;
 *  - perps: summed per underlying, priced at the snapshot's perp mark; MtM = Σ size·(mark − entry);
 *  - futures: summed per expiry, revalued on the expiry's forward; MtM = Σ size·(F − entry);
 *  - options: summed per instrument (expiry, strike, type); vol = the expiry's SVI vol at
 *    k = ln(K/F) with T = (expiry − asOf)/365 d; rate = the expiry's rate; premiums become cash:
 *    cash = −Σ size·entry (a short receives its premium, a long pays it);
 *  - collateral: USDC/USDT static (valued at their price); BTC, ETH, SOL and wstETH move 1:1 with
 *    their underlying's spot shocks (wstETH with ETH); haircuts are charged as contingencies;
 *  - the stablecoin price for the de-peg contingency is the snapshot's USDC price;
 *  - feeds carry no confidence in a MarginLab snapshot: every confidence is 1.
 *
 * Sign conventions of the result (MarginLab): im, mm and every contingency are POSITIVE USD
 * requirements; P&L and losses are negative when money is lost; imSurplus/mmSurplus = mtm − im/mm,
 * negative = short of margin. Derive's own figures ("IM"/"MM" in its fixtures) are these surpluses
 * (negative = margin required).
 *
 * @packageDocumentation
 */

import { COLLATERAL_UNDERLYING, UNDERLYINGS, type CollateralAsset, type MarketSnapshot, type Underlying, type UnderlyingMarket } from "@/lib/market/types";
import { underlyingMarketId } from "@/lib/market/scenario";
import { findExpiry, yearsBetween } from "@/lib/market/snapshot";
import { sviImpliedVol } from "@/lib/quant/svi";
import { LruMap } from "@/lib/quant/lru-map";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { positionsByUnderlying } from "@/lib/margin/models/positions-by-underlying";
import { computePm, type PmBookCache } from "./engine";
import { DERIVE_PM2 } from "@/lib/margin/venues/derive";
import type { PmBook, PmCollateral, PmContingency, PmExpiry, PmHeatmap, PmParams, PmPortfolio, PmResult, PmScenarioKind, PmVolShock } from "./types";

/** Haircut of a collateral asset: a fraction charged to MM, or MM and IM (IM on top of MM) parts. */
export type CollateralHaircut = number | { mm: number; im: number };

/** Haircuts per collateral asset (absent = 0). */
export type CollateralHaircuts = Partial<Record<CollateralAsset, CollateralHaircut>>;

/** A position the adapter could not map, and why. */
export interface ExcludedPosition {
  positionId: string;
  reason: string;
}

/**
 * Where a sub-account position landed in the engine's input: its book (index in
 * `portfolio.books`), and for futures and options its expiry (index in the book's `expiries`) and,
 * for options, its index in that expiry's `options`. null when the position was left out.
 */
export type PmPositionRef = { kind: "perp"; book: number; size: number } | { kind: "future"; book: number; expiry: number; size: number } | { kind: "option"; book: number; expiry: number; option: number } | null;

export type PmPortfolioOutcome = { ok: true; portfolio: PmPortfolio; warnings: string[]; excluded: ExcludedPosition[]; refs: PmPositionRef[] } | { ok: false; error: string };

function haircutParts(h: CollateralHaircut | undefined): { mm: number; im: number } {
  if (h === undefined) return { mm: 0, im: 0 };
  return typeof h === "number" ? { mm: h, im: 0 } : h;
}

/**
 * Maps a sub-account and a snapshot into the engine's input (see the module documentation).
 * Never throws: a missing underlying market is an error; a position whose expiry the snapshot
 * does not list is left out with a warning (and listed in `excluded`).
 *
 * @param sub - the MarginLab sub-account (positions with signed size and entry, collateral)
 * @param snapshot - market snapshot (spot, perp mark, per-expiry forward, rate, SVI)
 * @param collateralHaircuts - optional haircuts per collateral asset (default none)
 * @returns the PM portfolio, or an error
 *
 * @example
 * ```ts
 * const m = toPmPortfolio(sub, SAMPLE_SNAPSHOT, { BTC: { mm: 0.02, im: 0.01 } });
 * if (m.ok) computePm(m.portfolio, DERIVE_PM2.grid);
 * ```
 */
export function toPmPortfolio(sub: SubAccount, snapshot: MarketSnapshot, collateralHaircuts: CollateralHaircuts = {}): PmPortfolioOutcome {
  const split = positionsByUnderlying(sub);
  const parts = new Map<Underlying, BookPart>();
  // the books, in the order positions and then collateral first name them (the first problem wins)
  for (const u of split.order) {
    const part = bookPart(u, split.of[u], split.key[u], snapshot, sub.collateral, collateralHaircuts);
    if (typeof part === "string") return { ok: false, error: part };
    parts.set(u, part);
  }
  const staticCollaterals: PmCollateral[] = [];
  for (const c of sub.collateral) {
    const price = snapshot.collateralPrices[c.asset];
    if (!(price > 0)) return { ok: false, error: `the snapshot has no price for ${c.asset}` };
    const u = COLLATERAL_UNDERLYING[c.asset];
    if (u !== null) {
      if (parts.has(u)) continue;
      const part = bookPart(u, split.of[u], split.key[u], snapshot, sub.collateral, collateralHaircuts);
      if (typeof part === "string") return { ok: false, error: part };
      parts.set(u, part);
      continue;
    }
    const h = haircutParts(collateralHaircuts[c.asset]);
    staticCollaterals.push({ id: c.asset, valueUsd: c.amount * price, confidence: 1, mmHaircut: h.mm, imHaircut: h.im });
  }
  const present = UNDERLYINGS.flatMap((u) => {
    const part = parts.get(u);
    return part ? [part] : [];
  });
  const ordered = present.map((x) => x.book);
  const cashUsd = present.reduce((s, x) => s + x.premiumCashUsd, 0);
  const warnings: string[] = [];
  const excluded: ExcludedPosition[] = [];
  if (present.some((x) => x.leftOut)) {
    sub.positions.forEach((p, i) => {
      const reason = (parts.get(p.underlying) as BookPart).reasons[split.local[i] as number];
      if (reason === undefined) return;
      excluded.push({ positionId: p.id, reason });
      warnings.push(`Position ${p.id} is left out of the portfolio margin: ${reason}.`);
    });
  }
  const portfolio: PmPortfolio = { cashUsd, stablePrice: snapshot.collateralPrices.USDC, books: ordered, staticCollaterals };
  // where each position landed: built when read (attribution), not for every step of a search
  let refs: PmPositionRef[] | null = null;
  const refsOf = (): PmPositionRef[] =>
    (refs ??= sub.positions.map((p, i): PmPositionRef => {
      const part = parts.get(p.underlying) as BookPart;
      const l = part.landed[split.local[i] as number] ?? null;
      if (!l) return null;
      const book = ordered.indexOf(part.book);
      return l.kind === "perp" ? { kind: "perp", book, size: l.size } : l.kind === "future" ? { kind: "future", book, expiry: l.expiry, size: l.size } : { kind: "option", book, expiry: l.expiry, option: l.option };
    }));
  return {
    ok: true,
    portfolio,
    warnings,
    excluded,
    get refs() {
      return refsOf();
    },
  };
}

/** Where one position landed inside its underlying's book (null: left out, with `reasons[i]`). */
type Landed = { kind: "perp"; size: number } | { kind: "future"; expiry: number; size: number } | { kind: "option"; expiry: number; option: number } | null;

/** One underlying's book, where each of its positions (in the sub-account's order) landed, and its premium cash. */
interface BookPart {
  book: PmBook;
  landed: Landed[];
  reasons: (string | undefined)[];
  /** whether any position was left out (its reason in `reasons`) */
  leftOut: boolean;
  /** −Σ size × entry of the options that landed (a short receives its premium) */
  premiumCashUsd: number;
}

/**
 * Books built recently, by their inputs: the underlying's market object (markets are never changed
 * in place, and the scenario code returns the same object for the same move: lib/market/scenario.ts),
 * the as-of time, the positions' content and the collateral moving with the underlying. A liquidation
 * search moves one underlying at a time: the other books are the same objects, which the engine's
 * book cache then does not revalue (engine.ts, PmBookCache).
 *
 * The size: everything the page's analyses touch after an edit — every liquidation search, chart,
 * stress move and largest-extra-position trial of the full job, the mode comparison and the venue
 * table, both workers' share counted in one process — is ~800 books (counted after BTC edits of the
 * browser benchmark's 1,000-position book), and the books an edit did not move are read again after
 * the next one, so they are still here. Each book holds an object per option; twice that many
 * (2,048) made every garbage collection of a worker walk ~70 MB more for books of spots no longer on
 * screen (measured in Node after the same analyses: 263 → 191 MB live, at the same speed).
 */
const BOOK_PART_ENTRIES = 1_024;
const BOOK_PARTS = new LruMap<string, BookPart>(BOOK_PART_ENTRIES);

/** Where each position landed and why one was left out: the same for every market of the same expiries. */
type Landing = Pick<BookPart, "landed" | "reasons" | "leftOut">;

/**
 * Landings by their inputs — the underlying, the positions' content and the expiries its market
 * lists — shared by the books of every spot a search visits (a landing reads no price), so the
 * books remembered above hold one object per position between them, not one each.
 */
const LANDINGS = new LruMap<string, Landing>(64);

function bookPart(u: Underlying, positions: readonly Position[], positionsKey: number, snapshot: MarketSnapshot, collateral: SubAccount["collateral"], haircuts: CollateralHaircuts): BookPart | string {
  const market = snapshot.underlyings[u];
  if (!market || !(market.spot > 0)) return `the snapshot has no ${u} market`;
  const moving = collateral.filter((c) => COLLATERAL_UNDERLYING[c.asset] === u);
  const colKey = moving.map((c) => {
    const h = haircutParts(haircuts[c.asset]);
    return `${c.asset}:${c.amount}:${snapshot.collateralPrices[c.asset]}:${h.mm}:${h.im}`;
  });
  const key = `${u}|${underlyingMarketId(market)}|${snapshot.asOf}|${positionsKey}|${colKey.join(",")}`;
  const hit = BOOK_PARTS.get(key);
  if (hit) return hit;
  const landingKey = `${u}|${positionsKey}|${market.expiries.map((e) => e.id).join(",")}`;
  const landing = LANDINGS.get(landingKey);
  const part = buildBookPart(u, market, positions, snapshot, moving, haircuts, landing);
  if (typeof part === "string") return part;
  BOOK_PARTS.set(key, part);
  if (!landing) LANDINGS.set(landingKey, { landed: part.landed, reasons: part.reasons, leftOut: part.leftOut });
  return part;
}

/**
 * One underlying's book on `market`, and where its positions landed — or `landing`, the landing of
 * the same positions on a market with the same expiries, which this book's would equal.
 */
function buildBookPart(
  u: Underlying,
  market: UnderlyingMarket,
  positions: readonly Position[],
  snapshot: MarketSnapshot,
  moving: SubAccount["collateral"],
  haircuts: CollateralHaircuts,
  landing?: Landing,
): BookPart | string {
  const book: PmBook = { underlying: u, spot: market.spot, spotConfidence: 1, perp: null, expiries: [], collaterals: [] };
  const expiries = new Map<string, PmExpiry>();
  // written only when no landing is given (optional chaining skips each push, its object included)
  const own: { landed: Landed[]; reasons: (string | undefined)[] } | null = landing ? null : { landed: [], reasons: [] };
  let premiumCashUsd = 0;
  const expiryOf = (id: string): PmExpiry | string => {
    const existing = expiries.get(id);
    if (existing) return existing;
    const slice = findExpiry(snapshot, u, id);
    if (!slice) return `${u} expiry ${id} is not in the market snapshot`;
    const e: PmExpiry = {
      id,
      years: yearsBetween(snapshot.asOf, slice.expiryIso),
      forwardVariable: slice.forward,
      forwardFixed: 0,
      rate: slice.rate,
      confidence: 1,
      options: [],
      futuresAmount: 0,
      futuresMtmUsd: 0,
    };
    expiries.set(id, e);
    book.expiries.push(e);
    return e;
  };
  for (const p of positions) {
    if (!Number.isFinite(p.size) || !Number.isFinite(p.entryPrice)) return `position ${p.id}: size and entry price must be finite numbers`;
    if (p.kind === "perp") {
      const mark = market.perpMark;
      book.perp ??= { size: 0, price: mark, confidence: 1, mtmUsd: 0 };
      book.perp.size += p.size;
      book.perp.mtmUsd += p.size * (mark - p.entryPrice);
      own?.landed.push({ kind: "perp", size: p.size });
      own?.reasons.push(undefined);
      continue;
    }
    const e = expiryOf(p.expiry);
    if (typeof e === "string") {
      own?.landed.push(null);
      own?.reasons.push(e);
      continue;
    }
    if (p.kind === "future") {
      e.futuresAmount += p.size;
      e.futuresMtmUsd += p.size * (e.forwardVariable - p.entryPrice);
      own?.landed.push({ kind: "future", expiry: book.expiries.indexOf(e), size: p.size });
      own?.reasons.push(undefined);
      continue;
    }
    const slice = findExpiry(snapshot, u, p.expiry);
    const isCall = p.optionType === "call";
    // expired (years ≤ 0) or no positive SVI variance: vol 0, the engine values it at intrinsic and warns
    const vol = e.years > 0 && slice && p.strike > 0 ? sviImpliedVol(slice.svi, Math.log(p.strike / e.forwardVariable), e.years) : 0;
    own?.landed.push({ kind: "option", expiry: book.expiries.indexOf(e), option: e.options.length });
    own?.reasons.push(undefined);
    e.options.push({ strike: p.strike, isCall, amount: p.size, vol });
    premiumCashUsd -= p.size * p.entryPrice;
  }
  for (const c of moving) {
    const price = snapshot.collateralPrices[c.asset];
    const h = haircutParts(haircuts[c.asset]);
    book.collaterals.push({ id: c.asset, valueUsd: c.amount * price, confidence: 1, mmHaircut: h.mm, imHaircut: h.im });
  }
  const { landed, reasons, leftOut } = landing ?? { landed: own!.landed, reasons: own!.reasons, leftOut: own!.reasons.some((r) => r !== undefined) };
  return { book, landed, reasons, leftOut, premiumCashUsd };
}

// ---------------------------------------------------------------------------------------------
// UI-facing result

/** The worst scenario of one underlying (or its basis contingency when that is worse). */
export interface PmWorstScenario {
  kind: PmScenarioKind | "basis";
  /** e.g. +0.18 for spot +18 % (0 for the basis contingency) */
  spotMove: number;
  volShock: PmVolShock | null;
  dampening: number;
  /** P&L in USD (≤ 0) */
  pnl: number;
}

/** One scenario's P&L on one underlying, with its parts. */
export interface PmScenarioRow {
  index: number;
  kind: PmScenarioKind;
  spotMove: number;
  volShock: PmVolShock;
  dampening: number;
  pnl: number;
  perpPnl: number;
  collateralPnl: number;
  expiryPnl: { expiry: string; pnl: number }[];
}

export interface PmUnderlyingResult {
  underlying: string;
  spot: number;
  /** the loss the loss factors multiply (worst scenario or basis contingency) */
  worst: PmWorstScenario;
  worstRegular: PmWorstScenario | null;
  worstTail: PmWorstScenario | null;
  worstSkew: PmWorstScenario | null;
  /** basis (forward) contingency, a P&L ≤ 0 competing with the scenarios */
  basisContingency: number;
  /** regular scenarios: rows = spot moves ascending, cols = vol down/none/up; null where the grid has no cell */
  heatmap: PmHeatmap;
  /** every scenario of the profile (the full matrix) */
  scenarios: PmScenarioRow[];
  mtm: { options: number; perp: number; futures: number; collateral: number };
}

export interface PortfolioMarginResult {
  subAccountId: string;
  snapshotId: string;
  /** initial margin requirement, USD (positive = required) */
  im: number;
  /** maintenance margin requirement, USD */
  mm: number;
  /** account mark-to-market: cash (incl. option premiums) + collateral + option marks + perp/futures P&L */
  mtm: number;
  /** mtm − im and mtm − mm; negative = short of margin (Derive's "IM"/"MM") */
  imSurplus: number;
  mmSurplus: number;
  status: "healthy" | "below-initial" | "liquidation";
  /** loss factors and the de-peg add-on to the IM factor */
  lossFactors: { im: number; mm: number; pegAddOn: number };
  /** Σ underlyings' worst loss (≤ 0) */
  worstLoss: number;
  /** IM/MM = lossFactor × |worstLoss| + Σ contingencies (each positive USD) */
  contingencies: { id: PmContingency["id"]; label: string; scope: string | null; im: number; mm: number }[];
  mtmBreakdown: { cash: number; collateral: number; perps: number; futures: number; options: number };
  underlyings: PmUnderlyingResult[];
  warnings: string[];
  excluded: ExcludedPosition[];
  /** the engine's full result (per-expiry discounts, vol multipliers, …) */
  engine: PmResult;
}

export type PortfolioMarginOutcome = { ok: true; result: PortfolioMarginResult } | { ok: false; error: string };

/** Options of {@link computePortfolioMargin}. */
export interface PortfolioMarginOptions {
  params?: PmParams;
  collateralHaircuts?: CollateralHaircuts;
  /** reuse the books that did not change since the previous call (see PmBookCache) */
  bookCache?: PmBookCache;
}

function rowOf(s: PmResult["books"][number]["scenarios"][number], expiryIds: string[]): PmScenarioRow {
  return {
    index: s.index,
    kind: s.kind,
    spotMove: s.spotShock - 1,
    volShock: s.volShock,
    dampening: s.dampening,
    pnl: s.pnlUsd,
    perpPnl: s.perpPnlUsd,
    collateralPnl: s.collateralPnlUsd,
    expiryPnl: s.expiryPnlUsd.map((pnl, j) => ({ expiry: expiryIds[j] ?? String(j), pnl })),
  };
}

function worstOfRow(w: { pnlUsd: number; spotShock: number; volShock: PmVolShock; dampening: number } | null, kind: PmScenarioKind): PmWorstScenario | null {
  return w ? { kind, spotMove: w.spotShock - 1, volShock: w.volShock, dampening: w.dampening, pnl: w.pnlUsd } : null;
}

/** One book's result in the UI's shape: its worst scenario, the worst of each kind, heatmap, scenario rows and MtM. */
function toUnderlyingResult(b: PmResult["books"][number]): PmUnderlyingResult {
  const ids = b.expiries.map((e) => e.id);
  const src = b.worstSource;
  let worst: PmWorstScenario;
  if (src.kind === "basis") worst = { kind: "basis", spotMove: 0, volShock: null, dampening: 1, pnl: b.basisContingencyUsd };
  else {
    const s = b.scenarios[src.index];
    worst = s ? { kind: s.kind, spotMove: s.spotShock - 1, volShock: s.volShock, dampening: s.dampening, pnl: b.worstLossUsd } : { kind: "basis", spotMove: 0, volShock: null, dampening: 1, pnl: b.worstLossUsd };
  }
  return {
    underlying: b.underlying,
    spot: b.spot,
    worst,
    worstRegular: worstOfRow(b.worstRegular, "regular"),
    worstTail: worstOfRow(b.worstTail, "tail"),
    worstSkew: worstOfRow(b.worstSkew, "skew"),
    basisContingency: b.basisContingencyUsd,
    heatmap: b.heatmap,
    scenarios: b.scenarios.map((s) => rowOf(s, ids)),
    mtm: { options: b.mtm.optionsUsd, perp: b.mtm.perpUsd, futures: b.mtm.futuresUsd, collateral: b.mtm.collateralUsd },
  };
}

/** The account figures of {@link computePortfolioMargin} alone (no UI rows): what a liquidation scan or a chart point reads. */
export type PortfolioFigures = { ok: true; mtm: number; im: number; mm: number; mmSurplus: number } | { ok: false; error: string };

/**
 * {@link computePortfolioMargin}'s mark-to-market, IM, MM and MM surplus, without building the
 * result's per-underlying rows (scenario rows, heatmap): the same engine run, the same numbers.
 */
export function computePortfolioFigures(sub: SubAccount, snapshot: MarketSnapshot, opts: PortfolioMarginOptions = {}): PortfolioFigures {
  const mapped = toPmPortfolio(sub, snapshot, opts.collateralHaircuts);
  if (!mapped.ok) return mapped;
  const out = computePm(mapped.portfolio, opts.params ?? DERIVE_PM2.grid, opts.bookCache);
  if (!out.ok) return out;
  const r = out.result;
  return { ok: true, mtm: r.mtmUsd, im: r.imUsd, mm: r.mmUsd, mmSurplus: r.mmSurplusUsd };
}

/**
 * Portfolio margin of a MarginLab sub-account (default profile: Derive PM2).
 * Never throws; never returns NaN (invalid input comes back as `{ ok: false, error }`).
 *
 * @param sub - the sub-account
 * @param snapshot - the market snapshot
 * @param opts - scenario-engine parameters (default {@link DERIVE_PM2}) and collateral haircuts (default none)
 * @returns im/mm (positive = required), mtm, surpluses, per-underlying worst scenario, heatmap and
 *   scenario matrix, contingencies, MtM split
 *
 * @example
 * ```ts
 * const r = computePortfolioMargin(sub, SAMPLE_SNAPSHOT, { params: DERIBIT_STYLE_PM.grid });
 * if (r.ok) {
 *   r.result.mm;                          // USD required
 *   r.result.underlyings[0]?.heatmap;     // spot move × vol down/none/up → P&L
 * }
 * ```
 */
export function computePortfolioMargin(sub: SubAccount, snapshot: MarketSnapshot, opts: PortfolioMarginOptions = {}): PortfolioMarginOutcome {
  const params = opts.params ?? DERIVE_PM2.grid;
  const mapped = toPmPortfolio(sub, snapshot, opts.collateralHaircuts);
  if (!mapped.ok) return mapped;
  const out = computePm(mapped.portfolio, params, opts.bookCache);
  if (!out.ok) return out;
  const r = out.result;
  const underlyings: PmUnderlyingResult[] = r.books.map(toUnderlyingResult);
  const status = r.mmSurplusUsd < 0 ? "liquidation" : r.imSurplusUsd < 0 ? "below-initial" : "healthy";
  return {
    ok: true,
    result: {
      subAccountId: sub.id,
      snapshotId: snapshot.id,
      im: r.imUsd,
      mm: r.mmUsd,
      mtm: r.mtmUsd,
      imSurplus: r.imSurplusUsd,
      mmSurplus: r.mmSurplusUsd,
      status,
      lossFactors: { im: r.imLossFactor, mm: r.mmLossFactor, pegAddOn: r.pegLossFactorAddOn },
      worstLoss: r.worstLossUsd,
      contingencies: r.contingencies.map((c) => ({ id: c.id, label: c.label, scope: c.scope, im: c.imUsd, mm: c.mmUsd })),
      mtmBreakdown: { cash: r.mtm.cashUsd, collateral: r.mtm.collateralUsd, perps: r.mtm.perpUsd, futures: r.mtm.futuresUsd, options: r.mtm.optionsUsd },
      underlyings,
      warnings: [...mapped.warnings, ...r.warnings],
      excluded: mapped.excluded,
      engine: r,
    },
  };
}
