/** Display formatting shared by the UI (no maths here). */
const usdFmt = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2, minimumFractionDigits: 2 });
const usd0Fmt = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

/** A value that rounds to zero at `decimals` is written as zero, never "-$0" or "-0.0". */
function unsignedZero(x: number, decimals: number): number {
  return Math.abs(x) < 0.5 * 10 ** -decimals ? 0 : x;
}

export function formatUsd(x: number, decimals: 0 | 2 = 2): string {
  if (!Number.isFinite(x)) return "—";
  return (decimals === 0 ? usd0Fmt : usdFmt).format(unsignedZero(x, decimals));
}

// Number.prototype.toLocaleString builds a formatter on every call; keep one per digit count.
const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(x: number, maxDigits = 4): string {
  if (!Number.isFinite(x)) return "—";
  let f = numberFormats.get(maxDigits);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { maximumFractionDigits: maxDigits });
    numberFormats.set(maxDigits, f);
  }
  return f.format(unsignedZero(x, maxDigits));
}

const sigFmt = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3, notation: "standard" });

/**
 * A small figure with 3 significant digits in plain notation, never scientific: 0.0000123 → "0.0000123".
 * @example formatSignificant(-0.000012345) // "-0.0000123"
 */
export function formatSignificant(x: number): string {
  if (!Number.isFinite(x)) return "—";
  return x === 0 ? "0" : sigFmt.format(x);
}

export function formatPct(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return "—";
  const v = unsignedZero(x, digits);
  return `${v >= 0 ? "+" : ""}${v.toFixed(digits)}%`;
}

export function formatRatio(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "—";
  return `${(x * 100).toFixed(2)}%`;
}

/** "v1.0.0" for "1.0.0"; a version that already names itself ("v2-core@…") is shown as is. */
export function formatVersion(version: string): string {
  return /^v/i.test(version) ? version : `v${version}`;
}
