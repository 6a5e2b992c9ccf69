/**
 * Errors of the live market data path, each with the HTTP status the API answers with. The
 * route handlers turn any of these into `{ error: { status, code, message, details } }`.
 */

export const MARKET_ERROR_CODES = ["bad-request", "upstream-timeout", "upstream-unreachable", "upstream-http", "upstream-bad-data", "no-usable-iv", "internal"] as const;
export type MarketErrorCode = (typeof MARKET_ERROR_CODES)[number];

/** HTTP status per error code: 400 for the client's mistakes, 5xx for the venues'. */
export const STATUS_OF: Record<MarketErrorCode, number> = {
  "bad-request": 400,
  "upstream-timeout": 504,
  "upstream-unreachable": 503,
  "upstream-http": 502,
  "upstream-bad-data": 502,
  "no-usable-iv": 502,
  internal: 500,
};

/**
 * A failure of the live market data path with its HTTP status and a message fit for the UI.
 *
 * @example
 * ```ts
 * throw new MarketError("upstream-bad-data", "deribit BTC perp ticker has no mark price");
 * ```
 */
export class MarketError extends Error {
  readonly code: MarketErrorCode;
  readonly status: number;
  readonly details: string[];
  /** the original messages (which may name upstream hosts): for server logs only, never sent to a client */
  readonly internal: string[];
  constructor(code: MarketErrorCode, message: string, details: string[] = [], internal: string[] = []) {
    super(message);
    this.name = "MarketError";
    this.code = code;
    this.status = STATUS_OF[code];
    this.details = details;
    this.internal = internal;
  }
}

/** The ccxt error class names that mean "no answer in time" / "could not connect" / "bad HTTP status". */
const TIMEOUT_CLASSES = new Set(["RequestTimeout"]);
const NETWORK_CLASSES = new Set(["NetworkError", "ExchangeNotAvailable", "OnMaintenance", "DDoSProtection", "RateLimitExceeded"]);
const BAD_DATA_CLASSES = new Set(["BadResponse", "NullResponse", "BadSymbol", "ExchangeError", "NotSupported"]);

/** Names of the error's class and its ancestors (ccxt errors form a class hierarchy). */
function classNames(e: unknown): string[] {
  const names: string[] = [];
  let proto: unknown = e && typeof e === "object" ? Object.getPrototypeOf(e) : null;
  while (proto && proto !== Object.prototype) {
    const ctor = (proto as { constructor?: { name?: string } }).constructor;
    if (ctor?.name) names.push(ctor.name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

/**
 * Removes every upstream host from a message: URLs become their path, DNS and socket errors a
 * plain phrase, host names (`api.lyra.finance`, `localhost`, any configured upstream) and IP
 * addresses "the upstream host". Client-facing text goes through this; server logs keep the original.
 *
 * @example
 * ```ts
 * redactHosts("getaddrinfo ENOTFOUND api.lyra.finance"); // "the venue's address could not be resolved"
 * ```
 */
export function redactHosts(text: string): string {
  return text
    .replace(/https?:\/\/[^\s/]+(\/[^\s?]*)?(\?\S*)?/g, (_m, path: string | undefined) => path ?? "/")
    .replace(/getaddrinfo\s+(?:ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME)\s+\S+/gi, "the venue's address could not be resolved")
    .replace(/connect ECONNREFUSED \S+/g, "connection refused")
    .replace(/\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?(?::\d+)?(?=[\s,;)]|$)/gi, (m) => (/[0-9a-f]:[0-9a-f]/i.test(m) && m.includes("::") ? "the upstream host" : m))
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, "the upstream host")
    .replace(/\blocalhost(?::\d+)?\b/gi, "the upstream host")
    .replace(/\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?(?::\d+)?(?![\w.-])/gi, "the upstream host");
}

/** Shortens a ccxt message (which embeds the full URL and body) to something a trader can read, without any upstream host. */
function shortMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const oneLine = redactHosts(raw.replace(/\s+/g, " ")).trim();
  return oneLine.length > 240 ? `${oneLine.slice(0, 237)}…` : oneLine;
}

/** The thrown value's own message, for the server log. */
function rawMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Maps anything thrown while talking to a venue to a MarketError, keeping what was being done.
 *
 * @param e - the thrown value (a ccxt error, a MarketError, anything)
 * @param what - what was being fetched, e.g. "deribit BTC option chain"
 * @returns a MarketError with a code and status
 *
 * @example
 * ```ts
 * toMarketError(new ccxt.RequestTimeout("…"), "okx ETH perp").code; // "upstream-timeout"
 * ```
 */
export function toMarketError(e: unknown, what: string): MarketError {
  if (e instanceof MarketError) return e.message.startsWith(what) ? e : new MarketError(e.code, `${what}: ${e.message}`, e.details, e.internal);
  const made = classify(e, what);
  return new MarketError(made.code, made.message, made.details, [`${what}: ${rawMessage(e)}`]);
}

function classify(e: unknown, what: string): MarketError {
  const names = classNames(e);
  const msg = shortMessage(e);
  // ccxt maps HTTP 5xx to ExchangeNotAvailable; tell an HTTP status apart from a refused connection.
  const httpStatus = /\b(5\d\d|4\d\d)\b/.exec(msg)?.[1];
  if (names.some((n) => TIMEOUT_CLASSES.has(n))) return new MarketError("upstream-timeout", `${what}: the venue did not answer in time`);
  if (names.includes("ExchangeNotAvailable") && httpStatus) return new MarketError("upstream-http", `${what}: the venue answered HTTP ${httpStatus}`);
  if (names.some((n) => NETWORK_CLASSES.has(n))) return new MarketError("upstream-unreachable", `${what}: the venue is unreachable (${msg})`);
  if (e instanceof SyntaxError) return new MarketError("upstream-bad-data", `${what}: the venue sent malformed JSON`);
  if (names.some((n) => BAD_DATA_CLASSES.has(n))) return new MarketError("upstream-bad-data", `${what}: ${msg}`);
  return new MarketError("upstream-bad-data", `${what}: ${msg}`);
}

/** What each error code means for the trader, in one phrase. */
export const SUMMARY_OF: Record<MarketErrorCode, string> = {
  "bad-request": "the request was not understood",
  "upstream-timeout": "the venues did not answer in time",
  "upstream-unreachable": "the venues could not be reached",
  "upstream-http": "the venues answered with an HTTP error",
  "upstream-bad-data": "the venues sent unusable data",
  "no-usable-iv": "no option chain had usable implied vols",
  internal: "an internal error occurred",
};

/** Precedence when failures differ: the most informative code names the whole failure. */
const PRECEDENCE: readonly MarketErrorCode[] = ["bad-request", "internal", "no-usable-iv", "upstream-bad-data", "upstream-http", "upstream-timeout", "upstream-unreachable"];

/**
 * The code that describes a set of failures: their common code, else the most informative one.
 *
 * @example
 * ```ts
 * dominantCode(["upstream-timeout", "upstream-http"]); // "upstream-http"
 * ```
 */
export function dominantCode(codes: readonly MarketErrorCode[]): MarketErrorCode {
  const set = new Set(codes);
  if (set.size === 1) return codes[0]!;
  return PRECEDENCE.find((c) => set.has(c)) ?? "internal";
}

/**
 * One error for several failed attempts (e.g. every venue tried for an underlying, or every
 * underlying of a snapshot): the dominant code, a short message naming the first failure, and
 * every individual failure in `details`.
 *
 * @example
 * ```ts
 * combineErrors("Live market data unavailable", [timeoutErr, timeoutErr]).code; // "upstream-timeout"
 * ```
 */
export function combineErrors(subject: string, errors: readonly MarketError[]): MarketError {
  if (errors.length === 0) return new MarketError("internal", `${subject}: nothing was tried`);
  const leaves = errors.flatMap((e) => (e.details.length > 0 ? e.details : [e.message]));
  const code = dominantCode(errors.map((e) => e.code));
  const first = leaves[0] ?? errors[0]!.message;
  const more = leaves.length > 1 ? ` (and ${leaves.length - 1} more)` : "";
  return new MarketError(
    code,
    `${subject}: ${SUMMARY_OF[code]} — ${first}${more}`,
    leaves,
    errors.flatMap((e) => e.internal),
  );
}
