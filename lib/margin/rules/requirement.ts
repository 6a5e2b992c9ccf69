/**
 * Initial and maintenance requirement, USD: positive amounts to be held (whole position unless a
 * caller says otherwise).
 *
 * @example
 * ```ts
 * const r: Requirement = { im: 19_475, mm: 9_975 }; // 10 BTC perp at 95,000 under Deribit-style rates
 * ```
 */
export interface Requirement {
  im: number;
  mm: number;
}
