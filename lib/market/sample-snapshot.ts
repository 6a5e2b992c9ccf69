import { marketSnapshotSchema, type ExpirySlice, type MarketSnapshot, type Underlying } from "./types";

/**
 * The built-in sample market snapshot: plausible, hand-chosen numbers for a fixed date.
 * It is labelled as sample data everywhere it is shown and never presented as live.
 *
 * Forwards: F = S·e^{basis·T} with an annualised basis per underlying.
 * Vol: a raw SVI slice per expiry built from an ATM vol, a skew ρ and a wing size
 * (w(k) = a + b(ρ(k−m) + √((k−m)²+σ²)) with m = 0, σ = 0.1·√T, b = wing·atmVol·√T,
 * a = atmVol²·T − b·σ so that the total variance at the money is atmVol²·T).
 */
export const SAMPLE_AS_OF = "2026-11-20T08:00:00.000Z";

const MS_PER_YEAR = 365 * 24 * 3600 * 1000;

/** Expiry dates (08:00 UTC): 1 day, 1 week, 2 weeks, ~5 weeks, ~10 weeks, ~18 weeks, ~6 months. */
const EXPIRY_IDS = ["2026-11-21", "2026-11-27", "2026-12-04", "2026-12-25", "2027-01-29", "2027-03-26", "2027-05-28"];

interface UnderlyingSpec {
  spot: number;
  perpPremium: number;
  funding8h: number;
  /** annualised basis of dated futures */
  basis: number;
  /** ATM vol for the shortest and longest expiry (interpolated in between by √T-ish shape) */
  atmShort: number;
  atmLong: number;
  rho: number;
  wing: number;
  strikeStep: number;
}

const SPECS: Record<Underlying, UnderlyingSpec> = {
  BTC: { spot: 95_000, perpPremium: 0.0002, funding8h: 0.0001, basis: 0.06, atmShort: 0.46, atmLong: 0.55, rho: -0.3, wing: 0.35, strikeStep: 1_000 },
  ETH: { spot: 3_400, perpPremium: 0.0003, funding8h: 0.00012, basis: 0.065, atmShort: 0.58, atmLong: 0.68, rho: -0.25, wing: 0.35, strikeStep: 50 },
  SOL: { spot: 180, perpPremium: 0.0004, funding8h: 0.00015, basis: 0.07, atmShort: 0.72, atmLong: 0.82, rho: -0.2, wing: 0.4, strikeStep: 5 },
};

const RATE = 0.04;

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function buildExpiry(spec: UnderlyingSpec, id: string, index: number): ExpirySlice {
  const expiryIso = `${id}T08:00:00.000Z`;
  const years = (Date.parse(expiryIso) - Date.parse(SAMPLE_AS_OF)) / MS_PER_YEAR;
  const frac = index / (EXPIRY_IDS.length - 1);
  const atmVol = spec.atmShort + (spec.atmLong - spec.atmShort) * Math.sqrt(frac);
  const sigma = 0.1 * Math.sqrt(years);
  const b = spec.wing * atmVol * Math.sqrt(years);
  const a = atmVol * atmVol * years - b * sigma;
  const forward = round(spec.spot * Math.exp(spec.basis * years), 2);
  // Listed strikes: ±(20% + 60%·√T) around spot, wider for later expiries.
  const width = 0.2 + 0.6 * Math.sqrt(years);
  const step = spec.strikeStep * (years > 0.2 ? 2 : 1);
  const lo = Math.max(step, Math.ceil((spec.spot * (1 - Math.min(width, 0.9))) / step) * step);
  const hi = Math.floor((spec.spot * (1 + width)) / step) * step;
  const strikes: number[] = [];
  for (let k = lo; k <= hi; k += step) strikes.push(k);
  return { id, expiryIso, forward, rate: RATE, svi: { a, b, rho: spec.rho, m: 0, sigma }, strikes };
}

function buildUnderlying(u: Underlying) {
  const spec = SPECS[u];
  return {
    underlying: u,
    spot: spec.spot,
    perpMark: round(spec.spot * (1 + spec.perpPremium), 2),
    funding8h: spec.funding8h,
    expiries: EXPIRY_IDS.map((id, i) => buildExpiry(spec, id, i)),
  };
}

/** Built-in sample snapshot (validated against the same schema live data will use). */
export const SAMPLE_SNAPSHOT: MarketSnapshot = marketSnapshotSchema.parse({
  id: "sample-2026-11-20",
  source: "sample",
  label: "Sample market data (not live)",
  asOf: SAMPLE_AS_OF,
  underlyings: { BTC: buildUnderlying("BTC"), ETH: buildUnderlying("ETH"), SOL: buildUnderlying("SOL") },
  collateralPrices: {
    USDC: 1,
    USDT: 0.9995,
    BTC: SPECS.BTC.spot,
    ETH: SPECS.ETH.spot,
    SOL: SPECS.SOL.spot,
    // wstETH accrues staking yield: 1 wstETH ≈ 1.19 ETH in late 2026 (sample figure).
    wstETH: round(SPECS.ETH.spot * 1.19, 2),
  },
});
