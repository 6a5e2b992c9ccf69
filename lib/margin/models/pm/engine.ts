/**
 * Scenario-based portfolio-margin engine.
 *
 * Per book (underlying): full revaluation of options (Black-76 with discounting), dated futures,
 * the perp and the collateral that moves with the underlying, under every scenario of the parameters;
 * static discounts on each expiry's option value; a basis contingency that competes with the
 * scenarios; additive contingencies (perp, naked short options, collateral haircuts, oracle
 * confidence, stablecoin de-peg). Then, over the whole account:
 *
 *   MM = mmFactor·|worst loss| + Σ MM contingencies
 *   IM = imFactor·|worst loss| + Σ IM contingencies (including the de-peg add-on)
 *   surplus = MtM − requirement            (Derive's "IM"/"MM" are these surpluses)
 *
 * where |worst loss| = −Σ_books min(basis contingency, min over scenarios of P&L).
 *
 * Hot loops run over typed arrays per expiry with no allocation per scenario; identical
 * (spot shock, vol shock) pairs are revalued once and reused (dampened tails, basis scenarios).
 *
 * @packageDocumentation
 */

import { b76ExpiryValue, logMoneyness } from "@/lib/quant/black76-batch";
import { skewGeometry, skewRotation, staticDiscounts, volShockMultipliers } from "./shocks";
import type {
  PmBook,
  PmBookResult,
  PmCollateral,
  PmContingency,
  PmExpiry,
  PmExpiryResult,
  PmHeatmap,
  PmOption,
  PmOutcome,
  PmPortfolio,
  PmParams,
  PmResult,
  PmScenario,
  PmScenarioKind,
  PmScenarioResult,
  PmVolShock,
  PmWorst,
} from "./types";

/** Vol states an expiry is revalued under. */
const VOL_NONE = 0;
const VOL_UP = 1;
const VOL_DOWN = 2;
const VOL_LINEAR = 3;
const VOL_ABS = 4;
/** linear rotation with the abs cap (PmScenario.skewCapFrom = "abs") */
const VOL_LINEAR_ABS_CAP = 5;
const VOL_STATES = 6;

function isSkewCode(v: number): boolean {
  return v >= VOL_LINEAR;
}

function scenarioVolCode(s: PmScenario): number {
  if (s.volShock === "linear" && s.skewCapFrom === "abs") return VOL_LINEAR_ABS_CAP;
  return volCode(s.volShock);
}

function volCode(v: PmVolShock): number {
  switch (v) {
    case "none":
      return VOL_NONE;
    case "up":
      return VOL_UP;
    case "down":
      return VOL_DOWN;
    case "linear":
      return VOL_LINEAR;
    case "abs":
      return VOL_ABS;
  }
}

/** An expiry prepared for revaluation: typed arrays of its (grouped) options. */
export interface PreparedExpiry {
  src: PmExpiry;
  n: number;
  /** index in src.options of each row (the first position of a merged instrument) */
  source: Int32Array;
  strike: Float64Array;
  /** ln K (−Infinity for K = 0) */
  lnStrike: Float64Array;
  isCall: Uint8Array;
  amount: Float64Array;
  /** total vol σ·√T per vol state (index = VOL_* code) */
  totalVol: Float64Array[];
  forward0: number;
  discount: number;
  sdPos: number;
  sdNeg: number;
  up: number;
  down: number;
  /** option value at the unshocked market (no static discount) */
  mtm: number;
  nakedShorts: number;
  grossContracts: number;
}

/** Unique (spot shock, vol state) pairs the scenarios need, and each scenario's slot. */
export interface SlotPlan {
  spot: Float64Array;
  vol: Int32Array;
  /** slot of each scenario of the parameters */
  ofScenario: Int32Array;
  /** slots of the basis scenarios (spot up / down, vol none), −1 when no basis contingency */
  basisUp: number;
  basisDown: number;
}

/**
 * The unique (spot shock, vol state) pairs of a parameter set: slot 0 is the unshocked market.
 *
 * @param params - PM parameters
 * @returns the slots and each scenario's slot
 *
 * @example
 * ```ts
 * planSlots(DERIVE_PM2.grid).spot[0]; // 1
 * ```
 */
export function planSlots(params: PmParams): SlotPlan {
  const spots: number[] = [];
  const vols: number[] = [];
  const find = (spot: number, vol: number): number => {
    for (let i = 0; i < spots.length; i++) if (spots[i] === spot && vols[i] === vol) return i;
    spots.push(spot);
    vols.push(vol);
    return spots.length - 1;
  };
  find(1, VOL_NONE); // slot 0: the unshocked market (MtM)
  const ofScenario = new Int32Array(params.scenarios.length);
  params.scenarios.forEach((s, i) => {
    // skew scenarios revalue options at the unshocked forward: one slot per skew state
    const code = scenarioVolCode(s);
    ofScenario[i] = find(isSkewCode(code) ? 1 : s.spotShock, code);
  });
  const basisUp = params.basis ? find(params.basis.spotUp, VOL_NONE) : -1;
  const basisDown = params.basis ? find(params.basis.spotDown, VOL_NONE) : -1;
  return { spot: Float64Array.from(spots), vol: Int32Array.from(vols), ofScenario, basisUp, basisDown };
}

/**
 * Option holdings of an expiry grouped by instrument: positions of the same (strike, type, vol) are
 * summed so each instrument is revalued once; sorted by strike, then puts before calls, then vol
 * (so the result does not depend on the order of the input). Positions of one instrument given
 * different vols stay apart, each revalued with its own vol.
 * Typed arrays only (no object per option). Instruments whose amounts cancel are dropped.
 */
interface GroupedOptions {
  n: number;
  /** index in the input of each row */
  source: Int32Array;
  strike: Float64Array;
  isCall: Uint8Array;
  amount: Float64Array;
  /** module scratch: valid until the next groupOptions call */
  vol: Float64Array;
  /** Σ |amount| over the positions as given (before netting), for the oracle contingency */
  grossContracts: number;
}

/** Whether row a sorts after row b: by strike, then puts before calls, then vol. */
function after(a: number, b: number, kStrike: Float64Array, kCall: Uint8Array, kVol: Float64Array): boolean {
  const sa = kStrike[a] as number;
  const sb = kStrike[b] as number;
  if (sa !== sb) return sa > sb;
  const ca = kCall[a] as number;
  const cb = kCall[b] as number;
  if (ca !== cb) return ca > cb;
  return (kVol[a] as number) > (kVol[b] as number);
}

/**
 * Stable bottom-up merge sort of row indices by (strike, type, vol); ties keep input order. In JS
 * rather than TypedArray.prototype.sort with a comparator: that calls back from the runtime into
 * JS once per comparison, which the profile of computePm with 10,000 instruments showed at ~7 %
 * of the time. Sorts the first m entries of `order`, using `buffer` (same length) as the merge
 * target; returns the sorted array (one of the two).
 */
function mergeSortOrder(order: Int32Array, buffer: Int32Array, m: number, kStrike: Float64Array, kCall: Uint8Array, kVol: Float64Array): Int32Array {
  let src: Int32Array = order;
  let dst: Int32Array = buffer;
  for (let width = 1; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = Math.min(lo + width, m);
      const hi = Math.min(lo + 2 * width, m);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // take from the right run only when strictly before the left one: stable
        if (after(src[i] as number, src[j] as number, kStrike, kCall, kVol)) dst[k++] = src[j++] as number;
        else dst[k++] = src[i++] as number;
      }
      while (i < mid) dst[k++] = src[i++] as number;
      while (j < hi) dst[k++] = src[j++] as number;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/**
 * Scratch of groupOptions, grown as needed and reused by every call (the engine is synchronous):
 * the options' fields, the order and its merge buffer, the grouped vols. With these (instead of
 * typed arrays allocated per expiry, each with its own backing store) and the grouping pass reading
 * them instead of the option objects, groupOptions for 10,000 instruments over 30 expiries went
 * from 1.55 to 1.28 ms (0.78 to 0.41 ms on sorted input), and the garbage collector from ~5 % to
 * ~2 % of computePm (CPU profiles of scripts/bench.ts's 10,000-distinct case, issue 12).
 */
let scratchStrike = new Float64Array(64);
let scratchCall = new Uint8Array(64);
let scratchVol = new Float64Array(64);
let scratchAmount = new Float64Array(64);
let scratchGroupedVol = new Float64Array(64);
let scratchOrder = new Int32Array(64);
let scratchMerge = new Int32Array(64);

function growScratch(m: number): void {
  if (scratchStrike.length >= m) return;
  const size = Math.max(m, 2 * scratchStrike.length);
  scratchStrike = new Float64Array(size);
  scratchCall = new Uint8Array(size);
  scratchVol = new Float64Array(size);
  scratchAmount = new Float64Array(size);
  scratchGroupedVol = new Float64Array(size);
  scratchOrder = new Int32Array(size);
  scratchMerge = new Int32Array(size);
}

function groupOptions(options: readonly PmOption[], merge: boolean): GroupedOptions {
  const m = options.length;
  growScratch(m);
  // the options' fields in typed arrays, read in input order: the comparator then reads no object
  // (it runs m·log m times), nor does the grouping pass, which visits them in sorted order
  const kStrike = scratchStrike;
  const kCall = scratchCall;
  const kVol = scratchVol;
  const kAmount = scratchAmount;
  let sorted = true;
  for (let i = 0; i < m; i++) {
    const o = options[i] as PmOption;
    kStrike[i] = o.strike;
    kCall[i] = o.isCall ? 1 : 0;
    kVol[i] = o.vol;
    kAmount[i] = o.amount;
    if (i > 0 && sorted) {
      const j = i - 1;
      const c = (kStrike[j] as number) - o.strike || (kCall[j] as number) - (kCall[i] as number) || (kVol[j] as number) - o.vol;
      if (c > 0) sorted = false;
    }
  }
  let order: Int32Array = scratchOrder;
  for (let i = 0; i < m; i++) order[i] = i;
  if (!sorted) order = mergeSortOrder(order, scratchMerge, m, kStrike, kCall, kVol);
  // the rows that outlive the call share one buffer: strike and amount (8-byte), source, isCall
  const buffer = new ArrayBuffer(m * 21);
  const strike = new Float64Array(buffer, 0, m);
  const amount = new Float64Array(buffer, 8 * m, m);
  const source = new Int32Array(buffer, 16 * m, m);
  const isCall = new Uint8Array(buffer, 20 * m, m);
  const vol = scratchGroupedVol;
  let n = 0;
  let gross = 0;
  for (let j = 0; j < m; j++) {
    const src = order[j] as number;
    const k = kStrike[src] as number;
    const a = kAmount[src] as number;
    const v = kVol[src] as number;
    gross += Math.abs(a);
    const call = kCall[src] as number;
    if (merge && n > 0 && strike[n - 1] === k && isCall[n - 1] === call && vol[n - 1] === v) {
      // same instrument (and, as it should be, the same vol read): one revaluation
      amount[n - 1] = (amount[n - 1] as number) + a;
      continue;
    }
    strike[n] = k;
    isCall[n] = call;
    amount[n] = a;
    vol[n] = v;
    source[n] = src;
    n++;
  }
  if (!merge) return { n, source, strike, isCall, amount, vol, grossContracts: gross };
  // drop instruments whose amounts cancel
  let w = 0;
  for (let j = 0; j < n; j++) {
    if (amount[j] === 0) continue;
    strike[w] = strike[j] as number;
    isCall[w] = isCall[j] as number;
    amount[w] = amount[j] as number;
    vol[w] = vol[j] as number;
    source[w] = source[j] as number;
    w++;
  }
  return { n: w, source, strike, isCall, amount, vol, grossContracts: gross };
}

/** Naked shorts of grouped options (sorted by strike): per strike, max(shorts − longs, 0). */
function nakedShortsGrouped(g: GroupedOptions): number {
  let naked = 0;
  let j = 0;
  while (j < g.n) {
    const k = g.strike[j] as number;
    let long = 0;
    let short = 0;
    while (j < g.n && g.strike[j] === k) {
      const a = g.amount[j] as number;
      if (a > 0) long += a;
      else short -= a;
      j++;
    }
    if (short > long) naked += short - long;
  }
  return naked;
}

/** Σ amount·price of an expiry's options at forward `fwd` under vol state `volState` (no static discount). */
function expiryOptionValue(e: PreparedExpiry, fwd: number, volState: number): number {
  return b76ExpiryValue(e.strike, e.lnStrike, e.totalVol[volState] as Float64Array, e.isCall, e.amount, e.n, fwd, Math.log(fwd), e.discount, null, 0);
}

/**
 * Unit prices (per contract, no static discount) of every row of a prepared expiry in every slot:
 * out[slot·n + row]. The same kernel call as the engine's revaluation, kept per row so attribution
 * can split an expiry's value between positions (prepare with `merge = false`).
 *
 * @param e - a prepared expiry
 * @param plan - the slot plan
 * @returns unit prices, slot-major
 *
 * @example
 * ```ts
 * const u = expiryUnitPrices(prepareExpiry(e, params, true, false), planSlots(params));
 * u[0]; // first option's mark per contract at the unshocked market
 * ```
 */
export function expiryUnitPrices(e: PreparedExpiry, plan: SlotPlan): Float64Array {
  const nSlots = plan.spot.length;
  const { strike, lnStrike, isCall, discount, n } = e;
  const out = new Float64Array(nSlots * n);
  for (let slot = 0; slot < nSlots; slot++) {
    const fwd = slot === 0 ? e.forward0 : e.src.forwardVariable * (plan.spot[slot] as number) + e.src.forwardFixed;
    const s = e.totalVol[slot === 0 ? VOL_NONE : (plan.vol[slot] as number)] as Float64Array;
    b76ExpiryValue(strike, lnStrike, s, isCall, e.amount, n, fwd, Math.log(fwd), discount, out, slot * n);
  }
  return out;
}

/**
 * An expiry prepared for revaluation: options sorted by (strike, type, vol), merged per instrument
 * unless `merge` is false (then one row per input option, for attribution), with their total vols
 * per vol state, discount factors and mark value.
 *
 * @param e - the expiry
 * @param params - PM parameters
 * @param needsSkew - whether the parameters have skew scenarios
 * @param merge - merge positions of one instrument and drop those that cancel (the engine's path)
 * @returns the prepared expiry
 *
 * @example
 * ```ts
 * prepareExpiry(book.expiries[0], DERIVE_PM2.grid, true).mtm; // Σ amount·price at the unshocked market
 * ```
 */
export function prepareExpiry(e: PmExpiry, params: PmParams, needsSkew: boolean, merge = true): PreparedExpiry {
  const grouped = groupOptions(e.options, merge);
  const { n, strike, isCall, amount } = grouped;
  const years = e.years > 0 ? e.years : 0;
  const sqrtT = Math.sqrt(years);
  const floor = params.discountRateFloor;
  const rate = floor !== null && e.rate < floor ? floor : e.rate;
  const discount = years > 0 ? Math.exp(-rate * years) : 1;
  const forward0 = e.forwardVariable + e.forwardFixed;
  const { up, down } = volShockMultipliers(years, params.volShock);
  const { pos, neg } = staticDiscounts(years, rate, params.staticDiscount);
  // ln K and the total vols of every vol state in one allocation (views of it)
  const columns = new Float64Array((VOL_STATES + 1) * n);
  const totalVol: Float64Array[] = [];
  for (let v = 0; v < VOL_STATES; v++) totalVol.push(columns.subarray(v * n, (v + 1) * n));
  const sNone = totalVol[VOL_NONE] as Float64Array;
  const sUp = totalVol[VOL_UP] as Float64Array;
  const sDown = totalVol[VOL_DOWN] as Float64Array;
  const sLin = totalVol[VOL_LINEAR] as Float64Array;
  const sAbs = totalVol[VOL_ABS] as Float64Array;
  const sLinAbsCap = totalVol[VOL_LINEAR_ABS_CAP] as Float64Array;
  const minUp = params.volShock.minVolUp;
  const skew = needsSkew ? params.skewShock : null;
  // the rotation's caps and width depend on the expiry only
  const geom = skew ? skewGeometry(years, skew) : null;
  const lnStrike = columns.subarray(VOL_STATES * n);
  for (let i = 0; i < n; i++) {
    lnStrike[i] = Math.log(strike[i] as number);
    const v0 = grouped.vol[i] as number;
    const vol = v0 > 0 ? v0 : 0;
    const volUp = vol * up;
    sNone[i] = vol * sqrtT;
    sUp[i] = (volUp > minUp ? volUp : minUp) * sqrtT;
    sDown[i] = vol * down * sqrtT;
    const k = strike[i] as number;
    if (geom && k > 0 && forward0 > 0) {
      const km = logMoneyness(k, forward0);
      const lin = skewRotation(km, geom.linearCap, geom.kStar);
      const abs = skewRotation(km < 0 ? -km : km, geom.absCap, geom.kStar);
      const linAbsCap = skewRotation(km, geom.absCap, geom.kStar);
      sLin[i] = vol * (lin > 0 ? lin : 0) * sqrtT;
      sAbs[i] = vol * (abs > 0 ? abs : 0) * sqrtT;
      sLinAbsCap[i] = vol * (linAbsCap > 0 ? linAbsCap : 0) * sqrtT;
    } else {
      sLin[i] = sNone[i] as number;
      sAbs[i] = sNone[i] as number;
      sLinAbsCap[i] = sNone[i] as number;
    }
  }
  const prepared: PreparedExpiry = {
    src: e,
    n,
    source: grouped.source,
    strike,
    lnStrike,
    isCall,
    amount,
    totalVol,
    forward0,
    discount,
    sdPos: pos,
    sdNeg: neg,
    up,
    down,
    mtm: 0,
    nakedShorts: nakedShortsGrouped(grouped),
    grossContracts: grouped.grossContracts,
  };
  prepared.mtm = expiryOptionValue(prepared, forward0, VOL_NONE);
  return prepared;
}

/** Every number in a plain-data object (parameter sets are small). */
function numbersIn(x: unknown, path: string, out: [string, number][]): void {
  if (typeof x === "number") out.push([path, x]);
  else if (Array.isArray(x)) x.forEach((v, i) => numbersIn(v, `${path}[${i}]`, out));
  else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) numbersIn(v, path ? `${path}.${k}` : k, out);
}

/**
 * Validation of PM parameters: finite numbers, positive spot shocks, a positive DTE floor and pivot.
 *
 * @param params - the scenario-engine parameters (a portfolio rulebook's `grid`)
 * @returns null when valid, else a message naming the first problem
 *
 * @example
 * ```ts
 * validatePmParams(DERIVE_PM2.grid); // null
 * ```
 */
export function validatePmParams(params: PmParams): string | null {
  const nums: [string, number][] = [];
  numbersIn(params, "", nums);
  for (const [path, v] of nums) if (!Number.isFinite(v)) return `PM parameters: ${path} must be a finite number (got ${v})`;
  if (params.scenarios.length === 0) return "PM parameters have no scenarios";
  for (const s of params.scenarios) {
    if (!(s.spotShock > 0) || !(s.dampening >= 0)) return `PM parameters have an invalid scenario (spot shock ${s.spotShock} must be > 0, dampening ${s.dampening} ≥ 0)`;
  }
  // Derive's PMRMLib_2.setVolShockParams accepts any dteFloor up to 400 days, 0 included
  if (!(params.volShock.dteFloorDays >= 0) || !(params.volShock.pivotDays > 0)) return "PM parameters: the vol-shock DTE floor must be ≥ 0 days and the pivot > 0 days";
  return null;
}

/**
 * Validation of an engine input; returns a message for the first problem found, else null.
 *
 * @param p - the portfolio
 * @param params - PM parameters
 * @returns null when valid
 *
 * @example
 * ```ts
 * validatePmInput({ cashUsd: NaN, stablePrice: 1, books: [], staticCollaterals: [] }, DERIVE_PM2.grid); // "cash must be a finite number"
 * ```
 */
export function validatePmInput(p: PmPortfolio, params: PmParams): string | null {
  const bad = (x: number) => !Number.isFinite(x);
  if (bad(p.cashUsd)) return "cash must be a finite number";
  if (!(p.stablePrice > 0) || bad(p.stablePrice)) return "stablecoin price must be a positive finite number";
  const paramsProblem = paramsProblemOnce(params);
  if (paramsProblem) return paramsProblem;
  const checkCollateral = (c: PmCollateral) => {
    if (bad(c.valueUsd) || bad(c.mmHaircut) || bad(c.imHaircut) || bad(c.confidence)) return `collateral ${c.id}: value, haircuts and confidence must be finite numbers`;
    return null;
  };
  for (const c of p.staticCollaterals) {
    const m = checkCollateral(c);
    if (m) return m;
  }
  for (const b of p.books) {
    if (VALID_BOOKS.has(b)) continue;
    if (!(b.spot > 0) || bad(b.spot)) return `${b.underlying}: spot price is missing or not positive (${b.spot})`;
    if (bad(b.spotConfidence)) return `${b.underlying}: spot confidence must be a finite number`;
    if (b.perp) {
      if (bad(b.perp.size) || bad(b.perp.mtmUsd) || bad(b.perp.confidence)) return `${b.underlying} perp: size, MtM and confidence must be finite numbers`;
      if (b.perp.size !== 0 && (!(b.perp.price > 0) || bad(b.perp.price))) return `${b.underlying} perp: mark price is missing or not positive (${b.perp.price})`;
    }
    for (const c of b.collaterals) {
      const m = checkCollateral(c);
      if (m) return m;
    }
    for (const e of b.expiries) {
      const where = `${b.underlying} ${e.id}`;
      if (bad(e.years) || bad(e.rate) || bad(e.confidence)) return `${where}: time to expiry, rate and confidence must be finite numbers`;
      if (bad(e.forwardVariable) || bad(e.forwardFixed) || e.forwardVariable < 0 || e.forwardFixed < 0 || !(e.forwardVariable + e.forwardFixed > 0)) {
        return `${where}: forward price is missing or not positive`;
      }
      if (bad(e.futuresAmount) || bad(e.futuresMtmUsd)) return `${where}: futures amount and MtM must be finite numbers`;
      for (const o of e.options) {
        if (bad(o.amount)) return `${where}: option amount must be a finite number`;
        if (bad(o.strike) || o.strike < 0) return `${where}: option strike must be a finite number ≥ 0 (got ${o.strike})`;
        if (bad(o.vol) || o.vol < 0) return `${where} ${o.strike} ${o.isCall ? "call" : "put"}: implied vol is missing or negative (${o.vol})`;
      }
    }
    VALID_BOOKS.add(b);
  }
  return null;
}

/**
 * Books and parameter sets already checked by {@link validatePmInput}: a liquidation search hands
 * the engine the same book objects hundreds of times (the adapter keeps them; books and
 * parameters are never changed in place), and the parameters' check walks every number.
 */
const VALID_BOOKS = new WeakSet<PmBook>();
const PARAMS_PROBLEMS = new WeakMap<PmParams, string | null>();

function paramsProblemOnce(params: PmParams): string | null {
  let problem = PARAMS_PROBLEMS.get(params);
  if (problem === undefined) PARAMS_PROBLEMS.set(params, (problem = validatePmParams(params)));
  return problem;
}

/**
 * Oracle-confidence contingency (IM): (1 − confidence)·scale·notional when confidence < threshold.
 *
 * @param confidence - feed confidence (1 = full)
 * @param notionalUsd - the notional charged
 * @param params - PM parameters
 * @returns the charge in USD (0 when the parameters have no oracle contingency)
 *
 * @example
 * ```ts
 * oracleCharge(1, 1e6, DERIVE_PM2.grid); // 0
 * ```
 */
export function oracleCharge(confidence: number, notionalUsd: number, params: PmParams): number {
  const o = params.contingencies.oracle;
  if (!o || !(confidence < o.threshold)) return 0;
  return (1 - confidence) * o.scale * notionalUsd;
}

const HEAT_COLS: ("down" | "none" | "up")[] = ["down", "none", "up"];

function heatmapOf(scenarios: PmScenarioResult[]): PmHeatmap {
  const regular = scenarios.filter((s) => s.kind === "regular" && (s.volShock === "up" || s.volShock === "none" || s.volShock === "down"));
  const moves = [...new Set(regular.map((s) => s.spotShock - 1))].sort((a, b) => a - b);
  const pnlUsd = moves.map((m) =>
    HEAT_COLS.map((v) => {
      const s = regular.find((x) => x.spotShock - 1 === m && x.volShock === v);
      return s ? s.pnlUsd : null;
    }),
  );
  return { spotMoves: moves, volShocks: [...HEAT_COLS], pnlUsd };
}

function worstOf(scenarios: PmScenarioResult[], kind: PmScenarioKind): PmWorst | null {
  let w: PmScenarioResult | null = null;
  for (const s of scenarios) if (s.kind === kind && (w === null || s.pnlUsd < w.pnlUsd)) w = s;
  return w ? { index: w.index, pnlUsd: w.pnlUsd, spotShock: w.spotShock, volShock: w.volShock, dampening: w.dampening } : null;
}

/** A book's expiries prepared, and their option values in every slot. */
export interface RevaluedBook {
  expiries: PreparedExpiry[];
  /** value[slot·nExp + e]: option value of expiry e in slot (no static discount) */
  value: Float64Array;
}

/**
 * Phase 1 of a book's margin: every option of the book revalued in every slot of the plan.
 *
 * @param book - the book
 * @param params - PM parameters
 * @param plan - {@link planSlots} of the parameters
 * @param warnings - collects warnings (expired expiries, missing vols)
 * @param merge - merge positions of one instrument (the engine's path); false keeps one row per input option
 * @returns the prepared expiries and the value matrix
 *
 * @example
 * ```ts
 * const rb = revalueBook(book, DERIVE_PM2.grid, planSlots(DERIVE_PM2.grid), []);
 * rb.value[0]; // first expiry's option value at the unshocked market
 * ```
 */
export function revalueBook(book: PmBook, params: PmParams, plan: SlotPlan, warnings: string[], merge = true): RevaluedBook {
  const needsSkew = params.skewShock !== null && params.scenarios.some((s) => s.volShock === "linear" || s.volShock === "abs");
  const expiries = book.expiries.map((e) => prepareExpiry(e, params, needsSkew, merge));
  for (const e of expiries) {
    if (e.n === 0) continue;
    if (!(e.src.years > 0)) {
      warnings.push(`${book.underlying} ${e.src.id} has expired: its options are valued at intrinsic against the (shocked) forward, with no vol shock.`);
      continue;
    }
    let noVol = 0;
    for (const o of e.src.options) if (!(o.vol > 0)) noVol++;
    if (noVol > 0) {
      warnings.push(`${book.underlying} ${e.src.id}: ${noVol} option position(s) have no implied vol; valued at intrinsic (vol-up scenarios use the parameters' minimum shocked vol).`);
    }
  }
  const nSlots = plan.spot.length;
  const nExp = expiries.length;
  // value[slot·nExp + e]: option value of expiry e in slot (no static discount)
  const value = new Float64Array(nSlots * nExp);
  for (let j = 0; j < nExp; j++) {
    const e = expiries[j] as PreparedExpiry;
    value[j] = e.mtm; // slot 0 = unshocked
    for (let s = 1; s < nSlots; s++) {
      const vol = plan.vol[s] as number;
      const fwd = e.src.forwardVariable * (plan.spot[s] as number) + e.src.forwardFixed;
      value[s * nExp + j] = e.n === 0 ? 0 : expiryOptionValue(e, fwd, vol);
    }
  }
  return { expiries, value };
}

/**
 * Phase 2 of a book's margin: scenario P&L from the value matrix, the worst loss, the basis and
 * additive contingencies. Reads `expiries[j].mtm`, `.nakedShorts`, `.grossContracts`, `.src`
 * (futures, forward, years, confidence), so attribution can call it on a book with one position
 * taken out (its values subtracted) without revaluing.
 *
 * @param book - the book (perp, collateral, spot)
 * @param params - PM parameters
 * @param plan - {@link planSlots} of the parameters
 * @param expiries - the book's prepared expiries (same order as book.expiries)
 * @param value - value[slot·nExp + e] (see {@link RevaluedBook})
 * @returns the book's result and its contingencies
 *
 * @example
 * ```ts
 * const rb = revalueBook(book, params, plan, []);
 * aggregateBook(book, params, plan, rb.expiries, rb.value).result.worstLossUsd;
 * ```
 */
export function aggregateBook(book: PmBook, params: PmParams, plan: SlotPlan, expiries: readonly PreparedExpiry[], value: Float64Array): { result: PmBookResult; contingencies: PmContingency[] } {
  const nExp = expiries.length;

  const perp = book.perp && book.perp.size !== 0 ? book.perp : null;
  const minConfidence = perp ? Math.min(book.spotConfidence, perp.confidence) : book.spotConfidence;
  const movingCollateralUsd = book.collaterals.reduce((s, c) => s + c.valueUsd, 0);

  // Scenario P&L
  const scenarios: PmScenarioResult[] = params.scenarios.map((sc: PmScenario, index) => {
    const slot = plan.ofScenario[index] as number;
    const d = sc.dampening;
    const perpPnlUsd = perp ? perp.size * (sc.spotShock - 1) * perp.price * d : 0;
    const collateralPnlUsd = movingCollateralUsd * (sc.spotShock - 1) * d;
    const isSkew = sc.volShock === "linear" || sc.volShock === "abs";
    const expiryPnlUsd: number[] = new Array(nExp);
    let total = perpPnlUsd + collateralPnlUsd;
    for (let j = 0; j < nExp; j++) {
      const e = expiries[j] as PreparedExpiry;
      const v = value[slot * nExp + j] as number;
      const discounted = v * (v >= 0 ? e.sdPos : e.sdNeg);
      const futures = isSkew ? 0 : e.src.futuresAmount * e.src.forwardVariable * (sc.spotShock - 1);
      let pnl = (discounted - e.mtm + futures) * d;
      if (isSkew && pnl > 0) pnl = -pnl;
      expiryPnlUsd[j] = pnl;
      total += pnl;
    }
    return { index, kind: sc.kind, spotShock: sc.spotShock, volShock: sc.volShock, dampening: d, pnlUsd: total, perpPnlUsd, collateralPnlUsd, expiryPnlUsd };
  });

  // Basis contingency and per-expiry report
  const contingencies: PmContingency[] = [];
  let basisContingencyUsd = 0;
  let optionMtm = 0;
  let futuresMtm = 0;
  let oracleUsd = 0;
  let nakedTotal = 0;
  const expiryResults: PmExpiryResult[] = expiries.map((e, j) => {
    let basis = 0;
    if (params.basis) {
      const fu = e.src.futuresAmount * e.src.forwardVariable;
      const upPnl = (value[plan.basisUp * nExp + j] as number) - e.mtm + fu * (params.basis.spotUp - 1);
      const downPnl = (value[plan.basisDown * nExp + j] as number) - e.mtm + fu * (params.basis.spotDown - 1);
      const worst = Math.min(upPnl, downPnl, 0);
      const years = e.src.years > 0 ? e.src.years : 0;
      basis = worst * (params.basis.addFactor + params.basis.multFactor * years);
    }
    basisContingencyUsd += basis;
    optionMtm += e.mtm;
    futuresMtm += e.src.futuresMtmUsd;
    const naked = e.nakedShorts;
    nakedTotal += naked;
    const confidence = Math.min(minConfidence, e.src.confidence);
    oracleUsd += oracleCharge(confidence, e.grossContracts * book.spot, params);
    return {
      id: e.src.id,
      years: e.src.years,
      forward: e.forward0,
      discount: e.discount,
      optionMtmUsd: e.mtm,
      optionMtmDiscountedUsd: e.mtm * (e.mtm >= 0 ? e.sdPos : e.sdNeg),
      staticDiscountPos: e.sdPos,
      staticDiscountNeg: e.sdNeg,
      volShockUpMultiplier: e.up,
      volShockDownMultiplier: e.down,
      basisContingencyUsd: basis,
      nakedShorts: naked,
      confidence,
    };
  });

  // Additive contingencies
  const c = params.contingencies;
  if (perp) {
    const notional = Math.abs(perp.size) * book.spot;
    contingencies.push({ id: "perp", label: `${book.underlying} perp`, scope: book.underlying, mmUsd: notional * c.perp.mm, imUsd: notional * (c.perp.mm + c.perp.im) });
    oracleUsd += oracleCharge(minConfidence, notional, params);
  }
  if (nakedTotal > 0) {
    const notional = nakedTotal * book.spot;
    contingencies.push({
      id: "option",
      label: `${book.underlying} naked short options`,
      scope: book.underlying,
      mmUsd: notional * c.nakedShortOption.mm,
      imUsd: notional * (c.nakedShortOption.mm + c.nakedShortOption.im),
    });
  }
  for (const col of book.collaterals) {
    contingencies.push(collateralContingency(col));
    oracleUsd += oracleCharge(Math.min(col.confidence, book.spotConfidence), col.valueUsd, params);
  }
  if (oracleUsd !== 0) contingencies.push({ id: "oracle", label: `${book.underlying} low oracle confidence`, scope: book.underlying, mmUsd: 0, imUsd: oracleUsd });

  // Worst loss
  let worstLossUsd = basisContingencyUsd < 0 ? basisContingencyUsd : 0;
  let worstSource: PmBookResult["worstSource"] = { kind: "basis" };
  for (const s of scenarios) {
    if (s.pnlUsd < worstLossUsd) {
      worstLossUsd = s.pnlUsd;
      worstSource = { kind: s.kind, index: s.index };
    }
  }
  if (worstLossUsd === 0 && basisContingencyUsd === 0) {
    // nothing loses: report the first scenario (all P&L ≥ 0)
    const first = scenarios[0];
    if (first) worstSource = { kind: first.kind, index: first.index };
  }

  const result: PmBookResult = {
    underlying: book.underlying,
    spot: book.spot,
    scenarios,
    worstRegular: worstOf(scenarios, "regular"),
    worstTail: worstOf(scenarios, "tail"),
    worstSkew: worstOf(scenarios, "skew"),
    basisContingencyUsd,
    worstLossUsd,
    worstSource,
    expiries: expiryResults,
    mtm: { optionsUsd: optionMtm, perpUsd: perp ? perp.mtmUsd : (book.perp?.mtmUsd ?? 0), futuresUsd: futuresMtm, collateralUsd: movingCollateralUsd },
    heatmap: heatmapOf(scenarios),
  };
  return { result, contingencies };
}

function computeBook(book: PmBook, params: PmParams, plan: SlotPlan, warnings: string[]): { result: PmBookResult; contingencies: PmContingency[] } {
  const { expiries, value } = revalueBook(book, params, plan, warnings);
  return aggregateBook(book, params, plan, expiries, value);
}

/**
 * De-peg add-on to the IM loss factor: (threshold − stable price)·factor below the threshold, else 0.
 *
 * @param stablePrice - price of the settlement stablecoin (1 = on peg)
 * @param params - PM parameters
 * @returns the add-on (a loss factor)
 *
 * @example
 * ```ts
 * pegLossFactorAddOn(1, DERIVE_PM2.grid); // 0
 * ```
 */
export function pegLossFactorAddOn(stablePrice: number, params: PmParams): number {
  const peg = params.contingencies.peg;
  return peg && stablePrice < peg.threshold ? (peg.threshold - stablePrice) * peg.factor : 0;
}

/**
 * Haircut contingency of a collateral holding.
 *
 * @param col - the holding
 * @returns its MM and IM charges
 *
 * @example
 * ```ts
 * collateralContingency({ id: "BTC", valueUsd: 1e5, confidence: 1, mmHaircut: 0.02, imHaircut: 0.01 }).imUsd; // 3,000
 * ```
 */
export function collateralContingency(col: PmCollateral): PmContingency {
  return {
    id: "collateral",
    label: `${col.id} collateral haircut`,
    scope: col.id,
    mmUsd: col.valueUsd * col.mmHaircut,
    imUsd: col.valueUsd * (col.mmHaircut + col.imHaircut),
  };
}

/**
 * Book results remembered between calls of {@link computePm} on portfolios that differ in one
 * underlying only — a liquidation search or chart moving one spot re-runs the whole account at
 * every step, but only the moved underlying's book changes. One entry per underlying: the last
 * book seen (compared field by field, so any change in its positions, market or collateral is a
 * miss) and its result. The results are the engine's own, so the figures are identical.
 */
/** One remembered book and its result. */
export interface PmBookCacheEntry {
  book: PmBook;
  result: PmBookResult;
  contingencies: PmContingency[];
  warnings: string[];
}

export interface PmBookCache {
  params: PmParams | null;
  books: Map<string, PmBookCacheEntry>;
  /** every book object revalued while it lives (the adapter returns the same object for the same inputs) */
  byBook: WeakMap<PmBook, PmBookCacheEntry>;
  hits: number;
  misses: number;
}

/**
 * An empty {@link PmBookCache} (one per search: it holds one book per underlying).
 *
 * @returns the cache
 *
 * @example
 * ```ts
 * const cache = createPmBookCache();
 * computePm(portfolio, params, cache); // later calls reuse the books that did not change
 * ```
 */
export function createPmBookCache(): PmBookCache {
  return { params: null, books: new Map(), byBook: new WeakMap(), hits: 0, misses: 0 };
}

function sameCollaterals(a: readonly PmCollateral[], b: readonly PmCollateral[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as PmCollateral;
    const y = b[i] as PmCollateral;
    if (x.id !== y.id || x.valueUsd !== y.valueUsd || x.confidence !== y.confidence || x.mmHaircut !== y.mmHaircut || x.imHaircut !== y.imHaircut) return false;
  }
  return true;
}

/** Whether two books have the same inputs (every field computeBook reads). */
function sameBook(a: PmBook, b: PmBook): boolean {
  if (a === b) return true;
  if (a.underlying !== b.underlying || a.spot !== b.spot || a.spotConfidence !== b.spotConfidence) return false;
  const pa = a.perp;
  const pb = b.perp;
  if (pa === null || pb === null) {
    if (pa !== pb) return false;
  } else if (pa.size !== pb.size || pa.price !== pb.price || pa.confidence !== pb.confidence || pa.mtmUsd !== pb.mtmUsd) return false;
  if (!sameCollaterals(a.collaterals, b.collaterals) || a.expiries.length !== b.expiries.length) return false;
  for (let j = 0; j < a.expiries.length; j++) {
    const x = a.expiries[j] as PmExpiry;
    const y = b.expiries[j] as PmExpiry;
    if (
      x.id !== y.id ||
      x.years !== y.years ||
      x.forwardVariable !== y.forwardVariable ||
      x.forwardFixed !== y.forwardFixed ||
      x.rate !== y.rate ||
      x.confidence !== y.confidence ||
      x.futuresAmount !== y.futuresAmount ||
      x.futuresMtmUsd !== y.futuresMtmUsd ||
      x.options.length !== y.options.length
    ) {
      return false;
    }
    for (let i = 0; i < x.options.length; i++) {
      const o = x.options[i] as PmOption;
      const q = y.options[i] as PmOption;
      if (o.strike !== q.strike || o.isCall !== q.isCall || o.amount !== q.amount || o.vol !== q.vol) return false;
    }
  }
  return true;
}

/**
 * Portfolio margin of a portfolio under a set of PM parameters. Never throws: invalid input comes back as
 * `{ ok: false, error }`; the result never contains NaN.
 *
 * @param portfolio - books (one per underlying), cash, static collateral, stablecoin price
 * @param params - plain-data PM parameters (a portfolio rulebook's `grid`, e.g. DERIVE_PM2.grid, DERIBIT_STYLE_PM.grid)
 * @param cache - optional {@link PmBookCache}: books equal to the ones of a previous call are not revalued
 * @returns the margin, every scenario's P&L per book, the worst of each kind, contingencies and MtM
 *
 * @example
 * ```ts
 * const r = computePm({ cashUsd: 10_000, stablePrice: 1, staticCollaterals: [], books: [{
 *   underlying: "BTC", spot: 100_000, spotConfidence: 1, expiries: [], collaterals: [],
 *   perp: { size: 1, price: 100_000, confidence: 1, mtmUsd: 0 } }] }, DERIBIT_STYLE_PM.grid);
 * if (r.ok) r.result.mmUsd; // 16,000: −16 % on a long perp (+ no contingencies in those parameters)
 * ```
 */
export function computePm(portfolio: PmPortfolio, params: PmParams, cache?: PmBookCache): PmOutcome {
  const problem = validatePmInput(portfolio, params);
  if (problem) return { ok: false, error: problem };
  const plan = planSlots(params);
  const books: PmBookResult[] = [];
  const contingencies: PmContingency[] = [];
  const warnings: string[] = [];
  if (cache && cache.params !== params) {
    cache.params = params;
    cache.books.clear();
    cache.byBook = new WeakMap();
  }
  for (const b of portfolio.books) {
    const hit = cache?.byBook.get(b) ?? cache?.books.get(b.underlying);
    if (hit && sameBook(hit.book, b)) {
      cache!.hits++;
      books.push(hit.result);
      contingencies.push(...hit.contingencies);
      warnings.push(...hit.warnings);
      continue;
    }
    const own: string[] = [];
    const r = computeBook(b, params, plan, own);
    if (cache) {
      cache.misses++;
      const entry = { book: b, result: r.result, contingencies: r.contingencies, warnings: own };
      cache.books.set(b.underlying, entry);
      cache.byBook.set(b, entry);
    }
    books.push(r.result);
    contingencies.push(...r.contingencies);
    warnings.push(...own);
  }
  let staticOracle = 0;
  for (const col of portfolio.staticCollaterals) {
    contingencies.push(collateralContingency(col));
    staticOracle += oracleCharge(col.confidence, col.valueUsd, params);
  }
  if (staticOracle !== 0) contingencies.push({ id: "oracle", label: "collateral low oracle confidence", scope: null, mmUsd: 0, imUsd: staticOracle });

  // zero charges (e.g. parameters without perp contingency) are not listed
  const charged = contingencies.filter((c) => c.mmUsd !== 0 || c.imUsd !== 0);
  contingencies.length = 0;
  contingencies.push(...charged);
  const worstLossUsd = books.reduce((s, b) => s + b.worstLossUsd, 0);
  const loss = -worstLossUsd; // ≥ 0
  const pegAddOn = pegLossFactorAddOn(portfolio.stablePrice, params);
  if (pegAddOn !== 0) {
    contingencies.push({ id: "peg", label: "stablecoin de-peg (IM loss factor add-on)", scope: null, mmUsd: 0, imUsd: pegAddOn * loss });
  }

  const staticCollateralUsd = portfolio.staticCollaterals.reduce((s, c) => s + c.valueUsd, 0);
  const mtm = {
    cashUsd: portfolio.cashUsd,
    collateralUsd: staticCollateralUsd + books.reduce((s, b) => s + b.mtm.collateralUsd, 0),
    perpUsd: books.reduce((s, b) => s + b.mtm.perpUsd, 0),
    futuresUsd: books.reduce((s, b) => s + b.mtm.futuresUsd, 0),
    optionsUsd: books.reduce((s, b) => s + b.mtm.optionsUsd, 0),
  };
  const mtmUsd = mtm.cashUsd + mtm.collateralUsd + mtm.perpUsd + mtm.futuresUsd + mtm.optionsUsd;
  const mmUsd = params.lossFactors.mm * loss + contingencies.reduce((s, c) => s + c.mmUsd, 0);
  const imUsd = params.lossFactors.im * loss + contingencies.reduce((s, c) => s + c.imUsd, 0);
  const result: PmResult = {
    imUsd,
    mmUsd,
    mtmUsd,
    imSurplusUsd: mtmUsd - imUsd,
    mmSurplusUsd: mtmUsd - mmUsd,
    imLossFactor: params.lossFactors.im,
    mmLossFactor: params.lossFactors.mm,
    pegLossFactorAddOn: pegAddOn,
    worstLossUsd,
    books,
    contingencies,
    mtm,
    warnings,
  };
  return { ok: true, result };
}
