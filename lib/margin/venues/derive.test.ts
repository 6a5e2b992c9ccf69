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
  it("DERIVE_STANDARD carries the live parameters, not the unit-test ones (those stay in tools/conformance)", () => {
    expect(DERIVE_STANDARD.srm).not.toEqual(SRM_FIXTURE_PARAMS);
    const { ETH, BTC, SOL } = DERIVE_STANDARD.srm.markets;
    // docs.derive.xyz/standard-margin-parameters.md: PERP_REQ_MM / PERP_REQ_IM BTC/ETH 0.05 / 0.066, SOL 0.067 / 0.077
    expect(ETH?.perp).toEqual({ mmRate: 0.05, imRate: 0.066 });
    expect(BTC?.perp).toEqual({ mmRate: 0.05, imRate: 0.066 });
    expect(SOL?.perp).toEqual({ mmRate: 0.067, imRate: 0.077 });
    // docs.derive.xyz/docs/standard-manager-parameters: BASE_DISCOUNT ETH 0.8 / BTC 0.75, BASE_DISCOUNT_SCALE 0.9375 / 0.93, SOL NA
    expect(ETH?.base).toEqual({ marginFactor: 0.8, imScale: 0.9375 });
    expect(BTC?.base).toEqual({ marginFactor: 0.75, imScale: 0.93 });
    expect(SOL?.base.marginFactor).toBe(0);
    // v2-core scripts/config-mainnet.sol getSRMParams / getSRMDepegParams; threshold 0.55 also on Derive's Common Parameters page
    expect(ETH?.option).toEqual({ maxSpotReq: 0.15, minSpotReq: 0.13, mmCallSpotReq: 0.09, mmPutSpotReq: 0.09, mmPutMtmReq: 0.09, unpairedImScale: 1.2, unpairedMmScale: 1.1, mmOffsetScale: 1.05 });
    expect(ETH?.oracle).toEqual({ perpThreshold: 0.55, optionThreshold: 0.55, baseThreshold: 0.55, factor: 1 });
    expect(DERIVE_STANDARD.srm.depeg).toEqual({ threshold: 0.99, factor: 2 });
    expect(DERIVE_STANDARD.sources.some((s) => s.startsWith("https://docs.derive.xyz/standard-margin-parameters.md"))).toBe(true);
  });

  it("the conformance adapter keeps v2-core's unit-test parameters (perp IM 0.065, base credited at 10 %)", () => {
    expect(SRM_FIXTURE_PARAMS.defaultMarket.perp).toEqual({ mmRate: 0.05, imRate: 0.065 });
    expect(SRM_FIXTURE_PARAMS.defaultMarket.base).toEqual({ marginFactor: 0.1, imScale: 1 });
    expect(SRM_FIXTURE_PARAMS.markets).toEqual({});
  });

  it("standard (cross) and PM2 (portfolio) are each other's counterpart; PM2 takes Deribit-style haircuts (assumption, named)", () => {
    expect(DERIVE_STANDARD).toMatchObject({ venue: "Derive", modes: ["cross"], counterpartId: DERIVE_PM2.id });
    expect(DERIVE_PM2).toMatchObject({ venue: "Derive", modes: ["portfolio"], counterpartId: DERIVE_STANDARD.id, haircutsFrom: "deribit-standard" });
    expect(DERIVE_PM2.notes.some((n) => /Deribit-style standard haircuts are used \(an assumption\)/.test(n))).toBe(true);
  });
});
