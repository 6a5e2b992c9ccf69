import "server-only";
import type { Exchange } from "ccxt";
import type { CollateralQuotes, VenueQuotes } from "@/lib/market/feed/venue-quotes";
import { checked, listed, need, num, pos, step, type AdapterInput } from "./common";

/** Derive pays funding every hour; ccxt returns the hourly rate. */
const DERIVE_FUNDING_HOURS = 1;

/**
 * Derive through ccxt (public endpoints): perp ticker (`fetchTicker`, /public/get_ticker: mark and
 * index) and funding (`fetchFundingRate`, built by ccxt from /public/get_funding_rate_history,
 * hourly). ccxt has no unified option chain for Derive (only a ticker per option instrument), so
 * `options` is null and Derive never supplies a snapshot's vol surface.
 *
 * @example
 * ```ts
 * const q = await fetchDeriveQuotes({ exchange, venue: "derive", underlying: "ETH", instruments: INSTRUMENTS.derive.ETH!, nowMs: Date.now() });
 * q.options; // null
 * ```
 */
export async function fetchDeriveQuotes(input: AdapterInput): Promise<VenueQuotes> {
  const { exchange: ex, underlying: u, instruments: ins, nowMs } = input;
  const tag = `derive ${u}`;
  listed(ex, ins.perp, tag);
  const [ticker, funding] = await Promise.all([step(`${tag} perp ticker`, () => ex.fetchTicker(ins.perp)), step(`${tag} funding rate`, () => ex.fetchFundingRate(ins.perp))]);
  return checked({
    venue: "derive",
    underlying: u,
    timestampMs: num(ticker.timestamp) ?? nowMs,
    index: { price: need(pos(ticker.indexPrice), `${tag} perp ticker index_price`), source: `${ins.perp} index_price` },
    perp: {
      symbol: ins.perp,
      mark: need(pos(ticker.markPrice), `${tag} perp ticker mark_price`),
      funding8h: need(num(funding.fundingRate), `${tag} funding rate`) * (8 / DERIVE_FUNDING_HOURS),
      fundingIntervalHours: DERIVE_FUNDING_HOURS,
    },
    futures: [],
    options: null,
    rate: null,
  });
}

/**
 * USD prices of USDC, USDT and wstETH from Derive's currency list (`fetchCurrencies`,
 * /public/get_all_currencies, field `spot_price` of each entry's raw `info`). Assets Derive does
 * not list are left out (the snapshot builder says what it assumed instead).
 *
 * @example
 * ```ts
 * (await fetchDeriveCollateral(ex)).prices.wstETH; // e.g. 3584.1
 * ```
 */
export async function fetchDeriveCollateral(exchange: Exchange): Promise<CollateralQuotes> {
  const currencies = await step("derive currency list", () => exchange.fetchCurrencies());
  const byId = new Map<string, number>();
  for (const c of Object.values(currencies ?? {})) {
    const info = (c?.info ?? {}) as Record<string, unknown>;
    const id = typeof info["currency"] === "string" ? info["currency"] : c?.id;
    const price = pos(info["spot_price"]);
    if (typeof id === "string" && price !== undefined) byId.set(id.toUpperCase(), price);
  }
  const prices: CollateralQuotes["prices"] = {};
  const usdc = byId.get("USDC");
  const usdt = byId.get("USDT");
  const wsteth = byId.get("WSTETH");
  if (usdc !== undefined) prices.USDC = usdc;
  if (usdt !== undefined) prices.USDT = usdt;
  if (wsteth !== undefined) prices.wstETH = wsteth;
  return { venue: "derive", prices };
}
