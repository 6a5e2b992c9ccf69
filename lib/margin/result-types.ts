import type { PortfolioMarginResult } from "@/lib/margin/models/pm/from-sub-account";
import type { CollateralAsset, Underlying } from "@/lib/market/types";
import type { MarginMode, SubAccount } from "@/lib/workspace/schema";
import type { RulebookInfo } from "@/lib/margin/venues/catalogue";

/** A price at which equity meets maintenance margin, with the move from the current spot. */
export interface LiquidationPoint {
  price: number;
  /** move from the current spot in percent, e.g. −23.4 */
  movePct: number;
  /** the move in daily standard deviations of the underlying (30-day ATM implied vol) */
  dailySigmas?: number;
  /** probability that the price touches this level within 1 and 7 days (driftless GBM at that vol) */
  touch1d?: number;
  touch7d?: number;
}

/**
 * Liquidation distance of an account (cross) or a position (isolated) along one underlying.
 * state: "already" — equity is below maintenance now; "none-in-range" — no liquidation between
 * −99% and +1000%; "found" — at least one of down/up is set.
 */
export interface LiquidationDistance {
  underlying: Underlying;
  spot: number;
  state: "found" | "none-in-range" | "already";
  down: LiquidationPoint | null;
  up: LiquidationPoint | null;
}

/**
 * Greeks of a book on one underlying, per spot of that underlying, as derivatives of the engine's
 * own revaluation (lib/margin/valuation/position-value.ts): spot moves keep F/S and the smile on
 * moneyness; vega is per +1 vol point of the scenario vol shift (ATM +1 pt, the smile in
 * proportion); theta is the change over one calendar day with forwards rolling along their basis.
 */
export interface GreekTotals {
  /** dV/dS, coins of the underlying */
  delta: number;
  /** d²V/dS², Δdelta per USD move of the underlying */
  gamma: number;
  /** USD per +1 vol point */
  vega: number;
  /** USD over one calendar day */
  theta: number;
  /** $ delta: delta·S, USD per 100 % move (USD per 1 % move = cashDelta / 100) */
  cashDelta: number;
  /** $ gamma: ½·gamma·S²·(1 %)², the convexity P&L of a 1 % move, USD */
  cashGamma: number;
}

/**
 * Account Greeks of one underlying: the positions, the collateral that moves with it (BTC, ETH,
 * SOL, and wstETH through ETH, counted as the model counts it), and their sum.
 */
export interface AccountGreeks {
  positions: GreekTotals;
  collateral: GreekTotals;
  total: GreekTotals;
}

/**
 * How a model counts collateral in equity: after its haircuts (per-position models), at market
 * value with haircuts charged inside the requirement (portfolio margin), or as Derive's
 * standard manager credits it (stablecoins at value, base assets at the margin factor).
 */
export type CollateralBasis = "after-haircuts" | "market-value" | "margin-factor";

export interface PositionResult {
  id: string;
  name: string;
  kind: "perp" | "future" | "option";
  underlying: Underlying;
  size: number;
  entryPrice: number;
  /** current mark per coin (option premium, future/perp price) */
  mark: number;
  /** implied vol used (options), as a fraction */
  iv: number | null;
  /** |size|·spot */
  notionalUsd: number;
  /** size·(mark − entry) */
  pnlUsd: number;
  im: number;
  mm: number;
  /** per position: delta, gamma, vega, theta of the whole position (size × per-coin Greeks) */
  greeks: Omit<GreekTotals, "cashDelta" | "cashGamma">;
  /** isolated mode only */
  isolated: {
    allocated: number;
    allocationIsDefault: boolean;
    equity: number;
    liquidation: LiquidationDistance;
  } | null;
}

export interface CollateralResult {
  asset: CollateralAsset;
  amount: number;
  price: number;
  marketValue: number;
  haircut: number;
  collateralValue: number;
  /** the part of a small price move of the asset that counts in equity (1 − marginal haircut) */
  marginalRatio: number;
  /** yield the asset keeps earning while posted, USD a year (wstETH staking; 0 otherwise; an assumption) */
  annualYieldUsd: number;
  /** that yield as a fraction of market value a year */
  yieldApr: number;
}

export interface ChartPoint {
  price: number;
  movePct: number;
  equity: number;
  mm: number;
  im: number;
}

export interface ChartSeries {
  underlying: Underlying;
  spot: number;
  points: ChartPoint[];
}

export type AccountStatus = "healthy" | "below-initial" | "liquidation";

export interface SubAccountResult {
  id: string;
  mode: MarginMode;
  profile: { id: string; name: string; version: string; asOf: string };
  snapshotId: string;
  collateral: CollateralResult[];
  collateralMarketValue: number;
  collateralValue: number;
  pnlUsd: number;
  equity: number;
  im: number;
  mm: number;
  /** equity − IM (cross); unallocated collateral (isolated) */
  freeCollateral: number;
  /** MM / equity; null when equity ≤ 0 */
  marginRatio: number | null;
  status: AccountStatus;
  grossNotionalUsd: number;
  positions: PositionResult[];
  /** equity = collateralValue + pnlUsd; collateralValue is counted on this basis */
  collateralBasis: CollateralBasis;
  greeks: Partial<Record<Underlying, AccountGreeks>>;
  /** cross: per underlying; isolated: empty (see positions[].isolated) */
  liquidation: LiquidationDistance[];
  /** cross: all underlyings moving together by the same percentage; isolated: null */
  liquidationTogether: { state: LiquidationDistance["state"]; downMovePct: number | null; upMovePct: number | null } | null;
  chart: ChartSeries[];
  warnings: string[];
  /** portfolio mode only */
  portfolio?: PortfolioDetails;
  /** false when the model has no per-position requirement (portfolio margin): positions[].im/mm are 0 */
  perPositionRequirements: boolean;
}

/** Portfolio-margin details (scenario matrix, worst scenarios, contingencies, MtM split). */
export type PortfolioDetails = Omit<PortfolioMarginResult, "engine">;

export type EngineResult = { ok: true; result: SubAccountResult } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Comparisons (lib/margin/analyses/mode-comparison.ts, venue-comparison.ts)

export interface StressOutcome {
  movePct: number;
  equityAfter: number;
  /** USD lost (negative = gained). Cross/portfolio can lose at most the whole equity. */
  lossUsd: number;
  /** the whole account (cross, portfolio) is below maintenance after the move */
  accountLiquidated: boolean;
  /** isolated: positions below maintenance after the move (each loses at most its allocation) */
  liquidatedPositions: number;
}

export interface MaxExtraPosition {
  underlying: Underlying;
  /** largest extra perp, in coins, that keeps free collateral ≥ 0 (long and short) */
  longCoins: number;
  shortCoins: number;
  markUsd: number;
}

export type ModeView =
  | {
      ok: true;
      mode: MarginMode;
      equity: number;
      im: number;
      mm: number;
      freeCollateral: number;
      status: AccountStatus;
      efficiency: number | null;
      /** per underlying: the nearest liquidation (cross: the account's; isolated: the nearest position's) */
      liquidation: LiquidationDistance[];
      togetherDownPct: number | null;
      togetherUpPct: number | null;
      maxExtra: MaxExtraPosition | null;
      stress: StressOutcome[];
      /** equity and MM of this mode on a common grid of the main underlying's price */
      curve: { price: number; equity: number; mm: number }[];
    }
  | { ok: false; mode: MarginMode; error: string };

/** The rulebook a venue-table row was computed under. */
export type VenueRowProfile = Pick<RulebookInfo, "id" | "name" | "version" | "asOf" | "kind">;

export type VenueRow =
  | {
      ok: true;
      profile: VenueRowProfile;
      mode: SubAccount["mode"];
      im: number;
      mm: number;
      equity: number;
      freeCollateral: number;
      status: AccountStatus;
      efficiency: number | null;
      liquidation: LiquidationDistance[];
      togetherDownPct: number | null;
      togetherUpPct: number | null;
    }
  | { ok: false; profile: VenueRowProfile; mode: SubAccount["mode"]; error: string };
