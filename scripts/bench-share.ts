/**
 * Share-link sizes: the length of a full link (origin + "#s=…") for sub-accounts of 10, 50 and 200
 * positions, and the decode time. Target: a 50-position sub-account in at most 2,000 characters.
 * Run: npx tsx scripts/bench-share.ts (part of `npm run bench`).
 */
import { decodeShareLink, encodeShareFragment } from "@/lib/workspace/share-link";
import { bookOf } from "@/lib/workspace/test-books";

const ORIGIN = "http://localhost:3000/";
console.log("share links (sub-account, no snapshot)");
console.log("positions  link chars  decode median (ms)");
for (const n of [10, 50, 200]) {
  const url = `${ORIGIN}#${encodeShareFragment({ scope: "sub-account", subAccounts: [bookOf(n)], snapshot: null, whatIf: null })}`;
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const r = decodeShareLink(url);
    times.push(performance.now() - t0);
    if (!r.ok) throw new Error(r.error.message);
  }
  times.sort((a, b) => a - b);
  const mark = n === 50 ? (url.length <= 2_000 ? "  (target ≤ 2,000: met)" : "  (target ≤ 2,000: MISSED)") : "";
  console.log(`${String(n).padStart(9)}  ${String(url.length).padStart(10)}  ${times[100]!.toFixed(3).padStart(18)}${mark}`);
}
