/**
 * Derive: the standard manager (cross, per-expiry max-loss netting) and PM2 (portfolio margin),
 * as plain data for the SRM model (lib/margin/models/srm) and the scenario engine
 * (lib/margin/models/pm).
 *
 * "Derive standard": the live parameters of Derive's standard risk manager (SRM), from Derive's
 * parameter pages and its mainnet deployment configuration (addresses below). The parameters of
 * v2-core's unit tests, which generated the SRM fixture cases, live only in the conformance
 * adapter (tools/conformance/srm-check.ts, SRM_FIXTURE_PARAMS).
 * Method: derivexyz/v2-core docs/managers/SRM.md and src/risk-managers/StandardManager.sol.
 *
 * @packageDocumentation
 */

import type { PmScenario } from "@/lib/margin/models/pm/types";
import type { SrmMarketParams } from "@/lib/margin/models/srm/params";
import type { DeriveStandardRulebook, PortfolioRulebook } from "@/lib/margin/rulebook";

/** Derive's current "Standard Margin Parameters" page (delta-1 table: BTC/ETH and SOL perp requirements). */
export const DERIVE_SRM_PARAMS_URL = "https://docs.derive.xyz/standard-margin-parameters.md";
/** Derive's "Standard Margin Parameters" page with the base-asset table (BASE_DISCOUNT, BASE_DISCOUNT_SCALE) and SHORT_OPTION_IM_MAX. */
export const DERIVE_SRM_BASE_URL = "https://docs.derive.xyz/docs/standard-manager-parameters";
/** Derive's "Common Parameters" page (CONFIDENCE_THRESHOLD 0.55, both engines). */
export const DERIVE_COMMON_PARAMS_URL =
  "https://docs.derive.xyz/common-parameters-parameters-that-are-not-specific-to-one-margin-engine-listing-and-settlement-limits-the-oracle-feeds-both-engines-read-and-the-fees-charged-on-trading-and-on-account-creation-per.md";
/** v2-core's mainnet deployment configuration (getSRMParams, getSRMDepegParams). */
export const DERIVE_MAINNET_CONFIG_URL = "https://github.com/derivexyz/v2-core/blob/f46973056213eca1d1e7c32063a242d2b39fa98d/scripts/config-mainnet.sol";

/** Option parameters of the live BTC and ETH markets (see DERIVE_STANDARD sources and notes). */
const DERIVE_LIVE_OPTION: SrmMarketParams["option"] = {
  maxSpotReq: 0.15, // SHORT_OPTION_IM_MAX, DERIVE_SRM_BASE_URL and config-mainnet
  minSpotReq: 0.13, // config-mainnet getSRMParams
  mmCallSpotReq: 0.09,
  mmPutSpotReq: 0.09,
  mmPutMtmReq: 0.09,
  unpairedImScale: 1.2,
  unpairedMmScale: 1.1,
  mmOffsetScale: 1.05,
};
/** Oracle contingency: threshold 0.55 (CONFIDENCE_THRESHOLD, DERIVE_COMMON_PARAMS_URL), factor 1 (config-mainnet OCFactor). */
const DERIVE_LIVE_ORACLE: SrmMarketParams["oracle"] = { perpThreshold: 0.55, optionThreshold: 0.55, baseThreshold: 0.55, factor: 1 };

/** ETH market: perp MM 0.05 / IM 0.066 (DERIVE_SRM_PARAMS_URL); base 0.8, IM scale 0.9375 (DERIVE_SRM_BASE_URL). */
const DERIVE_ETH: SrmMarketParams = { perp: { mmRate: 0.05, imRate: 0.066 }, option: DERIVE_LIVE_OPTION, base: { marginFactor: 0.8, imScale: 0.9375 }, oracle: DERIVE_LIVE_ORACLE };
/** BTC market: perp MM 0.05 / IM 0.066; base 0.75, IM scale 0.93 (same pages). */
const DERIVE_BTC: SrmMarketParams = { ...DERIVE_ETH, base: { marginFactor: 0.75, imScale: 0.93 } };
/** SOL market: perp MM 0.067 / IM 0.077 (DERIVE_SRM_PARAMS_URL); no SOL base asset ("NA"): SOL collateral counts 0. */
const DERIVE_SOL: SrmMarketParams = { ...DERIVE_ETH, perp: { mmRate: 0.067, imRate: 0.077 }, base: { marginFactor: 0, imScale: 1 } };

/**
 * Derive standard manager with its live parameters.
 *
 * @example
 * ```ts
 * DERIVE_STANDARD.srm.markets.SOL?.perp; // { mmRate: 0.067, imRate: 0.077 }
 * ```
 */
export const DERIVE_STANDARD: DeriveStandardRulebook = {
  model: "derive-standard",
  id: "derive-standard",
  venue: "Derive",
  name: "Derive standard (cross, standard manager)",
  version: "docs.derive.xyz 2026 + v2-core config-mainnet@f4697305",
  asOf: "2026-11-28",
  sources: [
    `${DERIVE_SRM_PARAMS_URL} — PERP_REQ_MM / PERP_REQ_IM: BTC/ETH 0.05 / 0.066, SOL 0.067 / 0.077`,
    `${DERIVE_SRM_BASE_URL} — BASE_DISCOUNT ETH 0.8, BTC 0.75 (SOL: NA); BASE_DISCOUNT_SCALE ETH 0.9375, BTC 0.93; SHORT_OPTION_IM_MAX 0.15`,
    `${DERIVE_COMMON_PARAMS_URL} — CONFIDENCE_THRESHOLD 0.55`,
    `${DERIVE_MAINNET_CONFIG_URL} — getSRMParams option parameters (minSpotReq 0.13, MM call/put/MtM 0.09, unpaired IM/MM scale 1.2/1.1, mmOffsetScale 1.05), OCFactor 1; getSRMDepegParams threshold 0.99, factor 2`,
    "github.com/derivexyz/v2-core docs/managers/SRM.md and src/risk-managers/StandardManager.sol (method)",
  ],
  notes: [
    "Live parameters: perps and base assets from Derive's parameter pages; the option, oracle-factor and de-peg values from v2-core's mainnet deployment script, because the stored copy of the parameter page stops after SHORT_OPTION_IM_MAX. Where the deployed values have moved since that script, they are out of date: assumption.",
    "SOL options use the BTC/ETH option parameters: assumption (the pages list SOL delta-1 parameters only).",
    "wstETH counts as ETH base at ETH's factor (v2-core's mainnet config gives WSTETH the same 0.8 / 0.9375).",
    "Long options count for nothing on their own; they only help through the per-expiry max-loss netting.",
    "Option marks are undiscounted Black-76 on the expiry's forward, as the standard manager computes them.",
    "The SRM fixture cases (../shared/fixtures/derive-srm) were generated with v2-core's unit-test parameters; the conformance adapter runs them with those, not with these.",
  ],
  modes: ["cross"],
  counterpartId: "derive-pm2",
  srm: {
    defaultMarket: DERIVE_ETH,
    markets: { ETH: DERIVE_ETH, BTC: DERIVE_BTC, SOL: DERIVE_SOL },
    depeg: { threshold: 0.99, factor: 2 },
  },
};

/** Derive PM2 tail dampening: 0.2 × (18 % / |move|), as in the PM2 fixture cases. */
const DERIVE_TAIL_SCALE = 0.2;
const DERIVE_MAX_REGULAR_MOVE = 0.18;

/**
 * Derive PM2 ("PMRM_2"): parameters of the PM2 portfolio cases in derivexyz/v2-core at commit
 * 7736900d (test/risk-managers/unit-tests/PMRM_2/portfolio_cases, their common parameter set),
 * method in src/risk-managers/PMRMLib_2.sol. Every case of ../shared/fixtures/derive-pm2 runs with
 * its own parameters through the same engine (see tools/conformance).
 *
 * Grid: spot 1 ± {0, 4.5, 9, 13.5} % × vol up/none/down, ±18 % with vol up; tails −66 %, −33 %,
 * +50 %, +100 %, +200 %, +300 % (vol up) dampened by 0.2·18 %/|move|; linear and abs skew shocks.
 * Collateral haircuts: Deribit-style standard ones (`haircutsFrom`, see notes).
 *
 * @example
 * ```ts
 * computePm(portfolio, DERIVE_PM2.grid);
 * ```
 */
export const DERIVE_PM2: PortfolioRulebook = {
  model: "portfolio",
  id: "derive-pm2",
  venue: "Derive",
  name: "Derive PM2 (portfolio margin)",
  version: "v2-core@7736900d",
  asOf: "2026-01-21",
  sources: ["github.com/derivexyz/v2-core src/risk-managers/PMRMLib_2.sol, PMRM_2.sol (method)", "github.com/derivexyz/v2-core test/risk-managers/unit-tests/PMRM_2/portfolio_cases (parameters and expected results)"],
  notes: [
    "Parameters are the common set of Derive's PM2 test cases, not necessarily a live market's.",
    "Rates are floored at 0 for discounting, as PMRM_2 does.",
    "Collateral haircuts are per collateral (MM haircut; IM haircut on top) and come with the portfolio, not the profile.",
    "In MarginLab's portfolio mode the haircuts come from the venue's standard profile; Derive's has no per-asset haircut table, so Deribit-style standard haircuts are used (an assumption).",
  ],
  modes: ["portfolio"],
  counterpartId: "derive-standard",
  haircutsFrom: "deribit-standard",
  grid: {
    scenarios: [
      ...regularGrid([0.18, 0.135, 0.09, 0.045, 0, -0.045, -0.09, -0.135, -0.18], [0.18, -0.18]),
      ...[-0.66, -0.33, 0.5, 1, 2, 3].map((move): PmScenario => ({ kind: "tail", spotShock: 1 + move, volShock: "up", dampening: (DERIVE_TAIL_SCALE * DERIVE_MAX_REGULAR_MOVE) / Math.abs(move) })),
      { kind: "skew", spotShock: 1, volShock: "linear", dampening: 1 },
      { kind: "skew", spotShock: 1, volShock: "abs", dampening: 1 },
    ],
    volShock: { rangeUp: 0.5, rangeDown: 0.275, shortTermPower: 0.3, longTermPower: 0.13, pivotDays: 30, dteFloorDays: 1, minVolUp: 0.45 },
    skewShock: { linearBaseCap: 0.15, absBaseCap: 0.15, linearCBase: -0.05, absCBase: -0.05, minKStar: 0.01, widthScale: 4, volParamStatic: 0.6, volParamScale: -0.1 },
    lossFactors: { im: 1, mm: 0.8 },
    discountRateFloor: 0,
    staticDiscount: { long: { base: 0.95, rateMult: 1, rateAdd: 0.08 }, short: { base: 1.04, rateMult: 0.5, rateAdd: 0.08 } },
    basis: { spotUp: 1.045, spotDown: 0.955, addFactor: 0.5, multFactor: 2 },
    contingencies: {
      perp: { mm: 0.015, im: 0.005 },
      nakedShortOption: { mm: 0.003, im: 0.002 },
      oracle: { threshold: 0.55, scale: 1 },
      peg: { threshold: 0.98, factor: 2 },
    },
  },
};

/**
 * Regular scenarios: each move with vol up/none/down, except the `upOnly` moves (vol up only).
 * Order as Derive lists them (from the largest move up, vol up/down/none per move).
 */
function regularGrid(moves: number[], upOnly: number[]): PmScenario[] {
  const out: PmScenario[] = [];
  for (const move of moves) {
    const vols: PmScenario["volShock"][] = upOnly.includes(move) ? ["up"] : ["down", "none", "up"];
    for (const volShock of vols) out.push({ kind: "regular", spotShock: 1 + move, volShock, dampening: 1 });
  }
  return out;
}
