import { describe, expect, it } from "vitest";
import { subAccountSchema } from "@/lib/workspace/schema";

const nameOf = (name: string) => subAccountSchema.shape.name.safeParse(name);
const messageOf = (name: string) => {
  const r = nameOf(name);
  return r.success ? null : r.error.issues[0]!.message;
};

describe("sub-account names", () => {
  it.each([
    ["only zero-width characters", "\u200B\u200C\u200D\u2060\uFEFF", /visible/],
    ["zero-width characters around spaces", " \u200B \u200B ", /visible|empty/],
    ["a right-to-left override", "Hedge \u202Egnol", /direction/],
    ["a bidi isolate", "Book \u2066x\u2069", /direction/],
    ["a NUL", "Book\u0000", /control/],
    ["another control character", "Book\u0007", /control/],
    ["a lone high surrogate", "Book \uD83D", /broken|incomplete/],
    ["a lone low surrogate", "Book \uDE00", /broken|incomplete/],
  ])("refuses %s, with a message", (_what, name, message) => {
    expect(messageOf(name)).toMatch(message);
  });

  it.each(["Basis trade", "Книга опционов", "期权组合", "ETH 📈 hedges", "Café", "שורט ETH", "عربي"])("accepts %s", (name) => {
    expect(nameOf(name).success).toBe(true);
  });

  it("normalises to NFC (a decomposed é is stored composed) and trims", () => {
    const r = nameOf("  Cafe\u0301  ");
    expect(r.success && r.data).toBe("Caf\u00E9");
  });
});
