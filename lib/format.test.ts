import { describe, expect, it } from "vitest";
import { formatNumber, formatPct, formatSignificant, formatUsd } from "./format";

describe("numbers as traders write them", () => {
  it.each([
    [-0.3, 0, "$0"], // rounds to zero: no "-$0"
    [-0.004, 2, "$0.00"],
    [-0, 2, "$0.00"],
    [-1234.5, 0, "-$1,235"], // Intl rounds half away from zero
    [1234.567, 2, "$1,234.57"],
  ] as const)("formatUsd(%d, %d) = %s", (x, d, text) => {
    expect(formatUsd(x, d)).toBe(text);
  });

  it("never writes a negative zero in numbers and percentages", () => {
    expect(formatNumber(-0.00001, 2)).toBe("0");
    expect(formatPct(-0.001, 1)).toBe("+0.0%");
    expect(formatPct(-1.25, 1)).toBe("-1.3%");
  });
});

describe("small figures without scientific notation", () => {
  it.each([
    [0.000012345, "0.0000123"],
    [-0.00012, "-0.00012"],
    [0, "0"],
    [12.3456, "12.3"],
  ] as const)("formatSignificant(%d) = %s", (x, text) => {
    expect(formatSignificant(x)).toBe(text);
  });
});
