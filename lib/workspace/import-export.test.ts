import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEMO_WORKSPACE } from "./demo";
import { exportWorkspace, importWorkspace } from "./workspace-file";
import { csvToPositions, positionsToCsv } from "./positions-csv";
import { positionSchema } from "./schema";
import { bookOf } from "./test-books";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { expiryProblem, listedExpiriesOf, nearestListed } from "./import-export";

describe("workspace JSON export / import", () => {
  it("round-trips the demo workspace exactly", () => {
    const r = importWorkspace(exportWorkspace(DEMO_WORKSPACE));
    expect(r).toEqual({ ok: true, workspace: DEMO_WORKSPACE });
  });

  it("round-trips a large workspace exactly, including isolated allocations", () => {
    const ws = { subAccounts: [bookOf(200), { ...bookOf(5), id: "iso", mode: "isolated" as const, positions: bookOf(5).positions.map((p) => ({ ...p, isolatedMargin: 1234.5 })) }] };
    expect(importWorkspace(exportWorkspace(ws))).toEqual({ ok: true, workspace: ws });
  });

  it.each([
    ["{", "not valid JSON"],
    [JSON.stringify({ hello: 1 }), "Not a MarginLab workspace file"],
    [JSON.stringify({ format: "marginlab-workspace", version: 99, workspace: {} }), "newer version"],
    [JSON.stringify({ format: "marginlab-workspace", version: 1, workspace: { subAccounts: [{ ...DEMO_WORKSPACE.subAccounts[0], mode: "yolo" }] } }), "sub-account 1: margin mode must be isolated, cross or portfolio"],
    [JSON.stringify({ format: "marginlab-workspace", version: 1, workspace: { subAccounts: [DEMO_WORKSPACE.subAccounts[0], DEMO_WORKSPACE.subAccounts[0]] } }), "two sub-accounts share the id"],
  ])("rejects a bad file with a reason (%#)", (text, reason) => {
    const r = importWorkspace(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(reason);
  });
});

describe("positions CSV", () => {
  it("round-trips positions through the documented columns", () => {
    const book = bookOf(40).positions;
    const csv = positionsToCsv(book);
    expect(csv.split(/\r?\n/)[0]).toBe("kind,underlying,expiry,strike,option_type,size,entry_price,isolated_margin");
    const r = csvToPositions(csv);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.positions).toEqual(book.map(({ id: _id, ...p }) => p));
  });

  it("accepts columns in any order, upper case, C/P and thousands separators", () => {
    const csv = 'SIZE,Kind,underlying,expiry,strike,option_type,entry_price\n-2,option,btc,2026-12-25,"110,000",C,"1,500.5"\n1,perp,ETH,,,,3400\n';
    expect(csvToPositions(csv)).toEqual({
      ok: true,
      positions: [
        { kind: "option", underlying: "BTC", expiry: "2026-12-25", strike: 110_000, optionType: "call", size: -2, entryPrice: 1500.5 },
        { kind: "perp", underlying: "ETH", size: 1, entryPrice: 3400 },
      ],
    });
  });

  it("reports every bad row by line number and reason, and applies nothing", () => {
    const csv = [
      "kind,underlying,expiry,strike,option_type,size,entry_price",
      "perp,BTC,,,,1,95000", // line 2: fine
      "option,BTC,2026-12-25,-5,call,1,100", // line 3: negative strike
      "swap,BTC,,,,1,1", // line 4: unknown kind
      "future,ETH,26/03/2027,,,1,3500", // line 5: bad date
      "option,SOL,2026-12-25,200,maybe,abc,1", // line 6: bad type and size
      "perp,DOGE,,,,1,0", // line 7: unknown underlying and zero price
    ].join("\n");
    const r = csvToPositions(csv);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byLine = (n: number) =>
      r.errors
        .filter((e) => e.line === n)
        .map((e) => e.reason)
        .join(" | ");
    expect(byLine(2)).toBe("");
    expect(byLine(3)).toContain("strike: Strike must be greater than 0");
    expect(byLine(4)).toContain("kind");
    expect(byLine(5)).toContain("expiry must be a date");
    expect(byLine(6)).toContain("size:");
    expect(byLine(7)).toContain("entry_price: Price must be greater than 0");
  });

  it.each([
    ["", "header row is required"],
    ["kind,underlying\nperp,BTC", "missing column(s): size, entry_price"],
    ["kind,underlying,size,entry_price,colour\nperp,BTC,1,1,red", "unknown column(s): colour"],
    ["kind,underlying,size,entry_price", "only a header"],
  ])("rejects %j", (csv, reason) => {
    const r = csvToPositions(csv);
    expect(!r.ok && r.errors.map((e) => e.reason).join(" ")).toContain(reason);
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = csvToPositions(`kind,underlying,size,entry_price\n${s}`);
        return typeof r.ok === "boolean";
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("positions CSV, hostile and messy files", () => {
  it("reports the real line number when blank lines come first", () => {
    const csv = "kind,underlying,size,entry_price\n\n\nperp,BTC,1,95000\n\nperp,BTC,0,95000\n";
    const r = csvToPositions(csv);
    expect(!r.ok && r.errors.map((e) => e.line)).toEqual([6]);
  });

  it("cannot carry a spreadsheet formula: text fields are enums or dates, checked on every way in", () => {
    const hostile = { kind: "future", underlying: "BTC", expiry: '=HYPERLINK("http://evil","x")', size: 1, entryPrice: 1, id: "x" };
    expect(positionSchema.safeParse(hostile).success).toBe(false);
    const r = importWorkspace(JSON.stringify({ format: "marginlab-workspace", version: 1, workspace: { subAccounts: [{ id: "a", name: "a", mode: "cross", profileId: "p", collateral: [], positions: [hostile] }] } }));
    expect(!r.ok && r.error).toContain("Expiry must be a date");
    // numbers stay numbers (a short's "-1" is not escaped as if it were a formula)
    expect(positionsToCsv([{ id: "x", kind: "perp", underlying: "BTC", size: -1, entryPrice: 95_000 }]).split(/\r?\n/)[1]).toBe("perp,BTC,,,,-1,95000,");
  });

  it("rejects duplicate collateral assets and duplicate position ids with their path", () => {
    const base = DEMO_WORKSPACE.subAccounts[0]!;
    const dupAsset = importWorkspace(exportWorkspace({ subAccounts: [{ ...base, collateral: [...base.collateral, { asset: "USDC", amount: 1 }] }] }));
    expect(!dupAsset.ok && dupAsset.error).toContain("Duplicate collateral asset USDC");
    const dupId = importWorkspace(exportWorkspace({ subAccounts: [{ ...base, positions: [base.positions[0]!, base.positions[0]!] }] }));
    expect(!dupId.ok && dupId.error).toContain("sub-account 1, position 2: Duplicate position id");
  });
});

describe("errors in a trader's words, never library jargon", () => {
  const base = DEMO_WORKSPACE.subAccounts[0]!;
  const file = (sub: unknown) => JSON.stringify({ format: "marginlab-workspace", version: 1, workspace: { subAccounts: [sub] } });
  it.each([
    [{ ...base, positions: [{ ...base.positions[0], kind: "swap" }] }, "sub-account 1, position 1: kind must be perp, future or option"],
    [{ ...base, positions: [{ ...base.positions[0], underlying: "DOGE" }] }, "sub-account 1, position 1: underlying must be BTC, ETH or SOL"],
    [{ ...base, collateral: [{ asset: "XRP", amount: 1 }] }, "collateral asset must be USDC, USDT, BTC, ETH, SOL or wstETH"],
    [{ ...base, id: undefined }, "sub-account 1: id is missing"],
  ])("%#", (sub, text) => {
    const r = importWorkspace(file(sub));
    expect(!r.ok && r.error).toContain(text);
    expect(!r.ok && r.error).not.toMatch(/discriminator|Invalid option|Invalid input|subAccounts\.0/);
  });
});

describe("imports refuse expiries the market data does not list", () => {
  // The sample snapshot (lib/market/sample-snapshot.ts) is dated 2026-11-20 and lists 2026-11-21, 11-27,
  // 12-04, 12-25, 2027-01-29, 03-26 and 05-28 for every underlying.
  const listed = listedExpiriesOf(SAMPLE_SNAPSHOT);

  it("names the two listed expiries nearest to the one given", () => {
    expect(nearestListed("2026-12-20", listed.byUnderlying.BTC)).toEqual(["2026-12-04", "2026-12-25"]);
    expect(nearestListed("2026-01-01", listed.byUnderlying.BTC)).toEqual(["2026-11-21", "2026-11-27"]);
    expect(expiryProblem({ kind: "perp", underlying: "BTC" }, listed)).toBeNull();
    expect(expiryProblem({ kind: "future", underlying: "BTC", expiry: "2026-12-25" }, listed)).toBeNull();
  });

  it("CSV: every unlisted or past expiry is refused on its own line, with the nearest listed expiries; nothing is applied", () => {
    const csv = [
      "kind,underlying,expiry,strike,option_type,size,entry_price",
      "option,BTC,2026-12-25,110000,call,-1,1500", // line 2: listed
      "option,BTC,2026-12-20,110000,call,-1,1500", // line 3: not listed
      "future,ETH,2026-11-01,,,1,3500", // line 4: past
      "perp,SOL,,,,10,150", // line 5: perps have no expiry
    ].join("\n");
    const r = csvToPositions(csv, listed);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { line: 3, reason: "expiry 2026-12-20 is not listed for BTC in the market data of 2026-11-20; nearest listed: 2026-12-04, 2026-12-25" },
      { line: 4, reason: "expiry 2026-11-01 is in the past (market data of 2026-11-20); nearest listed: 2026-11-21, 2026-11-27" },
    ]);
    // Without the unlisted rows the same file imports.
    expect(
      csvToPositions(
        csv
          .split("\n")
          .filter((_, i) => i !== 2 && i !== 3)
          .join("\n"),
        listed,
      ).ok,
    ).toBe(true);
  });

  it("JSON: a workspace naming an unlisted expiry is refused, each such position named", () => {
    const base = DEMO_WORKSPACE.subAccounts[0]!;
    const bad = { ...base, positions: [...base.positions, { id: "late", kind: "future" as const, underlying: "BTC" as const, expiry: "2027-02-05", size: 1, entryPrice: 95_000 }] };
    const r = importWorkspace(exportWorkspace({ subAccounts: [bad] }), listed);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.details).toEqual([
      `Sub-account "${base.name}", position ${bad.positions.length} (BTC-5FEB27): expiry 2027-02-05 is not listed for BTC in the market data of 2026-11-20; nearest listed: 2026-12-25, 2027-01-29`,
    ]);
    expect(importWorkspace(exportWorkspace(DEMO_WORKSPACE), listed).ok).toBe(true);
  });
});
