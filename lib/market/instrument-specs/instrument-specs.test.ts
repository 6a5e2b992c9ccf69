import { describe, expect, it } from "vitest";
import { checkSize, entryPriceText, formatAtTick, INSTRUMENT_SPECS, instrumentSpec, roundToTick, specVenueOf, tickDecimals, type TickRule } from "./index";

const usd = (tick: number): TickRule => ({ kind: "fixed", unit: "usd", steps: [{ abovePrice: 0, tick }] });

describe("instrument specs: data", () => {
  it("every value carries an https URL, and every assumption says what it assumes", () => {
    for (const s of INSTRUMENT_SPECS) {
      for (const v of [s.tick, s.minSize, s.sizeStep, s.maxOrder, s.maxPosition]) {
        if (!v) continue;
        expect(v.source, `${s.venue} ${s.kind} ${s.underlying}`).toMatch(/^https:\/\/\S+$/);
        if (v.assumption !== undefined) expect(v.assumption.length).toBeGreaterThan(10);
      }
    }
  });

  it("holds the published numbers (with their pages)", () => {
    // Bybit options FAQ: BTC max order 100, max position 100; lesson: min 0.01 BTC, tick $5.
    const bybit = instrumentSpec("bybit", "option", "BTC")!;
    expect(bybit.maxOrder).toMatchObject({ value: { amount: 100, unit: "coin" }, source: "https://help.bybit.com/hc/en-us/articles/5551788321049-FAQ-Options-Trading" });
    expect(bybit.minSize?.value.amount).toBe(0.01);
    expect(bybit.tick?.value).toEqual(usd(5));
    // Deribit: 0.0001 up to 0.005, 0.0005 above (support article of 6 July 2023); min_trade_amount 0.1.
    const deribit = instrumentSpec("deribit", "option", "BTC")!;
    expect(deribit.tick?.value).toEqual({
      kind: "fixed",
      unit: "coin",
      steps: [
        { abovePrice: 0, tick: 0.0001 },
        { abovePrice: 0.005, tick: 0.0005 },
      ],
    });
    expect(deribit.tick?.source).toBe("https://support.deribit.com/hc/en-us/articles/25944779257373-6-July-2023-TS");
    expect(deribit.minSize?.value.amount).toBe(0.1);
    // OKX announcement of 19 April 2024: BTC/USDT perpetual minimum 0.1 contract = 0.001 BTC.
    expect(instrumentSpec("okx", "perp", "BTC")?.minSize?.value.amount).toBe(0.001);
    // Binance options: SOL minimum order size 0.1, tick 0.01.
    expect(instrumentSpec("binance", "option", "SOL")?.minSize?.value.amount).toBe(0.1);
    expect(instrumentSpec("binance", "option", "SOL")?.tick?.value).toEqual(usd(0.01));
    // Hyperliquid: BTC szDecimals 5 → step 0.00001 BTC.
    expect(instrumentSpec("hyperliquid", "perp", "BTC")?.sizeStep?.value.amount).toBe(0.00001);
  });

  it("finds nothing where nothing is published (dYdX, Derive, Hyperliquid options)", () => {
    expect(instrumentSpec("dydx", "perp", "BTC")).toBeNull();
    expect(instrumentSpec("derive", "option", "ETH")).toBeNull();
    expect(instrumentSpec("hyperliquid", "option", "BTC")).toBeNull();
  });

  it("maps rulebook venue names to spec venues", () => {
    expect(specVenueOf("dYdX")).toBe("dydx");
    expect(specVenueOf("Deribit")).toBe("deribit");
    expect(specVenueOf("Paradex")).toBeNull();
  });
});

describe("instrument specs: size checks", () => {
  const bybitBtc = instrumentSpec("bybit", "option", "BTC");
  it("refuses an order beyond the maximum (Bybit BTC options: 100 BTC)", () => {
    const r = checkSize(bybitBtc, -150, 100_000);
    expect(r).toMatchObject({ ok: false, limit: "max-order", source: "https://help.bybit.com/hc/en-us/articles/5551788321049-FAQ-Options-Trading" });
    expect(!r.ok && r.reason).toBe("150 BTC is beyond Bybit's maximum order of 100 BTC for BTC options");
    expect(checkSize(bybitBtc, 100, 100_000).ok).toBe(true);
  });
  it("refuses a size below the minimum (Bybit BTC options: 0.01 BTC)", () => {
    const r = checkSize(bybitBtc, 0.005, 100_000);
    expect(r).toMatchObject({ ok: false, limit: "min" });
    expect(!r.ok && r.reason).toContain("below Bybit's minimum order of 0.01 BTC");
  });
  it("refuses a size off the step (0.015 is 1.5 steps of 0.01) and accepts 0.03 (3 steps, inexact in binary)", () => {
    expect(checkSize(bybitBtc, 0.015, 100_000)).toMatchObject({ ok: false, limit: "step" });
    expect(checkSize(bybitBtc, 0.03, 100_000).ok).toBe(true);
  });
  it("Deribit BTC options: 0.25 BTC is off the 0.1 step (labelled an assumption); 0.3 passes", () => {
    const d = instrumentSpec("deribit", "option", "BTC");
    const r = checkSize(d, 0.25, 100_000);
    expect(r).toMatchObject({ ok: false, limit: "step" });
    expect(!r.ok && r.reason).toContain("ASSUMPTION");
    expect(checkSize(d, 0.3, 100_000).ok).toBe(true);
  });
  it("turns a USD minimum into coins at the index (Deribit BTC perpetual: US $10 = 0.0001 BTC at $100,000)", () => {
    const p = instrumentSpec("deribit", "perp", "BTC");
    expect(checkSize(p, 0.00005, 100_000)).toMatchObject({ ok: false, limit: "min" });
    const ok = checkSize(p, 0.00015, 100_000);
    expect(ok.ok && ok.notes[0]).toContain("not checked");
  });
  it("passes anything where no specification is published", () => {
    expect(checkSize(null, 123_456.789, 100_000)).toEqual({ ok: true, notes: [] });
  });
});

describe("instrument specs: tick rounding (display only)", () => {
  it("rounds to a USD tick: Bybit BTC option $5 → 1,234.56 → 1,235; 1,232.4 → 1,230", () => {
    expect(roundToTick(1234.56, usd(5), 0)).toBe(1235);
    expect(roundToTick(1232.4, usd(5), 0)).toBe(1230);
  });
  it("converts a coin tick at the index: Deribit BTC option at $100,000", () => {
    const rule = instrumentSpec("deribit", "option", "BTC")!.tick!.value;
    // $1,234.56 = 0.0123456 BTC (> 0.005: tick 0.0005) → 0.0125 BTC = $1,250
    expect(roundToTick(1234.56, rule, 100_000)).toBeCloseTo(1250, 9);
    // $321 = 0.00321 BTC (≤ 0.005: tick 0.0001) → 0.0032 BTC = $320
    expect(roundToTick(321, rule, 100_000)).toBeCloseTo(320, 9);
    expect(formatAtTick(1234.56, rule, 100_000)).toBe("1250.00");
  });
  it("Hyperliquid BTC: 5 significant figures, integers always valid", () => {
    const rule = instrumentSpec("hyperliquid", "perp", "BTC")!.tick!.value;
    expect(roundToTick(95_432.27, rule, 0)).toBe(95_432);
    expect(roundToTick(123_456.7, rule, 0)).toBe(123_457);
    expect(roundToTick(9_543.27, rule, 0)).toBe(9_543.3);
    expect(formatAtTick(9_543.27, rule, 0)).toBe("9543.3");
  });
  it("writes the tick's decimals", () => {
    expect(tickDecimals(0.0005)).toBe(4);
    expect(tickDecimals(5)).toBe(0);
    expect(formatAtTick(3456.789, usd(0.1), 0)).toBe("3456.8");
    expect(formatAtTick(95_432.27, usd(0.01), 0)).toBe("95432.27");
  });
});

describe("entry prices as traders write them", () => {
  it("rounds to the venue's tick, or to the cent where none is published", () => {
    // Bybit BTC option tick $5: 1,234.56 → 1,235.
    expect(entryPriceText({ kind: "option", underlying: "BTC" }, "bybit", 95_000, 1234.56)).toBe("1235");
    // Deribit quotes BTC options in BTC (tick 0.0005 BTC): the USD entry was converted at the trade's
    // index, which is not stored, so it is shown to the cent rather than re-rounded at today's index
    // (which would show $1,150 as $1,140 at $95,000).
    expect(entryPriceText({ kind: "option", underlying: "BTC" }, "deribit", 95_000, 1150)).toBe("1150.00");
    expect(entryPriceText({ kind: "option", underlying: "BTC" }, "deribit", 95_000, 1234.567)).toBe("1234.57");
    expect(entryPriceText({ kind: "perp", underlying: "BTC" }, "dydx", 95_000, 95_432.278)).toBe("95432.28");
    expect(entryPriceText({ kind: "perp", underlying: "SOL" }, null, 150, 151.234)).toBe("151.23");
  });
});
