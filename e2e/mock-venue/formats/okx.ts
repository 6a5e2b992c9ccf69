/**
 * OKX v5 REST responses (GET /api/v5/...), in the shapes of OKX's API and of the response
 * comments in ccxt's okx.ts: `{ code: "0", msg: "", data: [...] }` with every number a string.
 * OKX lists BTC and ETH coin-margined swaps, futures and options (uly BTC-USD / ETH-USD) and
 * USDT spot pairs.
 */
import type { Underlying } from "../../../lib/market/types";
import { markIv, ymd6, type MockExpiry } from "../market-model";
import type { FormatContext, VenueAnswer } from "./context";

const UNDERLYINGS: Underlying[] = ["BTC", "ETH"];
const EIGHT_HOURS_MS = 8 * 3_600_000;

function ok(data: unknown[]) {
  return { body: { code: "0", msg: "", data } };
}

const s = (x: number) => String(x);

function optionId(u: Underlying, e: MockExpiry, strike: number, isCall: boolean) {
  return `${u}-USD-${ymd6(e.expiryMs)}-${strike}-${isCall ? "C" : "P"}`;
}

function instrument(fields: Record<string, string>) {
  // Every field OKX sends (empty strings where it does not apply).
  return {
    alias: "",
    baseCcy: "",
    category: "1",
    ctMult: "",
    ctType: "",
    ctVal: "",
    ctValCcy: "",
    expTime: "",
    instFamily: "",
    instId: "",
    instType: "",
    lever: "",
    listTime: "1606468572000",
    lotSz: "",
    maxIcebergSz: "",
    maxLmtAmt: "",
    maxLmtSz: "",
    maxMktAmt: "",
    maxMktSz: "",
    maxStopSz: "",
    maxTriggerSz: "",
    maxTwapSz: "",
    minSz: "",
    optType: "",
    quoteCcy: "",
    settleCcy: "",
    state: "live",
    stk: "",
    tickSz: "",
    uly: "",
    ...fields,
  };
}

function instruments(ctx: FormatContext, instType: string, uly: string | null) {
  const out: Record<string, string>[] = [];
  for (const u of UNDERLYINGS) {
    const m = ctx.market(u);
    if (instType === "SPOT") {
      out.push(
        instrument({ instType, instId: `${u}-USDT`, baseCcy: u, quoteCcy: "USDT", lever: "10", lotSz: "0.00000001", minSz: "0.00001", tickSz: u === "BTC" ? "0.1" : "0.01", maxLmtSz: "9999999999", maxMktSz: "1000000" }),
      );
    } else if (instType === "SWAP") {
      out.push(
        instrument({
          instType,
          instId: `${u}-USD-SWAP`,
          uly: `${u}-USD`,
          instFamily: `${u}-USD`,
          settleCcy: u,
          ctVal: u === "BTC" ? "100" : "10",
          ctMult: "1",
          ctValCcy: "USD",
          ctType: "inverse",
          lever: "100",
          lotSz: "1",
          minSz: "1",
          tickSz: "0.1",
        }),
      );
    } else if (instType === "FUTURES") {
      for (const e of m.expiries.filter((x) => x.hasFuture)) {
        out.push(
          instrument({
            instType,
            instId: `${u}-USD-${ymd6(e.expiryMs)}`,
            uly: `${u}-USD`,
            instFamily: `${u}-USD`,
            settleCcy: u,
            ctVal: u === "BTC" ? "100" : "10",
            ctMult: "1",
            ctValCcy: "USD",
            ctType: "inverse",
            expTime: s(e.expiryMs),
            alias: e.years < 8 / 365 ? "this_week" : e.years < 0.1 ? "next_week" : "quarter",
            lever: "100",
            lotSz: "1",
            minSz: "1",
            tickSz: "0.1",
          }),
        );
      }
    } else if (instType === "OPTION" && uly === `${u}-USD`) {
      for (const e of m.expiries) {
        for (const strike of e.strikes) {
          for (const isCall of [true, false]) {
            out.push(
              instrument({
                instType,
                instId: optionId(u, e, strike, isCall),
                uly: `${u}-USD`,
                instFamily: `${u}-USD`,
                settleCcy: u,
                ctVal: u === "BTC" ? "0.01" : "0.1",
                ctMult: "1",
                ctValCcy: u,
                optType: isCall ? "C" : "P",
                stk: s(strike),
                expTime: s(e.expiryMs),
                lever: "",
                lotSz: "1",
                minSz: "1",
                tickSz: "0.0005",
              }),
            );
          }
        }
      }
    }
  }
  return out;
}

function underlyingOf(instId: string): Underlying | undefined {
  return UNDERLYINGS.find((u) => instId.startsWith(`${u}-`));
}

/**
 * Answers one OKX public request, or undefined when the mock does not serve the path.
 *
 * @example
 * ```ts
 * okxAnswer("/api/v5/public/opt-summary", new URLSearchParams("uly=BTC-USD"), ctx);
 * ```
 */
export function okxAnswer(path: string, q: URLSearchParams, ctx: FormatContext): VenueAnswer {
  const ts = s(ctx.nowMs);
  switch (path) {
    case "/api/v5/public/instruments":
      return ok(instruments(ctx, q.get("instType") ?? "", q.get("uly")));
    case "/api/v5/market/ticker": {
      const instId = q.get("instId") ?? "";
      const u = underlyingOf(instId);
      if (!u || instId !== `${u}-USDT`) return { body: { code: "51001", msg: "Instrument ID does not exist", data: [] } };
      const spot = ctx.market(u).spot;
      const row: Record<string, string> = {
        instType: "SPOT",
        instId,
        last: s(spot),
        lastSz: "0.0012",
        askPx: s(spot + 0.1),
        askSz: "1.2",
        bidPx: s(spot - 0.1),
        bidSz: "0.8",
        open24h: s(spot * 1.01),
        high24h: s(spot * 1.02),
        low24h: s(spot * 0.97),
        volCcy24h: "720123456.1",
        vol24h: "8123.4",
        ts,
        sodUtc0: s(spot * 1.005),
        sodUtc8: s(spot * 1.004),
      };
      if (ctx.fault === "missing-fields") delete row["last"];
      return ok([row]);
    }
    case "/api/v5/public/mark-price": {
      const instId = q.get("instId");
      const instType = q.get("instType");
      const rows: Record<string, string>[] = [];
      for (const u of UNDERLYINGS) {
        const m = ctx.market(u);
        if (instId === `${u}-USD-SWAP` || (instType === "SWAP" && !instId)) rows.push({ instType: "SWAP", instId: `${u}-USD-SWAP`, markPx: s(m.perpMark), ts });
        if (instType === "FUTURES") for (const e of m.expiries.filter((x) => x.hasFuture)) rows.push({ instType: "FUTURES", instId: `${u}-USD-${ymd6(e.expiryMs)}`, markPx: s(e.forward), ts });
      }
      if (ctx.fault === "missing-fields") for (const r of rows) delete r["markPx"];
      return ok(rows);
    }
    case "/api/v5/public/funding-rate": {
      const instId = q.get("instId") ?? "";
      const u = underlyingOf(instId);
      if (!u) return { body: { code: "51001", msg: "Instrument ID does not exist", data: [] } };
      const fundingTime = Math.ceil(ctx.nowMs / EIGHT_HOURS_MS) * EIGHT_HOURS_MS;
      const rate = s(ctx.market(u).funding8h);
      return ok([
        {
          fundingRate: rate,
          fundingTime: s(fundingTime),
          instId,
          instType: "SWAP",
          method: "current_period",
          maxFundingRate: "0.00375",
          minFundingRate: "-0.00375",
          nextFundingRate: "",
          nextFundingTime: s(fundingTime + EIGHT_HOURS_MS),
          premium: "0.0000917",
          settFundingRate: rate,
          settState: "settled",
          ts,
        },
      ]);
    }
    case "/api/v5/public/opt-summary": {
      const uly = q.get("uly") ?? "";
      const u = UNDERLYINGS.find((x) => uly === `${x}-USD`);
      if (!u) return { body: { code: "51000", msg: "Parameter uly error", data: [] } };
      const rows: Record<string, string>[] = [];
      for (const e of ctx.market(u).expiries) {
        for (const strike of e.strikes) {
          for (const isCall of [true, false]) {
            const iv = ctx.fault === "no-iv" ? "0" : s(markIv(e, strike));
            rows.push({
              askVol: "0",
              bidVol: "0",
              delta: "0.5",
              deltaBS: "0.5",
              fwdPx: s(e.forward),
              gamma: "0",
              gammaBS: "0",
              instId: optionId(u, e, strike, isCall),
              instType: "OPTION",
              lever: "10",
              markVol: iv,
              realVol: "0",
              theta: "0",
              thetaBS: "0",
              ts,
              uly,
              vega: "0",
              vegaBS: "0",
              volLv: iv,
            });
          }
        }
      }
      return ok(rows);
    }
    default:
      return undefined;
  }
}
