import { describe, it, expect } from "vitest";
import { UNDERLYINGS } from "@/lib/market/types";
import { MARGIN_MODES } from "@/lib/workspace/schema";
import { validatePmParams } from "@/lib/margin/models/pm/engine";
import { tierDeductions, tierMaintenanceRate } from "@/lib/margin/rules/linear";
import { DEFAULT_RULEBOOK_ID, RULEBOOKS, RULEBOOK_INFOS, deriveStandardRulebook, getRulebook, kindForMode, perPositionRulebook, portfolioRulebook, profileIdForMode, profilesForMode, rulebookInfo } from "./catalogue";

describe("catalogue", () => {
  it("ids are unique and resolvable, in a stable order", () => {
    const ids = RULEBOOKS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["deribit-standard", "aevo-standard", "bybit-cross", "hyperliquid", "dydx", "binance-pm", "derive-standard", "derive-pm2", "deribit-style-pm", "okx-pm", "bybit-pm"]);
    for (const r of RULEBOOKS) expect(getRulebook(r.id)).toBe(r);
    expect(getRulebook("nope")).toBeUndefined();
    expect(DEFAULT_RULEBOOK_ID).toBe("deribit-standard");
  });

  it("the narrowed look-ups return a rulebook of their model only", () => {
    for (const r of RULEBOOKS) {
      expect(perPositionRulebook(r.id)).toBe(r.model === "per-position" ? r : undefined);
      expect(portfolioRulebook(r.id)).toBe(r.model === "portfolio" ? r : undefined);
      expect(deriveStandardRulebook(r.id)).toBe(r.model === "derive-standard" ? r : undefined);
    }
    expect(perPositionRulebook("nope")).toBeUndefined();
  });

  it("every rulebook has a venue, a version, an ISO date, sources, notes and modes; as-of dates as checked", () => {
    for (const r of RULEBOOKS) {
      expect(r.venue.length).toBeGreaterThan(0);
      expect(r.version.length).toBeGreaterThan(0);
      expect(r.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.sources.length).toBeGreaterThan(0);
      expect(r.notes.length).toBeGreaterThan(0);
      expect(r.modes.length).toBeGreaterThan(0);
      if (r.model === "per-position") expect(r.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
    for (const id of ["hyperliquid", "dydx"]) expect(getRulebook(id)?.asOf).toBe("2026-11-24");
    for (const id of ["deribit-standard", "aevo-standard", "bybit-cross", "binance-pm", "derive-standard"]) expect(getRulebook(id)?.asOf).toBe("2026-11-28");
  });

  it("every counterpart exists, is of the other kind, and a portfolio rulebook's haircuts come from a per-position one", () => {
    for (const r of RULEBOOKS) {
      const info = rulebookInfo(r.id)!;
      const other = rulebookInfo(r.counterpartId);
      expect(other, r.id).toBeDefined();
      expect(other!.kind).not.toBe(info.kind);
      if (r.model === "portfolio") expect(perPositionRulebook(r.haircutsFrom), r.id).toBeDefined();
    }
  });

  it("every portfolio grid passes the engine's validation", () => {
    for (const r of RULEBOOKS) if (r.model === "portfolio") expect(validatePmParams(r.grid), r.id).toBeNull();
  });

  it("every tiered rule is consistent: bounds ascending, stored deductions = the continuity recursion, IM rate ≥ MM rate", () => {
    for (const r of RULEBOOKS) {
      if (r.model !== "per-position") continue;
      for (const u of UNDERLYINGS) {
        const rule = r.linear[u];
        if (rule.kind !== "tiered") continue;
        const expected = tierDeductions(rule.tiers);
        rule.tiers.forEach((t, i) => {
          if (i > 0) expect(t.upToNotionalUsd).toBeGreaterThan(rule.tiers[i - 1]!.upToNotionalUsd);
          expect(t.deductionUsd).toBe(expected[i]);
          expect(1 / t.maxLeverage).toBeGreaterThanOrEqual(tierMaintenanceRate(t));
        });
      }
    }
  });

  it("a per-position rulebook that lists no options has no short-option rule", () => {
    for (const r of RULEBOOKS) if (r.model === "per-position") expect(r.lists.options, r.id).toBe(r.shortOptions.kind !== "unsupported");
  });
});

describe("rulebook infos", () => {
  it("carry every rulebook's metadata and its kind, in RULEBOOKS order", () => {
    expect(RULEBOOK_INFOS.map((i) => i.id)).toEqual(RULEBOOKS.map((r) => r.id));
    for (const r of RULEBOOKS) {
      const { id, venue, name, version, asOf, sources, notes, modes, counterpartId } = r;
      expect(rulebookInfo(r.id)).toEqual({ id, venue, name, version, asOf, sources, notes, modes, counterpartId, kind: r.model === "portfolio" || r.model === "okx-pm" ? "portfolio" : "standard" });
    }
    expect(rulebookInfo("nope")).toBeUndefined();
  });

  it("profilesForMode: per-position ones serve isolated and cross (Binance's unified account cross only), Derive standard cross only, scenario ones portfolio", () => {
    expect(profilesForMode("isolated").map((p) => p.id)).toEqual(["deribit-standard", "aevo-standard", "bybit-cross", "hyperliquid", "dydx"]);
    expect(profilesForMode("cross").map((p) => p.id)).toEqual(["deribit-standard", "aevo-standard", "bybit-cross", "hyperliquid", "dydx", "binance-pm", "derive-standard"]);
    expect(profilesForMode("portfolio").map((p) => p.id)).toEqual(["derive-pm2", "deribit-style-pm", "okx-pm", "bybit-pm"]);
    for (const m of MARGIN_MODES) for (const p of profilesForMode(m)) expect(p.kind).toBe(kindForMode(m));
  });
});

describe("profileIdForMode", () => {
  // [mode, current id, expected]: the current one when it serves the mode, else its counterpart, else the kind's default
  const cases: [(typeof MARGIN_MODES)[number], string, string][] = [
    ["cross", "deribit-standard", "deribit-standard"],
    ["isolated", "bybit-cross", "bybit-cross"],
    ["portfolio", "deribit-standard", "deribit-style-pm"],
    ["portfolio", "aevo-standard", "deribit-style-pm"],
    ["portfolio", "hyperliquid", "deribit-style-pm"],
    ["portfolio", "derive-standard", "derive-pm2"],
    ["cross", "derive-pm2", "derive-standard"],
    ["isolated", "derive-pm2", "deribit-standard"],
    ["isolated", "derive-standard", "deribit-standard"],
    ["cross", "deribit-style-pm", "deribit-standard"],
    ["portfolio", "derive-pm2", "derive-pm2"],
    ["cross", "nope", "deribit-standard"],
    ["portfolio", "nope", "deribit-style-pm"],
  ];
  it.each(cases)("%s from %s → %s", (mode, current, expected) => {
    expect(profileIdForMode(mode, current)).toBe(expected);
  });
});
