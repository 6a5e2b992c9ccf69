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
  ])("rejects %j with a message", (text, schema, message) => {
    const r = parseNumberInput(text, schema);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
