import { describe, expect, it } from "vitest";
import { buf as crc32 } from "crc-32";
import { deflateSync, strToU8 } from "fflate";
import { decodeShareLink, encodeShareFragment, SHARE_LIMITS } from "./share-link";
import { describeScenario, mergeSavedScenarios } from "./share-link-scenarios";
import { MAX_SAVED_SCENARIOS, NO_WHAT_IF, type SavedScenario } from "./schema";
import { bookOf } from "./test-books";

const crash: SavedScenario = { name: "crash", whatIf: { spotMovePct: { BTC: -30, ETH: -35, SOL: -40 }, volShiftPts: 20, daysForward: 1, collateralVolMultiplier: 1 } };
const grind: SavedScenario = { name: "slow grind", whatIf: { ...NO_WHAT_IF, spotMovePct: { BTC: 5, ETH: 5, SOL: 5 }, daysForward: 30 } };

/** A version-2 link made by hand: CRC-32 (big-endian) of the JSON bytes + deflate(JSON); `checksumOf` forges the CRC of other JSON. */
function v2(json: unknown, checksumOf: unknown = json): string {
  const bytes = strToU8(JSON.stringify(json));
  const packed = deflateSync(bytes);
  const data = new Uint8Array(4 + packed.length);
  new DataView(data.buffer).setUint32(0, crc32(strToU8(JSON.stringify(checksumOf))) >>> 0);
  data.set(packed, 4);
  let bin = "";
  for (const b of data) bin += String.fromCharCode(b);
  return `#s=2.${btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}
/** The compact form of bookOf(1) as the encoder writes it (read back from a link it made). */
const compactSub = () => {
  const link = encodeShareFragment({ scope: "sub-account", subAccounts: [bookOf(1)], snapshot: null, whatIf: null });
  expect(link.startsWith("s=2.")).toBe(true);
  return link;
};

describe("share links: saved scenarios", () => {
  it("round-trips saved scenarios (names and settings), verified by the checksum", () => {
    const r = decodeShareLink(`#${encodeShareFragment({ scope: "sub-account", subAccounts: [bookOf(2)], snapshot: null, whatIf: null, scenarios: [crash, grind] })}`);
    expect(r.ok && r.verified).toBe(true);
    expect(r.ok && r.payload.scenarios).toEqual([crash, grind]);
  });

  it("a version-2 link without scenarios still decodes, with none", () => {
    expect(compactSub()).toMatch(/^s=2\./);
    const made = decodeShareLink(`#${compactSub()}`);
    expect(made.ok && made.payload.scenarios).toEqual([]);
    // Written by hand as a link made before scenarios existed: {k, s} only.
    const old = decodeShareLink(v2({ k: "a", s: [{ n: "Old", m: 1, p: "deribit-standard", c: [[0, 1000]], x: [] }] }));
    expect(old.ok).toBe(true);
    expect(old.ok && old.payload.scenarios).toEqual([]);
    expect(old.ok && old.payload.subAccounts[0]!.name).toBe("Old");
  });

  it("the checksum covers the scenarios: a link whose JSON changed in a scenario is refused", () => {
    const json = { k: "a", s: [{ n: "A", m: 1, p: "deribit-standard", c: [[0, 1000]], x: [] }], v: [["crash", crash.whatIf]] };
    const good = v2(json);
    expect(decodeShareLink(good).ok).toBe(true);
    // The data changed (vol shift 20 → 21) after the checksum was made over the original.
    const tampered = decodeShareLink(v2({ ...json, v: [["crash", { ...crash.whatIf, volShiftPts: 21 }]] }, json));
    expect(!tampered.ok && tampered.error.message).toContain("checksum does not match");
  });

  it("refuses more scenarios than the limit, and an invalid one with its path", () => {
    const many = Array.from({ length: SHARE_LIMITS.maxScenarios + 1 }, (_, i) => [`s${i}`, NO_WHAT_IF]);
    const big = decodeShareLink(v2({ k: "a", s: [{ n: "A", m: 1, p: "deribit-standard", c: [], x: [] }], v: many }));
    expect(!big.ok && big.error.kind).toBe("too-large");
    const bad = decodeShareLink(
      v2({
        k: "a",
        s: [{ n: "A", m: 1, p: "deribit-standard", c: [], x: [] }],
        v: [
          ["ok", NO_WHAT_IF],
          ["far", { ...NO_WHAT_IF, daysForward: 9_999 }],
        ],
      }),
    );
    expect(!bad.ok && bad.error.path).toBe("scenarios.1.whatIf.daysForward");
    const unnamed = decodeShareLink(v2({ k: "a", s: [{ n: "A", m: 1, p: "deribit-standard", c: [], x: [] }], v: [["  ", NO_WHAT_IF]] }));
    expect(!unnamed.ok && unnamed.error.path).toBe("scenarios.0.name");
  });
});

describe("merging shared scenarios into the recipient's", () => {
  it("adds new ones, skips identical ones, renames a different one whose name is taken", () => {
    const mine: SavedScenario = { name: "crash", whatIf: NO_WHAT_IF };
    const m = mergeSavedScenarios([mine, grind], [crash, grind]);
    expect(m.duplicates).toEqual(["slow grind"]);
    expect(m.renamed).toEqual([["crash", "crash (shared)"]]);
    expect(m.merged.map((x) => x.name)).toEqual(["crash", "slow grind", "crash (shared)"]);
    expect(m.merged[2]!.whatIf).toEqual(crash.whatIf);
    expect(m.merged[0]).toBe(mine);
  });
  it("never goes past the list's limit: the rest are left out and named", () => {
    const full = Array.from({ length: MAX_SAVED_SCENARIOS - 1 }, (_, i): SavedScenario => ({ name: `mine ${i}`, whatIf: NO_WHAT_IF }));
    const m = mergeSavedScenarios(full, [crash, grind]);
    expect(m.added).toEqual(["crash"]);
    expect(m.leftOut).toEqual(["slow grind"]);
    expect(m.merged).toHaveLength(MAX_SAVED_SCENARIOS);
  });
});

describe("a scenario in one line", () => {
  it("names what moves and leaves out what does not", () => {
    expect(describeScenario(crash.whatIf)).toBe("BTC −30 %, ETH −35 %, SOL −40 %, vol +20 pts, 1 d forward");
    expect(describeScenario(NO_WHAT_IF)).toBe("no move");
  });
});
