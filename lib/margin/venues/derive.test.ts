import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pm2CaseParams, pm2CaseSchema } from "@/tools/conformance/pm2-case";
import { SRM_FIXTURE_PARAMS } from "@/tools/conformance/srm-check";
import { DERIVE_PM2, DERIVE_STANDARD } from "./derive";

const FIXTURE = path.resolve(process.cwd(), "../shared/fixtures/derive-pm2/test_13_risk_cancelling_btc_covered_call.json");
const present = existsSync(FIXTURE);
if (!present) console.log(`skipped: fixtures not found at ${FIXTURE}`);

/** Every number of a plain object, by path. */
function numbers(x: unknown, p = ""): Record<string, number> {
  if (typeof x === "number") return { [p]: x };
  if (Array.isArray(x)) return Object.assign({}, ...x.map((v, i) => numbers(v, `${p}[${i}]`)));
  if (x && typeof x === "object") return Object.assign({}, ...Object.entries(x).map(([k, v]) => numbers(v, p ? `${p}.${k}` : k)));
  return {};
}

describe.skipIf(!present)("DERIVE_PM2 carries the PM2 fixtures' common parameter set", () => {
  it("equals the parameters of fixture test_13 (scenarios, vol/skew shocks, margin, basis and other contingencies)", () => {
    const fromFixture = pm2CaseParams(pm2CaseSchema.parse(JSON.parse(readFileSync(FIXTURE, "utf8"))));
    const a = numbers(DERIVE_PM2.grid);
    const b = numbers(fromFixture);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const k of Object.keys(b)) expect(Math.abs((a[k] as number) - (b[k] as number)), k).toBeLessThan(1e-12);
    expect(DERIVE_PM2.grid.scenarios.map((s) => `${s.kind}/${s.volShock}`)).toEqual(fromFixture.scenarios.map((s) => `${s.kind}/${s.volShock}`));
  });
});

describe("Derive rulebooks", () => {
  it("DERIVE_STANDARD carries the v2-core unit-test parameters the SRM fixtures were generated with (notes say so)", () => {
    expect(DERIVE_STANDARD.srm).toEqual(SRM_FIXTURE_PARAMS);
    expect(DERIVE_STANDARD.notes[0]).toMatch(/unit tests/);
  });

  it("standard (cross) and PM2 (portfolio) are each other's counterpart; PM2 takes Deribit-style haircuts (assumption, named)", () => {
    expect(DERIVE_STANDARD).toMatchObject({ venue: "Derive", modes: ["cross"], counterpartId: DERIVE_PM2.id });
    expect(DERIVE_PM2).toMatchObject({ venue: "Derive", modes: ["portfolio"], counterpartId: DERIVE_STANDARD.id, haircutsFrom: "deribit-standard" });
    expect(DERIVE_PM2.notes.some((n) => /Deribit-style standard haircuts are used \(an assumption\)/.test(n))).toBe(true);
  });
});
