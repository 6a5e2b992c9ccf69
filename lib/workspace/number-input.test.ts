import { describe, expect, it } from "vitest";
import { parseNumberInput } from "./number-input";
import { LIMITS, priceSchema, sizeSchema } from "./schema";

describe("parseNumberInput", () => {
  it.each([
    ["1,250.5", 1250.5],
    [" -3 ", -3],
    ["1e3", 1000],
    ["1_000", 1000],
    [".5", 0.5],
    ["1,000,000", 1_000_000],
    ["−10", -10], // typographic minus, as pasted from a report
    ["1,5", 1.5], // decimal comma: one comma, no dot, not 3 digits after it
    ["-0,25", -0.25],
  ])("accepts %j", (text, value) => {
    expect(parseNumberInput(text, sizeSchema)).toEqual({ ok: true, value });
  });

  it.each([
    ["", sizeSchema, "Required"],
    ["   ", sizeSchema, "Required"],
    ["NaN", sizeSchema, "is not a number"],
    ["abc", sizeSchema, "is not a number"],
    ["1e400", sizeSchema, "out of range"],
    ["Infinity", sizeSchema, "is not a number"],
    ["0", sizeSchema, "Size cannot be 0"],
    [String(LIMITS.maxAbsSize * 10), sizeSchema, "|Size| must be at most"],
    ["-100", priceSchema, "Price must be greater than 0"],
    ["0", priceSchema, "Price must be greater than 0"],
    ["1e12", priceSchema, "Price must be at most"],
    ["1,500", sizeSchema, "ambiguous"], // 1500 or 1.5: refused, never guessed
    ["1,5,0", sizeSchema, "use a dot for decimals"],
    ["12,34.5", sizeSchema, "use a dot for decimals"],
    ["1.5,0", sizeSchema, "use a dot for decimals"],
  ])("rejects %j with a message", (text, schema, message) => {
    const r = parseNumberInput(text, schema);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});

describe("parseNumberInput, the comma", () => {
  it("reads one comma with 3 digits after it as thousands only where the field says so (USD prices and amounts)", () => {
    expect(parseNumberInput("110,000", priceSchema, { ambiguousComma: "thousands" })).toEqual({ ok: true, value: 110_000 });
    expect(parseNumberInput("1,5", priceSchema, { ambiguousComma: "thousands" })).toEqual({ ok: true, value: 1.5 });
    const size = parseNumberInput("1,500", sizeSchema);
    expect(size.ok).toBe(false);
    if (!size.ok) expect(size.error).toContain('"1,500" is ambiguous: type 1500 or 1.5');
  });
});
