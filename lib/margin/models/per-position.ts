import { COLLATERAL_UNDERLYING, UNDERLYINGS, type Underlying } from "@/lib/market/types";
import { collateralDailyVol } from "@/lib/market/reference-vol";
import type { SubAccount } from "@/lib/workspace/schema";
import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import { linearRuleRequirement } from "@/lib/margin/rules/linear";
import { shortOptionRuleRequirement } from "@/lib/margin/rules/short-options";
import type { Requirement } from "@/lib/margin/rules/requirement";
import { collateralValue as haircutValue, marginalCollateralRatio } from "@/lib/margin/collateral/haircuts";
import { haircutModels } from "@/lib/margin/collateral/haircut-presets";
import { describePositions } from "@/lib/margin/valuation/position-results";
import { preparePosition, valuePosition, type PreparedPosition, type Valuation } from "@/lib/margin/valuation/position-value";
import { chartFactors } from "@/lib/margin/analyses/chart-grid";
import { liquidationAlong, withTouchOdds } from "@/lib/margin/analyses/liquidation";
import { activeUnderlyings, touchVol } from "@/lib/margin/analyses/revaluation";
import type { ChartPoint, ChartSeries, CollateralResult, EngineResult, LiquidationDistance, SubAccountResult } from "@/lib/margin/result-types";
import type { ModelContext } from "./model-context";
import { assembleResult, statusOf } from "./sub-account-result";

/** Requirement of a whole position (USD) under a venue's per-position rules at a valuation. */
export function positionRequirement(rulebook: PerPositionRulebook, p: PreparedPosition, v: Valuation): Requirement {
  if (p.position.kind === "option") {
    if (p.size > 0) return { im: 0, mm: 0 };
    const r = shortOptionRuleRequirement(rulebook.shortOptions, { isCall: p.isCall, spot: v.spot, strike: p.strike, mark: v.mark, entry: p.position.entryPrice, qty: -p.size });
    // Unsupported instruments are rejected before valuation (see unsupportedReason).
    return r ?? { im: 0, mm: 0 };
  }
  const rule = rulebook.linear[p.underlying];
  // A perp margined on the index (Deribit linear perps) uses the spot; everything else its mark.
  const r = linearRuleRequirement(rule, p.size, rule.priceBasis === "index" && p.position.kind === "perp" ? v.spot : v.mark);
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
  if (rulebook.isolatedMaintenanceOn === "entry-value" && p.position.kind !== "option") {
    return linearRuleRequirement(rulebook.linear[p.underlying], p.size, p.position.entryPrice).mm;
  }
  return positionRequirement(rulebook, p, v).mm;
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

/** Σ P&L and requirements of prepared positions with their underlying's spot ×factor. */
function evaluate(rulebook: PerPositionRulebook, list: PreparedPosition[], factor: number): Evaluated {
  let pnl = 0;
  let im = 0;
  let mm = 0;
  for (const p of list) {
    const v = valuePosition(p, factor);
    pnl += p.size * (v.mark - p.position.entryPrice);
    const r = positionRequirement(rulebook, p, v);
    im += r.im;
    mm += r.mm;
  }
  return { pnl, im, mm };
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
  const view = describePositions(sub, market, (p, v) => positionRequirement(rulebook, p, v));
  const { prepared, byUnderlying, positions } = view;
  const warnings = [...view.warnings];

  // Collateral at the scenario's prices; haircuts per the venue's (or the chosen preset) model.
  const haircuts = haircutModels(rulebook.haircuts, sub.haircutModel);
  const hctx = (asset: CollateralResult["asset"]) => ({ dailyVol: collateralDailyVol(market, asset), volMultiplier: ctx.collateralVolMultiplier });
  const valueAt = (c: { asset: CollateralResult["asset"]; amount: number }, price: number) => haircutValue(haircuts[c.asset], c.amount, price, hctx(c.asset));
  const collateral: Omit<CollateralResult, "annualYieldUsd" | "yieldApr">[] = sub.collateral.map((c) => {
    const price = market.collateralPrices[c.asset];
    const v = valueAt(c, price);
    return {
      asset: c.asset,
      amount: c.amount,
      price,
      marketValue: v.marketValueUsd,
      haircut: v.effectiveHaircut,
      collateralValue: v.collateralValueUsd,
      marginalRatio: marginalCollateralRatio(haircuts[c.asset], c.amount, price, hctx(c.asset)),
    };
  });
  /** haircut value of the collateral moving with u, with u's spot ×factor (haircuts may depend on value) */
  const riskyValue = (u: Underlying, factor: number) =>
    collateral.reduce((s, c) => (COLLATERAL_UNDERLYING[c.asset] === u ? s + (factor === 1 ? c.collateralValue : valueAt(c, c.price * factor).collateralValueUsd) : s), 0);
  const collateralValue = collateral.reduce((s, c) => s + c.collateralValue, 0);
  const pnlUsd = positions.reduce((s, p) => s + p.pnlUsd, 0);
  const im = positions.reduce((s, p) => s + p.im, 0);
  const mm = positions.reduce((s, p) => s + p.mm, 0);
  const analysed = ctx.lite ? [] : activeUnderlyings(ctx, new Set(prepared.map((p) => p.underlying)));
  const common = { rulebook, collateral, collateralBasis: "after-haircuts" as const, view, im, mm, warnings, perPositionRequirements: true };

  if (sub.mode === "cross") {
    const equity = collateralValue + pnlUsd;
    /** what u's positions contribute now (the rest of the account stays fixed when u moves) */
    const now = new Map(UNDERLYINGS.map((u) => [u, evaluate(rulebook, byUnderlying.get(u)!, 1)]));
    /** account figures with u's spot ×f, everything else as it is */
    const at = (u: Underlying, f: number) => {
      const here = now.get(u)!;
      const e = evaluate(rulebook, byUnderlying.get(u)!, f);
      return { im: im - here.im + e.im, mm: mm - here.mm + e.mm, equity: equity - here.pnl - riskyValue(u, 1) + riskyValue(u, f) + e.pnl };
    };
    const stableValue = collateralValue - UNDERLYINGS.reduce((s, u) => s + riskyValue(u, 1), 0);
    let liquidationTogether: SubAccountResult["liquidationTogether"] = null;
    if (analysed.length > 0) {
      const together = liquidationAlong("BTC", 1, (f) => {
        let surplus = stableValue;
        for (const u of UNDERLYINGS) {
          const e = evaluate(rulebook, byUnderlying.get(u)!, f);
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
      const points: ChartPoint[] = chartFactors([liq], ctx.chartPoints).map((f) => ({ price: spot * f, movePct: (f - 1) * 100, ...at(u, f) }));
      chart.push({ underlying: u, spot, points });
    }
    return assembleResult(ctx, { ...common, equity, freeCollateral: equity - im, status: statusOf(equity, im, mm), liquidation, liquidationTogether, chart });
  }

  // Isolated: each position carries its own allocation; a loss takes at most that allocation.
  const todaysIm = (p: PreparedPosition) => {
    const today = ctx.snapshot === market ? p : preparePosition(p.position, ctx.snapshot);
    return typeof today === "string" ? 0 : positionRequirement(rulebook, today, valuePosition(today)).im;
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
      const v = valuePosition(p, f);
      return allocated + p.size * (v.mark - p.position.entryPrice) - isolatedMaintenance(rulebook, p, v);
    };
    const spotNow = market.underlyings[p.underlying].spot;
    const liquidation: LiquidationDistance = ctx.lite
      ? { underlying: p.underlying, spot: spotNow, state: surplus(1) < 0 ? "already" : "none-in-range", down: null, up: null }
      : withTouchOdds(liquidationAlong(p.underlying, spotNow, surplus), touchVol(ctx, p.underlying));
    if (liquidation.state === "already") anyLiquidating = true;
    res.isolated = { allocated, allocationIsDefault: p.position.isolatedMargin === undefined, equity: allocated + res.pnlUsd, liquidation };
  });
  if (allocatedTotal > collateralValue + 1e-9) {
    warnings.push(`Isolated allocations (${allocatedTotal.toFixed(2)} USD) exceed the collateral value after haircuts (${collateralValue.toFixed(2)} USD).`);
  }
  const equity = collateralValue + positions.reduce((s, r) => s + Math.max(r.pnlUsd, -r.isolated!.allocated), 0);
  const chart: ChartSeries[] = analysed.map((u) => {
    const spot = market.underlyings[u].spot;
    const liqs = positions.filter((r) => r.underlying === u).map((r) => r.isolated!.liquidation);
    const points = chartFactors(liqs, ctx.chartPoints).map((f) => {
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
        const v = valuePosition(p, f);
        const req = positionRequirement(rulebook, p, v);
        e += Math.max(p.size * (v.mark - p.position.entryPrice), -alloc);
        m += req.mm;
        iReq += req.im;
      });
      return { price: spot * f, movePct: (f - 1) * 100, equity: e, mm: m, im: iReq };
    });
    return { underlying: u, spot, points };
  });
  const freeCollateral = collateralValue - allocatedTotal;
  const status = anyLiquidating ? "liquidation" : freeCollateral < 0 ? "below-initial" : statusOf(equity, im, mm);
  return assembleResult(ctx, { ...common, equity, freeCollateral, status, liquidation: [], liquidationTogether: null, chart });
}
