/**
 * Parameters of Derive's standard risk manager (SRM) model (computeSrm in ./srm.ts), as
 * plain data. Method: derivexyz/v2-core docs/managers/SRM.md and src/risk-managers/StandardManager.sol.
 * The live values live in the venue's rulebook (lib/margin/venues/derive.ts, DERIVE_STANDARD.srm);
 * the unit-test values that generated the SRM fixtures only in tools/conformance/srm-check.ts.
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

/**
 * SRM parameters: a default parameter set per market, optional per-underlying overrides and the
 * account-wide de-peg charge.
 *
 * @example
 * ```ts
 * DERIVE_STANDARD.srm.defaultMarket.option.unpairedImScale; // 1.2
 * ```
 */
export interface SrmParams {
  /** parameters used for every market without its own entry */
  defaultMarket: SrmMarketParams;
  /** optional per-underlying overrides (whole parameter sets) */
  markets: Partial<Record<string, SrmMarketParams>>;
  /** IM only: (threshold − stable price)·factor·spot per unit of |perps| + short options when the stablecoin is below threshold */
  depeg: { threshold: number; factor: number };
}
