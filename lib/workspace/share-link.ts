import { buf as crc32 } from "crc-32";
import { Inflate, deflateSync, strFromU8, strToU8 } from "fflate";
import { z } from "zod";
import { marketSnapshotSchema, type MarketSnapshot } from "@/lib/market/types";
import { newId } from "./ids";
import { MAX_SAVED_SCENARIOS, savedScenarioSchema, subAccountSchema, whatIfSchema, type SavedScenario, type SubAccount, type WhatIf } from "./schema";

/**
 * Share links: a workspace or one sub-account, optionally with the market snapshot, carried in the
 * URL fragment (never sent to a server) as `#s=<version>.<base64url(data)>`.
 *
 * Version 2 (current): data = CRC-32 of the JSON bytes (4 bytes, big-endian) + deflate(JSON). A
 * link changed in transit is refused unless it unpacks to exactly the data the sender checked.
 * Version 1 (no checksum): data = deflate(JSON); still read, and reported as `verified: false`.
 *
 * Saved scenarios (optional, since the same version 2): the JSON's `v` key holds `[name, what-if]`
 * pairs. A version-2 link without `v` decodes as before (no scenarios); a reader that predates `v`
 * ignores it. The checksum covers the decompressed JSON, `v` included.
 *
 * The JSON is a compact form of the domain objects: tuples instead of objects for positions and
 * collateral, small integers for enums. Decoding never throws: any string gives either a valid
 * payload or a typed error saying what is wrong (too large, corrupted, unsupported version, or the
 * invalid field with its path).
 */
export const SHARE_VERSION = 2;
/** The first version whose data carries a checksum. */
const CHECKSUM_SINCE = 2;
const CHECKSUM_BYTES = 4;
export const SHARE_PARAM = "s";

export const SHARE_LIMITS = {
  /** longest fragment we try to decode (a 50-position sub-account needs under 2,000) */
  maxLinkChars: 200_000,
  /** largest decompressed JSON, in bytes */
  maxJsonBytes: 1_000_000,
  maxSubAccounts: 50,
  maxPositionsTotal: 5_000,
  /** saved scenarios a link may carry (the workspace's own limit) */
  maxScenarios: MAX_SAVED_SCENARIOS,
} as const;

export type ShareErrorKind = "empty" | "too-large" | "corrupted" | "unsupported-version" | "invalid-field";

export interface ShareError {
  kind: ShareErrorKind;
  message: string;
  /** the invalid field, e.g. "subAccounts.0.positions.3.strike" */
  path?: string;
}

export interface SharePayload {
  scope: "workspace" | "sub-account";
  subAccounts: SubAccount[];
  snapshot: MarketSnapshot | null;
  /** the sender's what-if settings (null: none active) */
  whatIf: WhatIf | null;
  /** the sender's saved scenarios, when chosen (absent or empty: none) */
  scenarios?: SavedScenario[];
}

/** A decoded payload: `scenarios` is always present (empty for links without them). */
export type DecodedPayload = SharePayload & { scenarios: SavedScenario[] };

/** `verified`: the data matched the sender's checksum (false for version 1 links, which have none). */
export type DecodeResult = { ok: true; payload: DecodedPayload; verified: boolean } | { ok: false; error: ShareError };

const KINDS = ["perp", "future", "option"] as const;
const UNDERLYINGS = ["BTC", "ETH", "SOL"] as const;
const ASSETS = ["USDC", "USDT", "BTC", "ETH", "SOL", "wstETH"] as const;
const MODES = ["isolated", "cross", "portfolio"] as const;

// ---- encode ---------------------------------------------------------------------------------

type CompactPosition = (string | number | null)[];

function compactSub(s: SubAccount) {
  return {
    n: s.name,
    m: MODES.indexOf(s.mode),
    p: s.profileId,
    ...(s.haircutModel && s.haircutModel !== "venue" ? { h: s.haircutModel } : {}),
    c: s.collateral.map((c) => [ASSETS.indexOf(c.asset), c.amount]),
    x: s.positions.map((p): CompactPosition => {
      const head: CompactPosition = [KINDS.indexOf(p.kind), UNDERLYINGS.indexOf(p.underlying), p.size, p.entryPrice, p.isolatedMargin ?? null];
      if (p.kind === "perp") return head;
      if (p.kind === "future") return [...head, p.expiry];
      return [...head, p.expiry, p.strike, p.optionType === "call" ? 1 : 0];
    }),
  };
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Encodes sub-accounts (and optionally the snapshot they were priced on) into a link fragment.
 * @example encodeShareFragment({ scope: "sub-account", subAccounts: [sub], snapshot: null }) // "s=1.eJy…"
 */
export function encodeShareFragment(payload: SharePayload): string {
  const json = JSON.stringify({
    k: payload.scope === "workspace" ? "w" : "a",
    s: payload.subAccounts.map(compactSub),
    ...(payload.snapshot ? { q: payload.snapshot } : {}),
    ...(payload.whatIf ? { w: payload.whatIf } : {}),
    ...(payload.scenarios?.length ? { v: payload.scenarios.map((x) => [x.name, x.whatIf]) } : {}),
  });
  const bytes = strToU8(json);
  const packed = deflateSync(bytes, { level: 9 });
  const data = new Uint8Array(CHECKSUM_BYTES + packed.length);
  new DataView(data.buffer).setUint32(0, crc32(bytes) >>> 0);
  data.set(packed, CHECKSUM_BYTES);
  return `${SHARE_PARAM}=${SHARE_VERSION}.${toBase64Url(data)}`;
}

// ---- decode ---------------------------------------------------------------------------------

const fail = (kind: ShareErrorKind, message: string, path?: string): DecodeResult => ({ ok: false, error: { kind, message, ...(path ? { path } : {}) } });

const B64URL = /^[A-Za-z0-9_-]*$/;

function fromBase64Url(text: string): Uint8Array | null {
  if (!B64URL.test(text) || text.length % 4 === 1) return null;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Inflates, stopping as soon as the output passes `limit` bytes (a compression bomb costs nothing). */
function boundedInflate(data: Uint8Array, limit: number): Uint8Array | "too-large" | null {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > limit) tooLarge = true;
    else chunks.push(chunk);
  });
  const STEP = 256; // ≤ 256·1032 bytes of output per step (deflate's maximum ratio)
  try {
    for (let i = 0; i < data.length; i += STEP) {
      inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
      if (tooLarge) return "too-large";
    }
    if (data.length === 0) return null;
  } catch {
    return null;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** The fragment's value for our parameter, from a full URL, a "#s=…" fragment or the bare value. */
export function extractShareValue(input: string): string | null {
  let text = input.trim();
  const hash = text.indexOf("#");
  if (hash >= 0) text = text.slice(hash + 1);
  for (const part of text.split("&")) {
    if (part.startsWith(`${SHARE_PARAM}=`)) return part.slice(SHARE_PARAM.length + 1);
  }
  return /^\d+\./.test(text) ? text : null;
}

/**
 * Migrations of older payload versions to the current one. Each entry turns version v's parsed JSON
 * into version v+1's (1 → 2 added only the checksum around the same JSON).
 */
export const SHARE_MIGRATIONS: Record<number, (payload: unknown) => unknown> = { 1: (json) => json };

function get(arr: unknown, i: number): unknown {
  return Array.isArray(arr) ? arr[i] : undefined;
}

function enumAt<T extends readonly string[]>(values: T, i: unknown): T[number] | unknown {
  return typeof i === "number" && Number.isInteger(i) && i >= 0 && i < values.length ? values[i] : i;
}

/** Expands the compact JSON to domain-shaped objects without judging it (zod does that next). */
function expandSub(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  const positions = Array.isArray(r.x)
    ? r.x.map((p) => {
        if (!Array.isArray(p)) return p;
        const kind = enumAt(KINDS, get(p, 0));
        const base: Record<string, unknown> = { id: newId(), kind, underlying: enumAt(UNDERLYINGS, get(p, 1)), size: get(p, 2), entryPrice: get(p, 3) };
        if (get(p, 4) !== null && get(p, 4) !== undefined) base.isolatedMargin = get(p, 4);
        if (kind === "perp") return base;
        base.expiry = get(p, 5);
        if (kind === "future") return base;
        const cp = get(p, 7);
        return { ...base, strike: get(p, 6), optionType: cp === 1 ? "call" : cp === 0 ? "put" : cp };
      })
    : r.x;
  const collateral = Array.isArray(r.c) ? r.c.map((c) => (Array.isArray(c) ? { asset: enumAt(ASSETS, get(c, 0)), amount: get(c, 1) } : c)) : r.c;
  return { id: newId(), name: r.n, mode: enumAt(MODES, r.m), profileId: r.p, ...(r.h !== undefined ? { haircutModel: r.h } : {}), collateral, positions };
}

const payloadSchema = z.object({
  scope: z.enum(["workspace", "sub-account"]),
  subAccounts: z.array(subAccountSchema).min(1, { error: "The link holds no sub-account" }).max(SHARE_LIMITS.maxSubAccounts),
  snapshot: marketSnapshotSchema.nullable(),
  whatIf: whatIfSchema.nullable(),
  scenarios: z.array(savedScenarioSchema).max(SHARE_LIMITS.maxScenarios),
});

/**
 * Decodes a share link (full URL, fragment, or value). Never throws.
 * @example decodeShareLink("https://app/#s=1.…") // { ok: true, payload } or { ok: false, error: { kind: "corrupted", … } }
 */
export function decodeShareLink(input: unknown): DecodeResult {
  try {
    if (typeof input !== "string" || input.trim() === "") return fail("empty", "The link is empty.");
    if (input.length > SHARE_LIMITS.maxLinkChars) return fail("too-large", `The link is too long (${input.length.toLocaleString("en-US")} characters; the limit is ${SHARE_LIMITS.maxLinkChars.toLocaleString("en-US")}).`);
    const value = extractShareValue(input);
    if (value === null) return fail("corrupted", "This is not a MarginLab share link (no #s= part).");
    const dot = value.indexOf(".");
    const versionText = dot > 0 ? value.slice(0, dot) : "";
    if (!/^\d{1,6}$/.test(versionText)) return fail("corrupted", "The link is corrupted: it has no version number.");
    const version = Number(versionText);
    if (version > SHARE_VERSION) return fail("unsupported-version", `The link was made by a newer version of MarginLab (format ${version}; this app reads up to ${SHARE_VERSION}).`);
    if (version < 1) return fail("unsupported-version", `Unknown link format ${version}.`);
    const data = fromBase64Url(value.slice(dot + 1));
    if (!data || data.length === 0) return fail("corrupted", "The link is corrupted: its data is not valid base64url.");
    const checked = version >= CHECKSUM_SINCE;
    if (checked && data.length <= CHECKSUM_BYTES) return fail("corrupted", "The link is corrupted: it is too short to hold any data.");
    const inflated = boundedInflate(checked ? data.subarray(CHECKSUM_BYTES) : data, SHARE_LIMITS.maxJsonBytes);
    if (inflated === "too-large") return fail("too-large", `The link's data unpacks to more than ${SHARE_LIMITS.maxJsonBytes.toLocaleString("en-US")} bytes.`);
    if (!inflated) return fail("corrupted", "The link is corrupted: its data does not decompress.");
    if (checked && new DataView(data.buffer, data.byteOffset).getUint32(0) !== crc32(inflated) >>> 0) {
      return fail("corrupted", "The link is corrupted: it was changed after it was made (its checksum does not match). Ask the sender to copy it again.");
    }
    let json: unknown;
    try {
      json = JSON.parse(strFromU8(inflated));
    } catch {
      return fail("corrupted", "The link is corrupted: its data is not valid JSON.");
    }
    for (let v = version; v < SHARE_VERSION; v++) {
      const step = SHARE_MIGRATIONS[v];
      if (!step) return fail("unsupported-version", `Link format ${v} can no longer be read.`);
      json = step(json);
    }
    if (!json || typeof json !== "object" || Array.isArray(json)) return fail("corrupted", "The link is corrupted: unexpected data shape.");
    const j = json as Record<string, unknown>;
    const subs = j.s;
    if (Array.isArray(subs)) {
      if (subs.length > SHARE_LIMITS.maxSubAccounts) return fail("too-large", `The link holds ${subs.length} sub-accounts; the limit is ${SHARE_LIMITS.maxSubAccounts}.`);
      const total = subs.reduce((n: number, s) => n + (s && typeof s === "object" && Array.isArray((s as { x?: unknown }).x) ? (s as { x: unknown[] }).x.length : 0), 0);
      if (total > SHARE_LIMITS.maxPositionsTotal) return fail("too-large", `The link holds ${total} positions; the limit is ${SHARE_LIMITS.maxPositionsTotal}.`);
    }
    const scenarios = j.v ?? [];
    if (Array.isArray(scenarios) && scenarios.length > SHARE_LIMITS.maxScenarios) return fail("too-large", `The link holds ${scenarios.length} saved scenarios; the limit is ${SHARE_LIMITS.maxScenarios}.`);
    const candidate = {
      scope: j.k === "w" ? "workspace" : j.k === "a" ? "sub-account" : j.k,
      subAccounts: Array.isArray(subs) ? subs.map(expandSub) : subs,
      snapshot: j.q ?? null,
      whatIf: j.w ?? null,
      scenarios: Array.isArray(scenarios) ? scenarios.map((x) => (Array.isArray(x) ? { name: get(x, 0), whatIf: get(x, 1) } : x)) : scenarios,
    };
    const parsed = payloadSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path.join(".");
      return fail("invalid-field", `The link has an invalid field${path ? ` ${path}` : ""}: ${issue.message}`, path || undefined);
    }
    return { ok: true, payload: parsed.data, verified: checked };
  } catch (e) {
    // Defence in depth: nothing above should throw, but a decoder must never take the app down.
    return fail("corrupted", `The link could not be read (${e instanceof Error ? e.message : "unknown error"}).`);
  }
}
