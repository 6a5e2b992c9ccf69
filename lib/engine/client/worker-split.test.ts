import { describe, expect, it } from "vitest";
import { profileIdForMode, RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { MARGIN_MODES } from "@/lib/workspace/schema";
import { modesByWorker, venueRowsByWorker } from "./worker-split";

const ids = RULEBOOK_INFOS.map((p) => p.id);
const kindOf = new Map(RULEBOOK_INFOS.map((p) => [p.id, p.kind]));
/** The venue row a mode column's run gives, written from the row's convention: standard profiles in cross mode, portfolio profiles in portfolio mode. */
const rowOf = (mode: (typeof MARGIN_MODES)[number], profileId: string) => {
  if (mode === "isolated") return [];
  const id = profileIdForMode(mode, profileId);
  return (kindOf.get(id) === "portfolio") === (mode === "portfolio") ? [id] : [];
};

describe("the mode comparison's columns by worker", () => {
  it.each(MARGIN_MODES)("own mode %s: its column on the headline worker, the two others on the analysis pool in mode order", (mode) => {
    const split = modesByWorker({ mode });
    expect(split.headline).toEqual([mode]);
    expect(split.analysis).toEqual(MARGIN_MODES.filter((m) => m !== mode));
  });
});

describe("the venue table's rows by worker", () => {
  const cases = ids.flatMap((profileId) => MARGIN_MODES.filter((m) => RULEBOOK_INFOS.find((p) => p.id === profileId)!.modes.includes(m)).map((mode) => [mode, profileId] as const));

  it.each(cases)("%s under %s: every row once; each worker's own rows are its columns' rows; the shared ones portfolio margin first", (mode, profileId) => {
    const { headline, analysis, shared } = venueRowsByWorker({ mode, profileId });
    expect([...headline, ...analysis, ...shared].sort()).toEqual([...ids].sort());
    expect(new Set([...headline, ...analysis, ...shared]).size).toBe(ids.length);
    expect(headline).toEqual(rowOf(mode, profileId));
    const others = MARGIN_MODES.filter((m) => m !== mode).flatMap((m) => rowOf(m, profileId));
    expect(new Set(analysis)).toEqual(new Set(others.filter((id) => !headline.includes(id))));
    expect(analysis).toEqual(ids.filter((id) => analysis.includes(id)));
    // the costliest kind first, catalogue order within a kind
    const kinds = shared.map((id) => kindOf.get(id));
    expect(kinds).toEqual([...kinds].sort((a, b) => (a === b ? 0 : a === "portfolio" ? -1 : 1)));
    for (const kind of ["portfolio", "standard"]) expect(shared.filter((id) => kindOf.get(id) === kind)).toEqual(ids.filter((id) => shared.includes(id) && kindOf.get(id) === kind));
  });

  it("Deribit and Bybit examples, written out", () => {
    const deribitShared = ["derive-pm2", "okx-pm", "bybit-pm", "aevo-standard", "bybit-cross", "hyperliquid", "dydx", "binance-pm", "derive-standard"];
    // Deribit standard in cross: the cross column (the headline worker's) gives its own row, the portfolio column Deribit-style PM's (catalogue counterpart)
    expect(venueRowsByWorker({ mode: "cross", profileId: "deribit-standard" })).toEqual({ headline: ["deribit-standard"], analysis: ["deribit-style-pm"], shared: deribitShared });
    // in portfolio mode the other way round
    expect(venueRowsByWorker({ mode: "portfolio", profileId: "deribit-style-pm" })).toEqual({ headline: ["deribit-style-pm"], analysis: ["deribit-standard"], shared: deribitShared });
    // isolated: its column gives no row; the analysis pool's cross and portfolio columns give both
    expect(venueRowsByWorker({ mode: "isolated", profileId: "deribit-standard" })).toEqual({ headline: [], analysis: ["deribit-standard", "deribit-style-pm"], shared: deribitShared });
    // Bybit PM: its own row on the headline worker, Bybit cross (its counterpart) on the analysis pool; Deribit's rows are shared
    const bybit = venueRowsByWorker({ mode: "portfolio", profileId: "bybit-pm" });
    expect(bybit.headline).toEqual(["bybit-pm"]);
    expect(bybit.analysis).toEqual(["bybit-cross"]);
    expect(bybit.shared.slice(0, 3)).toEqual(["derive-pm2", "deribit-style-pm", "okx-pm"]);
    expect(bybit.shared).toContain("deribit-standard");
  });
});
