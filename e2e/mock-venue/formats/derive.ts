/**
 * Derive (formerly Lyra) public API responses, in the shapes of ccxt's recorded responses
 * (ccxt ts/src/test/static/response/derive.json) and of the comments in ccxt's derive.ts:
 * `{ result, id }`. GET /public/get_all_currencies; POST /public/get_all_instruments,
 * /public/get_ticker and /public/get_funding_rate_history with JSON bodies.
 */
import type { Underlying } from "../../../lib/market/types";
import { MOCK_COLLATERAL, ymd8 } from "../market-model";
import type { FormatContext, VenueAnswer } from "./context";

const UNDERLYINGS: Underlying[] = ["BTC", "ETH", "SOL"];
const HOUR_MS = 3_600_000;
const s = (x: number) => String(x);

function envelope(result: unknown) {
  // Derive answers every call with a request id (a UUID).
  return { body: { result, id: "6b29c493-f36c-4935-8016-0a6f776b3ad2" } };
}

function perpInstrument(u: Underlying) {
  return {
    instrument_type: "perp",
    instrument_name: `${u}-PERP`,
    scheduled_activation: 1_701_840_228,
    scheduled_deactivation: 9.223372036854776e18, // Derive sends 2^63 − 1 ("never"); JSON numbers round it like this
    is_active: true,
    tick_size: u === "SOL" ? "0.01" : "0.1",
    minimum_amount: "0.01",
    maximum_amount: "10000",
    amount_step: "0.001",
    mark_price_fee_rate_cap: "0",
    maker_fee_rate: "0.00005",
    taker_fee_rate: "0.0003",
    base_fee: "0.1",
    base_currency: u,
    quote_currency: "USD",
    option_details: null,
    perp_details: { index: `${u}-USD`, max_rate_per_hour: "0.004", min_rate_per_hour: "-0.004", static_interest_rate: "0.0000125", aggregate_funding: "10494.229862480089806876", funding_rate: "0.0000125" },
    erc20_details: null,
    base_asset_address: "0xDBa83C0C654DB1cd914FA2710bA743e925B53086",
    base_asset_sub_id: "0",
    pro_rata_fraction: "0",
    fifo_min_allocation: "0",
    pro_rata_amount_step: "0.1",
  };
}

function instruments(ctx: FormatContext, type: string) {
  if (type === "perp") return UNDERLYINGS.map(perpInstrument);
  if (type === "erc20") {
    return ["ETH", "BTC", "wstETH"].map((c) => ({
      ...perpInstrument("ETH"),
      instrument_type: "erc20",
      instrument_name: `${c}-USDC`,
      base_currency: c,
      quote_currency: "USDC",
      perp_details: null,
      erc20_details: { decimals: 18, underlying_erc20_address: "0x0000000000000000000000000000000000000001", borrow_index: "1", supply_index: "1" },
    }));
  }
  if (type === "option") {
    // A few listed options (ccxt has no unified option chain for Derive; MarginLab does not read them).
    const out: unknown[] = [];
    for (const u of ["BTC", "ETH"] as Underlying[]) {
      const m = ctx.market(u);
      for (const e of m.expiries.filter((x) => x.hasFuture).slice(0, 2)) {
        for (const strike of e.strikes.filter((_, i) => i % 4 === 0)) {
          for (const letter of ["C", "P"]) {
            out.push({
              ...perpInstrument(u),
              instrument_type: "option",
              instrument_name: `${u}-${ymd8(e.expiryMs)}-${strike}-${letter}`,
              perp_details: null,
              option_details: { index: `${u}-USD`, expiry: Math.floor(e.expiryMs / 1000), strike: s(strike), option_type: letter, settlement_price: null },
            });
          }
        }
      }
    }
    return out;
  }
  return [];
}

function ticker(ctx: FormatContext, u: Underlying) {
  const m = ctx.market(u);
  const t: Record<string, unknown> = {
    ...perpInstrument(u),
    best_ask_amount: "0.06",
    best_ask_price: s(m.perpMark + 0.1),
    best_bid_amount: "0.037",
    best_bid_price: s(m.perpMark - 0.1),
    five_percent_bid_depth: "10.802",
    five_percent_ask_depth: "11.082",
    option_pricing: null,
    index_price: s(m.spot),
    mark_price: s(m.perpMark),
    stats: { contract_volume: "484.053", num_trades: "11172", open_interest: "76.22", high: s(m.spot * 1.02), low: s(m.spot * 0.97), percent_change: "0.012669", usd_change: "1239" },
    timestamp: ctx.nowMs,
    min_price: s(m.perpMark * 0.98),
    max_price: s(m.perpMark * 1.02),
  };
  if (ctx.fault === "missing-fields") {
    delete t["mark_price"];
    delete t["index_price"];
  }
  return t;
}

/**
 * Answers one Derive public request (body = parsed JSON of a POST), or undefined when the mock
 * does not serve the path.
 *
 * @example
 * ```ts
 * deriveAnswer("/public/get_ticker", { instrument_name: "ETH-PERP" }, ctx);
 * ```
 */
export function deriveAnswer(path: string, body: Record<string, unknown>, ctx: FormatContext): VenueAnswer {
  switch (path) {
    case "/public/get_all_currencies": {
      const spot = (c: string) => (c === "USDC" ? MOCK_COLLATERAL.USDC : c === "USDT" ? MOCK_COLLATERAL.USDT : c === "wstETH" ? MOCK_COLLATERAL.wstETH : ctx.market(c as Underlying).spot);
      return envelope(
        ["USDC", "USDT", "ETH", "BTC", "SOL", "wstETH"].map((c) => ({
          currency: c,
          spot_price: s(spot(c)),
          spot_price_24h: s(spot(c) * 0.998),
          instrument_types: c === "USDC" || c === "USDT" || c === "wstETH" ? ["erc20"] : ["erc20", "option", "perp"],
          market_type: c === "USDC" ? "ALL" : "SRM_BASE_ONLY",
          srm_im_discount: "0",
          srm_mm_discount: "0",
          pm2_collateral_discounts: [],
          protocol_asset_addresses: { option: null, perp: null, spot: "0x0000000000000000000000000000000000000002", underlying_erc20: "0x0000000000000000000000000000000000000003" },
          managers: [],
          erc20_details: null,
        })),
      );
    }
    case "/public/get_all_instruments": {
      const list = instruments(ctx, String(body["instrument_type"] ?? ""));
      return envelope({ instruments: list, pagination: { num_pages: 1, count: list.length } });
    }
    case "/public/get_ticker": {
      const u = UNDERLYINGS.find((x) => body["instrument_name"] === `${x}-PERP`);
      if (!u) return { status: 400, body: { error: { code: 12001, message: "Instrument not found" }, id: "6b29c493-f36c-4935-8016-0a6f776b3ad2" } };
      return envelope(ticker(ctx, u));
    }
    case "/public/get_funding_rate_history": {
      const u = UNDERLYINGS.find((x) => body["instrument_name"] === `${x}-PERP`);
      if (!u) return { status: 400, body: { error: { code: 12001, message: "Instrument not found" }, id: "6b29c493-f36c-4935-8016-0a6f776b3ad2" } };
      const hour = Math.floor(ctx.nowMs / HOUR_MS) * HOUR_MS;
      // Derive funds hourly: the hourly rate equivalent to the mock's 8-hour rate.
      return envelope({ funding_rate_history: [{ timestamp: hour, funding_rate: s(ctx.market(u).funding8h / 8) }] });
    }
    default:
      return undefined;
  }
}
