import Papa from "papaparse";
import type { MarketSnapshot } from "@/lib/market/types";
import { LIMITS, type NewPosition } from "../schema";
import { parseNumberInput } from "../number-input";
import { sizeSchema } from "../schema";
import { z } from "zod";
import { NAME_PARSERS, parseAnyName, type ParsedInstrument, type Venue } from "./instrument-names";
import { instrumentKey, matchInstrument, type SnapshotInstrument } from "./match";
import { checkSize, instrumentSpec, SPEC_VENUE_NAMES, type SpecVenue } from "@/lib/market/instrument-specs";

/**
 * Positions exported by Deribit, OKX and Bybit, and pasted lists of instrument names, read into
 * MarginLab positions — row by row: every row is either an importable position or refused with its
 * line and reason; nothing is dropped silently.
 *
 * | format        | shape                                                                                                   | size unit                        |
 * |---------------|---------------------------------------------------------------------------------------------------------|----------------------------------|
 * | Deribit JSON  | `private/get_positions`: `{ "result": [{ instrument_name, kind, direction, size, size_currency, average_price, average_price_usd, index_price, mark_price }] }` | options: coins; inverse futures/perps: USD (`size_currency` = coins) |
 * | OKX JSON      | `GET /api/v5/account/positions`: `{ "code": "0", "data": [{ instId, instType, pos, posSide, avgPx, markPx, idxPx }] }` | contracts (× contract value, below) |
 * | Bybit JSON    | `GET /v5/position/list`: `{ "retCode": 0, "result": { "list": [{ symbol, side, size, avgPrice, markPrice }] } }` | coins |
 * | CSV (any)     | a header row with the same field names as the venue's API (`instrument_name`/`instId`/`symbol`, `size`/`pos`, `direction`/`posSide`/`side`, `average_price`/`avgPx`/`avgPrice`, …) | as the API |
 * | list          | one `NAME SIZE [ENTRY_PRICE]` per line (space, tab, comma or semicolon), any venue's name            | signed coins, price in USD        |
 *
 * Sources: https://docs.deribit.com/api-reference/account-management/private-get_positions ;
 * https://www.okx.com/docs-v5/en/#trading-account-rest-api-get-positions ;
 * https://bybit-exchange.github.io/docs/v5/position (field lists as in the venues' documented
 * responses; the example files in e2e/fixtures/ follow them).
 *
 * @packageDocumentation
 */

export type ImportFormat = "deribit-json" | "okx-json" | "bybit-json" | "deribit-csv" | "okx-csv" | "bybit-csv" | "list";

/** A row that can become a position. `entryPrice: null` = the file gave none (or none in USD): the engine's mark is used. */
export interface ImportRow {
  line: number;
  name: string;
  instrument: SnapshotInstrument;
  /** signed coins */
  size: number;
  entryPrice: number | null;
  /** how the row was read (contract conversions, inverse contracts), shown beside it */
  notes: string[];
}

export interface ImportRowError {
  line: number;
  name: string | null;
  reason: string;
}

export type VenueImport = { ok: true; format: ImportFormat; rows: ImportRow[]; errors: ImportRowError[] } | { ok: false; error: string };

export const MAX_IMPORT_BYTES = 5_000_000;

/**
 * Coins per OKX contract (ctVal × ctMult of OKX's instruments list): options 0.01 BTC / 0.1 ETH;
 * USDT- and USDC-margined swaps and futures 0.01 BTC / 0.1 ETH / 1 SOL; coin-margined (USD) swaps
 * and futures have a USD face value (100 USD BTC, 10 USD others), turned into coins at the entry price.
 * Source: https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments (ctVal, ctMult, ctValCcy)
 * and OKX's contract specifications; MarginLab assumption where a venue changes them.
 */
export const OKX_CONTRACTS = {
  option: { BTC: 0.01, ETH: 0.1 } as Record<string, number>,
  linear: { BTC: 0.01, ETH: 0.1, SOL: 1 } as Record<string, number>,
  inverseUsd: { BTC: 100, ETH: 10, SOL: 10 } as Record<string, number>,
};

/** One row as the venue wrote it, before units are converted. */
interface RawRow {
  line: number;
  name: string;
  size: unknown;
  /** +1 / −1 from a side field, or null when the size carries the sign */
  side: 1 | -1 | null;
  sideError?: string;
  price?: unknown;
  priceUsd?: unknown;
  indexPrice?: unknown;
  markPrice?: unknown;
  sizeCurrency?: unknown;
}

const num = (v: unknown): number | null => {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
};
const positive = (v: unknown): number | null => {
  const n = num(v);
  return n !== null && n > 0 ? n : null;
};

function sideOf(v: unknown): { side: 1 | -1 | null; error?: string } {
  if (v === undefined || v === null || v === "") return { side: null };
  const s = String(v).trim().toLowerCase();
  if (s === "buy" || s === "long") return { side: 1 };
  if (s === "sell" || s === "short") return { side: -1 };
  if (s === "net" || s === "zero") return { side: null };
  return { side: null, error: `side "${String(v).slice(0, 20)}" is not buy/sell or long/short` };
}

/** Line (1-based) of each position object in a JSON text: found by its instrument string, in order. */
function jsonLines(text: string, names: string[]): number[] {
  let from = 0;
  return names.map((n) => {
    const at = text.indexOf(JSON.stringify(n), from);
    if (at < 0) return 0;
    from = at + 1;
    return text.slice(0, at).split("\n").length;
  });
}

type Detected = { format: ImportFormat; venue: Venue | null; rows: RawRow[] } | { error: string };

function fromJson(text: string, data: unknown): Detected {
  const obj = (data ?? {}) as Record<string, unknown>;
  let venue: Venue;
  let list: unknown;
  if (Array.isArray(obj.result) || (obj.jsonrpc !== undefined && obj.result !== undefined)) [venue, list] = ["deribit", obj.result];
  else if (obj.code !== undefined && Array.isArray(obj.data)) [venue, list] = ["okx", obj.data];
  else if (obj.retCode !== undefined && typeof obj.result === "object" && obj.result !== null) [venue, list] = ["bybit", (obj.result as Record<string, unknown>).list];
  else return { error: "not a Deribit (private/get_positions: result[]), OKX (account/positions: code, data[]) or Bybit (position/list: retCode, result.list[]) response" };
  if (!Array.isArray(list)) return { error: `the ${venue} response has no list of positions` };
  const items = list.map((x) => (typeof x === "object" && x !== null ? (x as Record<string, unknown>) : {}));
  const nameField = { deribit: "instrument_name", okx: "instId", bybit: "symbol" }[venue];
  const names = items.map((it) => String(it[nameField] ?? ""));
  const lines = jsonLines(text, names);
  const rows = items.map((it, i): RawRow => {
    const s = sideOf(venue === "deribit" ? it.direction : venue === "okx" ? it.posSide : it.side);
    return {
      line: lines[i] || i + 1,
      name: names[i]!,
      size: venue === "okx" ? it.pos : it.size,
      side: s.side,
      sideError: s.error,
      price: venue === "deribit" ? it.average_price : venue === "okx" ? it.avgPx : it.avgPrice,
      priceUsd: venue === "deribit" ? it.average_price_usd : undefined,
      indexPrice: venue === "deribit" ? it.index_price : venue === "okx" ? (it.usdPx ?? it.idxPx) : undefined,
      markPrice: venue === "deribit" ? it.mark_price : venue === "okx" ? it.markPx : it.markPrice,
      sizeCurrency: venue === "deribit" ? it.size_currency : undefined,
    };
  });
  return { format: `${venue}-json`, venue, rows };
}

const CSV_NAMES = { deribit: ["instrument_name"], okx: ["instid"], bybit: ["symbol"] } as const;

function fromCsv(text: string): Detected {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const numbered = parsed.data.map((cells, i) => ({ cells, line: i + 1 })).filter((r) => r.cells.some((c) => c.trim() !== ""));
  const header = numbered[0]?.cells.map((h) => h.trim().toLowerCase()) ?? [];
  const venue = (Object.keys(CSV_NAMES) as Venue[]).find((v) => CSV_NAMES[v].some((n) => header.includes(n)));
  if (!venue) return { error: "the CSV header names no instrument column: instrument_name (Deribit), instId (OKX) or symbol (Bybit)" };
  const col = (...names: string[]) => names.map((n) => header.indexOf(n.toLowerCase())).find((i) => i >= 0) ?? -1;
  const c = {
    name: col(...CSV_NAMES[venue]),
    size: venue === "okx" ? col("pos") : col("size"),
    side: col(venue === "deribit" ? "direction" : venue === "okx" ? "posSide" : "side"),
    price: col(venue === "deribit" ? "average_price" : venue === "okx" ? "avgPx" : "avgPrice"),
    priceUsd: col("average_price_usd"),
    index: col(...(venue === "okx" ? ["usdPx", "idxPx"] : ["index_price"])),
    mark: col(venue === "deribit" ? "mark_price" : venue === "okx" ? "markPx" : "markPrice"),
    sizeCurrency: col("size_currency"),
  };
  if (c.size < 0) return { error: `the ${venue} CSV has no ${venue === "okx" ? "pos" : "size"} column` };
  const get = (cells: string[], i: number) => (i >= 0 ? (cells[i] ?? "").trim() : undefined);
  const rows = numbered.slice(1).map(({ cells, line }): RawRow => {
    const s = sideOf(get(cells, c.side));
    return {
      line,
      name: get(cells, c.name) ?? "",
      size: get(cells, c.size),
      side: s.side,
      sideError: s.error,
      price: get(cells, c.price),
      priceUsd: get(cells, c.priceUsd),
      indexPrice: get(cells, c.index),
      markPrice: get(cells, c.mark),
      sizeCurrency: get(cells, c.sizeCurrency),
    };
  });
  return { format: `${venue}-csv`, venue, rows };
}

function fromList(text: string): Detected {
  const rows: RawRow[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const t = l.trim();
    if (t === "" || t.startsWith("#")) return;
    const [name = "", size, price, ...rest] = t.split(/[\s,;]+/);
    rows.push({ line: i + 1, name, size: size ?? "", side: null, price: price ?? undefined, sideError: rest.length ? `unexpected text after the price: "${rest.join(" ").slice(0, 20)}"` : undefined });
  });
  return { format: "list", venue: null, rows };
}

function detect(text: string): Detected {
  const t = text.replace(/^\uFEFF/, "").trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    let data: unknown;
    try {
      data = JSON.parse(t);
    } catch (e) {
      return { error: `the file is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
    }
    return fromJson(t, data);
  }
  const first = t.split(/\r?\n/, 1)[0]!.toLowerCase();
  if (/(^|,)\s*"?(instrument_name|instid|symbol)"?\s*(,|$)/.test(first)) return fromCsv(t);
  return fromList(t);
}

/** Converts one raw row to coins and a USD entry price, on the venue's units. */
function convert(venue: Venue | null, p: ParsedInstrument, raw: RawRow): { size: number; entryPrice: number | null; notes: string[] } | { error: string } {
  const notes: string[] = [];
  const sizeText = typeof raw.size === "number" ? String(raw.size) : String(raw.size ?? "").trim();
  if (sizeText === "") return { error: "size is missing" };
  const parsedSize = venue === null ? parseNumberInput(sizeText, z.number()) : ({ ok: num(sizeText) !== null, value: num(sizeText) ?? 0, error: `size "${sizeText.slice(0, 20)}" is not a number` } as const);
  if (!parsedSize.ok) return { error: `size: ${"error" in parsedSize ? parsedSize.error : "not a number"}` };
  let qty = parsedSize.value;
  if (raw.side !== null) qty = raw.side * Math.abs(qty);
  const price = positive(raw.price);
  const index = positive(raw.indexPrice);
  const mark = positive(raw.markPrice);
  let entry: number | null = price;
  if (venue === "deribit") {
    if (p.kind !== "option" && p.settlement === "inverse") {
      const coins = num(raw.sizeCurrency);
      if (coins !== null && coins !== 0) qty = Math.sign(qty || coins) * Math.abs(coins);
      else {
        const px = price ?? mark;
        if (!px) return { error: "an inverse Deribit contract's size is in USD: size_currency or a price is needed to turn it into coins" };
        qty = qty / px;
      }
      notes.push(`inverse contract: ${Math.abs(parsedSize.value).toLocaleString("en-US")} USD read as ${Math.abs(qty).toPrecision(6)} coins, margined as a linear contract`);
    }
    if (p.kind === "option" && p.settlement === "inverse") {
      const usd = positive(raw.priceUsd);
      entry = usd ?? (price !== null && index !== null ? price * index : null);
      if (entry === null && price !== null) notes.push("premium is in coins and no index price was given: entry at the mark");
    }
  } else if (venue === "okx") {
    const table = p.kind === "option" ? OKX_CONTRACTS.option : p.settlement === "linear" ? OKX_CONTRACTS.linear : OKX_CONTRACTS.inverseUsd;
    const per = table[p.base];
    if (per === undefined) return { error: `no OKX contract value is known for ${p.base} ${p.kind === "option" ? "options" : p.settlement === "linear" ? "linear contracts" : "coin-margined contracts"}` };
    if (p.kind !== "option" && p.settlement === "inverse") {
      const px = price ?? mark;
      if (!px) return { error: "a coin-margined OKX contract needs avgPx or markPx to turn its USD face value into coins" };
      notes.push(`${Math.abs(qty)} contracts × ${per} USD at ${px} = ${((Math.abs(qty) * per) / px).toPrecision(6)} coins, margined as a linear contract`);
      qty = (qty * per) / px;
    } else {
      notes.push(`${Math.abs(qty)} contracts × ${per} ${p.base}`);
      qty = qty * per;
    }
    if (p.kind === "option") {
      entry = price !== null && index !== null ? price * index : null;
      if (entry === null && price !== null) notes.push("premium is in coins and no usdPx/idxPx was given: entry at the mark");
    }
  }
  const checked = sizeSchema.safeParse(qty);
  if (!checked.success) return { error: `size: ${checked.error.issues[0]!.message}` };
  if (entry !== null && !(entry <= LIMITS.maxPrice)) return { error: `entry price ${entry} is above ${LIMITS.maxPrice.toLocaleString("en-US")}` };
  if (raw.price !== undefined && raw.price !== "" && price === null) return { error: `entry price "${String(raw.price).slice(0, 20)}" is not a positive number` };
  return { size: qty, entryPrice: entry, notes };
}

/**
 * Reads a venue export or a pasted list against the snapshot: each row becomes an {@link ImportRow}
 * or an {@link ImportRowError} with its line and reason (unknown name, underlying not margined,
 * expired or unlisted expiry, unlisted strike, zero or too large size, a size beyond the venue's
 * published limits — below its minimum order, off its size step, above its maximum order or
 * position (lib/market/instrument-specs, each limit with its source) — duplicated instrument).
 * A venue file is checked against its own venue's limits; a pasted list against `options.venue`
 * (the sub-account's venue), or only against MarginLab's limit when none is given.
 *
 * @example
 * ```ts
 * parseVenueImport("BTC-25DEC26-100000-C 1.5\nBTC-PERPETUAL -2", SAMPLE_SNAPSHOT);
 * // { ok: true, format: "list", rows: [ { line: 1, size: 1.5, … }, { line: 2, size: -2, … } ], errors: [] }
 * ```
 */
export function parseVenueImport(text: string, snapshot: MarketSnapshot, options: { venue?: SpecVenue | null } = {}): VenueImport {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, error: `the file is larger than ${MAX_IMPORT_BYTES / 1e6} MB` };
  if (text.trim() === "") return { ok: false, error: "nothing to import: the text is empty" };
  const d = detect(text);
  if ("error" in d) return { ok: false, error: d.error };
  if (d.rows.length === 0) return { ok: false, error: "no positions: the file lists none" };
  if (d.rows.length > LIMITS.maxPositions) return { ok: false, error: `too many rows (${d.rows.length}); the limit is ${LIMITS.maxPositions}` };
  const rows: ImportRow[] = [];
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  for (const raw of d.rows) {
    const fail = (reason: string) => errors.push({ line: raw.line, name: raw.name || null, reason });
    if (!raw.name) {
      fail("the instrument name is missing");
      continue;
    }
    const parsed = d.venue ? NAME_PARSERS[d.venue](raw.name) : parseAnyName(raw.name);
    if (!parsed.ok) {
      fail(`unknown instrument name: ${parsed.reason}`);
      continue;
    }
    if (raw.sideError) {
      fail(raw.sideError);
      continue;
    }
    const matched = matchInstrument(parsed.instrument, snapshot);
    if (!matched.ok) {
      fail(matched.reason);
      continue;
    }
    const converted = convert(d.venue, parsed.instrument, raw);
    if ("error" in converted) {
      fail(converted.error);
      continue;
    }
    const specVenue: SpecVenue | null = d.venue ?? options.venue ?? null;
    if (specVenue) {
      const u = matched.instrument.underlying;
      const checked = checkSize(instrumentSpec(specVenue, matched.instrument.kind, u), converted.size, snapshot.underlyings[u].spot);
      if (!checked.ok) {
        fail(`size: ${checked.reason} (source: ${checked.source})`);
        continue;
      }
      converted.notes.push(...checked.notes);
      if (d.venue === null) converted.notes.push(`checked against ${SPEC_VENUE_NAMES[specVenue]}'s size limits`);
    }
    const key = instrumentKey(matched.instrument);
    const first = seen.get(key);
    if (first !== undefined) {
      fail(`duplicate: line ${first} already holds this instrument (merge them into one row)`);
      continue;
    }
    seen.set(key, raw.line);
    rows.push({ line: raw.line, name: raw.name, instrument: matched.instrument, size: converted.size, entryPrice: converted.entryPrice, notes: converted.notes });
  }
  return { ok: true, format: d.format, rows, errors };
}

/**
 * Turns imported rows into new positions; rows without an entry price take `marks[i]` (the
 * engine's mark of the same row, from the worker).
 */
export function rowsToPositions(rows: ImportRow[], marks: (number | null)[]): NewPosition[] {
  return rows.map((r, i) => {
    const entryPrice = r.entryPrice ?? marks[i] ?? null;
    if (entryPrice === null || !(entryPrice > 0)) throw new Error(`line ${r.line}: no entry price and no mark`);
    return { ...r.instrument, size: r.size, entryPrice } as NewPosition;
  });
}

/** The engine positions of imported rows (size and a placeholder price) to ask the worker for marks. */
export function rowsForQuotes(rows: ImportRow[]): NewPosition[] {
  return rows.map((r) => ({ ...r.instrument, size: r.size, entryPrice: 1 }) as NewPosition);
}
