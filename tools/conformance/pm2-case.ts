/**
 * Derive PM2 fixture cases (derivexyz/v2-core, test/risk-managers/unit-tests/PMRM_2/portfolio_cases,
 * commit 7736900d): the JSON shape, and its translation into the engine's input and parameters.
 *
 * The translation follows the reference implementation's conventions:
 *  - time to expiry in whole seconds, years = seconds / (365·86,400);
 *  - implied vol read from the expiry's raw SVI slice (Derive's feed: k bounded, total variance capped);
 *  - rates floored at 0 for discounting and static discounts (as PMRM_2 does when it arranges a
 *    portfolio; the fixtures' MarkDiscount is still reported at the raw rate);
 *  - skew scenarios revalue options at the unshocked forward; a LINEAR scenario with a spot shock
 *    (only fixture test_67) takes its cap from the ABS parameters, as the reference model does;
 *  - expiries under 30 minutes split their forward into a fixed part (1 − s/1800) and a part that
 *    moves with spot (s/1800), as the test harness's forward feed does;
 *  - collateral valued in the stablecoin: amount·price ÷ stable price; collateral flagged
 *    risk-cancelling moves with the spot shocks, the rest is static;
 *  - a collateral's oracle confidence is min(its own, spot) (the perp's is not included).
 *
 * @packageDocumentation
 */

import { z } from "zod";
import type { PmBook, PmCollateral, PmExpiry, PmParams, PmPortfolio, PmScenario, PmVolShock } from "@/lib/margin/models/pm/types";
import { deriveSviVol } from "@/lib/margin/models/pm/derive-svi";

/** Seconds per 365-day year. */
export const SECONDS_PER_YEAR = 31_536_000;
/** Expiries closer than this (seconds) have a partly fixed forward in Derive's feed. */
const FIXED_FORWARD_WINDOW_SEC = 1_800;

/** A number written as a JSON number or a decimal string. */
const num = z.union([z.number(), z.string().regex(/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/)]).transform((v) => (typeof v === "number" ? v : Number(v)));
/** A number, or null where the case has nothing to report (no perp, an expired option's skew caps). */
const numOrNull = num.nullable();

const optionSchema = z.object({
  Expiry: z.number(),
  Strike: num,
  IsCall: z.union([z.number(), z.boolean()]).transform((v) => v === true || v === 1),
  Amount: num,
  MarkVol: num,
  MarkDiscount: num,
  k: numOrNull,
  linear_mult_cap: numOrNull,
  abs_mult_cap: numOrNull,
  k_star: numOrNull,
  linear_multiplier: numOrNull,
  abs_multiplier: numOrNull,
});

const feedSchema = z.object({
  FeedExpiry: z.number(),
  Forward: num,
  ForwardConfidence: num,
  Rate: num,
  RateConfidence: num,
  SVIparam: z.tuple([num, num, num, num, num, num, num]),
  OptionVolConfidences: num,
});

const collateralSchema = z.object({
  Name: z.string(),
  Amount: num,
  Price: num,
  Confidence: num,
  IsRiskCancelling: z.boolean(),
  IMHaircut: num,
  MMHaircut: num,
});

const scenarioSchema = z.object({
  SpotShock: num,
  VolShockDirection: z.enum(["Up", "Down", "None", "LINEAR", "ABS"]),
  DampeningFactor: num,
});

/** [spot move or label, vol direction (1 up, 0 none, −1 down), loss] */
const lossRow = z.tuple([num, num, num]);

export const pm2CaseSchema = z.object({
  Scenario: z.object({
    Cash: num,
    Collaterals: z.array(collateralSchema),
    SpotPrice: num,
    SpotConfidence: num,
    NumPerps: num,
    PerpPrice: numOrNull,
    PerpConfidence: numOrNull,
    UnrealisedPerpPNL: numOrNull,
    UnrealisedFunding: numOrNull,
    StablePrice: num,
    Options: z.array(optionSchema),
    OptionFeeds: z.array(feedSchema),
  }),
  Parameters: z.object({
    Scenarios: z.array(scenarioSchema),
    SkewShock: z.object({
      LINEAR_SCALE_CAP: num,
      LINEAR_CBASE: num,
      ABS_SCALE_CAP: num,
      ABS_CBASE: num,
      MIN_K_STAR: num,
      MIN_WIDTH_SCALE: num,
      VOL_PARAM_STATIC: num,
      VOL_PARAM_SCALE: num,
    }),
    VolShock: z.object({ VOLRANGEUP: num, MIN_VOL_EVAL_SHOCKED: num, VOLRANGEDOWN: num, SHORTTERMPOWER: num, LONGTERMPOWER: num, DTE_FLOOR: num }),
    Margin: z.object({
      MM_LOSS_FACTOR: num,
      IM_LOSS_FACTOR: num,
      SHORT_RATE_MULTSCALE: num,
      LONG_RATE_MULTSCALE: num,
      SHORT_RATE_ADDSCALE: num,
      LONG_RATE_ADDSCALE: num,
      BASE_STATIC_DISCOUNT: num,
      BASE_STATIC_DISCOUNT_NEG: num,
    }),
    BasisContingency: z.object({ SCENARIO_SPOT_UP: num, SCENARIO_SPOT_DOWN: num, BASIS_CONT_ADD_FACTOR: num, BASIS_CONT_MULT_FACTOR: num }),
    OtherContingency: z.object({
      PEG_LOSS_THRESHOLD: num,
      PEG_LOSS_FACTOR: num,
      CONF_THRESHOLD: num,
      CONF_MARGIN: num,
      MM_PERP_PERCENT: num,
      IM_PERP_PERCENT: num,
      MM_OPTION_PERCENT: num,
      IM_OPTION_PERCENT: num,
    }),
  }),
  Result: z.object({
    IM: num,
    MM: num,
    worst_reg_loss: num,
    worst_tail_loss: num,
    worst_skew_loss: num,
    reg_losses: z.array(lossRow),
    tail_losses: z.array(lossRow),
    skew_losses: z.array(z.tuple([z.string(), num])),
    worst_reg_scenario: z.tuple([num, num]),
    worst_tail_scenario: z.tuple([num, num, num]).nullable(),
    worst_skew_scenario: z.string().nullable(),
    worst_all_scenarios: z.string(),
    ForwardContingency: num,
    Cash: num,
    PortfolioMTM: num,
    OptionMTM: num,
    OptionMTMPerExpiry: z.array(num),
    OptionMTMPerExpiryDiscounted: z.array(num),
    CollateralMTM: num,
    MMPerpCont: num,
    IMPerpContNormal: num,
    MMBaseCont: num,
    IMBaseContNormal: num,
    MMOptionCont: num,
    IMOptionContNormal: num,
    OracleCont: num,
    im_loss_factor: num,
    discount_factors: z.array(z.tuple([num, num])),
    VolShockUpMultiplier: z.array(numOrNull),
    VolShockDownMultiplier: z.array(numOrNull),
    VolShockUpEvaluated: z.array(numOrNull),
    VolShockDownEvaluated: z.array(numOrNull),
  }),
});

export type Pm2Case = z.infer<typeof pm2CaseSchema>;

/**
 * True when a parsed JSON value looks like a PM2 case (has Scenario, Parameters and Result).
 *
 * @param v - any parsed JSON
 * @returns whether it has the three top-level keys
 *
 * @example
 * ```ts
 * isPm2CaseShape({ Scenario: {}, Parameters: {}, Result: {} }); // true
 * ```
 */
export function isPm2CaseShape(v: unknown): boolean {
  return typeof v === "object" && v !== null && "Scenario" in v && "Parameters" in v && "Result" in v;
}

const VOL_OF: Record<Pm2Case["Parameters"]["Scenarios"][number]["VolShockDirection"], PmVolShock> = {
  Up: "up",
  Down: "down",
  None: "none",
  LINEAR: "linear",
  ABS: "abs",
};

/**
 * The PM parameters a case was generated with (test parameters: they stay here, in the adapter).
 * Scenarios are classified the way the fixtures list their
 * losses: the first `reg_losses.length` non-skew scenarios are regular, the other non-skew ones tail.
 *
 * @param c - a parsed case
 * @returns the scenario-engine parameters of the case
 *
 * @example
 * ```ts
 * const params = pm2CaseParams(pm2CaseSchema.parse(json));
 * params.scenarios.length; // 31 in most cases
 * ```
 */
export function pm2CaseParams(c: Pm2Case): PmParams {
  const P = c.Parameters;
  const nReg = c.Result.reg_losses.length;
  let nonSkew = 0;
  const scenarios: PmScenario[] = P.Scenarios.map((s) => {
    const volShock = VOL_OF[s.VolShockDirection];
    const isSkew = volShock === "linear" || volShock === "abs";
    const kind = isSkew ? "skew" : nonSkew++ < nReg ? "regular" : "tail";
    const scenario: PmScenario = { kind, spotShock: s.SpotShock, volShock, dampening: s.DampeningFactor };
    // Reference-model quirk (fixture test_67, which the Solidity test skips as an invalid setup):
    // a LINEAR scenario with a spot shock takes its rotation cap from the ABS parameters.
    if (volShock === "linear" && s.SpotShock !== 1) scenario.skewCapFrom = "abs";
    return scenario;
  });
  return {
    scenarios,
    volShock: {
      rangeUp: P.VolShock.VOLRANGEUP,
      rangeDown: P.VolShock.VOLRANGEDOWN,
      shortTermPower: P.VolShock.SHORTTERMPOWER,
      longTermPower: P.VolShock.LONGTERMPOWER,
      pivotDays: 30,
      dteFloorDays: P.VolShock.DTE_FLOOR,
      minVolUp: P.VolShock.MIN_VOL_EVAL_SHOCKED,
    },
    skewShock: {
      linearBaseCap: P.SkewShock.LINEAR_SCALE_CAP,
      absBaseCap: P.SkewShock.ABS_SCALE_CAP,
      linearCBase: P.SkewShock.LINEAR_CBASE,
      absCBase: P.SkewShock.ABS_CBASE,
      minKStar: P.SkewShock.MIN_K_STAR,
      widthScale: P.SkewShock.MIN_WIDTH_SCALE,
      volParamStatic: P.SkewShock.VOL_PARAM_STATIC,
      volParamScale: P.SkewShock.VOL_PARAM_SCALE,
    },
    lossFactors: { im: P.Margin.IM_LOSS_FACTOR, mm: P.Margin.MM_LOSS_FACTOR },
    discountRateFloor: 0,
    staticDiscount: {
      long: { base: P.Margin.BASE_STATIC_DISCOUNT, rateMult: P.Margin.LONG_RATE_MULTSCALE, rateAdd: P.Margin.LONG_RATE_ADDSCALE },
      short: { base: P.Margin.BASE_STATIC_DISCOUNT_NEG, rateMult: P.Margin.SHORT_RATE_MULTSCALE, rateAdd: P.Margin.SHORT_RATE_ADDSCALE },
    },
    basis: {
      spotUp: P.BasisContingency.SCENARIO_SPOT_UP,
      spotDown: P.BasisContingency.SCENARIO_SPOT_DOWN,
      addFactor: P.BasisContingency.BASIS_CONT_ADD_FACTOR,
      multFactor: P.BasisContingency.BASIS_CONT_MULT_FACTOR,
    },
    contingencies: {
      perp: { mm: P.OtherContingency.MM_PERP_PERCENT, im: P.OtherContingency.IM_PERP_PERCENT },
      nakedShortOption: { mm: P.OtherContingency.MM_OPTION_PERCENT, im: P.OtherContingency.IM_OPTION_PERCENT },
      oracle: { threshold: P.OtherContingency.CONF_THRESHOLD, scale: P.OtherContingency.CONF_MARGIN },
      peg: { threshold: P.OtherContingency.PEG_LOSS_THRESHOLD, factor: P.OtherContingency.PEG_LOSS_FACTOR },
    },
  };
}

/**
 * The engine input of a case: one book (the case's underlying), cash and static collateral.
 * Expiries follow the order of `OptionFeeds`.
 *
 * @param c - a parsed case
 * @returns the portfolio and, per option (case order), the vol read from the SVI feed
 *
 * @example
 * ```ts
 * const { portfolio } = pm2CasePortfolio(pm2CaseSchema.parse(json));
 * portfolio.books[0]?.expiries.length; // number of option feeds
 * ```
 */
export function pm2CasePortfolio(c: Pm2Case): { portfolio: PmPortfolio; vols: number[] } {
  const S = c.Scenario;
  const stable = S.StablePrice;
  const vols: number[] = [];
  const expiries: PmExpiry[] = S.OptionFeeds.map((f) => {
    const sec = f.FeedExpiry;
    const years = sec / SECONDS_PER_YEAR;
    const fixed = sec < FIXED_FORWARD_WINDOW_SEC ? (f.Forward * (FIXED_FORWARD_WINDOW_SEC - sec)) / FIXED_FORWARD_WINDOW_SEC : 0;
    return {
      id: `${sec}s`,
      years,
      forwardVariable: f.Forward - fixed,
      forwardFixed: fixed,
      rate: f.Rate,
      confidence: Math.min(f.ForwardConfidence, f.RateConfidence, f.OptionVolConfidences),
      options: [],
      futuresAmount: 0,
      futuresMtmUsd: 0,
    };
  });
  for (const o of S.Options) {
    const at = S.OptionFeeds.findIndex((f) => f.FeedExpiry === o.Expiry);
    const feed = S.OptionFeeds[at];
    const exp = expiries[at];
    if (!feed || !exp) throw new Error(`option with expiry ${o.Expiry} has no option feed`);
    const [a, b, rho, m, sigma, fwd, tau] = feed.SVIparam;
    const vol = deriveSviVol(o.Strike, { a, b, rho, m, sigma }, fwd, tau);
    vols.push(vol);
    exp.options.push({ strike: o.Strike, isCall: o.IsCall, amount: o.Amount, vol });
  }
  const moving: PmCollateral[] = [];
  const fixedCollateral: PmCollateral[] = [];
  for (const col of S.Collaterals) {
    const valueUsd = (col.Amount * col.Price) / stable;
    const base = { id: col.Name, valueUsd, mmHaircut: col.MMHaircut, imHaircut: col.IMHaircut };
    if (col.IsRiskCancelling) moving.push({ ...base, confidence: col.Confidence });
    else fixedCollateral.push({ ...base, confidence: Math.min(col.Confidence, S.SpotConfidence) });
  }
  const book: PmBook = {
    underlying: "UNDERLYING",
    spot: S.SpotPrice,
    spotConfidence: S.SpotConfidence,
    perp: S.NumPerps !== 0 ? { size: S.NumPerps, price: S.PerpPrice ?? NaN, confidence: S.PerpConfidence ?? NaN, mtmUsd: (S.UnrealisedPerpPNL ?? 0) + (S.UnrealisedFunding ?? 0) } : null,
    expiries,
    collaterals: moving,
  };
  return { portfolio: { cashUsd: S.Cash, stablePrice: stable, books: [book], staticCollaterals: fixedCollateral }, vols };
}
