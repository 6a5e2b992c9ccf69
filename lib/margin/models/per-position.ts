import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";
import { getVenueRuleProfile, type VenueRuleProfile } from "@/lib/margin/venues/venue-profiles";
import { linearRuleRequirement, shortOptionRuleRequirement } from "@/lib/margin/rules/venue-rules";
import type { Requirement } from "@/lib/margin/rules/deribit-family";
import { collateralValue as haircutValue } from "@/lib/margin/collateral/haircuts";
import { collateralDailyVol, referenceVol } from "@/lib/market/reference-vol";
import { haircutModels } from "@/lib/margin/collateral/haircut-presets";
import { describePositions } from "@/lib/margin/valuation/position-results";
import { computePortfolioSubAccount } from "./portfolio";
import { computeDeriveStandardSubAccount } from "./derive-standard";
import { DERIVE_STANDARD } from "@/lib/margin/models/srm/params";
import { NO_SHIFT, valuePosition, type MarketShift, type PreparedPosition, type Valuation } from "@/lib/margin/valuation/position-value";
import { liquidationAlong, MAX_FACTOR, MIN_FACTOR, withTouchOdds } from "@/lib/margin/analyses/liquidation";
import type {
  AccountStatus,
  ChartPoint,
  ChartSeries,
  CollateralResult,
  EngineResult,
  LiquidationDistance,
  SubAccountResult,
} from "@/lib/margin/result-types";

export interface ComputeOptions {
  /** what-if shift per underlying (spot factor, vol shift, days forward); default none */
  shifts?: Partial<Record<Underlying, MarketShift>>;
  /** points per chart series (default 41) */
  chartPoints?: number;
  /**
   * Requirements and equity only: no liquidation search and no chart (for comparisons and
   * searches that call the model many times). Isolated positions then report only whether they
   * are below maintenance now ("already") or not ("none-in-range" here means "not searched").
   */
  lite?: boolean;
  /** "collateral volatility ×k" for dynamic haircuts (default 1) */
  collateralVolMultiplier?: number;
}

/** Requirement of a whole position (USD) under a venue's per-position rules at a valuation. */
export function positionRequirement(profile: VenueRuleProfile, p: PreparedPosition, v: Valuation): Requirement {
  const kind = p.position.kind;
  if (kind === "option") {
    if (p.size > 0) return { im: 0, mm: 0 };
    const r = shortOptionRuleRequirement(profile.shortOptions, { isCall: p.isCall, spot: v.spot, strike: p.strike, mark: v.mark, entry: p.position.entryPrice, qty: -p.size });
    // Unsupported instruments are rejected before valuation (see unsupportedReason).
    return r ?? { im: 0, mm: 0 };
  }
  return linearRuleRequirement(profile.linear[p.underlying], p.size, v.mark);
}

/** Why a venue cannot hold this sub-account (it lists no options or no dated futures), or null. */
export function unsupportedReason(profile: VenueRuleProfile, sub: SubAccount): string | null {
  const options = sub.positions.filter((p) => p.kind === "option").length;
  const futures = sub.positions.filter((p) => p.kind === "future").length;
  const listsOptions = profile.lists?.options ?? profile.shortOptions.kind !== "unsupported";
  const listsFutures = profile.lists?.futures ?? true;
  if (options > 0 && !listsOptions) return `${profile.name} lists no options (this sub-account holds ${options})`;
  if (futures > 0 && !listsFutures) return `${profile.name} lists no dated futures (this sub-account holds ${futures})`;
  return null;
}

interface Evaluated {
  pnl: number;
  im: number;
  mm: number;
}

/** Σ P&L and requirements of a list of prepared positions under one shift. */
function evaluate(profile: VenueRuleProfile, list: PreparedPosition[], shift: MarketShift): Evaluated {
  let pnl = 0;
  let im = 0;
  let mm = 0;
  for (const p of list) {
    const v = valuePosition(p, shift);
    pnl += p.size * (v.mark - p.position.entryPrice);
    const r = positionRequirement(profile, p, v);
    im += r.im;
    mm += r.mm;
  }
  return { pnl, im, mm };
}

function scaled(shift: MarketShift, factor: number): MarketShift {
  return { ...shift, spotFactor: shift.spotFactor * factor };
}

export function chartFactors(liq: LiquidationDistance[], n: number): number[] {
  let lo = 0.5;
  let hi = 1.5;
  for (const l of liq) {
    if (l.down) lo = Math.min(lo, Math.max(MIN_FACTOR, (1 + l.down.movePct / 100) * 0.9));
    if (l.up) hi = Math.max(hi, Math.min(MAX_FACTOR, (1 + l.up.movePct / 100) * 1.1));
  }
  const factors: number[] = [];
  for (let i = 0; i < n; i++) factors.push(lo + ((hi - lo) * i) / (n - 1));
  for (const l of liq) {
    if (l.down) factors.push(1 + l.down.movePct / 100);
    if (l.up) factors.push(1 + l.up.movePct / 100);
  }
  factors.push(1);
  return [...new Set(factors)].sort((a, b) => a - b);
}

function statusOf(equity: number, im: number, mm: number): AccountStatus {
  if (equity < mm || (equity <= 0 && mm > 0)) return "liquidation";
  if (equity < im) return "below-initial";
  return "healthy";
}

/**
 * Margin of one sub-account under its mode (isolated or cross) and venue profile.
 * Never throws for a schema-valid sub-account: problems come back as `{ ok: false }` or as warnings.
 */
export function computeSubAccount(sub: SubAccount, snapshot: MarketSnapshot, opts: ComputeOptions = {}): EngineResult {
  if (sub.mode === "portfolio") return computePortfolioSubAccount(sub, snapshot, opts);
  if (sub.profileId === DERIVE_STANDARD.id) return computeDeriveStandardSubAccount(sub, snapshot, opts);
  const profile = getVenueRuleProfile(sub.profileId);
  if (!profile) return { ok: false, error: `Unknown venue profile "${sub.profileId}"` };
  return computeWithProfile(sub, profile, snapshot, opts);
}

/** computeSubAccount with an explicit profile (profiles are data; tests pass variants). */
export function computeWithProfile(sub: SubAccount, profile: VenueRuleProfile, snapshot: MarketSnapshot, opts: ComputeOptions = {}): EngineResult {
  const unsupported = unsupportedReason(profile, sub);
  if (unsupported) return { ok: false, error: unsupported };
  const shiftOf = (u: Underlying): MarketShift => opts.shifts?.[u] ?? NO_SHIFT;
  const warnings: string[] = [];

  // Resolve and value positions once.
  const view = describePositions(sub, snapshot, shiftOf, (p, v) => positionRequirement(profile, p, v));
  const { prepared, byUnderlying, positions, greeks } = view;
  warnings.push(...view.warnings);

  // Collateral: stable part fixed, risky part moves with its underlying; haircuts per the venue's model.
  const volMultiplier = opts.collateralVolMultiplier ?? 1;
  const haircuts = haircutModels(profile.haircuts, sub.haircutModel);
  const valueAt = (c: SubAccount["collateral"][number], price: number) =>
    haircutValue(haircuts[c.asset], c.amount, price, { dailyVol: collateralDailyVol(snapshot, c.asset), volMultiplier });
  const collateral: CollateralResult[] = sub.collateral.map((c) => {
    const price = snapshot.collateralPrices[c.asset];
    const u = COLLATERAL_UNDERLYING[c.asset];
    const moved = u ? price * shiftOf(u).spotFactor : price;
    const v = valueAt(c, moved);
    return { asset: c.asset, amount: c.amount, price: moved, marketValue: v.marketValueUsd, haircut: v.effectiveHaircut, collateralValue: v.collateralValueUsd };
  });
  /** haircut value of the collateral moving with u, with u's spot ×factor on top of its shift (haircuts may depend on value) */
  const riskyValue = (u: Underlying, factor: number) =>
    collateral.reduce((s, c) => (COLLATERAL_UNDERLYING[c.asset] === u ? s + (factor === 1 ? c.collateralValue : valueAt(c, c.price * factor).collateralValueUsd) : s), 0);
  const collateralMarketValue = collateral.reduce((s, c) => s + c.marketValue, 0);
  const collateralValue = collateral.reduce((s, c) => s + c.collateralValue, 0);

  const grossNotionalUsd = positions.reduce((s, p) => s + p.notionalUsd, 0);
  const pnlUsd = positions.reduce((s, p) => s + p.pnlUsd, 0);
  const im = positions.reduce((s, p) => s + p.im, 0);
  const mm = positions.reduce((s, p) => s + p.mm, 0);
  const activeUnderlyings = UNDERLYINGS.filter((u) => byUnderlying.get(u)!.length > 0 || riskyValue(u, 1) > 0);
  const nPoints = Math.max(11, Math.min(opts.chartPoints ?? 41, 1001));
  const analysed = opts.lite ? [] : activeUnderlyings;
  const refVol = (u: Underlying) => Math.max(0, referenceVol(snapshot, u) + shiftOf(u).volShiftPts / 100);
  const profileInfo = { id: profile.id, name: profile.name, version: profile.version, asOf: profile.asOf };

  if (sub.mode === "cross") {
    const equity = collateralValue + pnlUsd;
    // Account surplus with u's spot multiplied by factor, everything else as it is now.
    const surplusFns = new Map<Underlying, (f: number) => Evaluated & { equity: number }>();
    for (const u of activeUnderlyings) {
      const here = evaluate(profile, byUnderlying.get(u)!, shiftOf(u));
      const restEquity = equity - here.pnl - riskyValue(u, 1);
      const restIm = im - here.im;
      const restMm = mm - here.mm;
      surplusFns.set(u, (f) => {
        const e = evaluate(profile, byUnderlying.get(u)!, scaled(shiftOf(u), f));
        return { pnl: e.pnl, im: restIm + e.im, mm: restMm + e.mm, equity: restEquity + riskyValue(u, f) + e.pnl };
      });
    }
    const liquidation: LiquidationDistance[] = [];
    const chart: ChartSeries[] = [];
    // All underlyings moving together by the same factor.
    const stableValue = collateralValue - UNDERLYINGS.reduce((s, u) => s + riskyValue(u, 1), 0);
    let liquidationTogether: SubAccountResult["liquidationTogether"] = null;
    if (analysed.length > 0) {
      const together = liquidationAlong("BTC", 1, (f) => {
        let surplus = stableValue;
        for (const u of UNDERLYINGS) {
          const e = evaluate(profile, byUnderlying.get(u)!, scaled(shiftOf(u), f));
          surplus += riskyValue(u, f) + e.pnl - e.mm;
        }
        return surplus;
      });
      liquidationTogether = { state: together.state, downMovePct: together.down?.movePct ?? null, upMovePct: together.up?.movePct ?? null };
    }
    for (const u of analysed) {
      const at = surplusFns.get(u)!;
      const spot = snapshot.underlyings[u].spot * shiftOf(u).spotFactor;
      const liq = withTouchOdds(
        liquidationAlong(u, spot, (f) => {
          const r = at(f);
          return r.equity - r.mm;
        }),
        refVol(u),
      );
      liquidation.push(liq);
      const points: ChartPoint[] = chartFactors([liq], nPoints).map((f) => {
        const r = at(f);
        return { price: spot * f, movePct: (f - 1) * 100, equity: r.equity, mm: r.mm, im: r.im };
      });
      chart.push({ underlying: u, spot, points });
    }
    const result: SubAccountResult = {
      id: sub.id,
      mode: sub.mode,
      profile: profileInfo,
      snapshotId: snapshot.id,
      collateral,
      collateralMarketValue,
      collateralValue,
      pnlUsd,
      equity,
      im,
      mm,
      freeCollateral: equity - im,
      marginRatio: equity > 0 ? mm / equity : null,
      status: statusOf(equity, im, mm),
      grossNotionalUsd,
      positions,
      greeks,
      liquidation,
      liquidationTogether,
      chart,
      warnings,
      perPositionRequirements: true,
    };
    return { ok: true, result };
  }

  // Isolated: each position carries its own allocation; a loss takes at most that allocation.
  let allocatedTotal = 0;
  let anyLiquidating = false;
  const baseRequirement = (p: PreparedPosition) => positionRequirement(profile, p, valuePosition(p, NO_SHIFT));
  prepared.forEach((p, i) => {
    const res = positions[i]!;
    // Default allocation: the position's initial margin; a long option's is its premium (it can lose no more).
    const defaultAllocation = p.position.kind === "option" && p.size > 0 ? p.size * p.position.entryPrice : baseRequirement(p).im;
    const allocated = p.position.isolatedMargin ?? defaultAllocation;
    allocatedTotal += allocated;
    const shift = shiftOf(p.underlying);
    const surplus = (f: number) => {
      const v = valuePosition(p, scaled(shift, f));
      return allocated + p.size * (v.mark - p.position.entryPrice) - positionRequirement(profile, p, v).mm;
    };
    const spotNow = snapshot.underlyings[p.underlying].spot * shift.spotFactor;
    const liquidation: LiquidationDistance = opts.lite
      ? { underlying: p.underlying, spot: spotNow, state: surplus(1) < 0 ? "already" : "none-in-range", down: null, up: null }
      : withTouchOdds(liquidationAlong(p.underlying, spotNow, surplus), refVol(p.underlying));
    if (liquidation.state === "already") anyLiquidating = true;
    res.isolated = { allocated, allocationIsDefault: p.position.isolatedMargin === undefined, equity: allocated + res.pnlUsd, liquidation };
  });
  if (allocatedTotal > collateralValue + 1e-9) {
    warnings.push(
      `Isolated allocations (${allocatedTotal.toFixed(2)} USD) exceed the collateral value after haircuts (${collateralValue.toFixed(2)} USD).`,
    );
  }
  const cappedPnl = (list: { pnl: number; allocated: number }[]) => list.reduce((s, x) => s + Math.max(x.pnl, -x.allocated), 0);
  const equity = collateralValue + cappedPnl(positions.map((r) => ({ pnl: r.pnlUsd, allocated: r.isolated!.allocated })));
  const chart: ChartSeries[] = analysed.map((u) => {
    const spot = snapshot.underlyings[u].spot * shiftOf(u).spotFactor;
    const liqs = positions.filter((r) => r.underlying === u).map((r) => r.isolated!.liquidation);
    const onU = new Set(prepared.map((p, i) => (p.underlying === u ? i : -1)).filter((i) => i >= 0));
    const points = chartFactors(liqs, nPoints).map((f) => {
      let e = collateralValue - riskyValue(u, 1) + riskyValue(u, f);
      let m = 0;
      let iReq = 0;
      prepared.forEach((p, i) => {
        const r = positions[i]!;
        const alloc = r.isolated!.allocated;
        if (!onU.has(i)) {
          e += Math.max(r.pnlUsd, -alloc);
          m += r.mm;
          iReq += r.im;
          return;
        }
        const v = valuePosition(p, scaled(shiftOf(u), f));
        const pnl = p.size * (v.mark - p.position.entryPrice);
        const req = positionRequirement(profile, p, v);
        e += Math.max(pnl, -alloc);
        m += req.mm;
        iReq += req.im;
      });
      return { price: spot * f, movePct: (f - 1) * 100, equity: e, mm: m, im: iReq };
    });
    return { underlying: u, spot, points };
  });
  const freeCollateral = collateralValue - allocatedTotal;
  const result: SubAccountResult = {
    id: sub.id,
    mode: sub.mode,
    profile: profileInfo,
    snapshotId: snapshot.id,
    collateral,
    collateralMarketValue,
    collateralValue,
    pnlUsd,
    equity,
    im,
    mm,
    freeCollateral,
    marginRatio: equity > 0 ? mm / equity : null,
    status: anyLiquidating ? "liquidation" : freeCollateral < 0 ? "below-initial" : statusOf(equity, im, mm),
    grossNotionalUsd,
    positions,
    greeks,
    liquidation: [],
    liquidationTogether: null,
    chart,
    warnings,
    perPositionRequirements: true,
  };
  return { ok: true, result };
}
