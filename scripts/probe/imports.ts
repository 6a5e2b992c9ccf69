import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { ECHO_LIMITS, noticeLines } from "@/lib/security/echo";
import { importErrorText, refusedRowLines } from "@/lib/security/venue-import-notice";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import { listedExpiriesOf } from "@/lib/workspace/import-export";
import { csvToPositions, positionsToCsv } from "@/lib/workspace/positions-csv";
import { parseVenueImport } from "@/lib/workspace/venue-import/venue-import";
import { exportWorkspace, importWorkspace } from "@/lib/workspace/workspace-file";
import { Failures, n, type ProbeResult } from "./result";

/**
 * Import files through the app's own parsers, as the app reads them (Blob.text(): UTF-8, a BOM
 * dropped, bad bytes as U+FFFD): the workspace JSON and positions CSV of the toolbar
 * (components/workspace/workspace-toolbar.tsx, whose notice caps echoed text with noticeLines) and
 * the venue position exports of the trade ticket (components/ticket/import-panel.tsx, which shows
 * the parser's error, or each refused row as "line N (name): reason", both capped by
 * lib/security/venue-import-notice.ts). Valid and malformed files,
 * oversized headers and cells, BOMs and wrong encodings: every file must be read or refused
 * without a throw, valid ones accepted, malformed ones refused, and the text the user is shown
 * bounded (ECHO_BOUND characters; issue 9, finding 8).
 */

export const IMPORT_FILES = 38;
/** What a notice may echo in all: maxLines lines of maxLineChars, their "Line N: " prefixes, and a title (lib/security/echo.test.ts). */
export const ECHO_BOUND = ECHO_LIMITS.maxLines * (ECHO_LIMITS.maxLineChars + 40) + 100;

type Route = "workspace-json" | "positions-csv" | "venue";
interface ImportFile {
  name: string;
  route: Route;
  bytes: Uint8Array;
  expect: "accept" | "refuse";
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const utf8 = (s: string) => new TextEncoder().encode(s);
const utf16le = (s: string, bom = true) => {
  const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[(bom ? 2 : 0) + 2 * i] = c & 0xff;
    out[(bom ? 2 : 0) + 2 * i + 1] = c >> 8;
  }
  return out;
};
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const withBom = (s: string) => utf8(`\uFEFF${s}`);

function files(): ImportFile[] {
  const csv = positionsToCsv(DEMO_WORKSPACE.subAccounts[0]!.positions);
  const ws = exportWorkspace(DEMO_WORKSPACE, new Date("2026-11-20T00:00:00Z"));
  const header = "kind,underlying,expiry,strike,option_type,size,entry_price,isolated_margin";
  const fixture = (f: string) => readFileSync(path.join(ROOT, "e2e/fixtures", f));
  const deribit = fixture("deribit-positions.json").toString("utf8");
  const f: ImportFile[] = [];
  const add = (name: string, route: Route, content: string | Uint8Array, expect: "accept" | "refuse") => f.push({ name, route, bytes: typeof content === "string" ? utf8(content) : content, expect });

  // positions CSV (toolbar)
  add("positions.csv (export of the demo)", "positions-csv", csv, "accept");
  add("positions.csv with a BOM", "positions-csv", withBom(csv), "accept");
  add("positions.csv with CRLF lines", "positions-csv", csv.replace(/\n/g, "\r\n"), "accept");
  add("positions.csv in UTF-16LE", "positions-csv", utf16le(csv), "refuse");
  add("positions.csv in Latin-1 with é in a cell", "positions-csv", latin1(`${header}\nperp,BTC,,,,1,90000,caf\u00e9\n`), "refuse");
  add("positions.csv with a 4.7 MB header", "positions-csv", `kind,${"x".repeat(4_700_000)}\nperp,BTC,,,,1,90000,\n`, "refuse");
  add("positions.csv of 6 MB", "positions-csv", `${header}\n${"perp,BTC,,,,1,90000,\n".repeat(300_000)}`, "refuse");
  add("positions.csv with a 1 MB cell", "positions-csv", `${header}\nperp,BTC,,,,${"9".repeat(1_000_000)},90000,\n`, "refuse");
  add("positions.csv with 1,001 rows", "positions-csv", `${header}\n${"perp,BTC,,,,1,90000,\n".repeat(1_001)}`, "refuse");
  add("positions.csv with 1,000 bad rows", "positions-csv", `${header}\n${"perp,BTC,,,,zero,90000,\n".repeat(1_000)}`, "refuse");
  add("positions.csv, empty", "positions-csv", "", "refuse");
  add("positions.csv, header only", "positions-csv", `${header}\n`, "refuse");
  add("positions.csv with unknown and missing columns", "positions-csv", "kind,foo,bar\nperp,1,2\n", "refuse");
  add("positions.csv with NaN, Infinity, 1e400 and 1,500", "positions-csv", `${header}\nperp,BTC,,,,NaN,90000,\nperp,BTC,,,,Infinity,90000,\nperp,BTC,,,,1e400,90000,\nperp,BTC,,,,"1,500",90000,\n`, "refuse");
  add("positions.csv with formulas", "positions-csv", `${header}\n=cmd|' /C calc'!A0,BTC,,,,1,90000,\n`, "refuse");
  add("positions.csv with an unterminated quote", "positions-csv", `${header}\n"perp,BTC,,,,1,90000,\n`, "refuse");
  add("positions.csv with NUL bytes", "positions-csv", `${header}\nperp\u0000,BTC,,,,1,90000,\n`, "refuse");
  add("positions.csv with ragged rows", "positions-csv", `${header}\nperp,BTC,,,,1\nperp,BTC,,,,1,90000,,,,,\n`, "refuse");
  add("positions.csv with a 31 Feb expiry", "positions-csv", `${header}\nfuture,BTC,2026-02-31,,,1,90000,\n`, "refuse");
  add(
    "positions.csv that is binary",
    "positions-csv",
    Uint8Array.from({ length: 50_000 }, (_, i) => (i * 2654435761) >>> 24),
    "refuse",
  );

  // workspace JSON (toolbar)
  add("workspace.json (export of the demo)", "workspace-json", ws, "accept");
  add("workspace.json with a BOM", "workspace-json", withBom(ws), "accept");
  add("workspace.json in UTF-16LE", "workspace-json", utf16le(ws), "refuse");
  add("workspace.json truncated", "workspace-json", ws.slice(0, Math.floor(ws.length / 2)), "refuse");
  add("workspace.json of a newer version", "workspace-json", ws.replace('"version": 1', '"version": 99'), "refuse");
  add("workspace.json of another format", "workspace-json", ws.replace('"marginlab-workspace"', '"something-else"'), "refuse");
  add(
    "workspace.json with __proto__ and constructor keys",
    "workspace-json",
    ws.replace('"workspace": {', '"__proto__": { "polluted": 1 }, "constructor": { "prototype": { "polluted": 1 } }, "workspace": { "__proto__": { "polluted": 1 },'),
    "accept",
  );
  add("workspace.json with a 4 MB sub-account name", "workspace-json", ws.replace('"Hedged options book"', JSON.stringify("N".repeat(4_000_000))), "refuse");
  add("workspace.json with a 4 MB unknown key", "workspace-json", ws.replace('"mode": "cross"', `${JSON.stringify("k".repeat(4_000_000))}: 1, "mode": "cross"`), "accept");
  add("workspace.json with a 4 MB kind", "workspace-json", ws.replace('"kind": "perp"', `"kind": ${JSON.stringify("p".repeat(4_000_000))}`), "refuse");
  add("workspace.json nested 100,000 deep", "workspace-json", `${"[".repeat(100_000)}${"]".repeat(100_000)}`, "refuse");
  add("workspace.json of 25 MB", "workspace-json", `{"pad":"${"x".repeat(25_000_000)}"}`, "refuse");
  add(
    "workspace.json with 1,000 invalid positions",
    "workspace-json",
    ws.replace(/"positions": \[/, `"positions": [${Array.from({ length: 1_000 }, (_, i) => `{"id":"b${i}","kind":"perp","underlying":"BTC","size":0,"entryPrice":-1}`).join(",")},`),
    "refuse",
  );
  add("workspace.json with an unlisted expiry", "workspace-json", ws.replace(/"2026-12-25"/, '"2031-06-27"'), "refuse");
  add(
    "workspace.json that is binary",
    "workspace-json",
    Uint8Array.from({ length: 50_000 }, (_, i) => (i * 40503) & 0xff),
    "refuse",
  );

  // venue exports (trade ticket)
  for (const name of ["deribit-positions.json", "okx-positions.json", "bybit-positions.json", "deribit-positions.csv", "okx-positions.csv", "bybit-positions.csv", "paste-list.txt"])
    add(`fixture ${name}`, "venue", fixture(name), "accept");
  add("deribit-positions.json with a BOM", "venue", withBom(deribit), "accept");
  add("deribit-positions.json in UTF-16LE", "venue", utf16le(deribit), "refuse");
  add("deribit-positions.json truncated", "venue", deribit.slice(0, 300), "refuse");
  add("deribit-positions.json with a 4.7 MB instrument name", "venue", deribit.replace('"BTC-PERPETUAL"', JSON.stringify(`BTC-${"X".repeat(4_700_000)}`)), "refuse");
  add(
    "deribit JSON with 1,000 rows of 4 KB unknown names",
    "venue",
    JSON.stringify({ result: Array.from({ length: 1_000 }, () => ({ instrument_name: "Z".repeat(4_000), kind: "future", direction: "buy", size: 1, average_price: 1 })) }),
    "refuse",
  );
  add("okx CSV with a 4.7 MB header", "venue", `instId,${"h".repeat(4_700_000)}\nBTC-USDT-SWAP,1\n`, "refuse");
  add("bybit JSON with a 2 MB side", "venue", JSON.stringify({ retCode: 0, result: { list: [{ symbol: "BTCUSDT", side: "B".repeat(2_000_000), size: "1", avgPrice: "90000" }] } }), "refuse");
  add("pasted list with a 4.9 MB line", "venue", `${"Q".repeat(4_900_000)} 1\n`, "refuse");
  add("pasted list of 1,001 lines", "venue", "BTC-PERPETUAL 1\n".repeat(1_001), "refuse");
  add(
    "venue file that is binary",
    "venue",
    Uint8Array.from({ length: 50_000 }, (_, i) => (i * 2246822519) >>> 24),
    "refuse",
  );
  add("venue file, empty", "venue", "", "refuse");
  return f;
}

/** What the user is shown for one file, as the component renders it. */
function shown(file: ImportFile, text: string): { accepted: boolean; lines: string[] } {
  const listed = listedExpiriesOf(SAMPLE_SNAPSHOT);
  if (file.route === "workspace-json") {
    const r = importWorkspace(text, listed);
    return r.ok ? { accepted: true, lines: [] } : { accepted: false, lines: noticeLines([r.error, ...(r.details ?? [])]) };
  }
  if (file.route === "positions-csv") {
    const r = csvToPositions(text, listed);
    return r.ok ? { accepted: true, lines: [] } : { accepted: false, lines: noticeLines(r.errors.map((e) => `Line ${e.line}: ${e.reason}`)) };
  }
  const r = parseVenueImport(text, SAMPLE_SNAPSHOT, { venue: null });
  if (!r.ok) return { accepted: false, lines: [importErrorText(r.error)] };
  // The venue fixtures mix importable rows with rows refused on purpose (XRP, unlisted expiries): a
  // file is "accepted" when some rows are read, and a malformed one must refuse something.
  const lines = refusedRowLines(r.errors);
  return { accepted: file.expect === "accept" ? r.rows.length > 0 : r.errors.length === 0, lines };
}

export function probeImports(): ProbeResult {
  const failures = new Failures();
  let passed = 0;
  let accepted = 0;
  let refused = 0;
  let longest = { chars: 0, name: "" };
  const all = files();
  for (const file of all) {
    const text = new TextDecoder("utf-8").decode(file.bytes); // Blob.text()
    let s: { accepted: boolean; lines: string[] };
    try {
      s = shown(file, text);
    } catch (e) {
      failures.add(`${file.name}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      continue;
    }
    const chars = s.lines.reduce((k, l) => k + l.length, 0);
    if (chars > longest.chars) longest = { chars, name: file.name };
    if (s.accepted) accepted++;
    else refused++;
    const problems: string[] = [];
    if (s.accepted !== (file.expect === "accept")) problems.push(s.accepted ? "accepted a malformed file" : `refused a valid file: ${s.lines.slice(0, 2).join(" | ")}`);
    if (!s.accepted && s.lines.length === 0) problems.push("refused without a reason");
    if (chars > ECHO_BOUND) problems.push(`shows ${n(chars)} characters (bound ${n(ECHO_BOUND)}) in ${n(s.lines.length)} lines`);
    if (({} as Record<string, unknown>).polluted !== undefined) problems.push("Object.prototype was polluted");
    if (problems.length) failures.add(`[${file.route}] ${file.name}: ${problems.join("; ")}`);
    else passed++;
  }
  return {
    probe: "import files",
    runs: all.length,
    minimum: IMPORT_FILES,
    passed,
    detail: `${n(accepted)} accepted, ${n(refused)} refused, ${n(failures.count)} failing; longest message shown ${n(longest.chars)} chars (${longest.name}; bound ${n(ECHO_BOUND)})`,
    failures: failures.examples,
  };
}
