import "server-only";
import { fitSviSlice, type SviFitPoint } from "@/lib/quant/svi-fit";
import { validateSvi } from "@/lib/quant/svi";
import { DAYS_PER_YEAR } from "@/lib/quant/precision";
import { marketSnapshotSchema, UNDERLYINGS, type ExpirySlice, type MarketSnapshot, type Underlying, type UnderlyingMarket } from "@/lib/market/types";
import type { LiveMeta, SliceFit, UnderlyingProvenance } from "@/lib/market/feed/api-schema";
import { MarketError } from "@/lib/market/feed/errors";
import type { CollateralQuotes, OptionQuote, VenueQuotes } from "@/lib/market/feed/venue-quotes";
import { VENUE_NAMES, type VenueId } from "@/lib/market/feed/venues";

const MS_PER_YEAR = DAYS_PER_YEAR * 24 * 3_600_000;

/** Expiries closer than one hour are left out: their smile is degenerate and they settle imminently. */
export const MIN_YEARS_TO_EXPIRY = 1 / (DAYS_PER_YEAR * 24);
/** Mark IVs outside [1 %, 500 %] are treated as unusable (placeholders, stale or broken quotes). */
export const MIN_USABLE_IV = 0.01;
export const MAX_USABLE_IV = 5;
/** Quotes further than |ln(K/F)| = 1.5 from the forward (K < 0.22·F or K > 4.5·F) are not fitted. */
export const MAX_ABS_LOG_MONEYNESS = 1.5;
/** A slice whose fit misses the mark IVs by more than this RMSE (vol points) is dropped. */
export const MAX_FIT_RMSE_VOL_PTS = 5;
/**
 * wstETH per ETH used only when no venue prices wstETH: the figure noted in the built-in sample
 * snapshot (late-2026 staking accrual). Always reported as an assumption.
 */
export const WSTETH_PER_ETH_FALLBACK = 1.19;

/**
 * The expiry id ("YYYY-MM-DD", UTC) of an instant.
 *
 * @example
 * ```ts
 * expiryIdOf(Date.parse("2026-11-27T08:00:00Z")); // "2026-11-27"
 * ```
 */
export function expiryIdOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isUsableIv(q: OptionQuote): boolean {
  return q.markIv !== null && Number.isFinite(q.markIv) && q.markIv >= MIN_USABLE_IV && q.markIv <= MAX_USABLE_IV;
}

function median(xs: number[]): number | undefined {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1]! + v[mid]!) / 2;
}

export interface BuiltUnderlying {
  market: UnderlyingMarket;
  fits: SliceFit[];
  dropped: { expiryId: string; reason: string }[];
}

/**
 * Fit quotes of one expiry: the out-of-the-money option at each strike (puts below the forward,
 * calls at or above), or the other one when the OTM quote has no usable IV.
 */
function slicePoints(options: OptionQuote[], forward: number): SviFitPoint[] {
  const byStrike = new Map<number, { call?: OptionQuote; put?: OptionQuote }>();
  for (const o of options) {
    const e = byStrike.get(o.strike) ?? {};
    e[o.type] = o;
    byStrike.set(o.strike, e);
  }
  const points: SviFitPoint[] = [];
  for (const [strike, pair] of byStrike) {
    const k = Math.log(strike / forward);
    if (Math.abs(k) > MAX_ABS_LOG_MONEYNESS) continue;
    const otm = strike < forward ? pair.put : pair.call;
    const itm = strike < forward ? pair.call : pair.put;
    const pick = otm && isUsableIv(otm) ? otm : itm && isUsableIv(itm) ? itm : null;
    if (pick) points.push({ k, vol: pick.markIv! });
  }
  return points.sort((a, b) => a.k - b.k);
}

/**
 * Normalises one venue's quotes into the engine's UnderlyingMarket: one raw SVI slice per listed
 * expiry fitted to the mark IVs (reporting the fit error), the forward of each expiry from the
 * option chain (the forward the venue's IVs refer to), the listed strikes, the index as spot.
 * Expiries without enough usable IVs, too close to expiry or with a poor fit are dropped, each
 * with its reason; with none left the underlying fails with a "no-usable-iv" MarketError.
 *
 * @param q - the venue's quotes for this underlying
 * @param asOfMs - the snapshot's time (time to expiry is measured from it)
 * @returns the market with its fit report
 *
 * @example
 * ```ts
 * const built = buildUnderlying(quotes, Date.parse("2026-11-24T08:00:00Z"));
 * built.fits[0]?.rmseVolPts; // e.g. 0.3
 * ```
 */
export function buildUnderlying(q: VenueQuotes, asOfMs: number): BuiltUnderlying {
  const tag = `${q.venue} ${q.underlying}`;
  if (q.options === null) throw new MarketError("no-usable-iv", `${tag}: ccxt offers no option chain for ${VENUE_NAMES[q.venue]}`);
  const byExpiry = new Map<number, OptionQuote[]>();
  for (const o of q.options) {
    const list = byExpiry.get(o.expiryMs) ?? [];
    list.push(o);
    byExpiry.set(o.expiryMs, list);
  }
  const futuresByExpiry = new Map(q.futures.map((f) => [f.expiryMs, f.mark]));
  const expiries: ExpirySlice[] = [];
  const fits: SliceFit[] = [];
  const dropped: { expiryId: string; reason: string }[] = [];
  for (const expiryMs of [...byExpiry.keys()].sort((a, b) => a - b)) {
    const options = byExpiry.get(expiryMs)!;
    const expiryId = expiryIdOf(expiryMs);
    const years = (expiryMs - asOfMs) / MS_PER_YEAR;
    if (expiries.some((e) => e.id === expiryId)) {
      dropped.push({ expiryId, reason: "a second expiry on the same date" });
      continue;
    }
    if (years < MIN_YEARS_TO_EXPIRY) {
      dropped.push({ expiryId, reason: years <= 0 ? "expired" : "expires within the hour" });
      continue;
    }
    const forward = median(options.flatMap((o) => (o.underlyingPrice === null ? [] : [o.underlyingPrice]))) ?? futuresByExpiry.get(expiryMs);
    if (forward === undefined) {
      dropped.push({ expiryId, reason: "no forward (neither the option chain nor a future prices the underlying)" });
      continue;
    }
    const points = slicePoints(options, forward);
    const fit = fitSviSlice(points, years);
    if (!fit.ok) {
      const usable = options.filter(isUsableIv).length;
      dropped.push({ expiryId, reason: `${options.length} options, ${usable} with a usable mark IV: ${fit.reason}` });
      continue;
    }
    if (fit.rmseVolPts > MAX_FIT_RMSE_VOL_PTS || validateSvi(fit.params) !== null) {
      dropped.push({ expiryId, reason: `SVI fit error ${fit.rmseVolPts.toFixed(2)} vol pts exceeds ${MAX_FIT_RMSE_VOL_PTS}` });
      continue;
    }
    const strikes = [...new Set(options.map((o) => o.strike))].sort((a, b) => a - b);
    expiries.push({ id: expiryId, expiryIso: new Date(expiryMs).toISOString(), forward, rate: q.rate ?? 0, svi: fit.params, strikes });
    fits.push({ expiryId, points: fit.points, rmseVolPts: fit.rmseVolPts, maxAbsErrVolPts: fit.maxAbsErrVolPts });
  }
  if (expiries.length === 0) {
    const total = q.options.length;
    const usable = q.options.filter(isUsableIv).length;
    const example = dropped.find((d) => d.reason !== "expired" && d.reason !== "expires within the hour") ?? dropped[0];
    throw new MarketError(
      "no-usable-iv",
      `${tag}: the option chain has no expiry with usable implied vols (${total} options, ${usable} with a usable mark IV${example ? `; e.g. ${example.expiryId}: ${example.reason}` : ""})`,
    );
  }
  return {
    market: { underlying: q.underlying, spot: q.index.price, perpMark: q.perp.mark, funding8h: q.perp.funding8h, expiries },
    fits,
    dropped,
  };
}

/**
 * FNV-1a 32-bit hash of a string, as 8 hex digits (content fingerprint for snapshot ids).
 *
 * @example
 * ```ts
 * fnv1a("a"); // "e40c292c"
 * ```
 */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

export interface SnapshotInput {
  /** the chosen quotes per underlying, with the venues tried before it */
  bundles: Record<Underlying, { quotes: VenueQuotes; fallbacks: string[] }>;
  /** collateral prices (null when the collateral venue failed, with its error) */
  collateral: CollateralQuotes | null;
  collateralError: string | null;
  upstream: "venues" | "mock";
  nowMs: number;
}

/**
 * Builds the live MarketSnapshot (validated against the engine's schema) and its provenance.
 * asOf is the oldest of the venues' own timestamps (every number is at least that fresh); the id
 * is "live-<asOf>-<content hash>", so it changes whenever time or any number changes.
 *
 * @example
 * ```ts
 * const { snapshot, meta } = buildLiveSnapshot({ bundles, collateral, collateralError: null, upstream: "venues", nowMs: Date.now() });
 * snapshot.source; // "live"
 * ```
 */
export function buildLiveSnapshot(input: SnapshotInput): { snapshot: MarketSnapshot; meta: LiveMeta } {
  const asOfMs = Math.min(...UNDERLYINGS.map((u) => input.bundles[u].quotes.timestampMs));
  const warnings: string[] = [];
  const built = {} as Record<Underlying, BuiltUnderlying>;
  const provenance = {} as Record<Underlying, UnderlyingProvenance>;
  for (const u of UNDERLYINGS) {
    const { quotes, fallbacks } = input.bundles[u];
    const b = buildUnderlying(quotes, asOfMs);
    built[u] = b;
    provenance[u] = {
      venue: quotes.venue,
      perpSymbol: quotes.perp.symbol,
      indexSource: quotes.index.source,
      fundingIntervalHours: quotes.perp.fundingIntervalHours,
      futures: quotes.futures.map((f) => ({ symbol: f.symbol, expiryId: expiryIdOf(f.expiryMs), mark: f.mark })),
      fits: b.fits,
      dropped: b.dropped,
      fallbacks,
    };
    for (const f of fallbacks) warnings.push(`${u}: ${f} — used ${VENUE_NAMES[quotes.venue]} instead`);
    const poor = b.dropped.filter((d) => d.reason !== "expired" && d.reason !== "expires within the hour");
    if (poor.length > 0) warnings.push(`${u}: ${poor.length} expir${poor.length === 1 ? "y" : "ies"} left out (${poor.map((d) => `${d.expiryId}: ${d.reason}`).join("; ")})`);
  }
  const prices = input.collateral?.prices ?? {};
  const assumed: string[] = [];
  const collateralPrices = {
    USDC: prices.USDC ?? (assumed.push("USDC at 1.00 (peg)"), 1),
    USDT: prices.USDT ?? (assumed.push("USDT at 1.00 (peg)"), 1),
    BTC: built.BTC.market.spot,
    ETH: built.ETH.market.spot,
    SOL: built.SOL.market.spot,
    wstETH: prices.wstETH ?? (assumed.push(`wstETH at ETH × ${WSTETH_PER_ETH_FALLBACK} (built-in ratio)`), built.ETH.market.spot * WSTETH_PER_ETH_FALLBACK),
  };
  if (assumed.length > 0) warnings.push(`Collateral prices assumed${input.collateralError ? ` (${input.collateralError})` : ""}: ${assumed.join(", ")}`);
  const underlyings = { BTC: built.BTC.market, ETH: built.ETH.market, SOL: built.SOL.market };
  const asOf = new Date(asOfMs).toISOString();
  const id = `live-${asOf.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${fnv1a(JSON.stringify({ asOf, underlyings, collateralPrices }))}`;
  const venues = [...new Set<VenueId>([...UNDERLYINGS.map((u) => input.bundles[u].quotes.venue), ...(input.collateral ? [input.collateral.venue] : [])])];
  const label = input.upstream === "mock" ? "live (mock venue)" : `live (${venues.map((v) => VENUE_NAMES[v]).join(", ")})`;
  const parsed = marketSnapshotSchema.safeParse({ id, source: "live", label, asOf, underlyings, collateralPrices });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MarketError("upstream-bad-data", `the normalised live snapshot is invalid (${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown"})`);
  }
  return {
    snapshot: parsed.data,
    meta: {
      upstream: input.upstream,
      fetchedAt: new Date(input.nowMs).toISOString(),
      underlyings: provenance,
      collateral: { venue: input.collateral?.venue ?? null, assumed },
      warnings,
    },
  };
}
