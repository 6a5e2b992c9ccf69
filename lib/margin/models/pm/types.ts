/**
 * Types of the scenario-based portfolio-margin (PM) engine: its input (a portfolio of books, one
 * per underlying), its parameters (plain data, {@link PmParams}) and its result.
 *
 * Sign conventions (engine-wide):
 *  - P&L and losses: a loss is NEGATIVE P&L (a scenario that loses 1,000 USD has pnlUsd = −1,000);
 *  - requirements (im, mm, every contingency) are POSITIVE USD amounts to be held;
 *  - surpluses (imSurplusUsd, mmSurplusUsd) = mark-to-market − requirement; negative = short of margin.
 *    Derive's fixtures report exactly these surpluses as "IM"/"MM" (negative = margin required).
 *
 * @packageDocumentation
 */

/** How implied vols move in a scenario. up/down: multiplicative DTE-scaled shocks; linear/abs: skew shocks. */
export type PmVolShock = "none" | "up" | "down" | "linear" | "abs";

/** regular: the core grid; tail: extended moves counted at a dampened fraction; skew: skew rotation. */
export type PmScenarioKind = "regular" | "tail" | "skew";

/** One stress scenario applied to every book. */
export interface PmScenario {
  kind: PmScenarioKind;
  /**
   * multiplicative spot shock: 1.18 = spot +18 %, 0.82 = −18 %. In skew scenarios options are
   * revalued at the unshocked forward (the skew is the shock); perps and collateral still move.
   */
  spotShock: number;
  volShock: PmVolShock;
  /** the scenario's P&L is multiplied by this (1 = full weight) */
  dampening: number;
  /**
   * linear skew scenarios only: take the rotation's cap from the abs parameters instead of the
   * linear ones. Only needed to reproduce one quirk of Derive's reference model (fixture test_67).
   */
  skewCapFrom?: "linear" | "abs";
}

/**
 * Multiplicative vol shocks scaled by a DTE power law:
 * m = (pivotDays / max(dte, dteFloorDays))^p, p = shortTermPower if dte ≤ pivotDays else longTermPower;
 * vol up σ' = max(σ·(1 + rangeUp·m), minVolUp); vol down σ' = σ·max(1 − rangeDown·m, 0).
 */
export interface PmVolShockParams {
  rangeUp: number;
  rangeDown: number;
  shortTermPower: number;
  longTermPower: number;
  pivotDays: number;
  dteFloorDays: number;
  /** floor of the shocked vol in vol-up scenarios (fraction, 0.45 = 45 %) */
  minVolUp: number;
}

/**
 * Skew shocks (Derive PM2): per expiry, k = ln(K/F) (|k| for the abs shock),
 * cap = cBase·√T + baseCap, k* = max(minKStar, √T·widthScale·(volParamStatic + √T·volParamScale)),
 * σ' = σ·max(0, 1 + clamp(k·cap/k*, −cap, cap)); each expiry's P&L counts as −|P&L|.
 */
export interface PmSkewShockParams {
  linearBaseCap: number;
  absBaseCap: number;
  linearCBase: number;
  absCBase: number;
  minKStar: number;
  widthScale: number;
  volParamStatic: number;
  volParamScale: number;
}

/** e^{−T·(r·rateMult + rateAdd)} scaled by base; see {@link PmStaticDiscountParams}. */
export interface PmDiscountLeg {
  base: number;
  rateMult: number;
  rateAdd: number;
}

/**
 * Static discounts applied to each expiry's shocked option value: a positive value is multiplied by
 * long.base·e^{−T·(r·long.rateMult + long.rateAdd)}, a negative one by
 * min(short.base·e^{+T·(r·short.rateMult + short.rateAdd)}, 1/D) (D = e^{−r·T}).
 */
export interface PmStaticDiscountParams {
  long: PmDiscountLeg;
  short: PmDiscountLeg;
}

/**
 * Basis (forward) contingency: per expiry, min(V(spotUp) − V, V(spotDown) − V, 0)·(addFactor + multFactor·T)
 * with vols unshocked; the sum over expiries competes with the scenarios as a "worst loss".
 */
export interface PmBasisParams {
  spotUp: number;
  spotDown: number;
  addFactor: number;
  multFactor: number;
}

/** Requirement rates: MM = mm·base, IM = (mm + im)·base (IM is "on top of" MM). */
export interface PmRatePair {
  mm: number;
  im: number;
}

export interface PmContingencyParams {
  /** × |perp size|·spot */
  perp: PmRatePair;
  /** × naked short options per strike·spot (per expiry, calls and puts at one strike offset each other) */
  nakedShortOption: PmRatePair;
  /** IM only: (1 − confidence)·scale·notional when confidence < threshold */
  oracle: { threshold: number; scale: number } | null;
  /** IM only: the IM loss factor grows by (threshold − stablePrice)·factor when the stablecoin trades below threshold */
  peg: { threshold: number; factor: number } | null;
}

/**
 * Parameters of the scenario engine: plain data, never a code path. A portfolio rulebook
 * (lib/margin/rulebook.ts) carries them as its `grid`, with the venue, version and sources.
 */
export interface PmParams {
  scenarios: PmScenario[];
  volShock: PmVolShockParams;
  skewShock: PmSkewShockParams | null;
  /** margin = factor × worst loss − contingencies + MtM */
  lossFactors: { im: number; mm: number };
  /**
   * rates below this are raised to it for discounting option values and for the static discounts;
   * null = rates used as given. Derive floors rates at 0 when it arranges a portfolio.
   */
  discountRateFloor: number | null;
  staticDiscount: PmStaticDiscountParams | null;
  basis: PmBasisParams | null;
  contingencies: PmContingencyParams;
}

// ---------------------------------------------------------------------------------------------
// Engine input

/** Options of one strike/type held in an expiry (positions of the same instrument summed). */
export interface PmOption {
  strike: number;
  isCall: boolean;
  /** signed number of contracts (coins): positive = long */
  amount: number;
  /** mark implied vol (fraction) */
  vol: number;
}

/** One expiry of a book: its forward, rate, options and dated futures. */
export interface PmExpiry {
  id: string;
  /** time to expiry in years (365-day year); ≤ 0 means expired (options settle at intrinsic) */
  years: number;
  /** forward under a spot shock m: forwardVariable·m + forwardFixed */
  forwardVariable: number;
  forwardFixed: number;
  /** continuously compounded rate used for discounting option values */
  rate: number;
  /** min confidence of the forward, rate and vol feeds of this expiry (1 = full) */
  confidence: number;
  options: PmOption[];
  /** net dated-futures position on this expiry's forward (coins); revalued as amount·(F' − F) */
  futuresAmount: number;
  /** unrealised P&L of those futures against their entry prices (USD), part of the MtM */
  futuresMtmUsd: number;
}

export interface PmPerp {
  /** signed size in coins */
  size: number;
  /** perp mark price: scenario P&L = size·(m − 1)·price */
  price: number;
  confidence: number;
  /** unrealised P&L + unsettled funding (USD), part of the MtM */
  mtmUsd: number;
}

/** A collateral holding valued in USD. */
export interface PmCollateral {
  id: string;
  /** market value in USD (amount × price ÷ stable price where the venue values in its stablecoin) */
  valueUsd: number;
  confidence: number;
  /** fraction of the value charged to MM */
  mmHaircut: number;
  /** fraction charged to IM on top of the MM haircut */
  imHaircut: number;
}

/** Everything that moves with one underlying's spot. */
export interface PmBook {
  underlying: string;
  spot: number;
  spotConfidence: number;
  perp: PmPerp | null;
  expiries: PmExpiry[];
  /** collateral whose value moves 1:1 with this underlying's spot shocks (risk-cancelling) */
  collaterals: PmCollateral[];
}

export interface PmPortfolio {
  /** cash balance in USD (negative = borrowed) */
  cashUsd: number;
  /** price of the settlement stablecoin in USD (1 = on peg); drives the de-peg contingency */
  stablePrice: number;
  books: PmBook[];
  /** collateral that moves with no book (stablecoins, assets of other markets) */
  staticCollaterals: PmCollateral[];
}

// ---------------------------------------------------------------------------------------------
// Result

/** P&L of one scenario on one book, with its parts. */
export interface PmScenarioResult {
  index: number;
  kind: PmScenarioKind;
  spotShock: number;
  volShock: PmVolShock;
  dampening: number;
  /** total P&L of the book in this scenario (dampened; skew: Σ −|expiry P&L|) */
  pnlUsd: number;
  perpPnlUsd: number;
  collateralPnlUsd: number;
  /** P&L per expiry (options after static discount, plus futures), same order as the book's expiries */
  expiryPnlUsd: number[];
}

export interface PmExpiryResult {
  id: string;
  years: number;
  forward: number;
  discount: number;
  /** undiscounted-by-static-factor mark value of the options (USD) */
  optionMtmUsd: number;
  /** the same after the static discount (what the scenarios compare against) */
  optionMtmDiscountedUsd: number;
  staticDiscountPos: number;
  staticDiscountNeg: number;
  volShockUpMultiplier: number;
  volShockDownMultiplier: number;
  /** basis contingency of this expiry (≤ 0 P&L) */
  basisContingencyUsd: number;
  nakedShorts: number;
  /** confidence used for the oracle contingency (min with the book's spot/perp confidence) */
  confidence: number;
}

/** Worst scenario of a kind on one book (null when the parameters have none of that kind). */
export interface PmWorst {
  index: number;
  pnlUsd: number;
  spotShock: number;
  volShock: PmVolShock;
  dampening: number;
}

export interface PmBookResult {
  underlying: string;
  spot: number;
  scenarios: PmScenarioResult[];
  worstRegular: PmWorst | null;
  worstTail: PmWorst | null;
  worstSkew: PmWorst | null;
  /** Σ basis contingency over expiries (a P&L, ≤ 0) */
  basisContingencyUsd: number;
  /** min(basis contingency, every scenario P&L) — ≤ 0; what the loss factors multiply */
  worstLossUsd: number;
  /** which one it is */
  worstSource: { kind: PmScenarioKind; index: number } | { kind: "basis" };
  expiries: PmExpiryResult[];
  mtm: { optionsUsd: number; perpUsd: number; futuresUsd: number; collateralUsd: number };
  /** regular scenarios as a grid for a heatmap: rows = spot shocks (ascending), cols = vol none/up/down */
  heatmap: PmHeatmap;
}

export interface PmHeatmap {
  /** spot shocks as moves, e.g. −0.18 … +0.18, ascending */
  spotMoves: number[];
  volShocks: ("down" | "none" | "up")[];
  /** pnlUsd[row][col]; null where the grid has no such scenario */
  pnlUsd: (number | null)[][];
}

/**
 * One additive requirement (positive USD). `imUsd` is the whole IM charge of the item (its MM part
 * plus the IM add-on), so IM = imLossFactor·|worst loss| + Σ imUsd and MM = mmLossFactor·|worst loss| + Σ mmUsd.
 */
export interface PmContingency {
  id: "perp" | "option" | "collateral" | "oracle" | "peg";
  label: string;
  /** the underlying (book) or the collateral it belongs to, if any */
  scope: string | null;
  mmUsd: number;
  imUsd: number;
}

export interface PmResult {
  /** initial margin requirement, USD (≥ 0 unless haircuts are negative) */
  imUsd: number;
  /** maintenance margin requirement, USD */
  mmUsd: number;
  /** mark-to-market of the whole account (cash + collateral + perps + futures + options), USD */
  mtmUsd: number;
  /** mtm − im and mtm − mm (Derive's "IM"/"MM"); negative = short of margin */
  imSurplusUsd: number;
  mmSurplusUsd: number;
  /** the parameters' loss factors */
  imLossFactor: number;
  mmLossFactor: number;
  /** de-peg add-on to the IM loss factor (0 on peg); its USD effect is the "peg" contingency */
  pegLossFactorAddOn: number;
  /** Σ over books of the worst loss (≤ 0) */
  worstLossUsd: number;
  books: PmBookResult[];
  contingencies: PmContingency[];
  mtm: { cashUsd: number; collateralUsd: number; perpUsd: number; futuresUsd: number; optionsUsd: number };
  warnings: string[];
}

/** The engine never throws on bad input: it returns an error instead. */
export type PmOutcome = { ok: true; result: PmResult } | { ok: false; error: string };
