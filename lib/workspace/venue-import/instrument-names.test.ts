import { describe, expect, it } from "vitest";
import { parseAnyName, parseBybitName, parseDeribitName, parseDmmmyy, parseOkxName, parseYymmdd } from "./instrument-names";

// Every name below is a documented example of the venue (sources in instrument-names.ts), or the
// issue's examples (BTC-27DEC26-100000-C, BTC-USD-261227-100000-C, BTC-27DEC26-100000-C-USDT).

describe("dates", () => {
  it("reads DMMMYY with one- or two-digit days", () => {
    expect(parseDmmmyy("25MAR16")).toBe("2016-03-25");
    expect(parseDmmmyy("5AUG16")).toBe("2016-08-05");
    expect(parseDmmmyy("31FEB26")).toBeNull(); // no such day
    expect(parseDmmmyy("25XYZ16")).toBeNull();
  });
  it("reads YYMMDD", () => {
    expect(parseYymmdd("250328")).toBe("2025-03-28");
    expect(parseYymmdd("261227")).toBe("2026-12-27");
    expect(parseYymmdd("261327")).toBeNull(); // month 13
  });
});

describe("Deribit (API v2 'Naming': BTC-25MAR16, BTC-5AUG16, BTC-PERPETUAL, BTC-25MAR16-420-C, BTC-5AUG16-580-P)", () => {
  it("reads futures, the perpetual and options", () => {
    expect(parseDeribitName("BTC-25MAR16")).toEqual({ ok: true, instrument: { kind: "future", base: "BTC", expiry: "2016-03-25", settlement: "inverse" } });
    expect(parseDeribitName("BTC-5AUG16")).toEqual({ ok: true, instrument: { kind: "future", base: "BTC", expiry: "2016-08-05", settlement: "inverse" } });
    expect(parseDeribitName("BTC-PERPETUAL")).toEqual({ ok: true, instrument: { kind: "perp", base: "BTC", settlement: "inverse" } });
    expect(parseDeribitName("BTC-25MAR16-420-C")).toEqual({ ok: true, instrument: { kind: "option", base: "BTC", expiry: "2016-03-25", strike: 420, optionType: "call", settlement: "inverse" } });
    expect(parseDeribitName("BTC-5AUG16-580-P")).toEqual({ ok: true, instrument: { kind: "option", base: "BTC", expiry: "2016-08-05", strike: 580, optionType: "put", settlement: "inverse" } });
    expect(parseDeribitName("BTC-27DEC26-100000-C")).toMatchObject({ ok: true, instrument: { expiry: "2026-12-27", strike: 100000 } });
  });
  it("reads linear USDC instruments and decimal strikes written with d", () => {
    expect(parseDeribitName("SOL_USDC-PERPETUAL")).toEqual({ ok: true, instrument: { kind: "perp", base: "SOL", settlement: "linear" } });
    expect(parseDeribitName("XRP_USDC-30MAY25-2d5-C")).toMatchObject({ ok: true, instrument: { base: "XRP", strike: 2.5, settlement: "linear" } });
  });
  it("refuses malformed names with a reason", () => {
    for (const bad of ["BTC", "BTC-PERP", "BTC-25MAR16-420", "BTC-25MAR16-420-X", "BTC-25MAR16-abc-C", "BTC-32MAR16"]) {
      const r = parseDeribitName(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.reason).toContain(bad.split("-")[0]);
    }
  });
});

describe("OKX (instId: BTC-USDT-SWAP, BTC-USD-SWAP, BTC-USDT-250328, BTC-USD-250328-100000-C)", () => {
  it("reads swaps, futures and options", () => {
    expect(parseOkxName("BTC-USDT-SWAP")).toEqual({ ok: true, instrument: { kind: "perp", base: "BTC", settlement: "linear" } });
    expect(parseOkxName("BTC-USD-SWAP")).toEqual({ ok: true, instrument: { kind: "perp", base: "BTC", settlement: "inverse" } });
    expect(parseOkxName("BTC-USDT-250328")).toEqual({ ok: true, instrument: { kind: "future", base: "BTC", expiry: "2025-03-28", settlement: "linear" } });
    expect(parseOkxName("BTC-USD-250328-100000-C")).toEqual({ ok: true, instrument: { kind: "option", base: "BTC", expiry: "2025-03-28", strike: 100000, optionType: "call", settlement: "inverse" } });
    expect(parseOkxName("BTC-USD-261227-100000-C")).toMatchObject({ ok: true, instrument: { expiry: "2026-12-27", strike: 100000, optionType: "call" } });
  });
  it("refuses other quote currencies and malformed ids", () => {
    expect(parseOkxName("BTC-EUR-SWAP").ok).toBe(false);
    expect(parseOkxName("BTC-USD-27DEC26-100000-C").ok).toBe(false);
    expect(parseOkxName("BTC-USD-261227-100000").ok).toBe(false);
    expect(parseOkxName("BTC-USDT").ok).toBe(false); // spot, not a derivative
  });
});

describe("Bybit (v5 symbols: BTCUSDT, BTCPERP, BTC-30DEC22-18000-C, BTC-27DEC26-100000-C-USDT)", () => {
  it("reads perpetuals, futures and options", () => {
    expect(parseBybitName("BTCUSDT")).toEqual({ ok: true, instrument: { kind: "perp", base: "BTC", settlement: "linear" } });
    expect(parseBybitName("BTCPERP")).toEqual({ ok: true, instrument: { kind: "perp", base: "BTC", settlement: "linear" } });
    expect(parseBybitName("BTCUSD")).toEqual({ ok: true, instrument: { kind: "perp", base: "BTC", settlement: "inverse" } });
    expect(parseBybitName("BTC-27DEC26")).toEqual({ ok: true, instrument: { kind: "future", base: "BTC", expiry: "2026-12-27", settlement: "linear" } });
    expect(parseBybitName("ETHUSDT-27DEC26")).toEqual({ ok: true, instrument: { kind: "future", base: "ETH", expiry: "2026-12-27", settlement: "linear" } });
    expect(parseBybitName("BTC-30DEC22-18000-C")).toEqual({ ok: true, instrument: { kind: "option", base: "BTC", expiry: "2022-12-30", strike: 18000, optionType: "call", settlement: "linear" } });
    expect(parseBybitName("BTC-27DEC26-100000-C-USDT")).toEqual({ ok: true, instrument: { kind: "option", base: "BTC", expiry: "2026-12-27", strike: 100000, optionType: "call", settlement: "linear" } });
  });
  it("refuses malformed symbols", () => {
    expect(parseBybitName("BTCEUR").ok).toBe(false);
    expect(parseBybitName("BTC-27DEC26-100000-C-EUR").ok).toBe(false);
    expect(parseBybitName("BTC-27DEC26-100000").ok).toBe(false);
  });
});

describe("any venue (pasted lists)", () => {
  it("tries Deribit, OKX, then Bybit", () => {
    expect(parseAnyName("BTC-27DEC26-100000-C")).toMatchObject({ ok: true, venue: "deribit" });
    expect(parseAnyName("BTC-USD-261227-100000-C")).toMatchObject({ ok: true, venue: "okx" });
    expect(parseAnyName("BTC-27DEC26-100000-C-USDT")).toMatchObject({ ok: true, venue: "bybit" });
    expect(parseAnyName("btcusdt")).toMatchObject({ ok: true, venue: "bybit", instrument: { kind: "perp", base: "BTC" } });
    expect(parseAnyName("hello world")).toMatchObject({ ok: false });
  });
});
