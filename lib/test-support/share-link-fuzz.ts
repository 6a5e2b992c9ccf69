import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { encodeShareFragment, type SharePayload } from "@/lib/workspace/share-link";
import { bookOf } from "@/lib/workspace/test-books";

/**
 * The share-link fuzz corpus, shared by the test (lib/workspace/share-link.test.ts: every input is
 * decoded or refused, never thrown) and the benchmark (scripts/bench-share.ts: decode times).
 */

export const SHARE_ORIGIN = "http://localhost:3000/";

/** A full link (origin + "#s=…") for a payload. */
export const shareLink = (payload: SharePayload) => `${SHARE_ORIGIN}#${encodeShareFragment(payload)}`;

/** Three valid links: a 20-position sub-account, the demo workspace, and a book with its snapshot. */
export function validShareLinks(): string[] {
  return [
    shareLink({ scope: "sub-account", subAccounts: [bookOf(20)], snapshot: null, whatIf: null }),
    shareLink({ scope: "workspace", subAccounts: DEMO_WORKSPACE.subAccounts, snapshot: null, whatIf: null }),
    shareLink({ scope: "sub-account", subAccounts: [bookOf(3)], snapshot: SAMPLE_SNAPSHOT, whatIf: null }),
  ];
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Each link with one character changed, at every position from its version number on, to each of
 * A z - _ ! and to its neighbour in the base64url alphabet (one bit flipped, as `j` → `n` is two).
 * A change that leaves the character as it was is skipped.
 */
export function oneCharacterChanges(links: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of links) {
    const start = v.indexOf("s=") + 2;
    for (let i = start; i < v.length; i++) {
      const at = BASE64URL.indexOf(v[i]!);
      const neighbour = at >= 0 ? BASE64URL[at ^ 1]! : "A";
      for (const c of new Set(["A", "z", "-", "_", "!", neighbour])) if (c !== v[i]) out.push(v.slice(0, i) + c + v.slice(i + 1));
    }
  }
  return out;
}

/** Base64url of bytes, with padding (random payloads for the decoder). */
function base64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_");
}

/** Truncations, insertions and deletions of valid links, random payloads and random strings. */
export function mutatedShareLinks(valid: readonly string[]): fc.Arbitrary<string> {
  const mutated = fc.tuple(fc.constantFrom(...valid), fc.nat(), fc.nat(), fc.string({ maxLength: 8 })).map(([v, a, b, ins]) => {
    const i = a % v.length;
    const j = Math.min(v.length, i + (b % 12));
    return v.slice(0, i) + ins + v.slice(j);
  });
  return fc.oneof(
    mutated,
    fc.string({ maxLength: 300 }).map((s) => `#s=1.${s}`),
    fc.string({ maxLength: 300 }),
    fc.uint8Array({ maxLength: 400 }).map((bytes) => `#s=1.${base64url(bytes)}`),
  );
}
