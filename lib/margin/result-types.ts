import type { PortfolioMarginResult } from "@/lib/margin/models/pm/from-sub-account";
import type { OkxPmBreakdown } from "@/lib/margin/models/okx-pm/types";
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
  /** per position: the whole position's Greeks (size × per-coin Greeks), with $ delta and $ gamma */
  greeks: GreekTotals;
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
  /**
   * Present when the rulebook's haircuts apply to the initial margin only (Deribit): collateral
   * after haircuts + P&L, the equity the IM check uses; `equity` (collateral at market value) is
   * then the one MM, the margin ratio and the liquidation prices use
   */
  initialEquity?: number;
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

/**
 * Portfolio-margin details (scenario matrix, worst scenarios, contingencies, MtM split); OKX
 * portfolio margin adds its MR1–MR9 breakdown per risk unit (`okx`).
 */
export type PortfolioDetails = Omit<PortfolioMarginResult, "engine"> & { okx?: OkxPmBreakdown };

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
      curve: ModeCurvePoint[];
    }
  | { ok: false; mode: MarginMode; error: string };

/** One point of a mode's comparison curve. */
export interface ModeCurvePoint {
  price: number;
  equity: number;
  mm: number;
}

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

// ---------------------------------------------------------------------------------------------
// Capital across venues (lib/margin/analyses/cross-venue.ts, cross-venue-allocation.ts)

/**
 * Liquidation distance of an account when every underlying moves together by the same percentage
 * (the stress convention): the nearest move down and up at which equity meets maintenance (isolated
 * accounts: at which a first position is liquidated). null = none between −99 % and +1000 %.
 */
export interface TogetherLiquidation {
  state: "found" | "none-in-range" | "already";
  downMovePct: number | null;
  upMovePct: number | null;
}

/** One sub-account (a silo) in the cross-venue view. */
export interface CrossVenueAccount {
  id: string;
  name: string;
  venue: string;
  profileId: string;
  profileName: string;
  mode: MarginMode;
  /** null when the model could not compute the sub-account (then `error` says why) */
  figures: { collateralValue: number; equity: number; im: number; mm: number; freeCollateral: number; status: AccountStatus } | null;
  error?: string;
  /** USDC held (units = USD), the asset transfers move */
  usdcHeld: number;
  liquidation: TogetherLiquidation;
}

/** The sub-accounts of one venue, summed; the nearest liquidation of any of them. */
export interface VenueGroup {
  venue: string;
  accountIds: string[];
  collateralValue: number;
  equity: number;
  im: number;
  mm: number;
  freeCollateral: number;
  /** the nearest down move and nearest up move of any of its sub-accounts */
  liquidation: TogetherLiquidation;
  /** sub-accounts the model could not compute (left out of the sums) */
  failed: number;
}

export type UnifiedCandidate =
  | { ok: true; profile: VenueRowProfile; venue: string; mode: MarginMode; im: number; mm: number; equity: number; freeCollateral: number }
  | { ok: false; profile: VenueRowProfile; venue: string; mode: MarginMode; error: string };

/** Every position and all collateral pooled into one account, against the siloed sum. */
export interface UnifiedComparison {
  /** Σ IM of the sub-accounts as they are (each under its own rulebook and mode) */
  siloedIm: number;
  siloedMm: number;
  /** "portfolio": pooled under each portfolio rulebook; "cross": none could hold the book, pooled in cross */
  basis: "portfolio" | "cross";
  candidates: UnifiedCandidate[];
  /** the candidate needing the least IM (null when none could compute) */
  bestProfileId: string | null;
  /** siloedIm − best unified IM (negative: pooling would need more) */
  fragmentationCostUsd: number | null;
  sentence: string;
}

/** A position in one silo whose scenario P&L offsets a position in another silo: no venue credits it. */
export interface UncreditedHedge {
  a: { accountId: string; venue: string; positionId: string; name: string };
  b: { accountId: string; venue: string; positionId: string; name: string };
  /** correlation of the two positions' P&L over the hedge scenarios (−1 … 1) */
  correlation: number;
  /** σ(a) + σ(b) − σ(a + b), USD: the scenario risk that netting the two would remove */
  offsetUsd: number;
}

export interface VenueStressCell {
  venue: string;
  equityAfter: number;
  mmAfter: number;
  /** sub-accounts of the venue below maintenance after the move (isolated: with a liquidated position) */
  liquidatedAccounts: number;
  /** USD lost (cross/portfolio at most the account's equity; isolated at most the allocations) */
  lossUsd: number;
}

export interface CrossVenueStress {
  movePct: number;
  venues: VenueStressCell[];
  /** the venue whose sub-account liquidates at the smallest move in this direction, if any does by this move */
  firstVenue: string | null;
}

/** Which silo goes first when everything moves together, and what it takes with it. */
export interface FirstLiquidation {
  direction: "down" | "up";
  venue: string;
  accountId: string;
  accountName: string;
  movePct: number;
  /** the sub-account's equity now: the collateral that liquidation puts at risk */
  equityAtRiskUsd: number;
  positions: number;
}

export interface CrossVenueResult {
  accounts: CrossVenueAccount[];
  venues: VenueGroup[];
  unified: UnifiedComparison;
  hedges: UncreditedHedge[];
  stress: CrossVenueStress[];
  firstLiquidation: FirstLiquidation[];
}

export interface CollateralTransfer {
  fromId: string;
  fromVenue: string;
  toId: string;
  toVenue: string;
  /** USDC received by the destination */
  amountUsd: number;
  /** fee of the move, paid by the source on top of the amount */
  costUsd: number;
}

export interface AllocationSide {
  usdc: number;
  equity: number;
  freeCollateral: number;
  /** smallest |move| of the together-liquidation (null: none within −99 %…+1000 %) */
  distancePct: number | null;
}

export interface AllocationRow {
  id: string;
  name: string;
  venue: string;
  before: AllocationSide;
  after: AllocationSide;
}

/** Suggested USDC transfers between silos that raise the smallest liquidation distance. */
export interface CollateralAllocation {
  transfers: CollateralTransfer[];
  rows: AllocationRow[];
  /** the smallest distance over all sub-accounts, before and after (null = none in range) */
  beforeMinDistancePct: number | null;
  afterMinDistancePct: number | null;
  totalCostUsd: number;
  note: string;
}

// ---------------------------------------------------------------------------------------------
// Trade ticket (lib/margin/analyses/trade-impact.ts)

/** Mark (USD per coin), implied vol (fraction; null for perps/futures) and delta (coins per coin) of one instrument. */
export interface ChainQuote {
  mark: number;
  iv: number | null;
  delta: number;
}

export interface ChainRow {
  strike: number;
  call: ChainQuote;
  put: ChainQuote;
}

export interface ChainExpiry {
  id: string;
  expiryIso: string;
  /** calendar days from the snapshot time (fractional) */
  days: number;
  forward: number;
  /** the listed strike nearest the forward */
  atmStrike: number;
  future: ChainQuote;
  rows: ChainRow[];
}

/** The option chain of one underlying on the (scenario) market, valued by the engine in one batch. */
export interface OptionChain {
  underlying: Underlying;
  spot: number;
  perp: ChainQuote;
  expiries: ChainExpiry[];
}

/** One side (before or after the staged trade) of a trade impact. */
export interface ImpactSide {
  equity: number;
  im: number;
  mm: number;
  freeCollateral: number;
  status: AccountStatus;
  /** liquidation of the trade's main underlying (cross/portfolio: the account; isolated: the nearest position) */
  liquidation: LiquidationDistance | null;
}

export type VenueImpactLine =
  { ok: true; profile: VenueRowProfile; mode: MarginMode; imBefore: number; imAfter: number; deltaIm: number; freeAfter: number; pass: boolean } | { ok: false; profile: VenueRowProfile; mode: MarginMode; error: string };

/**
 * Margin impact of staged legs: every figure is the model with the legs minus the model without
 * (entries at the mark, so equity moves only by fees: none are modelled).
 */
export interface TradeImpact {
  underlying: Underlying;
  before: ImpactSide;
  after: ImpactSide;
  deltaIm: number;
  deltaMm: number;
  /** IM after ≤ equity after (free collateral ≥ 0) */
  pass: boolean;
  failReason: string | null;
  /** the mark each leg is entered at, USD per coin */
  legMarks: number[];
}

/** The slower part of a trade impact (computed on the analysis worker, shown when ready). */
export interface TradeImpactExtras {
  /**
   * Largest multiple of the staged sizes that keeps IM ≤ equity, by bisection on the full model
   * (0: none fits; capped at `maxFactor` = the size limit).
   */
  largestFactor: number;
  /** the staged sizes × largestFactor, coins per leg */
  largestSizes: number[];
  maxFactor: number;
  /** with − without under every venue profile of the catalogue */
  venues: VenueImpactLine[];
}

export interface PayoffPoint {
  price: number;
  /** the account with the staged legs: equity − equity now, USD */
  account: number;
  /** the staged legs alone (entered at the mark), USD */
  trade: number;
}

export interface PayoffSeries {
  /** "expiry" (the nearest expiry of the legs), "today", or "days" (the days-forward setting) */
  horizon: "expiry" | "today" | "days";
  days: number;
  label: string;
  points: PayoffPoint[];
}

export interface PayoffResult {
  underlying: Underlying;
  spot: number;
  series: PayoffSeries[];
}

/** Spot × implied-vol grid of the account with the staged legs: P&L and margin after each move. */
export interface SpotVolMatrix {
  underlying: Underlying;
  spotMovesPct: number[];
  volShiftsPts: number[];
  /** cells[v][s]: vol shift v, spot move s */
  cells: { pnl: number; im: number; mm: number; freeCollateral: number; status: AccountStatus }[][];
}
