import type { z } from "zod";

export type ParseResult = { ok: true; value: number } | { ok: false; error: string };

/**
 * Parses what a trader typed into a number field and checks it against a zod schema.
 * Accepts "1,250.5", "1_000", "-3", "1e3"; rejects empty text, NaN, Infinity and anything else
 * with a message that says what is wrong.
 * @example parseNumberInput("1,000", priceSchema) // { ok: true, value: 1000 }
 */
export function parseNumberInput(text: string, schema: z.ZodType<number>): ParseResult {
  const t = text.trim().replace(/[,_\s]/g, "");
  if (t === "") return { ok: false, error: "Required" };
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return { ok: false, error: `"${text.trim().slice(0, 20)}" is not a number` };
  const n = Number(t);
  if (!Number.isFinite(n)) return { ok: false, error: "Number is out of range" };
  const r = schema.safeParse(n);
  if (!r.success) return { ok: false, error: r.error.issues[0]?.message ?? "Invalid value" };
  return { ok: true, value: r.data };
}
