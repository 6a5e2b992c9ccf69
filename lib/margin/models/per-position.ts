import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying, type UnderlyingMarket } from "@/lib/market/types";
import { underlyingMarketId } from "@/lib/market/scenario";
import { collateralDailyVol } from "@/lib/market/reference-vol";
import { LruMap } from "@/lib/quant/lru-map";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import { linearRuleRequirement } from "@/lib/margin/rules/linear";
import { shortOptionRuleRequirement } from "@/lib/margin/rules/short-options";
import type { Requirement } from "@/lib/margin/rules/requirement";
import { collateralValue as haircutValue, marginalCollateralRatio } from "@/lib/margin/collateral/haircuts";
import { haircutModels } from "@/lib/margin/collateral/haircut-presets";
import { describePositions } from "@/lib/margin/valuation/position-results";
import { positionMark, preparePosition, valuePosition, type PreparedPosition, type Valuation } from "@/lib/margin/valuation/position-value";
import { chartFactors } from "@/lib/margin/analyses/chart-grid";
import { liquidationAlong, withTouchOdds } from "@/lib/margin/analyses/liquidation";
import { activeUnderlyings, touchVol } from "@/lib/margin/analyses/revaluation";
import type { ChartPoint, ChartSeries, CollateralResult, EngineResult, LiquidationDistance, SubAccountResult } from "@/lib/margin/result-types";
import type { ModelContext } from "./model-context";
import { positionFields, positionsByUnderlying } from "./positions-by-underlying";
import { assembleResult, statusOf } from "./sub-account-result";

/** Requirement of a whole position (USD) under a venue's per-position rules at a valuation. */
export function positionRequirement(rulebook: PerPositionRulebook, p: PreparedPosition, v: Valuation): Requirement {
  return requirementAt(rulebook, p, v.spot, v.mark);
}

/**
 * {@link positionRequirement} from the index (spot) and mark alone — the only parts of a
 * valuation the rules read — so scans can price with the allocation-free `positionMark`.
 */
function requirementAt(rulebook: PerPositionRulebook, p: PreparedPosition, spot: number, mark: number): Requirement {
  if (p.position.kind === "option") {
    if (p.size > 0) return { im: 0, mm: 0 };
    const r = shortOptionRuleRequirement(rulebook.shortOptions, { isCall: p.isCall, spot, strike: p.strike, mark, entry: p.position.entryPrice, qty: -p.size });
    // Unsupported instruments are rejected before valuation (see unsupportedReason).
    return r ?? { im: 0, mm: 0 };
  }
  const rule = rulebook.linear[p.underlying];
  // A perp margined on the index (Deribit linear perps) uses the spot; everything else its mark.
  const r = linearRuleRequirement(rule, p.size, rule.priceBasis === "index" && p.position.kind === "perp" ? spot : mark);
  // A uniMMR account (Binance PM): requirements are bands of the maintenance margin.
  const bands = rulebook.uniMmrBands;
  return bands ? { im: bands.reduceOnlyAt * r.mm, mm: bands.liquidationAt * r.mm } : r;
}

/**
 * Maintenance an isolated position is liquidated against at a valuation, under the venue's
 * convention (`isolatedMaintenanceOn`): linear positions of an "entry-value" venue (Bybit) are
 * charged on their entry value, everything else on the current one.
 */
export function isolatedMaintenance(rulebook: PerPositionRulebook, p: PreparedPosition, v: Valuation): number {
  return isolatedMaintenanceAt(rulebook, p, v.spot, v.mark);
}

/** {@link isolatedMaintenance} from the index (spot) and mark alone (the scans' allocation-free form). */
function isolatedMaintenanceAt(rulebook: PerPositionRulebook, p: PreparedPosition, spot: number, mark: number): number {
  if (rulebook.isolatedMaintenanceOn === "entry-value" && p.position.kind !== "option") {
    return linearRuleRequirement(rulebook.linear[p.underlying], p.size, p.position.entryPrice).mm;
  }
  return requirementAt(rulebook, p, spot, mark).mm;
}

/** Why a venue cannot hold this sub-account (it lists no options or no dated futures), or null. */
export function unsupportedReason(rulebook: PerPositionRulebook, sub: SubAccount): string | null {
  const options = sub.positions.filter((p) => p.kind === "option").length;
  const futures = sub.positions.filter((p) => p.kind === "future").length;
  if (options > 0 && !rulebook.lists.options) return `${rulebook.name} lists no options (this sub-account holds ${options})`;
  if (futures > 0 && !rulebook.lists.futures) return `${rulebook.name} lists no dated futures (this sub-account holds ${futures})`;
  return null;
}

interface Evaluated {
  pnl: number;
  im: number;
  mm: number;
}

/**
 * Σ P&L and requirements of prepared positions with their underlying's spot ×factor. The hot loop
 * of every liquidation scan: marks come from the allocation-free `positionMark` (the same number
 * `valuePosition(p, factor).mark` returns; the implied vol it would also compute is read by no rule)
 * and the spot is `p.spot0 · factor`, exactly as `valuePosition` forms it.
 */
function evaluate(rulebook: PerPositionRulebook, list: PreparedPosition[], factor: number): Evaluated {
  let pnl = 0;
  let im = 0;
  let mm = 0;
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    const mark = positionMark(p, factor);
    pnl += p.size * (mark - p.position.entryPrice);
    const r = requirementAt(rulebook, p, p.spot0 * factor, mark);
    im += r.im;
    mm += r.mm;
  }
  return { pnl, im, mm };
}

/**
 * {@link evaluate} remembered per spot factor, for one underlying's positions: the per-underlying
 * scans, the all-together scan (same grid of factors) and the chart ask for the same factors, and
 * a remembered figure is the very number a fresh evaluation would give. The memo outlives the call
 * (see {@link factorMemo}): after an edit that moved another underlying, this one's scan is the
 * same as before.
 */
function memoisedEvaluate(rulebook: PerPositionRulebook, list: PreparedPosition[], key: string): (factor: number) => Evaluated {
  const seen = factorMemo(rulebook, key);
  return (factor) => {
    let e = seen.get(factor);
    if (e === undefined) {
      e = evaluate(rulebook, list, factor);
      seen.set(factor, e);
    }
    return e;
  };
}

/** Per rulebook: per input key (see computePerPosition), the evaluations by spot factor; most recent keys last. */
const FACTOR_MEMOS = new WeakMap<PerPositionRulebook, LruMap<string, Map<number, Evaluated>>>();
const FACTOR_MEMO_KEYS = 48;

/**
 * The evaluations of one underlying's positions under `rulebook`, by spot factor, for an input key
 * that names everything {@link evaluate} reads: the underlying's market object (never changed in
 * place; the scenario code returns the same object for the same move), the as-of time and the
 * positions' content (lib/margin/models/positions-by-underlying.ts).
 */
function factorMemo(rulebook: PerPositionRulebook, key: string): Map<number, Evaluated> {
  let byKey = FACTOR_MEMOS.get(rulebook);
  if (!byKey) FACTOR_MEMOS.set(rulebook, (byKey = new LruMap(FACTOR_MEMO_KEYS)));
  return byKey.getOrMake(key, () => new Map());
}

/** Per rulebook: isolated positions' liquidation searches by input key (see {@link isolatedLiquidation}), most recent last. */
const ISOLATED_SCANS = new WeakMap<PerPositionRulebook, LruMap<string, LiquidationDistance>>();
const ISOLATED_SCAN_ENTRIES = 8_192;

/**
 * An isolated position's liquidation search, remembered by everything its surplus reads: the
 * position's content, its underlying's market object (never changed in place; the scenario code
 * returns the same object for the same move), the as-of time and its allocation (`marketKey`
 * carries the last three). After an edit that moved another underlying, the search is the same as
 * before: at 1,000 positions the mode comparison's isolated column then scans a third of them.
 */
function isolatedLiquidation(rulebook: PerPositionRulebook, p: PreparedPosition, spot: number, marketKey: string, surplus: (f: number) => number): LiquidationDistance {
  let memo = ISOLATED_SCANS.get(rulebook);
  if (!memo) ISOLATED_SCANS.set(rulebook, (memo = new LruMap(ISOLATED_SCAN_ENTRIES)));
  const key = `${marketKey}|${JSON.stringify(positionFields(p.position))}`;
  return memo.getOrMake(key, () => liquidationAlong(p.underlying, spot, surplus));
}

/** Per position object: its IM on the snapshot before the scenario, under the last rulebook asked (see {@link imBeforeScenario}). */
const IM_BEFORE_SCENARIO = new WeakMap<Position, { market: UnderlyingMarket; asOf: string; rulebook: PerPositionRulebook; im: number }>();

/**
 * A position's initial margin on the snapshot before the scenario (an isolated position's default
 * allocation: what was posted today), 0 when it cannot be valued there. Remembered per position
 * object for its underlying's market object, the as-of time and the rulebook — everything it reads
 * (positions and markets are never changed in place) — so the many runs of a comparison (stress
 * moves, the largest-extra-position search) resolve each position on today's market once.
 */
function imBeforeScenario(rulebook: PerPositionRulebook, position: Position, snapshot: MarketSnapshot): number {
  const market = snapshot.underlyings[position.underlying];
  const last = IM_BEFORE_SCENARIO.get(position);
  if (last && last.market === market && last.asOf === snapshot.asOf && last.rulebook === rulebook) return last.im;
  const today = preparePosition(position, snapshot);
  const im = typeof today === "string" ? 0 : positionRequirement(rulebook, today, valuePosition(today)).im;
  IM_BEFORE_SCENARIO.set(position, { market, asOf: snapshot.asOf, rulebook, im });
  return im;
}

/**
 * Margin of one sub-account under per-position rules, in isolated or cross mode, on the scenario
 * market. Never throws for a schema-valid sub-account: problems come back as `{ ok: false }` or as
 * warnings.
 */
export function computePerPosition(ctx: ModelContext, rulebook: PerPositionRulebook): EngineResult {
  const { sub, market } = ctx;
  const unsupported = unsupportedReason(rulebook, sub);
  if (unsupported) return { ok: false, error: unsupported };
  const view = describePositions(sub, market, (p, v) => positionRequirement(rulebook, p, v), !ctx.figuresOnly, rulebook);
  const { prepared, byUnderlying, positions } = view;
  const warnings = [...view.warnings];

  // Collateral at the scenario's prices; haircuts per the venue's (or the chosen preset) model.
  const haircuts = haircutModels(rulebook.haircuts, sub.haircutModel);
  const hctx = (asset: CollateralResult["asset"]) => ({ dailyVol: collateralDailyVol(market, asset), volMultiplier: ctx.collateralVolMultiplier });
  const valueAt = (c: { asset: CollateralResult["asset"]; amount: number }, price: number) => haircutValue(haircuts[c.asset], c.amount, price, hctx(c.asset));
  // Haircuts on the initial-margin side only (Deribit): equity counts collateral at market value and
  // is checked against MM (and liquidation); the IM check uses the equity after haircuts.
  const imOnly = rulebook.haircutAppliesTo === "initial";
  /** what equity counts of a holding at a price: market value (IM-only haircuts) or value after haircuts */
  const countedAt = (c: { asset: CollateralResult["asset"]; amount: number }, price: number) => {
    const v = valueAt(c, price);
    return imOnly ? v.marketValueUsd : v.collateralValueUsd;
  };
  let afterHaircuts = 0;
  const collateral: Omit<CollateralResult, "annualYieldUsd" | "yieldApr">[] = sub.collateral.map((c) => {
    const price = market.collateralPrices[c.asset];
    const v = valueAt(c, price);
    afterHaircuts += v.collateralValueUsd;
    return {
      asset: c.asset,
      amount: c.amount,
      price,
      marketValue: v.marketValueUsd,
      haircut: v.effectiveHaircut,
      collateralValue: imOnly ? v.marketValueUsd : v.collateralValueUsd,
      marginalRatio: imOnly ? 1 : marginalCollateralRatio(haircuts[c.asset], c.amount, price, hctx(c.asset)),
    };
  });
  /** counted value of the collateral moving with u, with u's spot ×factor (haircuts may depend on value) */
  const riskyValue = (u: Underlying, factor: number) => collateral.reduce((s, c) => (COLLATERAL_UNDERLYING[c.asset] === u ? s + (factor === 1 ? c.collateralValue : countedAt(c, c.price * factor)) : s), 0);
  /** IM-only haircuts: the haircut amount of the collateral with u's spot ×factor (0 when haircuts count on both sides) */
  const imHaircutAt = (u: Underlying | "all", factor: number) =>
    imOnly
      ? collateral.reduce((s, c) => {
          const moves = u === "all" ? COLLATERAL_UNDERLYING[c.asset] !== null : COLLATERAL_UNDERLYING[c.asset] === u;
          if (!moves || factor === 1) return s + c.marketValue - valueAt(c, c.price).collateralValueUsd;
          const v = valueAt(c, c.price * factor);
          return s + v.marketValueUsd - v.collateralValueUsd;
        }, 0)
      : 0;
  const collateralValue = collateral.reduce((s, c) => s + c.collateralValue, 0);
  /** haircuts charged on the IM side only (0 unless `haircutAppliesTo` is "initial") */
  const imHaircutNow = collateralValue - afterHaircuts;
  const pnlUsd = positions.reduce((s, p) => s + p.pnlUsd, 0);
  const im = positions.reduce((s, p) => s + p.im, 0);
  const mm = positions.reduce((s, p) => s + p.mm, 0);
  const analysed = ctx.lite ? [] : activeUnderlyings(ctx, new Set(prepared.map((p) => p.underlying)));
  const common = { rulebook, collateral, collateralBasis: imOnly ? ("market-value" as const) : ("after-haircuts" as const), view, im, mm, warnings, perPositionRequirements: true };

  if (sub.mode === "cross") {
    const equity = collateralValue + pnlUsd;
    /** what u's positions contribute now (the rest of the account stays fixed when u moves) */
    const split = positionsByUnderlying(sub);
    const evaluateAt = new Map(UNDERLYINGS.map((u) => [u, memoisedEvaluate(rulebook, byUnderlying.get(u)!, `${underlyingMarketId(market.underlyings[u])}|${market.asOf}|${split.key[u]}`)]));
    const now = new Map(UNDERLYINGS.map((u) => [u, evaluateAt.get(u)!(1)]));
    /** account figures with u's spot ×f, everything else as it is */
    const at = (u: Underlying, f: number) => {
      const here = now.get(u)!;
      const e = evaluateAt.get(u)!(f);
      // chart IM line: IM-only haircuts are added to it, so equity ≥ the line is the IM check
      return { im: im - here.im + e.im + imHaircutAt(u, f), mm: mm - here.mm + e.mm, equity: equity - here.pnl - riskyValue(u, 1) + riskyValue(u, f) + e.pnl };
    };
    const stableValue = collateralValue - UNDERLYINGS.reduce((s, u) => s + riskyValue(u, 1), 0);
    let liquidationTogether: SubAccountResult["liquidationTogether"] = null;
    if (analysed.length > 0) {
      const together = liquidationAlong("BTC", 1, (f) => {
        let surplus = stableValue;
        for (const u of UNDERLYINGS) {
          const e = evaluateAt.get(u)!(f);
          surplus += riskyValue(u, f) + e.pnl - e.mm;
        }
        return surplus;
      });
      liquidationTogether = { state: together.state, downMovePct: together.down?.movePct ?? null, upMovePct: together.up?.movePct ?? null };
    }
    const liquidation: LiquidationDistance[] = [];
    const chart: ChartSeries[] = [];
    for (const u of analysed) {
      const spot = market.underlyings[u].spot;
      const liq = withTouchOdds(
        liquidationAlong(u, spot, (f) => {
          const r = at(u, f);
          return r.equity - r.mm;
        }),
        touchVol(ctx, u),
      );
      liquidation.push(liq);
      const points: ChartPoint[] = chartFactors([liq], ctx.chartPoints, ctx.chartGrid).map((f) => ({ price: spot * f, movePct: (f - 1) * 100, ...at(u, f) }));
      chart.push({ underlying: u, spot, points });
    }
    // IM-only haircuts: the IM check is (equity − haircuts) ≥ IM, i.e. equity ≥ IM + haircuts
    const initial = imOnly ? { initialEquity: equity - imHaircutNow } : {};
    return assembleResult(ctx, { ...common, ...initial, equity, freeCollateral: equity - imHaircutNow - im, status: statusOf(equity, im + imHaircutNow, mm), liquidation, liquidationTogether, chart });
  }

  // Isolated: each position carries its own allocation; a loss takes at most that allocation.
  const todaysIm = (p: PreparedPosition) => {
    if (ctx.snapshot === market) return positionRequirement(rulebook, p, valuePosition(p)).im;
    return imBeforeScenario(rulebook, p.position, ctx.snapshot);
  };
  let allocatedTotal = 0;
  let anyLiquidating = false;
  prepared.forEach((p, i) => {
    const res = positions[i]!;
    // Default allocation: the position's initial margin today (before the scenario: an allocation is
    // what was posted, it does not move with a what-if); a long option's is its premium (it can lose no more).
    const defaultAllocation = p.position.kind === "option" && p.size > 0 ? p.size * p.position.entryPrice : todaysIm(p);
    const allocated = p.position.isolatedMargin ?? defaultAllocation;
    allocatedTotal += allocated;
    const surplus = (f: number) => {
      const mark = positionMark(p, f);
      return allocated + p.size * (mark - p.position.entryPrice) - isolatedMaintenanceAt(rulebook, p, p.spot0 * f, mark);
    };
    const spotNow = market.underlyings[p.underlying].spot;
    const liquidation: LiquidationDistance = ctx.lite
      ? { underlying: p.underlying, spot: spotNow, state: surplus(1) < 0 ? "already" : "none-in-range", down: null, up: null }
      : withTouchOdds(isolatedLiquidation(rulebook, p, spotNow, `${underlyingMarketId(market.underlyings[p.underlying])}|${market.asOf}|${allocated}`, surplus), touchVol(ctx, p.underlying));
    if (liquidation.state === "already") anyLiquidating = true;
    res.isolated = { allocated, allocationIsDefault: p.position.isolatedMargin === undefined, equity: allocated + res.pnlUsd, liquidation };
  });
  if (allocatedTotal > afterHaircuts + 1e-9) {
    warnings.push(`Isolated allocations (${allocatedTotal.toFixed(2)} USD) exceed the collateral value after haircuts (${afterHaircuts.toFixed(2)} USD).`);
  }
  const equity = collateralValue + positions.reduce((s, r) => s + Math.max(r.pnlUsd, -r.isolated!.allocated), 0);
  const chart: ChartSeries[] = analysed.map((u) => {
    const spot = market.underlyings[u].spot;
    const liqs = positions.filter((r) => r.underlying === u).map((r) => r.isolated!.liquidation);
    const points = chartFactors(liqs, ctx.chartPoints, ctx.chartGrid).map((f) => {
      let e = collateralValue - riskyValue(u, 1) + riskyValue(u, f);
      let m = 0;
      let iReq = 0;
      prepared.forEach((p, i) => {
        const r = positions[i]!;
        const alloc = r.isolated!.allocated;
        if (p.underlying !== u) {
          e += Math.max(r.pnlUsd, -alloc);
          m += r.mm;
          iReq += r.im;
          return;
        }
        const mark = positionMark(p, f);
        const req = requirementAt(rulebook, p, p.spot0 * f, mark);
        e += Math.max(p.size * (mark - p.position.entryPrice), -alloc);
        m += req.mm;
        iReq += req.im;
      });
      return { price: spot * f, movePct: (f - 1) * 100, equity: e, mm: m, im: iReq + imHaircutAt(u, f) };
    });
    return { underlying: u, spot, points };
  });
  // Allocations are initial postings: they are checked against the collateral after haircuts.
  const freeCollateral = afterHaircuts - allocatedTotal;
  const status = anyLiquidating ? "liquidation" : freeCollateral < 0 ? "below-initial" : statusOf(equity, im + imHaircutNow, mm);
  const initial = imOnly ? { initialEquity: equity - imHaircutNow } : {};
  return assembleResult(ctx, { ...common, ...initial, equity, freeCollateral, status, liquidation: [], liquidationTogether: null, chart });
}
