import { expect, it } from "vitest";
import { categoryTickInterval } from "./chart-ticks";

it("categoryTickInterval shows about one label per 90 px, at least two, every label when they fit", () => {
  // 720 px → 8 labels; 365 daily points → every 46th (interval 45: ⌈365 / 8⌉ − 1)
  expect(categoryTickInterval(365, 720)).toBe(45);
  // 100 px → still 2 labels: every 183rd (⌈365 / 2⌉ − 1 = 182)
  expect(categoryTickInterval(365, 100)).toBe(182);
  // 3 points in 1,000 px: all of them
  expect(categoryTickInterval(3, 1_000)).toBe(0);
});
