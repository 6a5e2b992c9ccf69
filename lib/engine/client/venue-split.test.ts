import { describe, expect, it } from "vitest";
import { profileIdForMode, RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { MARGIN_MODES } from "@/lib/workspace/schema";
import { venueRowsByWorker } from "./venue-split";

const ids = RULEBOOK_INFOS.map((p) => p.id);
const kindOf = new Map(RULEBOOK_INFOS.map((p) => [p.id, p.kind]));

describe("the venue table's rows shared between the two workers", () => {
  it.each(ids)("profile %s: every row once; the analysis worker's are the mode comparison's rulebooks; the shared ones portfolio margin first", (profileId) => {
    const { analysis, shared } = venueRowsByWorker({ profileId });
    expect([...analysis, ...shared].sort()).toEqual([...ids].sort());
    expect(analysis.filter((id) => shared.includes(id))).toEqual([]);
    expect(analysis).toEqual(ids.filter((id) => analysis.includes(id)));
    // the analysis worker keeps exactly the rulebooks the mode comparison runs (its own runs give those rows)
    expect(new Set(analysis)).toEqual(new Set(MARGIN_MODES.map((m) => profileIdForMode(m, profileId))));
    // the costliest kind first, catalogue order within a kind
    const kinds = shared.map((id) => kindOf.get(id));
    expect(kinds).toEqual([...kinds].sort((a, b) => (a === b ? 0 : a === "portfolio" ? -1 : 1)));
    for (const kind of ["portfolio", "standard"]) expect(shared.filter((id) => kindOf.get(id) === kind)).toEqual(ids.filter((id) => shared.includes(id) && kindOf.get(id) === kind));
  });

  it("Deribit and Bybit examples, written out", () => {
    // Deribit standard in cross: isolated and cross are its own rulebook, its portfolio column Deribit-style PM (catalogue counterpart)
    expect(venueRowsByWorker({ profileId: "deribit-standard" })).toEqual({
      analysis: ["deribit-standard", "deribit-style-pm"],
      shared: ["derive-pm2", "okx-pm", "bybit-pm", "aevo-standard", "bybit-cross", "hyperliquid", "dydx", "binance-pm", "derive-standard"],
    });
    // Bybit PM: its own row and Bybit cross (its counterpart) stay; Deribit's rows are shared
    const bybit = venueRowsByWorker({ profileId: "bybit-pm" });
    expect(bybit.analysis).toEqual(["bybit-cross", "bybit-pm"]);
    expect(bybit.shared.slice(0, 3)).toEqual(["derive-pm2", "deribit-style-pm", "okx-pm"]);
    expect(bybit.shared).toContain("deribit-standard");
  });
});
