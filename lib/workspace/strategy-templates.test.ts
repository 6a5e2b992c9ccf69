import { describe, expect, it } from "vitest";
import { buildTemplate, otmStrike, TEMPLATE_IDS, type TemplateChain } from "./strategy-templates";

/**
 * A hand-made chain: forward 100, strikes 80…120 every 5, call delta falling linearly from 0.9 at
 * 80 to 0.1 at 120 (0.5 at 100), put delta = call delta − 1. Numbers chosen by hand so every
 * expected strike below can be checked by reading the table.
 */
function chain(): TemplateChain {
  const strikes = [80, 85, 90, 95, 100, 105, 110, 115, 120];
  const rows = strikes.map((k) => {
    const c = 0.9 - ((k - 80) / 40) * 0.8;
    return { strike: k, call: { delta: c }, put: { delta: c - 1 } };
  });
  return {
    underlying: "ETH",
    spot: 100,
    perp: { mark: 100.02, delta: 1.0002 },
    expiries: [
      { id: "2026-11-27", days: 7, forward: 100, atmStrike: 100, rows },
      { id: "2026-12-25", days: 35, forward: 100.5, atmStrike: 100, rows },
    ],
  };
}

describe("strike choice", () => {
  it("by delta: the strike whose |delta| is nearest the target", () => {
    const e = chain().expiries[0]!;
    // call deltas: 100 → 0.5, 105 → 0.4, 110 → 0.3, 115 → 0.2; nearest 0.25: 110 (0.30) vs 115 (0.20) tie → first found, 110
    expect(otmStrike(e, "call", "delta", 0.3, 5)).toBe(110);
    expect(otmStrike(e, "call", "delta", 0.1, 5)).toBe(120);
    // put deltas: 90 → −0.3, 85 → −0.2, 80 → −0.1
    expect(otmStrike(e, "put", "delta", 0.2, 5)).toBe(85);
  });
  it("by distance: the strike nearest forward·(1 ± d%)", () => {
    const e = chain().expiries[0]!;
    expect(otmStrike(e, "call", "distance", 0.25, 10)).toBe(110);
    expect(otmStrike(e, "put", "distance", 0.25, 15)).toBe(85);
  });
});

describe("templates", () => {
  const base = { size: 2, expiryIndex: 0, strikeBy: "delta" as const, delta: 0.3, wingDelta: 0.1 };
  const legs = (id: Parameters<typeof buildTemplate>[0], extra = {}) =>
    buildTemplate(id, chain(), { ...base, ...extra }).map((l) =>
      l.kind === "option" ? `${l.size > 0 ? "+" : ""}${l.size} ${l.strike}${l.optionType[0]} ${l.expiry.slice(5)}` : `${l.size > 0 ? "+" : ""}${l.size.toFixed(4)} perp`,
    );

  it("builds each template's legs", () => {
    expect(legs("bull-call-spread")).toEqual(["+2 100c 11-27", "-2 110c 11-27"]);
    expect(legs("bear-put-spread")).toEqual(["+2 100p 11-27", "-2 90p 11-27"]);
    expect(legs("straddle")).toEqual(["+2 100c 11-27", "+2 100p 11-27"]);
    expect(legs("strangle")).toEqual(["+2 110c 11-27", "+2 90p 11-27"]);
    expect(legs("strangle", { size: -1 })).toEqual(["-1 110c 11-27", "-1 90p 11-27"]);
    expect(legs("calendar")).toEqual(["-2 100c 11-27", "+2 100c 12-25"]);
    expect(legs("butterfly")).toEqual(["+2 90c 11-27", "-4 100c 11-27", "+2 110c 11-27"]);
    expect(legs("iron-condor")).toEqual(["+2 80p 11-27", "-2 90p 11-27", "-2 110c 11-27", "+2 120c 11-27"]);
    expect(legs("risk-reversal")).toEqual(["+2 110c 11-27", "-2 90p 11-27"]);
    expect(legs("covered-call")).toEqual(["+2.0000 perp", "-2 110c 11-27"]);
    expect(legs("collar")).toEqual(["+2.0000 perp", "+2 90p 11-27", "-2 110c 11-27"]);
  });

  it("delta hedge: perp size = −account delta / the perp's delta per coin", () => {
    // hand-computed: −3.0006 / 1.0002 = −3
    expect(legs("delta-hedge", { accountDelta: 3.0006 })).toEqual(["-3.0000 perp"]);
    expect(() => buildTemplate("delta-hedge", chain(), base)).toThrow("no account delta");
  });

  it("says why a template does not fit the chain", () => {
    expect(() => buildTemplate("calendar", chain(), { ...base, expiryIndex: 1 })).toThrow("later expiry");
    expect(() => buildTemplate("straddle", chain(), { ...base, expiryIndex: 5 })).toThrow("no expiry #6");
  });

  it("every template builds on the hand-made chain", () => {
    for (const id of TEMPLATE_IDS) expect(buildTemplate(id, chain(), { ...base, accountDelta: 1 }).length).toBeGreaterThan(0);
  });
});
