import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { parseVenueImport, rowsToPositions, type VenueImport } from "./venue-import";
import { matchInstrument } from "./match";

const fixture = (f: string) => readFileSync(join(__dirname, "../../../e2e/fixtures", f), "utf8");
const ok = (r: VenueImport) => {
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe("matching to the snapshot (sample: as of 2026-11-20 08:00 UTC)", () => {
  it("refuses an underlying MarginLab does not margin, an expired or unlisted expiry and an unlisted strike", () => {
    expect(matchInstrument({ kind: "perp", base: "XRP", settlement: "linear" }, SAMPLE_SNAPSHOT)).toMatchObject({ ok: false, reason: expect.stringContaining("XRP is not an underlying") });
    expect(matchInstrument({ kind: "future", base: "BTC", expiry: "2026-11-13", settlement: "linear" }, SAMPLE_SNAPSHOT)).toMatchObject({ ok: false, reason: expect.stringContaining("expired") });
    expect(matchInstrument({ kind: "future", base: "BTC", expiry: "2026-12-26", settlement: "linear" }, SAMPLE_SNAPSHOT)).toMatchObject({ ok: false, reason: expect.stringContaining("lists no BTC expiry 2026-12-26") });
    expect(matchInstrument({ kind: "option", base: "BTC", expiry: "2026-12-25", strike: 100500, optionType: "call", settlement: "linear" }, SAMPLE_SNAPSHOT)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("strike 100500"),
    });
  });
});

describe("venue files (e2e/fixtures, written from the venues' documented responses)", () => {
  it("Deribit JSON: option sizes in coins, USD premium from average_price_usd or × index_price, inverse perp via size_currency; unknown underlying refused", () => {
    const r = ok(parseVenueImport(fixture("deribit-positions.json"), SAMPLE_SNAPSHOT));
    expect(r.format).toBe("deribit-json");
    expect(r.rows.map((x) => [x.name, x.size, x.entryPrice])).toEqual([
      ["BTC-25DEC26-90000-P", -2, 2992.5],
      ["BTC-PERPETUAL", 1, 95010],
      // hand-computed: 0.028 ETH × 3,400 USD = 95.2 USD
      ["ETH-25DEC26-3600-C", 10, expect.closeTo(95.2, 9)],
    ]);
    expect(r.rows[1]!.notes[0]).toContain("inverse contract");
    expect(r.errors).toEqual([{ line: expect.any(Number), name: "XRP_USDC-PERPETUAL", reason: expect.stringContaining("XRP is not an underlying") }]);
    expect(r.errors[0]!.line).toBe(
      fixture("deribit-positions.json")
        .split("\n")
        .findIndex((l) => l.includes("XRP_USDC")) + 1,
    );
  });

  it("OKX JSON: contracts × contract value, posSide sets the sign, option premium × usdPx", () => {
    const r = ok(parseVenueImport(fixture("okx-positions.json"), SAMPLE_SNAPSHOT));
    expect(r.format).toBe("okx-json");
    expect(r.errors).toEqual([]);
    // hand-computed: −100 × 0.01 BTC = −1 BTC at 0.021 × 95,000 = 1,995 USD; 50 × 0.01 = 0.5 BTC; short 20 × 0.1 = −2 ETH
    expect(r.rows.map((x) => [x.instrument.kind, x.size, x.entryPrice])).toEqual([
      ["option", expect.closeTo(-1, 12), expect.closeTo(1995, 9)],
      ["perp", expect.closeTo(0.5, 12), 95020],
      ["future", expect.closeTo(-2, 12), 3420],
    ]);
  });

  it("Bybit JSON: sizes in coins, side Sell = short", () => {
    const r = ok(parseVenueImport(fixture("bybit-positions.json"), SAMPLE_SNAPSHOT));
    expect(r.format).toBe("bybit-json");
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.name, x.size, x.entryPrice])).toEqual([
      ["BTC-25DEC26-90000-P-USDT", -1.5, 3000],
      ["SOL-25DEC26-200-C-USDT", 100, 6.5],
      ["ETHUSDT", 3, 3401],
    ]);
  });

  it("CSV exports with the API's field names, one per venue", () => {
    const d = ok(parseVenueImport(fixture("deribit-positions.csv"), SAMPLE_SNAPSHOT));
    expect(d.format).toBe("deribit-csv");
    expect(d.rows.map((x) => [x.size, x.entryPrice])).toEqual([
      [-1, 1140],
      [0.2, 96100],
    ]);
    const o = ok(parseVenueImport(fixture("okx-positions.csv"), SAMPLE_SNAPSHOT));
    expect(o.format).toBe("okx-csv");
    // hand-computed: −20 × 0.1 ETH = −2 ETH at 0.012 × 3,400 = 40.8 USD; −10 × 0.01 = −0.1 BTC
    expect(o.rows.map((x) => [x.size, x.entryPrice])).toEqual([
      [expect.closeTo(-2, 12), expect.closeTo(40.8, 9)],
      [expect.closeTo(-0.1, 12), 95000],
    ]);
    const b = ok(parseVenueImport(fixture("bybit-positions.csv"), SAMPLE_SNAPSHOT));
    expect(b.format).toBe("bybit-csv");
    expect(b.rows.map((x) => [x.size, x.entryPrice])).toEqual([
      [0.5, 2100],
      [-0.25, 95050],
    ]);
  });

  it("pasted list: any venue's names, sizes in coins, optional USD price; an unlisted expiry refused with its line", () => {
    const r = ok(parseVenueImport(fixture("paste-list.txt"), SAMPLE_SNAPSHOT));
    expect(r.format).toBe("list");
    expect(r.rows.map((x) => [x.line, x.size, x.entryPrice])).toEqual([
      [2, -1, null],
      [3, 2, 2900],
      [4, 5, null],
    ]);
    expect(r.errors).toEqual([{ line: 5, name: "BTC-26DEC26-100000-C", reason: expect.stringContaining("lists no BTC expiry 2026-12-26") }]);
  });
});

describe("bad input, row by row", () => {
  it("refuses unknown names, expired expiries, zero and oversized sizes and duplicates, each with its line", () => {
    const text = ["BTC-25DEC26-100000-C 1", "NOT-A-NAME 1", "BTC-13NOV26-100000-C 1", "BTC-PERPETUAL 0", "BTC-PERPETUAL 2000000", "BTC-25DEC26-100000-C -3", "ETH-PERPETUAL x"].join("\n");
    const r = ok(parseVenueImport(text, SAMPLE_SNAPSHOT));
    expect(r.rows.map((x) => x.line)).toEqual([1]);
    const reasons = Object.fromEntries(r.errors.map((e) => [e.line, e.reason]));
    expect(reasons[2]).toContain("unknown instrument name");
    expect(reasons[3]).toContain("expired");
    expect(reasons[4]).toContain("cannot be 0");
    expect(reasons[5]).toContain("at most 1,000,000");
    expect(reasons[6]).toContain("duplicate: line 1");
    expect(reasons[7]).toContain("size");
  });

  it("says what is wrong with a whole file", () => {
    expect(parseVenueImport("", SAMPLE_SNAPSHOT)).toMatchObject({ ok: false, error: expect.stringContaining("empty") });
    expect(parseVenueImport("{ not json", SAMPLE_SNAPSHOT)).toMatchObject({ ok: false, error: expect.stringContaining("not valid JSON") });
    expect(parseVenueImport('{"foo": 1}', SAMPLE_SNAPSHOT)).toMatchObject({ ok: false, error: expect.stringContaining("not a Deribit") });
    expect(parseVenueImport('{"retCode":0,"result":{"list":[]}}', SAMPLE_SNAPSHOT)).toMatchObject({ ok: false, error: expect.stringContaining("no positions") });
  });

  it("refuses a side that is neither buy nor sell", () => {
    const r = ok(parseVenueImport("symbol,side,size,avgPrice\nBTCUSDT,Up,1,95000", SAMPLE_SNAPSHOT));
    expect(r.errors[0]).toMatchObject({ line: 2, reason: expect.stringContaining('side "Up"') });
  });

  it("turns rows into positions, taking the engine's mark where no price was given", () => {
    const r = ok(parseVenueImport("BTC-25DEC26-100000-C -1\nBTCUSDT 2 95000", SAMPLE_SNAPSHOT));
    expect(rowsToPositions(r.rows, [1234, null])).toEqual([
      { kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 100000, optionType: "call", size: -1, entryPrice: 1234 },
      { kind: "perp", underlying: "BTC", size: 2, entryPrice: 95000 },
    ]);
  });
});

describe("venue size limits (lib/market/instrument-specs, each with its source)", () => {
  it("a Bybit file: 150 BTC of a BTC option is refused at Bybit's maximum order of 100 BTC (help.bybit.com options FAQ), with its line", () => {
    const csv = "symbol,side,size,avgPrice,markPrice\nBTC-25DEC26-100000-C-USDT,Buy,150,2100,2050\nBTC-25DEC26-90000-P-USDT,Sell,0.5,2900,2850\n";
    const r = ok(parseVenueImport(csv, SAMPLE_SNAPSHOT));
    expect(r.rows.map((x) => x.line)).toEqual([3]);
    expect(r.errors).toEqual([
      {
        line: 2,
        name: "BTC-25DEC26-100000-C-USDT",
        reason: "size: 150 BTC is beyond Bybit's maximum order of 100 BTC for BTC options (source: https://help.bybit.com/hc/en-us/articles/5551788321049-FAQ-Options-Trading)",
      },
    ]);
  });

  it("a Bybit file: 0.005 BTC is below the 0.01 BTC minimum; 0.015 BTC is off the 0.01 step (learn.bybit.com options parameters)", () => {
    const csv = "symbol,side,size\nBTC-25DEC26-100000-C-USDT,Buy,0.005\nBTC-25DEC26-90000-P-USDT,Buy,0.015\n";
    const r = ok(parseVenueImport(csv, SAMPLE_SNAPSHOT));
    expect(r.rows).toEqual([]);
    expect(r.errors[0]!.reason).toContain("below Bybit's minimum order of 0.01 BTC");
    expect(r.errors[1]!.reason).toContain("not a multiple of Bybit's size step of 0.01 BTC");
  });

  it("a pasted list is checked against the sub-account's venue when given, and only against MarginLab's limit otherwise", () => {
    const list = "BTC-25DEC26-100000-C 0.05";
    // Deribit BTC options: min_trade_amount 0.1 (documented public/get_instrument example).
    const deribit = ok(parseVenueImport(list, SAMPLE_SNAPSHOT, { venue: "deribit" }));
    expect(deribit.errors[0]!.reason).toContain("below Deribit's minimum order of 0.1 BTC");
    const bybit = ok(parseVenueImport(list, SAMPLE_SNAPSHOT, { venue: "bybit" }));
    expect(bybit.rows.map((x) => x.size)).toEqual([0.05]);
    expect(bybit.rows[0]!.notes).toContain("checked against Bybit's size limits");
    expect(ok(parseVenueImport(list, SAMPLE_SNAPSHOT)).rows.map((x) => x.size)).toEqual([0.05]);
  });

  it("MarginLab's own limit stays the outer bound: 2,000,000 coins is refused even where the venue publishes no maximum", () => {
    const r = ok(parseVenueImport("BTC-25DEC26-100000-C 2000000", SAMPLE_SNAPSHOT, { venue: "dydx" }));
    expect(r.errors[0]!.reason).toMatch(/^size: /);
    expect(r.rows).toEqual([]);
  });
});
