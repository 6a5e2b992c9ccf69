/**
 * Short-option rule families of real venues, as plain data plus the one function that applies
 * them (margin-models.md §2.2). A per-position rulebook (lib/margin/rulebook.ts) picks one.
 * Long options need no margin: their premium is paid up front.
 *
 * All requirements are positive USD amounts for the whole position (not per coin).
 *
 * @packageDocumentation
 */

import type { Requirement } from "./requirement";

/** Short-option rule families (requirements of a short; long options need none: premium paid up front). */
export type ShortOptionRule =
  /**
   * Deribit / Aevo standard (per coin, OTM = max(K − S, 0) for a call, max(S − K, 0) for a put):
   * call IM = max(imOtmBase − OTM/S, imFloor)·S + mark, MM = mmCallSpotRate·S + mark;
   * put MM = max(mmPutSpotRate·S, mmPutMarkRate·mark) + mark, IM = max(max(imOtmBase − OTM/S, imFloor)·S + mark, MM).
   */
  | { kind: "deribit-family"; imOtmBase: number; imFloor: number; mmCallSpotRate: number; mmPutSpotRate: number; mmPutMarkRate: number }
  /**
   * Bybit unified account, cross (margin-models.md §2.2):
   * MM = [max(mmSpotRate·S, mmMarkRate·mark) + mark + feeSpotRate·S]·qty;
   * IM = max[(max(imOtmBase·S − OTM, imFloor·S) + max(entry, mark))·qty, MM].
   */
  | { kind: "bybit"; mmSpotRate: number; mmMarkRate: number; feeSpotRate: number; imOtmBase: number; imFloor: number }
  /** the venue lists no options */
  | { kind: "unsupported" };

/** Inputs of {@link shortOptionRuleRequirement} (all USD per coin except `qty`). */
export interface ShortOptionInputs {
  isCall: boolean;
  /** index (spot) price */
  spot: number;
  strike: number;
  /** option mark price */
  mark: number;
  /** average entry price of the short (used by Bybit's IM) */
  entry: number;
  /** |size| of the short, in coins */
  qty: number;
}

/**
 * Initial and maintenance requirement (USD) of a SHORT option position under a rule, or null
 * when the venue lists no options.
 *
 * - deribit-family: per coin, call IM = max(imOtmBase − OTM/S, imFloor)·S + mark,
 *   MM = mmCallSpot·S + mark; put MM = max(mmPutSpot·S, mmPutMark·mark) + mark, IM = max(call-style
 *   IM, MM); × qty. `entry` unused.
 * - bybit: MM = [max(mmSpot·S, mmMark·mark) + mark + fee·S]·qty,
 *   IM = max[(max(imOtmBase·S − OTM, imFloor·S) + max(entry, mark))·qty, MM],
 *   OTM = max(K − S, 0) for a call, max(S − K, 0) for a put.
 *
 * @param rule - rule family and parameters
 * @param p - option and position inputs (`qty` = |size| of the short, coins)
 * @returns `{ im, mm }` in USD, or null for `{ kind: "unsupported" }`
 *
 * @example
 * ```ts
 * // Deribit-style short 110,000 call, S = 100,000, mark 1,000: OTM/S = 0.1 → floor 0.10 → IM 11,000, MM 8,500
 * shortOptionRuleRequirement({ kind: "deribit-family", imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.075, mmPutSpotRate: 0.075, mmPutMarkRate: 0.075 },
 *   { isCall: true, spot: 100_000, strike: 110_000, mark: 1_000, entry: 1_000, qty: 1 });
 * // Bybit help worked check: BTC 20,250, short 1 × 18,500 put, mark 290, entry 280
 * shortOptionRuleRequirement({ kind: "bybit", mmSpotRate: 0.03, mmMarkRate: 0.03, feeSpotRate: 0.002, imOtmBase: 0.15, imFloor: 0.1 },
 *   { isCall: false, spot: 20_250, strike: 18_500, mark: 290, entry: 280, qty: 1 }); // { im: 2,315, mm: 938 }
 * ```
 */
export function shortOptionRuleRequirement(rule: ShortOptionRule, p: ShortOptionInputs): Requirement | null {
  switch (rule.kind) {
    case "unsupported":
      return null;
    case "deribit-family": {
      const { spot, mark, qty } = p;
      const otm = p.isCall ? Math.max(p.strike - spot, 0) : Math.max(spot - p.strike, 0);
      const imCore = Math.max(rule.imOtmBase - otm / spot, rule.imFloor) * spot + mark;
      if (p.isCall) return { im: imCore * qty, mm: (rule.mmCallSpotRate * spot + mark) * qty };
      const mm = Math.max(rule.mmPutSpotRate * spot, rule.mmPutMarkRate * mark) + mark;
      return { im: Math.max(imCore, mm) * qty, mm: mm * qty };
    }
    case "bybit": {
      const { spot, mark, qty } = p;
      const otm = p.isCall ? Math.max(p.strike - spot, 0) : Math.max(spot - p.strike, 0);
      const mm = (Math.max(rule.mmSpotRate * spot, rule.mmMarkRate * mark) + mark + rule.feeSpotRate * spot) * qty;
      const im = Math.max((Math.max(rule.imOtmBase * spot - otm, rule.imFloor * spot) + Math.max(p.entry, mark)) * qty, mm);
      return { im, mm };
    }
  }
}
