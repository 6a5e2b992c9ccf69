import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { deflateSync, strToU8 } from "fflate";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "./demo";
import { decodeShareLink, encodeShareFragment, SHARE_LIMITS, SHARE_VERSION, type SharePayload } from "./share-link";
import type { SubAccount } from "./schema";
import { bookOf } from "./test-books";
import { mutatedShareLinks, oneCharacterChanges, shareLink, validShareLinks } from "@/lib/test-support/share-link-fuzz";

const withoutIds = (subs: SubAccount[]) => subs.map(({ id: _id, positions, ...rest }) => ({ ...rest, positions: positions.map(({ id: _pid, ...p }) => p) }));

function link(payload: SharePayload): string {
  return `https://marginlab.example/#${encodeShareFragment(payload)}`;
}

const raw = (json: unknown) => {
  const bytes = deflateSync(strToU8(JSON.stringify(json)));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return `#s=1.${btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
};

describe("share links", () => {
  it("round-trips the whole demo workspace with the snapshot (ids are fresh on import)", () => {
    const r = decodeShareLink(link({ scope: "workspace", subAccounts: DEMO_WORKSPACE.subAccounts, snapshot: SAMPLE_SNAPSHOT, whatIf: null }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.payload.scope).toBe("workspace");
    expect(withoutIds(r.payload.subAccounts)).toEqual(withoutIds(DEMO_WORKSPACE.subAccounts));
    expect(r.payload.snapshot).toEqual(SAMPLE_SNAPSHOT);
    expect(r.payload.subAccounts[0]!.id).not.toBe(DEMO_WORKSPACE.subAccounts[0]!.id);
  });

  it("carries the sender's what-if settings, and rejects out-of-range ones with their path", () => {
    const whatIf = { spotMovePct: { BTC: -12.5, ETH: 3, SOL: 0 }, volShiftPts: 10, daysForward: 7, collateralVolMultiplier: 2 };
    const r = decodeShareLink(link({ scope: "sub-account", subAccounts: [bookOf(2)], snapshot: null, whatIf }));
    expect(r.ok && r.payload.whatIf).toEqual(whatIf);
    const bad = decodeShareLink(link({ scope: "sub-account", subAccounts: [bookOf(2)], snapshot: null, whatIf: { ...whatIf, daysForward: 9_999 } }));
    expect(!bad.ok && bad.error.path).toBe("whatIf.daysForward");
  });

  it("fits a 50-position sub-account in at most 2,000 characters (issue requirement)", () => {
    const url = link({ scope: "sub-account", subAccounts: [bookOf(50)], snapshot: null, whatIf: null });
    expect(url.length).toBeLessThanOrEqual(2_000);
    const r = decodeShareLink(url);
    expect(r.ok && withoutIds(r.payload.subAccounts)).toEqual(withoutIds([bookOf(50)]));
  });

  it("keeps user text as text: a name with HTML survives unchanged (rendering escapes it)", () => {
    const evil = { ...bookOf(1), name: "<img src=x onerror=alert(1)>" };
    const r = decodeShareLink(link({ scope: "sub-account", subAccounts: [evil], snapshot: null, whatIf: null }));
    expect(r.ok && r.payload.subAccounts[0]!.name).toBe("<img src=x onerror=alert(1)>");
  });

  it.each([
    ["", "empty"],
    ["https://x/#nothing-here", "corrupted"],
    ["https://x/#s=abc", "corrupted"],
    ["https://x/#s=1.!!!!", "corrupted"],
    ["https://x/#s=1.AAAA", "corrupted"],
    [`https://x/#s=${SHARE_VERSION + 1}.AAAA`, "unsupported-version"],
    ["https://x/#s=0.AAAA", "unsupported-version"],
    [`https://x/#s=1.${"A".repeat(SHARE_LIMITS.maxLinkChars)}`, "too-large"],
  ])("rejects %j as %s", (input, kind) => {
    const r = decodeShareLink(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe(kind);
  });

  it("rejects non-strings without throwing", () => {
    for (const x of [undefined, null, 42, {}, [], Symbol.iterator]) expect(decodeShareLink(x).ok).toBe(false);
  });

  it("names the invalid field with its path", () => {
    const base = { k: "a", s: [{ n: "x", m: 1, p: "deribit-standard", c: [[0, 100]], x: [[2, 0, -1, 10, null, "2026-12-25", -5, 1]] }] };
    const r = decodeShareLink(raw(base));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe("invalid-field");
      expect(r.error.path).toBe("subAccounts.0.positions.0.strike");
      expect(r.error.message).toContain("Strike must be greater than 0");
    }
    const notArray = decodeShareLink(raw({ k: "a", s: [{ ...base.s[0], x: "oops" }] }));
    expect(!notArray.ok && notArray.error.path).toBe("subAccounts.0.positions");
    const badSize = decodeShareLink(raw({ k: "a", s: [{ ...base.s[0], x: [[0, 0, 1e12, 10, null]] }] }));
    expect(!badSize.ok && badSize.error.path).toBe("subAccounts.0.positions.0.size");
  });

  // How long refusing the bomb takes: `npm run bench` (scripts/bench-share.ts) prints it.
  it("stops a compression bomb: data that unpacks past the limit is 'too large'", () => {
    const bomb = deflateSync(new Uint8Array(50_000_000), { level: 9 }); // 50 MB of zeros → ~49 KB
    let bin = "";
    for (const b of bomb) bin += String.fromCharCode(b);
    const url = `#s=1.${btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
    expect(url.length).toBeLessThan(SHARE_LIMITS.maxLinkChars);
    const r = decodeShareLink(url);
    expect(!r.ok && r.error.kind).toBe("too-large");
  });

  it("limits counts: more sub-accounts than allowed is 'too large'", () => {
    const s = Array.from({ length: SHARE_LIMITS.maxSubAccounts + 1 }, () => ({ n: "x", m: 1, p: "deribit-standard", c: [], x: [] }));
    const r = decodeShareLink(raw({ k: "w", s }));
    expect(!r.ok && r.error.kind).toBe("too-large");
  });
});

describe("share link integrity", () => {
  /** What a decoded link means to the trader: everything but the fresh ids. */
  const meaning = (r: ReturnType<typeof decodeShareLink>) => (r.ok ? { ...r.payload, subAccounts: withoutIds(r.payload.subAccounts) } : null);

  it("refuses, or decodes to identical data, every one-character change of every corpus link", () => {
    let refused = 0;
    let identical = 0;
    const changed: string[] = [];
    for (const original of validShareLinks()) {
      const expected = meaning(decodeShareLink(original));
      expect(expected).not.toBeNull();
      for (const input of oneCharacterChanges([original])) {
        const r = decodeShareLink(input);
        if (!r.ok) refused++;
        else if (JSON.stringify(meaning(r)) === JSON.stringify(expected)) identical++;
        else changed.push(input);
      }
    }
    expect(changed.length, `decoded to different data: ${changed.slice(0, 3).join("  ")}`).toBe(0);
    expect(refused).toBeGreaterThan(identical);
  }, 240_000); // seconds unloaded: this limit only catches a hang

  it("names a corrupted checksum as corruption (issue example: CgvjCBJC → CgvnCBJC on the demo link)", () => {
    const demo = shareLink({ scope: "workspace", subAccounts: DEMO_WORKSPACE.subAccounts, snapshot: null, whatIf: null });
    const i = demo.indexOf(".") + 12;
    const flipped = demo.slice(0, i) + (demo[i] === "A" ? "B" : "A") + demo.slice(i + 1);
    const r = decodeShareLink(flipped);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("corrupted");
  });

  it("still reads version 1 links (no checksum), saying they cannot be verified", () => {
    const v1 = raw({ k: "a", s: [{ n: "old", m: 1, p: "deribit-standard", c: [[0, 100]], x: [[0, 0, 1, 10, null]] }] });
    const r = decodeShareLink(v1);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.verified).toBe(false);
      expect(r.payload.subAccounts[0]!.name).toBe("old");
    }
    const current = decodeShareLink(link({ scope: "sub-account", subAccounts: [bookOf(2)], snapshot: null, whatIf: null }));
    expect(current.ok && current.verified).toBe(true);
  });
});

describe("share links: dates and the sender's snapshot are checked", () => {
  const sub = (expiry: string) => ({ k: "a", s: [{ n: "x", m: 1, p: "deribit-standard", c: [[0, 100]], x: [[1, 0, 1, 10, null, expiry]] }] });

  it.each(["2026-02-31", "0000-00-00", "2026-13-01", "2026-00-10", "2025-02-29"])("refuses the expiry %s: not a calendar date", (expiry) => {
    const r = decodeShareLink(raw(sub(expiry)));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.path).toBe("subAccounts.0.positions.0.expiry");
      expect(r.error.message).toContain("calendar date");
    }
  });

  it("accepts real dates, leap days included", () => {
    expect(decodeShareLink(raw(sub("2028-02-29"))).ok).toBe(true);
    expect(decodeShareLink(raw(sub("2026-12-25"))).ok).toBe(true);
  });

  type Snap = typeof SAMPLE_SNAPSHOT;
  const withSnapshot = (edit: (s: Snap) => void) => {
    const snap = structuredClone(SAMPLE_SNAPSHOT);
    edit(snap);
    return decodeShareLink(link({ scope: "sub-account", subAccounts: [bookOf(1)], snapshot: snap, whatIf: null }));
  };

  it.each<[string, (s: Snap) => void, string]>([
    ["spot 1e308", (s) => void (s.underlyings.BTC.spot = 1e308), "snapshot.underlyings.BTC.spot"],
    ["a denormal SVI sigma", (s) => void (s.underlyings.ETH.expiries[0]!.svi.sigma = 5e-324), "snapshot.underlyings.ETH.expiries.0.svi.sigma"],
    ["a denormal forward", (s) => void (s.underlyings.SOL.expiries[0]!.forward = 1e-310), "snapshot.underlyings.SOL.expiries.0.forward"],
    ["an SVI slope of 1e300", (s) => void (s.underlyings.BTC.expiries[0]!.svi.b = 1e300), "snapshot.underlyings.BTC.expiries.0.svi.b"],
    ["a funding rate of 1e200", (s) => void (s.underlyings.BTC.funding8h = 1e200), "snapshot.underlyings.BTC.funding8h"],
    ["a collateral price of 1e308", (s) => void (s.collateralPrices.USDC = 1e308), "snapshot.collateralPrices.USDC"],
  ])("refuses a sender's snapshot with %s, naming the field", (_name, edit, path) => {
    const r = withSnapshot(edit);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.path).toBe(path);
      expect(r.error.message.length).toBeGreaterThan(path.length + 25);
    }
  });

  it("accepts the sample snapshot unchanged", () => {
    expect(withSnapshot(() => {}).ok).toBe(true);
  });
});

describe("share link fuzz", () => {
  /** Decodes one link: a throw fails the test; the answer is a verdict either way. */
  function check(input: string) {
    const r = decodeShareLink(input);
    expect(typeof r.ok).toBe("boolean");
    if (r.ok) expect(r.payload.subAccounts.length).toBeGreaterThan(0);
  }

  const valid = validShareLinks();

  // Functional only: the decode times of this corpus (median, p99, slowest) are printed by
  // `npm run bench` (scripts/bench-share.ts), never asserted here.
  it("100,000 random, mutated and one-byte-changed links: no exception escapes", () => {
    let runs = 0;
    // 1. valid links with one character changed, at every position of the payload
    for (const input of oneCharacterChanges(valid.slice(0, 2))) {
      check(input);
      runs++;
    }
    // 2. fast-check mutations: truncations, insertions, deletions, and random strings
    const arbitrary = mutatedShareLinks(valid);
    const remaining = Math.max(0, 100_000 - runs);
    fc.assert(
      fc.property(arbitrary, (s) => {
        check(s);
      }),
      { numRuns: remaining },
    );
    runs += remaining;
    expect(runs).toBeGreaterThanOrEqual(100_000);
  }, 240_000); // about 5 s unloaded: this limit only catches a hang
});
