import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pm2CaseProfile, pm2CaseSchema } from "@/tools/conformance/pm2-case";
import { validateProfile } from "@/lib/margin/models/pm/engine";
import { DERIBIT_STYLE_PM, DERIVE_PM2, PM_PROFILES, getPmProfile } from "./pm-profiles";

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

describe("PM profiles are valid plain data", () => {
  it("every profile passes validation and is found by id", () => {
    for (const p of PM_PROFILES) {
      expect(validateProfile(p)).toBeNull();
      expect(getPmProfile(p.id)).toBe(p);
      expect(p.version.length).toBeGreaterThan(0);
      expect(p.sources.length).toBeGreaterThan(0);
    }
  });

  it("Deribit-style: ±16 % in 9 evenly spaced points × up/none/down, extended table with vol up only, labelled as modeled", () => {
    const regular = DERIBIT_STYLE_PM.scenarios.filter((s) => s.kind === "regular");
    const tail = DERIBIT_STYLE_PM.scenarios.filter((s) => s.kind === "tail");
    expect(regular).toHaveLength(27);
    expect([...new Set(regular.map((s) => Math.round((s.spotShock - 1) * 100)))]).toEqual([-16, -12, -8, -4, 0, 4, 8, 12, 16]);
    expect(tail.map((s) => Math.round((s.spotShock - 1) * 100))).toEqual([-66, -33, 50, 100, 200, 300, 400, 500]);
    expect(tail.every((s) => s.volShock === "up" && s.dampening < 1)).toBe(true);
    // margin-models.md §2.3: vol up max(σ(1 + 0.5·m), 0.5), vol down σ(1 − 0.25·m), p = 0.30 / 0.13
    expect(DERIBIT_STYLE_PM.volShock).toMatchObject({ rangeUp: 0.5, rangeDown: 0.25, shortTermPower: 0.3, longTermPower: 0.13, pivotDays: 30, minVolUp: 0.5 });
    expect(DERIBIT_STYLE_PM.notes[0]).toMatch(/^Modeled on published methodology \(support\.deribit\.com Portfolio margin\), as of \d{4}-\d{2}-\d{2}/);
  });
});

describe.skipIf(!present)("DERIVE_PM2 carries the PM2 fixtures' common parameter set", () => {
  it("equals the parameters of fixture test_13 (scenarios, vol/skew shocks, margin, basis and other contingencies)", () => {
    const fromFixture = pm2CaseProfile(pm2CaseSchema.parse(JSON.parse(readFileSync(FIXTURE, "utf8"))));
    const a = numbers({ ...DERIVE_PM2, id: 0, name: 0, version: 0, asOf: 0, sources: 0, notes: 0 });
    const b = numbers({ ...fromFixture, id: 0, name: 0, version: 0, asOf: 0, sources: 0, notes: 0 });
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const k of Object.keys(b)) expect(Math.abs((a[k] as number) - (b[k] as number)), k).toBeLessThan(1e-12);
    expect(DERIVE_PM2.scenarios.map((s) => `${s.kind}/${s.volShock}`)).toEqual(fromFixture.scenarios.map((s) => `${s.kind}/${s.volShock}`));
  });
});
