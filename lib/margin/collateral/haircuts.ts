/**
 * Collateral haircut models (margin-models.md §3): how much of a collateral balance's market
 * value counts towards margin.
 *
 * Every model maps (amount, USD price, market context) to a collateral value in
 * [0, market value]. Models are plain data, so venue profiles can carry them and the UI can
 * show them. Conventions shared by all models:
 *
 *  - A haircut h and a value ratio (a.k.a. weight, collateral value ratio) r are two views of
 *    the same thing: r = 1 − h. Every h and r is clamped to [0, 1].
 *  - `amount` and `priceUsd` must be finite and ≥ 0. Anything else (negative, NaN, ±Infinity)
 *    counts as no collateral (value 0): a borrowed (negative) balance is a liability, which
 *    venues value at 100% elsewhere (e.g. Bybit "Understanding Collateral Value Ratios in
 *    Unified Trading Account": the ratio only applies to positive balances).
 *  - Results are never negative and never NaN.
 *
 * @packageDocumentation
 */

/**
 * One value tier of a {@link HaircutModel} of kind "tiered": the slice of market value from the
 * previous tier's `upToUsd` (0 for the first) up to this `upToUsd` counts at `ratio`.
 * `upToUsd: null` (or `Infinity`) means unbounded; value beyond the last bounded tier counts at 0.
 */
export interface HaircutValueTier {
  upToUsd: number | null;
  ratio: number;
}

/** One tier of a {@link HaircutModel} of kind "quantity-tiered": like {@link HaircutValueTier}, in coins. */
export interface HaircutQuantityTier {
  upToQty: number | null;
  ratio: number;
}

/** A collateral haircut model (plain data). */
export type HaircutModel =
  /** value = amount·price·(1 − haircut) */
  | { kind: "static"; haircut: number }
  /** value tiers, each with its own ratio (Bitget / OKX style), by USD market value, ascending */
  | { kind: "tiered"; tiers: HaircutValueTier[] }
  /**
   * quantity tiers (Bybit "Collateral Value Ratio" style): the slice of the balance, in coins, from
   * the previous tier's `upToQty` (0 for the first) up to this `upToQty` counts at `ratio`; ascending,
   * `upToQty: null` = unbounded; coins beyond the last bounded tier count at 0
   */
  | { kind: "quantity-tiered"; tiers: HaircutQuantityTier[] }
  /** Drift: weight' = min(weight, 1.1/(1 + imf·√size)), size = amount in units of the asset */
  | { kind: "size-scaled"; weight: number; imf: number }
  /** h = max(floor, min(cap, z·σ_daily·volMultiplier·√horizonDays + liquidityAddOn)) */
  | { kind: "dynamic"; z: number; horizonDays: number; cap: number; liquidityAddOn: number; floor?: number }
  /** valued through its underlying's model (`base`), then an extra de-peg haircut: r = r_base·(1 − depegHaircut) */
  | { kind: "yield-bearing"; base: HaircutModel; depegHaircut: number };

/** Market context of a collateral asset. */
export interface HaircutContext {
  /** σ_daily of the asset: annual volatility / √365 (a fraction, e.g. 0.03 = 3% a day) */
  dailyVol: number;
  /** the "collateral volatility ×k" slider: σ_daily is multiplied by this (1 = as observed) */
  volMultiplier: number;
}

/** Result of {@link collateralValue}. */
export interface CollateralValuation {
  /** amount·price (0 for invalid inputs) */
  marketValueUsd: number;
  /** the part of the market value that counts as collateral, in [0, marketValueUsd] */
  collateralValueUsd: number;
  /** marketValueUsd − collateralValueUsd */
  haircutUsd: number;
  /** haircutUsd / marketValueUsd; for a zero balance, the haircut of the first dollar */
  effectiveHaircut: number;
}

/** Drift's size-scaled weight numerator (margin-models.md §2.2 / §3: 1.1/(1 + imf·√size)). */
const DRIFT_WEIGHT_NUMERATOR = 1.1;

/** A value ratio clamped to [0, 1]; NaN → 0 (conservative: counts nothing). */
function ratio01(x: number): number {
  return x > 0 ? (x < 1 ? x : 1) : 0;
}

/** A haircut clamped to [0, 1]; NaN → 1 (conservative: removes everything). */
function haircut01(x: number): number {
  return x < 1 ? (x > 0 ? x : 0) : 1;
}

function validNonNegative(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/**
 * Haircut of the dynamic model, clamped to [0, 1]. A σ that is not a finite number ≥ 0 gives the
 * cap (the conservative end): a missing volatility must not make collateral look safer.
 */
function dynamicHaircut(model: Extract<HaircutModel, { kind: "dynamic" }>, ctx: HaircutContext): number {
  const cap = haircut01(model.cap);
  const sigma = ctx.dailyVol * ctx.volMultiplier;
  let h: number;
  if (!(Number.isFinite(sigma) && sigma >= 0)) h = cap;
  else {
    const raw = Math.max(0, model.z) * sigma * Math.sqrt(validNonNegative(model.horizonDays)) + Math.max(0, model.liquidityAddOn);
    h = Number.isNaN(raw) ? cap : Math.min(cap, raw);
  }
  return haircut01(Math.max(h, model.floor ?? 0));
}

/** Drift's size-scaled weight for a balance of `size` units, clamped to [0, 1]. */
function driftWeight(model: Extract<HaircutModel, { kind: "size-scaled" }>, size: number): number {
  const imf = validNonNegative(model.imf);
  return ratio01(Math.min(model.weight, DRIFT_WEIGHT_NUMERATOR / (1 + imf * Math.sqrt(size))));
}

/** Σ over value tiers of ratio × (slice of `marketValue` in the tier). */
function tieredValue(tiers: readonly HaircutValueTier[], marketValue: number): number {
  let remaining = marketValue;
  let lower = 0;
  let value = 0;
  for (const tier of tiers) {
    if (!(remaining > 0)) break;
    const upper = tier.upToUsd === null ? Infinity : tier.upToUsd;
    const width = upper - lower;
    if (!(width > 0)) continue; // empty or out-of-order tier: skipped
    const take = Math.min(remaining, width);
    value += take * ratio01(tier.ratio);
    remaining -= take;
    lower = upper;
  }
  return value; // value beyond the last bounded tier counts at 0
}

/** Σ over quantity tiers of ratio × (coins of `amount` in the tier): the value in coins. */
function quantityTieredCoins(tiers: readonly HaircutQuantityTier[], amount: number): number {
  return tieredValue(
    tiers.map((t) => ({ upToUsd: t.upToQty, ratio: t.ratio })),
    amount,
  );
}

/** Ratio of the tier a quantity (or USD value) `x` sits in (the first tier with room above `x`), 0 beyond the last. */
function marginalTierRatio(tiers: readonly { upTo: number | null; ratio: number }[], x: number): number {
  let lower = 0;
  for (const tier of tiers) {
    const upper = tier.upTo === null ? Infinity : tier.upTo;
    if (!(upper - lower > 0)) continue;
    if (x < upper) return ratio01(tier.ratio);
    lower = upper;
  }
  return 0;
}

/** Ratio of the first dollar (or unit) of a balance: the limit of value/market value at size 0. */
function firstDollarRatio(model: HaircutModel, ctx: HaircutContext): number {
  switch (model.kind) {
    case "static":
      return 1 - haircut01(model.haircut);
    case "tiered": {
      for (const tier of model.tiers) {
        const upper = tier.upToUsd === null ? Infinity : tier.upToUsd;
        if (upper > 0) return ratio01(tier.ratio);
      }
      return 0;
    }
    case "quantity-tiered":
      return marginalTierRatio(
        model.tiers.map((t) => ({ upTo: t.upToQty, ratio: t.ratio })),
        0,
      );
    case "size-scaled":
      return driftWeight(model, 0);
    case "dynamic":
      return 1 - dynamicHaircut(model, ctx);
    case "yield-bearing":
      return firstDollarRatio(model.base, ctx) * (1 - haircut01(model.depegHaircut));
  }
}

/** Collateral value in USD of a balance with market value `mv` (> 0) and `amount` units (> 0). */
function valueOf(model: HaircutModel, amount: number, mv: number, ctx: HaircutContext): number {
  switch (model.kind) {
    case "static":
      return mv * (1 - haircut01(model.haircut));
    case "tiered":
      return tieredValue(model.tiers, mv);
    case "quantity-tiered":
      return amount > 0 ? (mv / amount) * quantityTieredCoins(model.tiers, amount) : 0;
    case "size-scaled":
      return mv * driftWeight(model, amount);
    case "dynamic":
      return mv * (1 - dynamicHaircut(model, ctx));
    case "yield-bearing":
      return valueOf(model.base, amount, mv, ctx) * (1 - haircut01(model.depegHaircut));
  }
}

/**
 * Collateral value of a balance under a haircut model (margin-models.md §3).
 *
 * - static: value = amount·price·(1 − h).
 * - tiered: the market value is cut into USD slices; each slice counts at its tier's ratio
 *   (Bitget "cross discount" style). Value above the last bounded tier counts at 0.
 * - quantity-tiered: the balance is cut into coin slices; each slice counts at its tier's ratio
 *   (Bybit "Collateral Value Ratio" style); coins above the last bounded tier count at 0.
 * - size-scaled (Drift): weight' = min(w, 1.1/(1 + imf·√amount)); value = amount·price·weight'.
 * - dynamic: h = max(floor ?? 0, min(cap, z·σ_daily·k·√horizonDays + liquidityAddOn)), σ_daily =
 *   `ctx.dailyVol`, k = `ctx.volMultiplier`; rises with volatility, never above `cap` (unless a
 *   floor above the cap is given: the floor wins). A missing/invalid σ gives h = cap.
 * - yield-bearing: the base model (the underlying's) applied to the token's market value, then
 *   an extra de-peg haircut: value = value_base·(1 − depegHaircut).
 *
 * @param model - haircut model
 * @param amount - balance in units of the asset (finite, ≥ 0; anything else counts as 0)
 * @param priceUsd - USD price of one unit (finite, ≥ 0; anything else counts as 0, and so does a
 *   market value that overflows to Infinity)
 * @param ctx - the asset's daily volatility and the volatility multiplier (used by "dynamic")
 * @returns market value, collateral value, haircut in USD and the effective haircut
 *
 * @example
 * ```ts
 * // Bitget cross-discount worked check (margin-models.md §3): 60,000 APT worth 60,000 USD,
 * // tiers 0–50k at 0.8 and above at 0 → 50,000·0.8 = 40,000
 * collateralValue({ kind: "tiered", tiers: [{ upToUsd: 50_000, ratio: 0.8 }, { upToUsd: null, ratio: 0 }] },
 *   60_000, 1, { dailyVol: 0.05, volMultiplier: 1 }).collateralValueUsd; // 40,000
 * ```
 */
export function collateralValue(model: HaircutModel, amount: number, priceUsd: number, ctx: HaircutContext): CollateralValuation {
  const qty = validNonNegative(amount);
  const price = validNonNegative(priceUsd);
  const mv = qty * price;
  if (!(mv > 0) || !Number.isFinite(mv)) {
    const h = 1 - firstDollarRatio(model, ctx);
    return { marketValueUsd: 0, collateralValueUsd: 0, haircutUsd: 0, effectiveHaircut: haircut01(h) };
  }
  const raw = valueOf(model, qty, mv, ctx);
  const cv = raw > 0 ? Math.min(raw, mv) : 0;
  const haircutUsd = mv - cv;
  return { marketValueUsd: mv, collateralValueUsd: cv, haircutUsd, effectiveHaircut: haircut01(haircutUsd / mv) };
}

function marginalRatioOf(model: HaircutModel, amount: number, mv: number, ctx: HaircutContext): number {
  switch (model.kind) {
    case "static":
    case "dynamic":
    case "size-scaled":
      // value = mv × a ratio that does not depend on the price
      return mv > 0 ? valueOf(model, amount, mv, ctx) / mv : firstDollarRatio(model, ctx);
    case "tiered":
      return marginalTierRatio(
        model.tiers.map((t) => ({ upTo: t.upToUsd, ratio: t.ratio })),
        mv,
      );
    case "quantity-tiered":
      return marginalTierRatio(
        model.tiers.map((t) => ({ upTo: t.upToQty, ratio: t.ratio })),
        amount,
      );
    case "yield-bearing":
      return marginalRatioOf(model.base, amount, mv, ctx) * (1 - haircut01(model.depegHaircut));
  }
}

/**
 * The part of a small move in the asset's price that counts as collateral: d(collateral value)/d(market
 * value) at the current balance (1 − the marginal haircut). Static, dynamic and size-scaled models
 * apply one ratio to the whole value, so it is that ratio; a tiered model's is the ratio of the tier
 * the market value sits in; a yield-bearing asset's is its base's × (1 − de-peg haircut).
 *
 * @example
 * ```ts
 * marginalCollateralRatio({ kind: "static", haircut: 0.05 }, 5, 95_000, { dailyVol: 0.03, volMultiplier: 1 }); // 0.95
 * ```
 */
export function marginalCollateralRatio(model: HaircutModel, amount: number, priceUsd: number, ctx: HaircutContext): number {
  const qty = validNonNegative(amount);
  const mv = qty * validNonNegative(priceUsd);
  if (!Number.isFinite(mv)) return 0;
  return Math.min(1, Math.max(0, marginalRatioOf(model, qty, mv, ctx)));
}
