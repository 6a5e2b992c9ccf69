/**
 * Derive: the standard manager (cross, per-expiry max-loss netting) and PM2 (portfolio margin),
 * as plain data for the SRM model (lib/margin/models/srm) and the scenario engine
 * (lib/margin/models/pm).
 *
 * "Derive standard": the parameters of Derive's standard risk manager (SRM).
 * Method: derivexyz/v2-core docs/managers/SRM.md and src/risk-managers/StandardManager.sol.
 * Values: the unit-test configuration of the same repository at commit 7736900d, which is what
 * the fixture cases Test1–Test14 (test/risk-managers/unit-tests/StandardManager/test-cases.json)
 * were generated with:
 *  - option parameters: test/config-test.sol getSRMParams();
 *  - perp requirements 5 % MM / 6.5 % IM: TestStandardManagerBase.setUp();
 *  - oracle contingency (thresholds 0.4, factor 0.4): config-test.sol, set in TestStandardManager_Cases.setUp();
 *  - depeg threshold 0.98, factor 1.2 and base-asset margin factor 10 % (IM scale 1): TestStandardManager_Cases.setUp().
 * Live Derive markets use their own per-market values; replace these when modelling a venue account.
 *
 * @packageDocumentation
 */

import type { PmScenario } from "@/lib/margin/models/pm/types";
import type { DeriveStandardRulebook, PortfolioRulebook } from "@/lib/margin/rulebook";

/**
 * Derive standard manager, with the v2-core unit-test parameters that generated the SRM fixtures.
 *
 * @example
 * ```ts
 * DERIVE_STANDARD.srm.defaultMarket.option.unpairedImScale; // 1.2
 * ```
 */
export const DERIVE_STANDARD: DeriveStandardRulebook = {
  model: "derive-standard",
  id: "derive-standard",
  venue: "Derive",
  name: "Derive standard (cross, standard manager)",
  version: "v2-core@7736900d",
  asOf: "2026-01-21",
  sources: [
    "github.com/derivexyz/v2-core docs/managers/SRM.md (method)",
    "github.com/derivexyz/v2-core src/risk-managers/StandardManager.sol (method)",
    "github.com/derivexyz/v2-core test/config-test.sol getSRMParams() (option and oracle parameters)",
    "github.com/derivexyz/v2-core test/risk-managers/unit-tests/StandardManager/TestStandardManagerBase.t.sol, TestStandardManager_Cases.t.sol (perp, base, depeg parameters)",
  ],
  notes: [
    "Parameters are those of Derive's unit tests (the fixtures' generator), not a live market's.",
    "Long options count for nothing on their own; they only help through the per-expiry max-loss netting.",
    "Option marks are undiscounted Black-76 on the expiry's forward, as the standard manager computes them.",
  ],
  modes: ["cross"],
  counterpartId: "derive-pm2",
  srm: {
    defaultMarket: {
      perp: { mmRate: 0.05, imRate: 0.065 },
      option: {
        maxSpotReq: 0.15,
        minSpotReq: 0.1,
        mmCallSpotReq: 0.075,
        mmPutSpotReq: 0.075,
        mmPutMtmReq: 0.075,
        unpairedImScale: 1.2,
        unpairedMmScale: 1.1,
        mmOffsetScale: 1.05,
      },
      base: { marginFactor: 0.1, imScale: 1 },
      oracle: { perpThreshold: 0.4, optionThreshold: 0.4, baseThreshold: 0.4, factor: 0.4 },
    },
    markets: {},
    depeg: { threshold: 0.98, factor: 1.2 },
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
