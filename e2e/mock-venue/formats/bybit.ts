/**
 * Bybit v5 REST responses (GET /v5/market/...), in the shapes of Bybit's API and of the response
 * comments in ccxt's bybit.ts: `{ retCode: 0, retMsg: "OK", result: { category, list }, retExtInfo,
 * time }` with numbers as strings. Bybit lists USDT perps, USDC-settled dated futures and
 * USDC-settled options on BTC, ETH and SOL.
 */
import type { Underlying } from "../../../lib/market/types";
import { dmy, markIv, markUsd, type MockExpiry } from "../market-model";
import type { FormatContext, VenueAnswer } from "./context";

const UNDERLYINGS: Underlying[] = ["BTC", "ETH", "SOL"];
const EIGHT_HOURS_MS = 8 * 3_600_000;
const s = (x: number) => String(x);

function ok(ctx: FormatContext, category: string, list: unknown[]) {
  return { body: { retCode: 0, retMsg: "OK", result: { category, list, nextPageCursor: "" }, retExtInfo: {}, time: ctx.nowMs } };
}

function optionSymbol(u: Underlying, e: MockExpiry, strike: number, isCall: boolean) {
  return `${u}-${dmy(e.expiryMs)}-${strike}-${isCall ? "C" : "P"}`;
}

function linearInstruments(ctx: FormatContext) {
  const out: unknown[] = [];
  for (const u of UNDERLYINGS) {
    const tick = u === "BTC" ? "0.10" : u === "ETH" ? "0.01" : "0.010";
    out.push({
      symbol: `${u}USDT`,
      contractType: "LinearPerpetual",
      status: "Trading",
      baseCoin: u,
      quoteCoin: "USDT",
      launchTime: "1584230400000",
      deliveryTime: "0",
      deliveryFeeRate: "",
      priceScale: "2",
      leverageFilter: { minLeverage: "1", maxLeverage: "100.00", leverageStep: "0.01" },
      priceFilter: { minPrice: "0.10", maxPrice: "1999999.80", tickSize: tick },
      lotSizeFilter: { maxOrderQty: "1190.000", minOrderQty: "0.001", qtyStep: "0.001", postOnlyMaxOrderQty: "1190.000", maxMktOrderQty: "500.000", minNotionalValue: "5" },
      unifiedMarginTrade: true,
      fundingInterval: 480,
      settleCoin: "USDT",
      copyTrading: "both",
      upperFundingRate: "0.00375",
      lowerFundingRate: "-0.00375",
      isPreListing: false,
      preListingInfo: null,
    });
    for (const e of ctx.market(u).expiries.filter((x) => x.hasFuture && x.years > 0.05)) {
      out.push({
        symbol: `${u}-${dmy(e.expiryMs)}`,
        contractType: "LinearFutures",
        status: "Trading",
        baseCoin: u,
        quoteCoin: "USDC",
        launchTime: "1700000000000",
        deliveryTime: s(e.expiryMs),
        deliveryFeeRate: "0.0005",
        priceScale: "2",
        leverageFilter: { minLeverage: "1", maxLeverage: "100.00", leverageStep: "0.01" },
        priceFilter: { minPrice: "0.50", maxPrice: "1999999.00", tickSize: tick },
        lotSizeFilter: { maxOrderQty: "500.000", minOrderQty: "0.001", qtyStep: "0.001", postOnlyMaxOrderQty: "500.000", maxMktOrderQty: "250.000", minNotionalValue: "1" },
        unifiedMarginTrade: true,
        fundingInterval: 0,
        settleCoin: "USDC",
        copyTrading: "none",
        upperFundingRate: "",
        lowerFundingRate: "",
        isPreListing: false,
        preListingInfo: null,
      });
    }
  }
  return out;
}

function optionInstruments(ctx: FormatContext, u: Underlying) {
  const out: unknown[] = [];
  for (const e of ctx.market(u).expiries) {
    for (const strike of e.strikes) {
      for (const isCall of [true, false]) {
        out.push({
          symbol: optionSymbol(u, e, strike, isCall),
          status: "Trading",
          baseCoin: u,
          quoteCoin: "USD",
          settleCoin: "USDC",
          optionsType: isCall ? "Call" : "Put",
          launchTime: "1700000000000",
          deliveryTime: s(e.expiryMs),
          deliveryFeeRate: "0.00015",
          priceFilter: { minPrice: "5", maxPrice: "10000000", tickSize: "5" },
          lotSizeFilter: { maxOrderQty: "500", minOrderQty: "0.01", qtyStep: "0.01" },
        });
      }
    }
  }
  return out;
}

function perpTicker(ctx: FormatContext, u: Underlying): Record<string, string> {
  const m = ctx.market(u);
  const t: Record<string, string> = {
    symbol: `${u}USDT`,
    lastPrice: s(m.perpMark),
    indexPrice: s(m.spot),
    markPrice: s(m.perpMark),
    prevPrice24h: s(m.spot * 1.01),
    price24hPcnt: "-0.0099",
    highPrice24h: s(m.spot * 1.02),
    lowPrice24h: s(m.spot * 0.97),
    prevPrice1h: s(m.spot),
    openInterest: "51234.12",
    openInterestValue: s(51_234.12 * m.perpMark),
    turnover24h: "8123456789.12",
    volume24h: "93456.123",
    fundingRate: s(m.funding8h),
    nextFundingTime: s(Math.ceil(ctx.nowMs / EIGHT_HOURS_MS) * EIGHT_HOURS_MS),
    predictedDeliveryPrice: "",
    basisRate: "",
    deliveryFeeRate: "",
    deliveryTime: "0",
    ask1Size: "1.2",
    bid1Price: s(m.perpMark - 0.1),
    ask1Price: s(m.perpMark + 0.1),
    bid1Size: "3.4",
    basis: "",
  };
  if (ctx.fault === "missing-fields") {
    delete t["markPrice"];
    delete t["indexPrice"];
  }
  return t;
}

function futureTickers(ctx: FormatContext) {
  const out: Record<string, string>[] = [];
  for (const u of UNDERLYINGS) {
    const m = ctx.market(u);
    for (const e of m.expiries.filter((x) => x.hasFuture && x.years > 0.05)) {
      out.push({
        ...perpTicker(ctx, u),
        symbol: `${u}-${dmy(e.expiryMs)}`,
        markPrice: s(e.forward),
        lastPrice: s(e.forward),
        fundingRate: "",
        nextFundingTime: "",
        deliveryTime: s(e.expiryMs),
        basisRate: s(e.forward / m.spot - 1),
        basis: s(e.forward - m.spot),
      });
    }
  }
  return out;
}

function optionTickers(ctx: FormatContext, u: Underlying) {
  const m = ctx.market(u);
  const out: Record<string, string>[] = [];
  for (const e of m.expiries) {
    for (const strike of e.strikes) {
      for (const isCall of [true, false]) {
        out.push({
          symbol: optionSymbol(u, e, strike, isCall),
          bid1Price: "0",
          bid1Size: "0",
          bid1Iv: "0",
          ask1Price: "0",
          ask1Size: "0",
          ask1Iv: "0",
          lastPrice: "0",
          highPrice24h: "0",
          lowPrice24h: "0",
          markPrice: markUsd(e, strike, isCall).toFixed(8),
          indexPrice: s(m.spot),
          markIv: ctx.fault === "no-iv" ? "0" : markIv(e, strike).toFixed(4),
          underlyingPrice: s(e.forward),
          openInterest: "0.5",
          turnover24h: "0",
          volume24h: "0",
          totalVolume: "12",
          totalTurnover: "1234567",
          delta: "0.5",
          gamma: "0.00001",
          vega: "10",
          theta: "-5",
          predictedDeliveryPrice: "0",
          change24h: "0",
        });
      }
    }
  }
  return out;
}

/**
 * Answers one Bybit public request, or undefined when the mock does not serve the path.
 *
 * @example
 * ```ts
 * bybitAnswer("/v5/market/tickers", new URLSearchParams("category=option&baseCoin=SOL"), ctx);
 * ```
 */
export function bybitAnswer(path: string, q: URLSearchParams, ctx: FormatContext): VenueAnswer {
  const category = q.get("category") ?? "";
  const baseCoin = (q.get("baseCoin") ?? "").toUpperCase() as Underlying;
  switch (path) {
    case "/v5/market/instruments-info":
      if (category === "linear") return ok(ctx, category, q.get("status") === "PreLaunch" ? [] : linearInstruments(ctx));
      if (category === "option") return ok(ctx, category, UNDERLYINGS.includes(baseCoin) ? optionInstruments(ctx, baseCoin) : []);
      return ok(ctx, category, []);
    case "/v5/market/tickers": {
      if (category === "option") return ok(ctx, category, UNDERLYINGS.includes(baseCoin) ? optionTickers(ctx, baseCoin) : []);
      if (category !== "linear") return ok(ctx, category, []);
      const all = [...UNDERLYINGS.map((u) => perpTicker(ctx, u)), ...futureTickers(ctx)];
      const symbol = q.get("symbol");
      return ok(ctx, category, symbol ? all.filter((t) => t["symbol"] === symbol) : all);
    }
    default:
      return undefined;
  }
}
