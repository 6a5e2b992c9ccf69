/** Display formatting shared by the UI (no maths here). */
const usdFmt = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2, minimumFractionDigits: 2 });
const usd0Fmt = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

export function formatUsd(x: number, decimals: 0 | 2 = 2): string {
  if (!Number.isFinite(x)) return "—";
  return (decimals === 0 ? usd0Fmt : usdFmt).format(x);
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
  return f.format(x);
}

export function formatPct(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return "—";
  return `${x >= 0 ? "+" : ""}${x.toFixed(digits)}%`;
}

export function formatRatio(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "—";
  return `${(x * 100).toFixed(2)}%`;
}

/** "v1.0.0" for "1.0.0"; a version that already names itself ("v2-core@…") is shown as is. */
export function formatVersion(version: string): string {
  return /^v/i.test(version) ? version : `v${version}`;
}
