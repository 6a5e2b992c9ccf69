/**
 * A content fingerprint of plain data (stable key order), cached per object so React renders do not
 * re-serialise large inputs. Query keys carry the fingerprint of each input instead of the input,
 * so hashing a key stays cheap for a 1,000-position sub-account; equal content gives equal keys.
 */
const cache = new WeakMap<object, string>();

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as Record<string, unknown>)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** 53-bit string hash (cyrb53 construction), two independent 32-bit lanes. */
function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * @example fingerprint({ b: 1, a: [2] }) === fingerprint({ a: [2], b: 1 }) // true
 */
export function fingerprint(value: object): string {
  const hit = cache.get(value);
  if (hit !== undefined) return hit;
  const text = stable(value);
  // two seeds: ~106 bits, and the length, so distinct inputs do not share a key in practice
  const fp = `${hash53(text, 1)}.${hash53(text, 2)}.${text.length.toString(36)}`;
  cache.set(value, fp);
  return fp;
}
