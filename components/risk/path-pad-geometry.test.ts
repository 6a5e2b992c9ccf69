import { describe, expect, it } from "vitest";
import { PAD_FACTOR_RANGE, padHours, pointAt, withPoint } from "./path-pad-geometry";

describe("drawing a replay path on the pad", () => {
  it("maps a click to an hour and a spot factor (hand-computed)", () => {
    // x half-way across 48 h → 24 h; y half-way down between 1.6 and 0.3 → 1.6 − 0.65 = 0.95.
    expect(pointAt(0.5, 0.5, 48)).toEqual({ hour: 24, factor: 0.95 });
    // top-left corner: hour 0 at the top of the axis (1.6); bottom-right: the last hour at 0.3.
    expect(pointAt(0, 0, 48)).toEqual({ hour: 0, factor: PAD_FACTOR_RANGE.max });
    expect(pointAt(1, 1, 48)).toEqual({ hour: 48, factor: PAD_FACTOR_RANGE.min });
    // outside the plot area: clamped to its edges.
    expect(pointAt(-0.2, 1.3, 24)).toEqual({ hour: 0, factor: 0.3 });
    // 0.3 of 36 h = 10.8 → 11 h; 1.6 − 0.25 × 1.3 = 1.275 → 1.28 (two decimals).
    expect(pointAt(0.3, 0.25, 36)).toEqual({ hour: 11, factor: 1.28 });
  });

  it("keeps the points in hour order, replaces a point at the same hour, keeps untyped rows last", () => {
    const pts = [
      { hour: "0", factor: "1" },
      { hour: "12", factor: "0.8" },
      { hour: "", factor: "0.9" },
    ];
    expect(withPoint(pts, { hour: 6, factor: 0.7 })).toEqual([
      { hour: "0", factor: "1" },
      { hour: "6", factor: "0.70" },
      { hour: "12", factor: "0.8" },
      { hour: "", factor: "0.9" },
    ]);
    expect(withPoint(pts, { hour: 12, factor: 1.1 })).toEqual([
      { hour: "0", factor: "1" },
      { hour: "12", factor: "1.10" },
      { hour: "", factor: "0.9" },
    ]);
  });

  it("spans at least a day, else the last hour + 25 % rounded up to 12 h", () => {
    expect(padHours([{ hour: "4", factor: "1" }])).toBe(24);
    // 100 h × 1.25 = 125 → 132 (the next multiple of 12).
    expect(
      padHours([
        { hour: "0", factor: "1" },
        { hour: "100", factor: "0.8" },
      ]),
    ).toBe(132);
  });
});
