import { decodeShareLink, SHARE_LIMITS, type DecodeResult, type SharePayload } from "@/lib/workspace/share-link";
import { subAccountSchema } from "@/lib/workspace/schema";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { oneCharacterChanges, shareLink, validShareLinks } from "@/lib/test-support/share-link-fuzz";
import { randomPayload, seeded } from "./random-workspace";
import { Failures, n, type ProbeResult } from "./result";

/**
 * Share links in Node, through the app's own encoder and decoder (lib/workspace/share-link.ts):
 *  1. round trips: structure-aware random workspaces and sub-accounts (random-workspace.ts) are
 *     encoded, then decoded; each must come back identical (ids aside, which are fresh on import);
 *  2. one-character changes of real links (the demo workspace, books of 3, 20 and 50 positions with
 *     and without the sample snapshot, what-ifs and saved scenarios, and random workspaces): each
 *     change must be refused or decode to exactly the original (issue 9, finding 1).
 */

/** Issue 9's counts. */
export const ROUND_TRIPS = 21_000;
export const ONE_CHAR_CHANGES = 18_000;

/** Canonical JSON (sorted keys; undefined dropped) of what a payload means to the trader: everything but the ids. */
export function meaning(p: SharePayload): string {
  const strip = {
    scope: p.scope,
    subAccounts: p.subAccounts.map((s) => {
      const { id: _id, positions, haircutModel, ...rest } = subAccountSchema.parse(s); // names as the app stores them (NFC, trimmed)
      return { ...rest, ...(haircutModel && haircutModel !== "venue" ? { haircutModel } : {}), positions: positions.map(({ id: _pid, ...q }) => q) };
    }),
    snapshot: p.snapshot,
    whatIf: p.whatIf,
    scenarios: p.scenarios ?? [],
  };
  return JSON.stringify(strip, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

const decodedMeaning = (r: DecodeResult) => (r.ok ? meaning(r.payload) : null);

/** The real links whose one-character changes are tried (about 30,000 changes in all). */
export function realLinks(): string[] {
  const rng = seeded(9_0002);
  const whatIf = { spotMovePct: { BTC: -12.5, ETH: 3, SOL: 0 }, volShiftPts: 10, daysForward: 7, collateralVolMultiplier: 2 };
  return [
    ...validShareLinks(), // book of 20, demo workspace, book of 3 with the sample snapshot
    shareLink({ scope: "workspace", subAccounts: DEMO_WORKSPACE.subAccounts, snapshot: null, whatIf, scenarios: [{ name: "Crash", whatIf }] }),
    ...Array.from({ length: 3 }, () => shareLink({ ...randomPayload(rng, { maxSubAccounts: 3, maxPositions: 8 }), snapshot: null })),
  ];
}

export function probeRoundTrips(count = ROUND_TRIPS, seed = 9_0001): ProbeResult {
  const rng = seeded(seed);
  const stats = { rejected: 0 };
  const failures = new Failures();
  let passed = 0;
  let tooLong = 0;
  let positions = 0;
  let withSnapshot = 0;
  for (let i = 0; i < count; i++) {
    const payload = randomPayload(rng, {}, stats);
    positions += payload.subAccounts.reduce((k, s) => k + s.positions.length, 0);
    if (payload.snapshot) withSnapshot++;
    const url = shareLink(payload);
    const r = decodeShareLink(url);
    if (!r.ok && r.error.kind === "too-large" && url.length > SHARE_LIMITS.maxLinkChars) {
      tooLong++; // the share dialog refuses to make such a link (share-too-big); not a decode fault
      passed++;
      continue;
    }
    if (!r.ok) failures.add(`#${i}: refused (${r.error.kind}: ${r.error.message}) ${url.slice(0, 200)}`);
    else if (!r.verified) failures.add(`#${i}: decoded as unverified ${url.slice(0, 200)}`);
    else if (decodedMeaning(r) !== meaning(payload)) failures.add(`#${i}: decoded to different data ${url.slice(0, 200)}`);
    else passed++;
  }
  return {
    probe: "links: generated round trips",
    runs: count,
    minimum: ROUND_TRIPS,
    passed,
    detail: `${n(passed - tooLong)} identical, ${n(tooLong)} over the link limit, ${n(failures.count)} not identical; ${n(positions)} positions, ${n(withSnapshot)} with a snapshot; ${n(stats.rejected)} drafts redrawn`,
    failures: failures.examples,
  };
}

export function probeOneCharacterChanges(): ProbeResult {
  const failures = new Failures();
  let refused = 0;
  let identical = 0;
  let runs = 0;
  const kinds = new Map<string, number>();
  const links = realLinks();
  for (const original of links) {
    const r0 = decodeShareLink(original);
    const expected = decodedMeaning(r0);
    if (expected === null) {
      failures.add(`a real link does not decode: ${original.slice(0, 200)}`);
      continue;
    }
    for (const input of oneCharacterChanges([original])) {
      runs++;
      const r = decodeShareLink(input);
      if (!r.ok) {
        refused++;
        kinds.set(r.error.kind, (kinds.get(r.error.kind) ?? 0) + 1);
      } else if (decodedMeaning(r) === expected) identical++;
      else failures.add(`decoded to different data: ${input}`);
    }
  }
  const byKind = [...kinds].map(([k, c]) => `${k} ${n(c)}`).join(", ");
  return {
    probe: "links: one-character changes",
    runs,
    minimum: ONE_CHAR_CHANGES,
    passed: refused + identical,
    detail: `${n(links.length)} real links: ${n(refused)} refused (${byKind}), ${n(identical)} identical, ${n(failures.count)} different`,
    failures: failures.examples,
  };
}
