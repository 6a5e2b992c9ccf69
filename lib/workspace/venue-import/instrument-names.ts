/**
 * Instrument names of Deribit, OKX and Bybit, read into one venue-neutral description.
 *
 * Formats (each from the venue's documentation; the tests use the documented examples):
 *
 * | venue  | perpetual                                   | dated future                         | option                                              |
 * |--------|---------------------------------------------|--------------------------------------|-----------------------------------------------------|
 * | Deribit| `BTC-PERPETUAL`, linear `BTC_USDC-PERPETUAL` | `BTC-25MAR16` (`BTC-DMMMYY`)         | `BTC-25MAR16-420-C` (`BTC-DMMMYY-STRIKE-K`); linear `SOL_USDC-…`, decimal strikes `2d5` |
 * | OKX    | `BTC-USDT-SWAP`, inverse `BTC-USD-SWAP`     | `BTC-USDT-250328`, `BTC-USD-250328`  | `BTC-USD-250328-100000-C` (`BASE-USD-YYMMDD-STRIKE-C/P`) |
 * | Bybit  | `BTCUSDT`, USDC `BTCPERP`, inverse `BTCUSD` | `BTC-27DEC26` (USDC), `BTCUSDT-27DEC26` | `BTC-30DEC22-18000-C` (USDC), `BTC-27DEC26-100000-C-USDT` (USDT) |
 *
 * Sources: Deribit API v2 "Naming" (https://docs.deribit.com/, mirrored at
 * https://npmjs.com/package/@andreiashu/deribit_api — `BTC-25MAR16`, `BTC-5AUG16`, `BTC-PERPETUAL`,
 * `BTC-25MAR16-420-C`, `BTC-5AUG16-580-P`); OKX API v5 instrument ids
 * (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments, summarised at
 * https://pkg.go.dev/github.com/QuantProcessing/exchanges/sdk/okx — `BTC-USDT-SWAP`, `BTC-USD-SWAP`,
 * `BTC-USDT-250328`, `BTC-USD-250328-100000-C`); Bybit v5 symbols
 * (https://bybit-exchange.github.io/docs/v5/market/instrument — `BTCUSDT`, `BTCPERP`,
 * `BTC-30DEC22-18000-C`; USDT-settled options carry a `-USDT` suffix, e.g.
 * `BTC-27DEC26-100000-C-USDT`).
 *
 * @packageDocumentation
 */

export const VENUES = ["deribit", "okx", "bybit"] as const;
export type Venue = (typeof VENUES)[number];

/** How a contract is margined and settled. MarginLab margins linear (USD-settled) contracts. */
export type Settlement = "linear" | "inverse";

/** What an instrument name says, before it is matched to a market snapshot. */
export type ParsedInstrument =
  | { kind: "perp"; base: string; settlement: Settlement }
  | { kind: "future"; base: string; expiry: string; settlement: Settlement }
  | { kind: "option"; base: string; expiry: string; strike: number; optionType: "call" | "put"; settlement: Settlement };

export type NameResult = { ok: true; instrument: ParsedInstrument } | { ok: false; reason: string };

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;

const pad2 = (n: number) => String(n).padStart(2, "0");

/** A real calendar date as YYYY-MM-DD, or null (e.g. 31FEB). */
function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** `DMMMYY` (Deribit, Bybit): "25MAR16" → "2016-03-25", "5AUG16" → "2016-08-05". */
export function parseDmmmyy(s: string): string | null {
  const m = /^(\d{1,2})([A-Z]{3})(\d{2})$/.exec(s);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2] as (typeof MONTHS)[number]) + 1;
  if (month === 0) return null;
  return isoDate(2000 + Number(m[3]), month, Number(m[1]));
}

/** `YYMMDD` (OKX): "250328" → "2025-03-28". */
export function parseYymmdd(s: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  return isoDate(2000 + Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A strike: digits, a dot decimal, or Deribit's `d` decimal ("2d5" = 2.5). */
function parseStrike(s: string): number | null {
  if (!/^\d+((\.|d|D)\d+)?$/.test(s)) return null;
  const v = Number(s.replace(/[dD]/, "."));
  return v > 0 && Number.isFinite(v) ? v : null;
}

const BASE = /^[A-Z0-9]{2,10}$/;
const optionType = (k: string) => (k === "C" ? "call" : k === "P" ? "put" : null);
const bad = (reason: string): NameResult => ({ ok: false, reason });

function normalise(name: string): string {
  return name.trim().toUpperCase();
}

/**
 * Reads a Deribit instrument name.
 *
 * @example
 * ```ts
 * parseDeribitName("BTC-25MAR16-420-C"); // { ok: true, instrument: { kind: "option", base: "BTC", expiry: "2016-03-25", strike: 420, optionType: "call", settlement: "inverse" } }
 * ```
 */
export function parseDeribitName(raw: string): NameResult {
  const name = normalise(raw);
  const parts = name.split("-");
  const [cur, second, strike, kind] = parts;
  if (!cur) return bad(`"${raw}" is not a Deribit instrument name`);
  // Linear (USDC-settled) instruments name the base and the settlement currency: BTC_USDC.
  const linear = /^[A-Z0-9]+_USDC$/.test(cur);
  const base = linear ? cur.slice(0, -5) : cur;
  if (!BASE.test(base)) return bad(`"${raw}": "${cur}" is not a Deribit currency`);
  const settlement: Settlement = linear ? "linear" : "inverse";
  if (parts.length === 2 && second === "PERPETUAL") return { ok: true, instrument: { kind: "perp", base, settlement } };
  const expiry = second ? parseDmmmyy(second) : null;
  if (!expiry) return bad(`"${raw}" is not a Deribit name: expected BTC-PERPETUAL, BTC-DMMMYY or BTC-DMMMYY-STRIKE-C/P`);
  if (parts.length === 2) return { ok: true, instrument: { kind: "future", base, expiry, settlement } };
  if (parts.length !== 4) return bad(`"${raw}" is not a Deribit name: an option is BTC-DMMMYY-STRIKE-C/P`);
  const k = parseStrike(strike ?? "");
  const t = optionType(kind ?? "");
  if (k === null) return bad(`"${raw}": strike "${strike}" is not a number`);
  if (t === null) return bad(`"${raw}": option kind must be C or P, not "${kind}"`);
  return { ok: true, instrument: { kind: "option", base, expiry, strike: k, optionType: t, settlement } };
}

/**
 * Reads an OKX instrument id (SWAP, FUTURES or OPTION).
 *
 * @example
 * ```ts
 * parseOkxName("BTC-USD-250328-100000-C"); // option, expiry "2025-03-28", strike 100000, call (coin-margined: inverse)
 * parseOkxName("BTC-USDT-SWAP");           // perp, linear
 * ```
 */
export function parseOkxName(raw: string): NameResult {
  const name = normalise(raw);
  const parts = name.split("-");
  const [base, quote, third, strike, kind] = parts;
  if (!base || !quote || !third || !BASE.test(base)) return bad(`"${raw}" is not an OKX instrument id: expected BASE-QUOTE-SWAP, BASE-QUOTE-YYMMDD or BASE-USD-YYMMDD-STRIKE-C/P`);
  // USD = coin-margined (inverse); USDT / USDC = linear.
  if (quote !== "USD" && quote !== "USDT" && quote !== "USDC") return bad(`"${raw}": quote currency "${quote}" is not USD, USDT or USDC`);
  const settlement: Settlement = quote === "USD" ? "inverse" : "linear";
  if (parts.length === 3 && third === "SWAP") return { ok: true, instrument: { kind: "perp", base, settlement } };
  const expiry = parseYymmdd(third);
  if (!expiry) return bad(`"${raw}": "${third}" is neither SWAP nor a YYMMDD expiry`);
  if (parts.length === 3) return { ok: true, instrument: { kind: "future", base, expiry, settlement } };
  if (parts.length !== 5) return bad(`"${raw}" is not an OKX option id: expected BASE-USD-YYMMDD-STRIKE-C/P`);
  const k = parseStrike(strike ?? "");
  const t = optionType(kind ?? "");
  if (k === null) return bad(`"${raw}": strike "${strike}" is not a number`);
  if (t === null) return bad(`"${raw}": option type must be C or P, not "${kind}"`);
  return { ok: true, instrument: { kind: "option", base, expiry, strike: k, optionType: t, settlement } };
}

/**
 * Reads a Bybit v5 symbol (linear, inverse or option category).
 *
 * @example
 * ```ts
 * parseBybitName("BTC-27DEC26-100000-C-USDT"); // option, expiry "2026-12-27", strike 100000, call, linear
 * parseBybitName("BTCUSDT");                   // perp, linear
 * ```
 */
export function parseBybitName(raw: string): NameResult {
  const name = normalise(raw);
  const parts = name.split("-");
  if (parts.length === 1) {
    // Perpetuals: BTCUSDT (USDT), BTCPERP (USDC), BTCUSD (inverse).
    const m = /^([A-Z0-9]{2,10}?)(USDT|PERP|USD)$/.exec(name);
    if (!m) return bad(`"${raw}" is not a Bybit perpetual symbol: expected e.g. BTCUSDT, BTCPERP or BTCUSD`);
    return { ok: true, instrument: { kind: "perp", base: m[1]!, settlement: m[2] === "USD" ? "inverse" : "linear" } };
  }
  const [head, date, strike, kind, settle] = parts;
  const expiry = date ? parseDmmmyy(date) : null;
  if (!head || !expiry) return bad(`"${raw}" is not a Bybit symbol: expected BTCUSDT, BTC-DMMMYY, BTCUSDT-DMMMYY or BTC-DMMMYY-STRIKE-C/P[-USDT]`);
  if (parts.length === 2) {
    // Dated futures: BTC-27DEC26 (USDC), BTCUSDT-27DEC26 (USDT), BTCUSD… (inverse, e.g. BTCUSDH26 — not this form).
    const m = /^([A-Z0-9]{2,10}?)(USDT)?$/.exec(head);
    if (!m) return bad(`"${raw}": "${head}" is not a Bybit base coin`);
    return { ok: true, instrument: { kind: "future", base: m[1]!, expiry, settlement: "linear" } };
  }
  if (parts.length !== 4 && parts.length !== 5) return bad(`"${raw}" is not a Bybit option symbol: expected BTC-DMMMYY-STRIKE-C/P or …-USDT`);
  if (!BASE.test(head)) return bad(`"${raw}": "${head}" is not a Bybit base coin`);
  if (settle !== undefined && settle !== "USDT" && settle !== "USDC") return bad(`"${raw}": settlement suffix must be USDT or USDC, not "${settle}"`);
  const k = parseStrike(strike ?? "");
  const t = optionType(kind ?? "");
  if (k === null) return bad(`"${raw}": strike "${strike}" is not a number`);
  if (t === null) return bad(`"${raw}": option type must be C or P, not "${kind}"`);
  return { ok: true, instrument: { kind: "option", base: head, expiry, strike: k, optionType: t, settlement: "linear" } };
}

export const NAME_PARSERS: Record<Venue, (raw: string) => NameResult> = { deribit: parseDeribitName, okx: parseOkxName, bybit: parseBybitName };

/**
 * Reads a name of any of the three venues (for a pasted list): the first venue whose format it
 * fits, tried in the order Deribit, OKX, Bybit. `BTC-27DEC26-100000-C` is both Deribit's and
 * Bybit's USDC form; the two describe the same option, so the order does not change the result
 * apart from the settlement flag.
 *
 * @example
 * ```ts
 * parseAnyName("BTC-USD-261227-100000-C"); // { ok: true, venue: "okx", instrument: { kind: "option", … } }
 * ```
 */
export function parseAnyName(raw: string): { ok: true; venue: Venue; instrument: ParsedInstrument } | { ok: false; reason: string } {
  for (const venue of VENUES) {
    const r = NAME_PARSERS[venue](raw);
    if (r.ok) return { ok: true, venue, instrument: r.instrument };
  }
  return { ok: false, reason: `"${raw.trim().slice(0, 60)}" is not a Deribit, OKX or Bybit instrument name` };
}
