/**
 * Deribit JSON-RPC-over-HTTP responses (GET /api/v2/public/<method>), in the shapes of Deribit's
 * API and of ccxt's recorded responses (ccxt ts/src/test/static/response/deribit.json and the
 * response comments of ccxt's deribit.ts): `{ jsonrpc, result, usIn, usOut, usDiff, testnet }`.
 * Deribit lists BTC and ETH inverse (coin-settled) perps, futures and options.
 */
import type { Underlying } from "../../../lib/market/types";
import { dmy, markIv, markUsd, type MockExpiry } from "../market-model";
import type { FormatContext, VenueAnswer } from "./context";

const UNDERLYINGS: Underlying[] = ["BTC", "ETH"];
const PERPETUAL_EXPIRY_MS = 32_503_708_800_000; // Deribit's "year 3000" expiry of perpetuals

function envelope(ctx: FormatContext, result: unknown) {
  const us = ctx.nowMs * 1000;
  return { jsonrpc: "2.0", result, usIn: us, usOut: us + 151, usDiff: 151, testnet: false };
}

function futureName(u: Underlying, e: MockExpiry) {
  return `${u}-${dmy(e.expiryMs)}`;
}

function optionName(u: Underlying, e: MockExpiry, strike: number, isCall: boolean) {
  return `${u}-${dmy(e.expiryMs)}-${strike}-${isCall ? "C" : "P"}`;
}

function instruments(ctx: FormatContext) {
  const out: Record<string, unknown>[] = [];
  for (const u of UNDERLYINGS) {
    const m = ctx.market(u);
    const common = { base_currency: u, counter_currency: "USD", settlement_currency: u, is_active: true, rfq: false, creation_timestamp: 1_534_242_287_000, price_index: `${u.toLowerCase()}_usd` };
    out.push({
      ...common,
      tick_size: 0.5,
      tick_size_steps: [],
      taker_commission: 0.0005,
      settlement_period: "perpetual",
      quote_currency: "USD",
      min_trade_amount: 10,
      max_liquidation_commission: 0.0075,
      max_leverage: 50,
      maker_commission: 0,
      kind: "future",
      instrument_name: `${u}-PERPETUAL`,
      instrument_id: u === "BTC" ? 124972 : 124973,
      future_type: "reversed",
      instrument_type: "reversed",
      expiration_timestamp: PERPETUAL_EXPIRY_MS,
      contract_size: u === "BTC" ? 10 : 1,
      block_trade_tick_size: 0.01,
      block_trade_min_trade_amount: 200_000,
      block_trade_commission: 0.00025,
    });
    for (const e of m.expiries) {
      if (e.hasFuture) {
        out.push({
          ...common,
          tick_size: 2.5,
          taker_commission: 0.0005,
          settlement_period: e.years > 0.1 ? "month" : "week",
          quote_currency: "USD",
          min_trade_amount: 10,
          max_liquidation_commission: 0.0075,
          max_leverage: 50,
          maker_commission: -0.0001,
          kind: "future",
          instrument_name: futureName(u, e),
          future_type: "reversed",
          instrument_type: "reversed",
          expiration_timestamp: e.expiryMs,
          contract_size: u === "BTC" ? 10 : 1,
          block_trade_commission: 0.00025,
        });
      }
      for (const strike of e.strikes) {
        for (const isCall of [true, false]) {
          out.push({
            ...common,
            tick_size: 0.0001,
            taker_commission: 0.0003,
            strike,
            settlement_period: e.years > 0.1 ? "month" : e.years > 3 / 365 ? "week" : "day",
            quote_currency: u,
            option_type: isCall ? "call" : "put",
            min_trade_amount: u === "BTC" ? 0.1 : 1,
            maker_commission: 0.0003,
            kind: "option",
            instrument_name: optionName(u, e, strike, isCall),
            instrument_type: "reversed",
            expiration_timestamp: e.expiryMs,
            contract_size: 1,
            block_trade_commission: 0.0003,
          });
        }
      }
    }
  }
  return out;
}

function perpTicker(ctx: FormatContext, u: Underlying) {
  const m = ctx.market(u);
  const t: Record<string, unknown> = {
    timestamp: ctx.nowMs,
    stats: { volume_usd: 254_012_530, volume: 2_911.3, price_change: -1.2033, low: m.spot * 0.97, high: m.spot * 1.02 },
    state: "open",
    settlement_price: m.spot * 0.999,
    open_interest: 1_011_934_560,
    min_price: m.perpMark * 0.985,
    max_price: m.perpMark * 1.015,
    mark_price: m.perpMark,
    last_price: m.perpMark + 0.5,
    interest_value: 0.0123,
    instrument_name: `${u}-PERPETUAL`,
    index_price: m.spot,
    funding_8h: m.funding8h,
    estimated_delivery_price: m.spot,
    current_funding: m.funding8h / 8,
    best_bid_price: m.perpMark - 0.5,
    best_bid_amount: 152_330,
    best_ask_price: m.perpMark + 0.5,
    best_ask_amount: 20_420,
  };
  if (ctx.fault === "missing-fields") {
    delete t["mark_price"];
    delete t["index_price"];
  }
  return t;
}

function bookSummary(ctx: FormatContext, u: Underlying, kind: string | null) {
  const m = ctx.market(u);
  const out: Record<string, unknown>[] = [];
  if (kind === "future" || kind === null) {
    out.push({
      volume_usd: 254_012_530,
      volume: 2_911.3,
      quote_currency: "USD",
      price_change: -1.2033,
      open_interest: 1_011_934_560,
      mid_price: m.perpMark,
      mark_price: m.perpMark,
      low: m.spot * 0.97,
      last: m.perpMark + 0.5,
      instrument_name: `${u}-PERPETUAL`,
      high: m.spot * 1.02,
      estimated_delivery_price: m.spot,
      current_funding: m.funding8h / 8,
      funding_8h: m.funding8h,
      creation_timestamp: ctx.nowMs,
      bid_price: m.perpMark - 0.5,
      base_currency: u,
      ask_price: m.perpMark + 0.5,
    });
    for (const e of m.expiries.filter((x) => x.hasFuture)) {
      out.push({
        volume_usd: 1_203_450,
        volume: 13.9,
        quote_currency: "USD",
        price_change: -0.8,
        open_interest: 20_113_450,
        mid_price: e.forward,
        mark_price: e.forward,
        low: e.forward * 0.97,
        last: e.forward,
        instrument_name: futureName(u, e),
        high: e.forward * 1.02,
        estimated_delivery_price: m.spot,
        creation_timestamp: ctx.nowMs,
        bid_price: e.forward - 2.5,
        base_currency: u,
        ask_price: e.forward + 2.5,
      });
    }
  }
  if (kind === "option" || kind === null) {
    for (const e of m.expiries) {
      for (const strike of e.strikes) {
        for (const isCall of [true, false]) {
          const markCoin = markUsd(e, strike, isCall) / m.spot;
          const row: Record<string, unknown> = {
            volume_usd: 0,
            volume: 0,
            underlying_price: e.forward,
            underlying_index: e.hasFuture ? futureName(u, e) : `SYN.${futureName(u, e)}`,
            quote_currency: u,
            price_change: null,
            open_interest: 12.3,
            mid_price: null,
            mark_price: Number(markCoin.toFixed(8)),
            mark_iv: Number((markIv(e, strike) * 100).toFixed(2)),
            low: null,
            last: null,
            interest_rate: 0,
            instrument_name: optionName(u, e, strike, isCall),
            high: null,
            estimated_delivery_price: m.spot,
            creation_timestamp: ctx.nowMs,
            bid_price: null,
            base_currency: u,
            ask_price: null,
          };
          if (ctx.fault === "no-iv") row["mark_iv"] = 0;
          out.push(row);
        }
      }
    }
  }
  return out;
}

/**
 * Answers one Deribit public request, or undefined when the mock does not serve the path.
 *
 * @example
 * ```ts
 * deribitAnswer("/api/v2/public/ticker", new URLSearchParams("instrument_name=BTC-PERPETUAL"), ctx);
 * ```
 */
export function deribitAnswer(path: string, q: URLSearchParams, ctx: FormatContext): VenueAnswer {
  const method = path.replace(/^\/api\/v2\/public\//, "");
  const currency = (q.get("currency") ?? "").toUpperCase();
  const known = UNDERLYINGS.includes(currency as Underlying) ? (currency as Underlying) : null;
  switch (method) {
    case "get_currencies":
      return {
        body: envelope(
          ctx,
          ["BTC", "ETH", "USDC", "USDT"].map((c) => ({
            withdrawal_priorities: [],
            withdrawal_fee: c === "BTC" ? 0.0001 : c === "ETH" ? 0.0015 : 1,
            min_withdrawal_fee: c === "BTC" ? 0.0001 : 0.0015,
            min_confirmations: c === "BTC" ? 1 : 12,
            in_cross_collateral_pool: true,
            currency_long: { BTC: "Bitcoin", ETH: "Ethereum", USDC: "USD Coin", USDT: "Tether" }[c],
            currency: c,
            coin_type: c === "BTC" ? "BITCOIN" : c === "ETH" ? "ETHER" : "ERC20",
            apr: 0,
          })),
        ),
      };
    case "get_instruments":
      return { body: envelope(ctx, instruments(ctx)) };
    case "ticker": {
      const name = q.get("instrument_name") ?? "";
      const u = UNDERLYINGS.find((x) => name === `${x}-PERPETUAL`);
      if (!u) return { status: 400, body: { jsonrpc: "2.0", error: { message: "instrument_not_found", code: 10004 }, testnet: false } };
      return { body: envelope(ctx, perpTicker(ctx, u)) };
    }
    case "get_funding_rate_value": {
      const name = q.get("instrument_name") ?? "";
      const u = UNDERLYINGS.find((x) => name === `${x}-PERPETUAL`);
      if (!u) return { status: 400, body: { jsonrpc: "2.0", error: { message: "instrument_not_found", code: 10004 }, testnet: false } };
      return { body: envelope(ctx, ctx.market(u).funding8h) };
    }
    case "get_book_summary_by_currency":
      if (!known) return { body: envelope(ctx, []) };
      return { body: envelope(ctx, bookSummary(ctx, known, q.get("kind"))) };
    default:
      return undefined;
  }
}
