import type { LinearRates, ShortOptionRules } from "@/lib/margin/venues/standard-profiles";

/** Per-coin initial and maintenance requirement in USD. */
export interface Requirement {
  im: number;
  mm: number;
}

/**
 * Futures/perp requirement of a standard profile: rate·|size|·mark with rate = base + perCoin·|size|,
 * capped at `maxRate`.
 * @example linearRequirement({imBase:0.02,mmBase:0.01,imPerCoin:5e-5,mmPerCoin:5e-5}, 10, 95_000, 1)
 *   // im = (0.02 + 0.0005)·10·95,000 = 19,475
 */
export function linearRequirement(rates: LinearRates, size: number, mark: number, maxRate: number): Requirement {
  const abs = Math.abs(size);
  const notional = abs * mark;
  return {
    im: Math.min(rates.imBase + rates.imPerCoin * abs, maxRate) * notional,
    mm: Math.min(rates.mmBase + rates.mmPerCoin * abs, maxRate) * notional,
  };
}

/**
 * Requirement per coin of a SHORT option under the Deribit-family rules (long options need none:
 * their premium is paid up front).
 * call: IM = max(otmBase − OTM/S, floor)·S + mark, MM = mmCall·S + mark, OTM = max(K − S, 0)
 * put:  MM = max(mmPutSpot·S, mmPutMark·mark) + mark, IM = max(max(otmBase − OTM/S, floor)·S + mark, MM), OTM = max(S − K, 0)
 * @example shortOptionRequirement(rules, true, 100_000, 110_000, 1_000) // IM = 0.10·100,000 + 1,000 = 11,000 (OTM/S = 0.1 → floor)
 */
export function shortOptionRequirement(rules: ShortOptionRules, isCall: boolean, spot: number, strike: number, mark: number): Requirement {
  const otm = isCall ? Math.max(strike - spot, 0) : Math.max(spot - strike, 0);
  const imCore = Math.max(rules.imOtmBase - otm / spot, rules.imFloor) * spot + mark;
  if (isCall) return { im: imCore, mm: rules.mmCallSpotRate * spot + mark };
  const mm = Math.max(rules.mmPutSpotRate * spot, rules.mmPutMarkRate * mark) + mark;
  return { im: Math.max(imCore, mm), mm };
}
