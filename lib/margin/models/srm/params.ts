/**
 * "Derive standard" profile: the parameters of Derive's standard risk manager (SRM) as plain data.
 *
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

/** Per-market (per-underlying) SRM parameters. Rates are fractions (0.05 = 5 %). */
export interface SrmMarketParams {
  /** perp requirement: |size|·perp price·rate */
  perp: { mmRate: number; imRate: number };
  option: {
    /** IM = max(maxSpotReq − OTM ratio, minSpotReq)·spot per short contract, plus its mark */
    maxSpotReq: number;
    minSpotReq: number;
    /** short call MM = mmCallSpotReq·spot + mark */
    mmCallSpotReq: number;
    /** short put MM = max(mmPutSpotReq·spot, mmPutMtmReq·mark) + mark */
    mmPutSpotReq: number;
    mmPutMtmReq: number;
    /** net short calls add unpairedScale·forward per call to the max loss (unbounded upside) */
    unpairedImScale: number;
    unpairedMmScale: number;
    /** short put IM is at least mmOffsetScale × its MM */
    mmOffsetScale: number;
  };
  /** base asset (e.g. wrapped ETH) counts marginFactor·value toward MM, × imScale toward IM */
  base: { marginFactor: number; imScale: number };
  /** IM only: (1 − confidence)·factor·spot·size when a confidence is below its threshold (0 = off) */
  oracle: { perpThreshold: number; optionThreshold: number; baseThreshold: number; factor: number };
}

export interface SrmProfile {
  kind: "derive-standard";
  id: string;
  name: string;
  version: string;
  asOf: string;
  sources: string[];
  notes: string[];
  /** parameters used for every market without its own entry */
  defaultMarket: SrmMarketParams;
  /** optional per-underlying overrides (whole parameter sets) */
  markets: Partial<Record<string, SrmMarketParams>>;
  /** IM only: (threshold − stable price)·factor·spot per unit of |perps| + short options when the stablecoin is below threshold */
  depeg: { threshold: number; factor: number };
}

/**
 * Derive standard manager, with the v2-core unit-test parameters that generated the SRM fixtures.
 *
 * @example
 * ```ts
 * DERIVE_STANDARD.defaultMarket.option.unpairedImScale; // 1.2
 * ```
 */
export const DERIVE_STANDARD: SrmProfile = {
  kind: "derive-standard",
  id: "derive-standard",
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
};
