/**
 * Portfolio-margin profiles: plain data for the one engine in ./engine.ts.
 *
 * @packageDocumentation
 */

import type { PmProfile, PmScenario } from "@/lib/margin/models/pm/types";

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
 *
 * @example
 * ```ts
 * computePm(portfolio, DERIVE_PM2);
 * ```
 */
export const DERIVE_PM2: PmProfile = {
  kind: "portfolio",
  id: "derive-pm2",
  name: "Derive PM2 (portfolio margin)",
  version: "v2-core@7736900d",
  asOf: "2026-01-21",
  sources: [
    "github.com/derivexyz/v2-core src/risk-managers/PMRMLib_2.sol, PMRM_2.sol (method)",
    "github.com/derivexyz/v2-core test/risk-managers/unit-tests/PMRM_2/portfolio_cases (parameters and expected results)",
  ],
  notes: [
    "Parameters are the common set of Derive's PM2 test cases, not necessarily a live market's.",
    "Rates are floored at 0 for discounting, as PMRM_2 does.",
    "Collateral haircuts are per collateral (MM haircut; IM haircut on top) and come with the portfolio, not the profile.",
    "In MarginLab's portfolio mode the haircuts come from the venue's standard profile; Derive's has no per-asset haircut table, so Deribit-style standard haircuts are used (an assumption).",
  ],
  scenarios: [
    ...regularGrid([0.18, 0.135, 0.09, 0.045, 0, -0.045, -0.09, -0.135, -0.18], [0.18, -0.18]),
    ...[-0.66, -0.33, 0.5, 1, 2, 3].map(
      (move): PmScenario => ({ kind: "tail", spotShock: 1 + move, volShock: "up", dampening: (DERIVE_TAIL_SCALE * DERIVE_MAX_REGULAR_MOVE) / Math.abs(move) }),
    ),
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

/** Deribit-style price range: ±16 % in 9 evenly spaced points. */
const DERIBIT_RANGE = 0.16;
const DERIBIT_MOVES = [-0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16];
/** Extended table moves (vol up only). */
const DERIBIT_EXTENDED = [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5];

/**
 * Deribit-style portfolio margin, modeled on published methodology (support.deribit.com
 * "Portfolio margin"), as of 2026-11-20. Only the published structure is from the venue; the
 * numbers the venue does not publish on that page are MarginLab assumptions, listed in `notes`.
 *
 * Grid (margin-models.md §2.3): price range ±16 % in 9 evenly spaced points × vol up / unchanged /
 * down; vol up σ' = max(σ·(1 + 0.5·(30/DTE)^p), 0.5), vol down σ' = σ·(1 − 0.25·(30/DTE)^p),
 * p = 0.30 under 30 days and 0.13 at or over; extended table −66 %, −33 %, +50 %, +100 %, +200 %,
 * +300 %, +400 %, +500 % with vol up only, counted at a dampened fraction of its P&L.
 *
 * @example
 * ```ts
 * computePm(portfolio, DERIBIT_STYLE_PM); // a long perp needs 16 % of its notional
 * ```
 */
export const DERIBIT_STYLE_PM: PmProfile = {
  kind: "portfolio",
  id: "deribit-style-pm",
  name: "Deribit-style portfolio margin",
  version: "1.0.0",
  asOf: "2026-11-20",
  sources: ["support.deribit.com — Portfolio margin (scenario grid, vol shocks, extended table)", "MarginLab docs/margin-models.md §2.3"],
  notes: [
    "Modeled on published methodology (support.deribit.com Portfolio margin), as of 2026-11-20; not the venue's own engine.",
    "Extended table fraction: each extended move counts at 16 %/|move| of its P&L (its loss scaled back to the ±16 % range), with a dampener of 1. Deribit applies a fraction and a dampener but the cited page does not give their values: MarginLab assumption.",
    "IM = 1.3 × MM (loss factors 1.3 and 1): MarginLab assumption, the cited page gives no ratio (OKX publishes 1.3 for its PM, margin-models.md §2.3).",
    "DTE floor of 1 day in the vol power law (30/DTE would diverge at expiry): MarginLab assumption.",
    "No contingencies, static discounts or basis charge: the new Deribit model removed the option and futures contingencies.",
  ],
  scenarios: [
    ...DERIBIT_MOVES.flatMap((move) => (["down", "none", "up"] as const).map((volShock): PmScenario => ({ kind: "regular", spotShock: 1 + move, volShock, dampening: 1 }))),
    ...DERIBIT_EXTENDED.map((move): PmScenario => ({ kind: "tail", spotShock: 1 + move, volShock: "up", dampening: DERIBIT_RANGE / Math.abs(move) })),
  ],
  volShock: { rangeUp: 0.5, rangeDown: 0.25, shortTermPower: 0.3, longTermPower: 0.13, pivotDays: 30, dteFloorDays: 1, minVolUp: 0.5 },
  skewShock: null,
  lossFactors: { im: 1.3, mm: 1 },
  discountRateFloor: null,
  staticDiscount: null,
  basis: null,
  contingencies: {
    perp: { mm: 0, im: 0 },
    nakedShortOption: { mm: 0, im: 0 },
    oracle: null,
    peg: null,
  },
};

/** Every PM profile, by id. */
export const PM_PROFILES: readonly PmProfile[] = [DERIVE_PM2, DERIBIT_STYLE_PM];

/**
 * A PM profile by id.
 *
 * @example
 * ```ts
 * getPmProfile("derive-pm2")?.name; // "Derive PM2 (portfolio margin)"
 * ```
 */
export function getPmProfile(id: string): PmProfile | undefined {
  return PM_PROFILES.find((p) => p.id === id);
}
