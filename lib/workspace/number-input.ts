import type { z } from "zod";

export type ParseResult = { ok: true; value: number } | { ok: false; error: string };

export interface ParseOptions {
  /**
   * How "1,500" (one comma, exactly 3 digits after it, no dot) is read: "refuse" (the default, for
   * sizes: 1500 or 1.5 is a guess a trader must not have made for them) or "thousands" (USD prices
   * and amounts, where "110,000" is how a strike is written).
   */
  ambiguousComma?: "refuse" | "thousands";
}

/**
 * Reads the commas of a typed number. Thousands separators are accepted only as well-formed groups
 * ("1,250.5", "1,000,000"); one comma with no dot and other than 3 digits after it is a decimal comma
 * ("1,5" → 1.5, "0,25" → 0.25); "1,500" is refused as ambiguous unless the field says otherwise, so
 * a size is never read ten or a thousand times too large.
 */
function normaliseCommas(t: string, ambiguous: "refuse" | "thousands"): { ok: true; text: string } | { ok: false; error: string } {
  if (!t.includes(",")) return { ok: true, text: t };
  const unsigned = t.replace(/^[+-]/, "");
  const commas = (unsigned.match(/,/g) ?? []).length;
  if (commas === 1 && !unsigned.includes(".")) {
    const [whole, frac] = unsigned.split(",") as [string, string];
    if (/^\d*$/.test(whole) && /^\d+$/.test(frac) && frac.length !== 3) return { ok: true, text: t.replace(",", ".") };
    if (/^\d{1,3}$/.test(whole) && frac.length === 3 && ambiguous === "refuse") return { ok: false, error: `"${t}" is ambiguous: type ${whole}${frac} or ${Number(`${whole}.${frac}`)}` };
  }
  if (/^\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$/.test(unsigned)) return { ok: true, text: t.replace(/,/g, "") };
  return { ok: false, error: `"${t.slice(0, 20)}" is not a number: use a dot for decimals (1.5), commas only between thousands (1,000,000)` };
}

/**
 * Parses what a trader typed into a number field and checks it against a zod schema.
 * Accepts "1,250.5", "1_000", "-3", "−3" (a typographic minus), "1e3" and a decimal comma ("1,5");
 * rejects empty text, NaN, Infinity, an ambiguous "1,500" and anything else with a message that
 * says what is wrong.
 * @example parseNumberInput("1,000,000", sizeSchema) // { ok: true, value: 1000000 }
 * @example parseNumberInput("1,5", sizeSchema) // { ok: true, value: 1.5 }
 * @example parseNumberInput("110,000", priceSchema, { ambiguousComma: "thousands" }) // { ok: true, value: 110000 }
 */
export function parseNumberInput(text: string, schema: z.ZodType<number>, options: ParseOptions = {}): ParseResult {
  const raw = text
    .trim()
    .replace(/[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/g, "-")
    .replace(/[_\s\u00A0\u202F']/g, "");
  if (raw === "") return { ok: false, error: "Required" };
  const c = normaliseCommas(raw, options.ambiguousComma ?? "refuse");
  if (!c.ok) return c;
  const t = c.text;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return { ok: false, error: `"${text.trim().slice(0, 20)}" is not a number` };
  const n = Number(t);
  if (!Number.isFinite(n)) return { ok: false, error: "Number is out of range" };
  const r = schema.safeParse(n);
  if (!r.success) return { ok: false, error: r.error.issues[0]?.message ?? "Invalid value" };
  return { ok: true, value: r.data };
}
