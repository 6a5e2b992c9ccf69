import { describe, expect, it } from "vitest";
import { SAMPLE_HISTORY, dayOf } from "../history/returns";
import { drawnPath, gapPath, namedCrashPath } from "./paths";
import { pathSpecSchema, replayOptionsSchema } from "./schema";

/** The embedded price of `u` on `iso` (input data, read directly). */
function priceOn(u: "BTC" | "ETH" | "SOL", iso: string): number {
  const s = SAMPLE_HISTORY.series[u]!;
  const i = s.days.indexOf(dayOf(iso));
  if (i < 0) throw new Error(`no ${u} price on ${iso}`);
  return s.usd[i]!;
}

describe("replay paths", () => {
  it("a named crash passes through every daily price of the history exactly (FTX, 2022-11-08 … + 2 days)", () => {
    const p = namedCrashPath(SAMPLE_HISTORY, "ftx-2022", 7, 2);
    if (typeof p === "string") throw new Error(p);
    expect(p.hours.length).toBe(4 * 24 + 1);
    const days = ["2022-11-08", "2022-11-09", "2022-11-10", "2022-11-11", "2022-11-12"];
    for (const u of ["BTC", "ETH", "SOL"] as const) {
      days.forEach((d, k) => expect(p.moves[u]!.spotFactor[24 * k]! / (priceOn(u, d) / priceOn(u, days[0]!))).toBeCloseTo(1, 12));
    }
  });

  it("is seeded and reproducible; the hours between closes differ with the seed", () => {
    const a = namedCrashPath(SAMPLE_HISTORY, "terra-2022", 1);
    const b = namedCrashPath(SAMPLE_HISTORY, "terra-2022", 1);
    const c = namedCrashPath(SAMPLE_HISTORY, "terra-2022", 2);
    if (typeof a === "string" || typeof b === "string" || typeof c === "string") throw new Error("no path");
    expect(a.moves.BTC!.spotFactor).toEqual(b.moves.BTC!.spotFactor);
    expect(a.moves.BTC!.spotFactor[12]).not.toBe(c.moves.BTC!.spotFactor[12]);
    expect(a.moves.BTC!.spotFactor[24]).toBeCloseTo(c.moves.BTC!.spotFactor[24]!, 12);
  });

  it("implied vols rise as the price falls (vol-beta rule: −0.8 × 100 × ln f points for BTC)", () => {
    const p = namedCrashPath(SAMPLE_HISTORY, "celsius-2022", 3);
    if (typeof p === "string") throw new Error(p);
    const m = p.moves.BTC!;
    for (const j of [6, 24, 30]) expect(m.volShiftPts[j]).toBeCloseTo(-0.8 * 100 * Math.log(m.spotFactor[j]!), 9);
    expect(m.volShiftPts[24]).toBeGreaterThan(0); // BTC fell 15.6 % that day
  });

  it("SOL has no history for the COVID crash: it does not move, and the path says so", () => {
    const p = namedCrashPath(SAMPLE_HISTORY, "covid-2020", 1);
    if (typeof p === "string") throw new Error(p);
    expect(p.moves.SOL).toBeUndefined();
    expect(p.notes.join(" ")).toContain("SOL: no price on 2020-03-12");
  });

  it("a stylised gap: −30 % over 6 h, vol +20 pts (hand: hour 3 = √0.7, +10 pts; hour 6 = 0.7)", () => {
    const p = gapPath(-30, 6, 20, 2, "all");
    expect(p.hours).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(p.moves.ETH!.spotFactor[3]).toBeCloseTo(Math.sqrt(0.7), 14);
    expect(p.moves.ETH!.spotFactor[6]).toBe(0.7);
    expect(p.moves.ETH!.spotFactor[8]).toBe(0.7);
    expect(p.moves.ETH!.volShiftPts[3]).toBeCloseTo(10, 14);
    expect(p.moves.ETH!.volShiftPts[8]).toBe(20);
    expect(gapPath(-10, 2, 0, 0, "SOL").moves.BTC).toBeUndefined();
  });

  it("a drawn path joins its points in log price hour by hour (hand: halfway from 1 to 0.81 is 0.9)", () => {
    const p = drawnPath([{ hour: 2, factor: 0.81 }], "BTC");
    expect(p.moves.BTC!.spotFactor[0]).toBe(1);
    expect(p.moves.BTC!.spotFactor[1]).toBeCloseTo(0.9, 14);
    expect(p.moves.BTC!.spotFactor[2]).toBeCloseTo(0.81, 14);
  });

  it("refuses paths to zero or negative prices with a message a trader reads", () => {
    const gap = pathSpecSchema.safeParse({ kind: "gap", movePct: -100, hours: 6, volUpPts: 0, underlying: "all" });
    expect(gap.success).toBe(false);
    expect(gap.error?.issues[0]?.message).toContain("zero or below");
    const neg = pathSpecSchema.safeParse({ kind: "gap", movePct: -150, hours: 6, volUpPts: 0, underlying: "all" });
    expect(neg.success).toBe(false);
    const drawn = pathSpecSchema.safeParse({
      kind: "drawn",
      points: [
        { hour: 0, factor: 1 },
        { hour: 3, factor: 0 },
      ],
      underlying: "BTC",
    });
    expect(drawn.success).toBe(false);
    expect(drawn.error?.issues.map((i) => i.message).join(" ")).toContain("zero or below");
    const unordered = pathSpecSchema.safeParse({
      kind: "drawn",
      points: [
        { hour: 3, factor: 1 },
        { hour: 1, factor: 0.9 },
      ],
      underlying: "BTC",
    });
    expect(unordered.success).toBe(false);
    expect(replayOptionsSchema.safeParse({ path: { kind: "named", crashId: "nope", seed: 1 } }).success).toBe(false);
    expect(replayOptionsSchema.safeParse({ path: { kind: "gap", movePct: -30, hours: 6, volUpPts: 20, underlying: "all" } }).success).toBe(true);
  });
});
