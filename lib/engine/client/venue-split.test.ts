import { describe, expect, it } from "vitest";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { venueRowsByWorker } from "./venue-split";

const ids = RULEBOOK_INFOS.map((p) => p.id);
const kindOf = new Map(RULEBOOK_INFOS.map((p) => [p.id, p.kind]));

describe("the venue table's rows split between the two workers", () => {
  it.each(ids)("profile %s: every row once, in catalogue order, on one worker or the other", (profileId) => {
    const { analysis, headline } = venueRowsByWorker({ profileId });
    expect([...analysis, ...headline].sort()).toEqual([...ids].sort());
    expect(analysis.filter((id) => headline.includes(id))).toEqual([]);
    expect(analysis).toEqual(ids.filter((id) => analysis.includes(id)));
    expect(headline).toEqual(ids.filter((id) => headline.includes(id)));
    // the headline worker takes portfolio-margin rows only
    for (const id of headline) expect(kindOf.get(id)).toBe("portfolio");
  });

  it("the mode comparison's rulebooks stay on the analysis worker, which reads those rows from its runs", () => {
    // Deribit standard in cross: its portfolio column is Deribit-style PM (catalogue counterpart)
    expect(venueRowsByWorker({ profileId: "deribit-standard" })).toEqual({
      analysis: ids.filter((id) => !["derive-pm2", "okx-pm", "bybit-pm"].includes(id)),
      headline: ["derive-pm2", "okx-pm", "bybit-pm"],
    });
    // Bybit PM: its own row and Bybit cross (its counterpart) stay; Deribit-style PM goes to the headline worker
    const bybit = venueRowsByWorker({ profileId: "bybit-pm" });
    expect(bybit.analysis).toContain("bybit-pm");
    expect(bybit.analysis).toContain("bybit-cross");
    expect(bybit.headline).toEqual(["derive-pm2", "deribit-style-pm", "okx-pm"]);
  });
});
