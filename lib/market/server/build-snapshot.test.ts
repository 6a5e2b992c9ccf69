import { describe, expect, it } from "vitest";
import { sviImpliedVol, validateSvi, type SviParams } from "@/lib/quant/svi";
import { buildLiveSnapshot, buildUnderlying, expiryIdOf, fnv1a, MAX_USABLE_IV, MIN_USABLE_IV } from "./build-snapshot";
import { MarketError } from "@/lib/market/feed/errors";
import type { OptionQuote, VenueQuotes } from "@/lib/market/feed/venue-quotes";

const AS_OF = Date.parse("2026-11-24T08:00:00.000Z"); // hand-chosen
const MS_PER_DAY = 86_400_000;
/** Exact quotes are refitted to this many vol points (the fit's own exactness, see svi-fit.test.ts). */
const EXACT_FIT_VOL_PTS = 1e-3;

/** Quotes of one expiry generated from a known smile (calls and puts at every strike). */
function chain(expiryMs: number, forward: number, svi: SviParams, strikes: number[], iv?: (k: number, type: "call" | "put") => number | null): OptionQuote[] {
  const years = (expiryMs - AS_OF) / (365 * MS_PER_DAY);
  return strikes.flatMap((strike) =>
    (["call", "put"] as const).map((type) => {
      const k = Math.log(strike / forward);
      return { symbol: `X-${strike}-${type}`, expiryMs, strike, type, markIv: iv ? iv(k, type) : sviImpliedVol(svi, k, years), underlyingPrice: forward };
    }),
  );
}

function quotes(options: OptionQuote[] | null, over: Partial<VenueQuotes> = {}): VenueQuotes {
  return {
    venue: "deribit",
    underlying: "BTC",
    timestampMs: AS_OF,
    index: { price: 90_000, source: "test" },
    perp: { symbol: "BTC/USD:BTC", mark: 90_010, funding8h: 0.0001, fundingIntervalHours: 8 },
    futures: [],
    options,
    rate: 0,
    ...over,
  };
}

// A 30-day BTC-like smile (sample-snapshot construction: atm 0.5, wing 0.35, ρ −0.3).
const T30 = 30 / 365;
const SMILE: SviParams = { a: 0.25 * T30 - 0.35 * 0.5 * Math.sqrt(T30) * 0.1 * Math.sqrt(T30), b: 0.35 * 0.5 * Math.sqrt(T30), rho: -0.3, m: 0, sigma: 0.1 * Math.sqrt(T30) };
const E30 = AS_OF + 30 * MS_PER_DAY;
const STRIKES = [70_000, 75_000, 80_000, 85_000, 90_000, 95_000, 100_000, 110_000, 120_000];

describe("buildUnderlying", () => {
  it("fits each expiry, keeps the venue's forward and listed strikes, uses the index as spot", () => {
    const b = buildUnderlying(quotes(chain(E30, 90_500, SMILE, STRIKES)), AS_OF);
    expect(b.market.spot).toBe(90_000);
    expect(b.market.perpMark).toBe(90_010);
    expect(b.market.expiries).toHaveLength(1);
    const e = b.market.expiries[0]!;
    expect(e.id).toBe("2026-12-24");
    expect(e.forward).toBe(90_500);
    expect(e.strikes).toEqual(STRIKES);
    expect(validateSvi(e.svi)).toBeNull();
    expect(b.fits[0]!.rmseVolPts).toBeLessThan(EXACT_FIT_VOL_PTS);
    expect(b.fits[0]!.points).toBe(STRIKES.length);
  });

  it("fits the out-of-the-money side: a broken ITM quote does not matter", () => {
    // Hand-made: every in-the-money quote is 300 % vol (calls below F, puts above F).
    const opts = chain(E30, 90_500, SMILE, STRIKES).map((o) => ((o.type === "call") === o.strike < 90_500 ? { ...o, markIv: 3 } : o));
    const b = buildUnderlying(quotes(opts), AS_OF);
    expect(b.fits[0]!.rmseVolPts).toBeLessThan(EXACT_FIT_VOL_PTS);
  });

  it(`ignores IVs outside [${MIN_USABLE_IV}, ${MAX_USABLE_IV}] and null IVs`, () => {
    const opts = chain(E30, 90_500, SMILE, [...STRIKES, 130_000, 140_000]).map((o) => (o.strike === 130_000 ? { ...o, markIv: 0 } : o.strike === 140_000 ? { ...o, markIv: null } : o));
    const b = buildUnderlying(quotes(opts), AS_OF);
    expect(b.fits[0]!.points).toBe(STRIKES.length);
  });

  it("drops expired, imminent and unfittable expiries with a reason each; orders expiries", () => {
    const opts = [
      ...chain(E30, 90_500, SMILE, STRIKES),
      ...chain(AS_OF - MS_PER_DAY, 90_000, SMILE, STRIKES),
      ...chain(AS_OF + 30 * 60_000, 90_000, SMILE, STRIKES),
      ...chain(AS_OF + 7 * MS_PER_DAY, 90_100, SMILE, STRIKES.slice(0, 3)),
    ];
    const b = buildUnderlying(quotes(opts), AS_OF);
    expect(b.market.expiries.map((e) => e.id)).toEqual(["2026-12-24"]);
    expect(b.dropped.map((d) => d.expiryId)).toEqual(["2026-11-23", "2026-11-24", "2026-12-01"]);
    expect(b.dropped[0]!.reason).toBe("expired");
    expect(b.dropped[1]!.reason).toBe("expires within the hour");
    expect(b.dropped[2]!.reason).toMatch(/3 usable quotes/);
  });

  it("uses a dated future's mark as the forward when the chain gives none", () => {
    const opts = chain(E30, 90_500, SMILE, STRIKES).map((o) => ({ ...o, underlyingPrice: null }));
    const b = buildUnderlying(quotes(opts, { futures: [{ symbol: "BTC-24DEC26", expiryMs: E30, mark: 90_600 }] }), AS_OF);
    expect(b.market.expiries[0]!.forward).toBe(90_600);
  });

  it("an option chain with no usable IV fails with a no-usable-iv error that says why", () => {
    const opts = chain(E30, 90_500, SMILE, STRIKES, () => 0);
    expect(() => buildUnderlying(quotes(opts), AS_OF)).toThrow(MarketError);
    try {
      buildUnderlying(quotes(opts), AS_OF);
    } catch (e) {
      expect((e as MarketError).code).toBe("no-usable-iv");
      // 9 strikes × call and put = 18 options
      expect((e as MarketError).message).toMatch(/18 options, 0 with a usable mark IV/);
    }
  });

  it("a venue without an option chain cannot supply a market", () => {
    expect(() => buildUnderlying(quotes(null, { venue: "derive" }), AS_OF)).toThrow(/no option chain for Derive/);
  });
});

describe("buildLiveSnapshot", () => {
  const bundle = (u: "BTC" | "ETH" | "SOL", spot: number, ts = AS_OF) => ({
    quotes: quotes(
      chain(
        E30,
        spot * 1.005,
        SMILE,
        STRIKES.map((k) => (k / 90_000) * spot),
      ),
      { underlying: u, index: { price: spot, source: "t" }, perp: { symbol: `${u}-PERP`, mark: spot, funding8h: 0, fundingIntervalHours: 8 }, timestampMs: ts },
    ),
    fallbacks: [],
  });

  it("asOf is the oldest venue timestamp; id = live-<asOf>-<hash>; label names the venues", () => {
    const r = buildLiveSnapshot({
      bundles: { BTC: bundle("BTC", 90_000), ETH: bundle("ETH", 3_000, AS_OF - 2_000), SOL: { ...bundle("SOL", 150), quotes: { ...bundle("SOL", 150).quotes, venue: "bybit" } } },
      collateral: { venue: "derive", prices: { USDC: 1, USDT: 0.999, wstETH: 3_600 } },
      collateralError: null,
      upstream: "venues",
      nowMs: AS_OF + 500,
    });
    expect(r.snapshot.asOf).toBe(new Date(AS_OF - 2_000).toISOString());
    expect(r.snapshot.id).toMatch(/^live-20261124T075958Z-[0-9a-f]{8}$/);
    expect(r.snapshot.label).toBe("live (Deribit, Bybit, Derive)");
    expect(r.snapshot.collateralPrices).toEqual({ USDC: 1, USDT: 0.999, BTC: 90_000, ETH: 3_000, SOL: 150, wstETH: 3_600 });
    expect(r.meta.fetchedAt).toBe(new Date(AS_OF + 500).toISOString());
  });

  it("a different number gives a different id", () => {
    const input = (solSpot: number) => ({
      bundles: { BTC: bundle("BTC", 90_000), ETH: bundle("ETH", 3_000), SOL: bundle("SOL", solSpot) },
      collateral: null,
      collateralError: "derive: down",
      upstream: "mock" as const,
      nowMs: AS_OF,
    });
    expect(buildLiveSnapshot(input(150)).snapshot.id).not.toBe(buildLiveSnapshot(input(150.01)).snapshot.id);
    expect(buildLiveSnapshot(input(150)).snapshot.id).toBe(buildLiveSnapshot(input(150)).snapshot.id);
  });
});

describe("helpers", () => {
  it("fnv1a matches the FNV-1a 32-bit test vectors", () => {
    // Test vectors from the FNV reference (isthe.com/chongo/tech/comp/fnv): "" → 811c9dc5, "a" → e40c292c, "foobar" → bf9cf968.
    expect(fnv1a("")).toBe("811c9dc5");
    expect(fnv1a("a")).toBe("e40c292c");
    expect(fnv1a("foobar")).toBe("bf9cf968");
  });

  it("expiryIdOf is the UTC date", () => {
    expect(expiryIdOf(Date.parse("2026-12-25T08:00:00Z"))).toBe("2026-12-25");
  });
});
