/**
 * Derive standard-manager fixture cases (derivexyz/v2-core,
 * test/risk-managers/unit-tests/StandardManager/test-cases.json, commit 7736900d): values are
 * 18-decimal fixed point. Each case is translated the way the repository's test harness
 * (TestStandardManager_Cases.t.sol) sets up its mocks, run through {@link computeSrm} with
 * the harness's parameters ({@link SRM_FIXTURE_PARAMS}), and compared quantity by quantity.
 *
 * Harness conventions reproduced here:
 *  - the i-th feed (FeedExpiries[i], Forwards[i]) belongs to OptionUnderlying[i]; a feed closer than
 *    one hour to expiry uses the settlement price as its forward;
 *  - an expiry's vol confidence is the one set by its last option (the mock keeps one per expiry);
 *  - strikes lose their dust below 1e-8 (strike / 1e10 · 1e10 in wei);
 *  - unrealised perp P&L = (perp price − last entry)·size, funding = −size·(global − account index).
 *
 * @packageDocumentation
 */

import { z } from "zod";
import { computeSrm, type SrmExpiry, type SrmMarket, type SrmPortfolio } from "@/lib/margin/models/srm/srm";
import type { SrmParams } from "@/lib/margin/models/srm/params";
import type { CaseReport, Mismatch } from "./report";
import { withinTolerance } from "./tolerance";
import { SECONDS_PER_YEAR } from "./pm2-case";

/** 1e18: the fixtures' fixed-point unit. */
const WAD = 1e18;
/** Strikes are truncated to multiples of 1e10 wei by the harness. */
const STRIKE_DUST_WEI = 1e10;
/** Feeds closer than this to expiry (seconds) use the settlement price as forward. */
const SETTLEMENT_WINDOW_SEC = 3_600;

/**
 * The SRM parameters the fixture cases Test1–Test14 were generated with (derivexyz/v2-core at
 * commit 7736900d). The cases carry no parameters of their own; the test harness sets these:
 *  - option parameters: test/config-test.sol getSRMParams();
 *  - perp requirements 5 % MM / 6.5 % IM: TestStandardManagerBase.setUp();
 *  - oracle contingency (thresholds 0.4, factor 0.4): config-test.sol, set in TestStandardManager_Cases.setUp();
 *  - depeg threshold 0.98, factor 1.2 and base-asset margin factor 10 % (IM scale 1): TestStandardManager_Cases.setUp().
 * Test parameters, kept here: the venue's rulebook (lib/margin/venues/derive.ts) may move on.
 */
export const SRM_FIXTURE_PARAMS: SrmParams = {
  defaultMarket: {
    perp: { mmRate: 0.05, imRate: 0.065 },
    option: {
      maxSpotReq: 0.15,
      minSpotReq: 0.1,
      mmCallSpotReq: 0.075,
      mmPutSpotReq: 0.075,
      mmPutMtmReq: 0.075,
      unpairedImScale: 1.2,
      unpairedMmScale: 1.1,
      mmOffsetScale: 1.05,
    },
    base: { marginFactor: 0.1, imScale: 1 },
    oracle: { perpThreshold: 0.4, optionThreshold: 0.4, baseThreshold: 0.4, factor: 0.4 },
  },
  markets: {},
  depeg: { threshold: 0.98, factor: 1.2 },
};

const wad = z.number().transform((v) => v / WAD);
const wadOrNull = z
  .number()
  .nullable()
  .transform((v) => (v === null ? null : v / WAD));

export const srmCaseSchema = z.object({
  Scenario: z.object({
    OptionUnderlying: z.array(z.enum(["ETH", "BTC"])),
    OptionExpiries: z.array(z.number()),
    OptionStrikes: z.array(z.number()),
    OptionIsCall: z.array(z.number()),
    OptionAmounts: z.array(wad),
    OptionVols: z.array(wad),
    OptionVolConfidences: z.array(wad),
    Cash: wad,
    Perps_ETH: wad,
    Perps_BTC: wad,
    wETH: wad,
    wBTC: wad,
    LastEntryETH: wadOrNull,
    LastEntryBTC: wadOrNull,
    ETHGlobalFundingIndex: wad,
    BTCGlobalFundingIndex: wad,
    AccountETHFundingIndex: wadOrNull,
    AccountBTCFundingIndex: wadOrNull,
    ETHSpotPrice: wad,
    BTCSpotPrice: wad,
    SpotPerpConfidences: z.tuple([z.tuple([wad, wad]), z.tuple([wad, wad])]),
    FeedExpiries: z.array(z.number()),
    Forwards: z.array(wad),
    ForwardConfidences: z.array(wad),
    USDCValue: wad,
    PerpPrice: z.tuple([wad, wad]),
    /** null when the case has no option settlement data (e.g. a perps-only account) */
    SettlementPriceETH: wadOrNull,
    SettlementPriceBTC: wadOrNull,
  }),
  Result: z.object({
    realIM: wad,
    realMM: wad,
    PortfolioMtM: wad,
    ETHOptionMM: wad,
    ETHOptionIM: wad,
    BTCOptionMM: wad,
    BTCOptionIM: wad,
    ETHOptionIsolatedMM: wad,
    ETHOptionIsolatedIM: wad,
    ETHOptionBoundedMM: wad,
    ETHOptionBoundedIM: wad,
    BTCOptionIsolatedMM: wad,
    BTCOptionIsolatedIM: wad,
    BTCOptionBoundedMM: wad,
    BTCOptionBoundedIM: wad,
    UnrealizedPNL: wad,
    UnsettledFunding: wad,
    PerpMargin: wad,
    OracleConts: wad,
    DepegIMs: wad,
    BaseMargin: wad,
    Cash: wad,
  }),
});

export type SrmCase = z.infer<typeof srmCaseSchema>;

/**
 * True when a parsed JSON value looks like an SRM test-cases file (an object of "TestN" entries
 * each holding Scenario and Result with OptionUnderlying).
 *
 * @example
 * ```ts
 * isSrmCasesShape({ Test1: { Scenario: { OptionUnderlying: [] }, Result: {} } }); // true
 * ```
 */
export function isSrmCasesShape(v: unknown): boolean {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const entries = Object.entries(v);
  return (
    entries.length > 0 &&
    entries.every(
      ([k, c]) =>
        /^Test\d+$/.test(k) &&
        typeof c === "object" &&
        c !== null &&
        "Scenario" in c &&
        "Result" in c &&
        typeof (c as { Scenario: unknown }).Scenario === "object" &&
        "OptionUnderlying" in ((c as { Scenario: object }).Scenario ?? {}),
    )
  );
}

/**
 * The engine input of one SRM case (see the module documentation for the harness conventions).
 *
 * @param c - a parsed case
 * @returns the SRM portfolio
 *
 * @example
 * ```ts
 * const p = srmCasePortfolio(srmCaseSchema.parse(json.Test1));
 * p.markets.map((m) => m.underlying); // ["ETH", "BTC"]
 * ```
 */
export function srmCasePortfolio(c: SrmCase): SrmPortfolio {
  const S = c.Scenario;
  const markets: SrmMarket[] = (["ETH", "BTC"] as const).map((u, ui) => {
    const isEth = u === "ETH";
    const spot = isEth ? S.ETHSpotPrice : S.BTCSpotPrice;
    const [spotConf, perpConf] = S.SpotPerpConfidences[ui] as [number, number];
    const perpPrice = S.PerpPrice[ui] as number;
    const size = isEth ? S.Perps_ETH : S.Perps_BTC;
    let unrealizedPnlUsd = 0;
    if (size !== 0) {
      const entry = (isEth ? S.LastEntryETH : S.LastEntryBTC) ?? perpPrice;
      const globalIdx = isEth ? S.ETHGlobalFundingIndex : S.BTCGlobalFundingIndex;
      const accIdx = (isEth ? S.AccountETHFundingIndex : S.AccountBTCFundingIndex) ?? globalIdx;
      unrealizedPnlUsd = (perpPrice - entry) * size - size * (globalIdx - accIdx);
    }
    // forwards of this market's feeds
    const forwards = new Map<number, { forward: number; confidence: number }>();
    S.FeedExpiries.forEach((sec, i) => {
      if (S.OptionUnderlying[i] !== u) return;
      // near expiry the settlement price stands in for the forward, when the case gives one
      const settlement = isEth ? S.SettlementPriceETH : S.SettlementPriceBTC;
      const fwd = sec < SETTLEMENT_WINDOW_SEC && settlement !== null ? settlement : (S.Forwards[i] as number);
      forwards.set(sec, { forward: fwd, confidence: S.ForwardConfidences[i] as number });
    });
    const expiries = new Map<number, SrmExpiry & { volConfidence: number }>();
    S.OptionUnderlying.forEach((ou, i) => {
      if (ou !== u) return;
      const sec = S.OptionExpiries[i] as number;
      const feed = forwards.get(sec);
      let e = expiries.get(sec);
      if (!e) {
        e = { id: `${sec}s`, years: sec / SECONDS_PER_YEAR, forward: feed?.forward ?? NaN, confidence: feed?.confidence ?? 1, options: [], volConfidence: 1 };
        expiries.set(sec, e);
      }
      e.volConfidence = S.OptionVolConfidences[i] as number; // the mock keeps the last one per expiry
      const strikeWei = Math.floor((S.OptionStrikes[i] as number) / STRIKE_DUST_WEI) * STRIKE_DUST_WEI;
      e.options.push({ strike: strikeWei / WAD, isCall: S.OptionIsCall[i] === 1, amount: S.OptionAmounts[i] as number, vol: S.OptionVols[i] as number });
    });
    return {
      underlying: u,
      spot,
      spotConfidence: spotConf,
      perp: size !== 0 ? { size, price: perpPrice, confidence: perpConf, unrealizedPnlUsd } : null,
      basePosition: isEth ? S.wETH : S.wBTC,
      expiries: [...expiries.values()].map(({ volConfidence, ...e }) => ({ ...e, confidence: Math.min(e.confidence, volConfidence) })),
    };
  });
  return { cashUsd: S.Cash, stablePrice: S.USDCValue, markets };
}

/**
 * Runs one SRM case and reports every mismatch (IM and MM net margins, option margins isolated and
 * bounded per market, MtM, perp, oracle, depeg and base parts, cash).
 *
 * @param name - e.g. "derive-srm/Test4"
 * @param json - the case object (Scenario and Result)
 * @returns the case report (headline: IM and MM net margins, Derive sign)
 *
 * @example
 * ```ts
 * const r = runSrmCase("Test1", cases.Test1);
 * r.headline[0]; // { label: "IM", expected: −304.37…, got: −304.37… }
 * ```
 */
export function runSrmCase(name: string, json: unknown): CaseReport {
  const parsed = srmCaseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { name, kind: "derive-srm", headline: [], checked: 0, mismatches: [], error: `not a valid SRM case: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown shape"}` };
  }
  const c = parsed.data;
  const out = computeSrm(srmCasePortfolio(c), SRM_FIXTURE_PARAMS);
  if (!out.ok) return { name, kind: "derive-srm", headline: [], checked: 0, mismatches: [], error: out.error };
  const r = out.result;
  const R = c.Result;
  const mismatches: Mismatch[] = [];
  let checked = 0;
  const check = (quantity: string, expected: number, got: number) => {
    checked++;
    if (!withinTolerance(got, expected)) mismatches.push({ quantity, expected, got });
  };
  check("realIM", R.realIM, r.imNet);
  check("realMM", R.realMM, r.mmNet);
  check("PortfolioMtM", R.PortfolioMtM, r.mtmUsd);
  for (const m of r.markets) {
    const u = m.underlying as "ETH" | "BTC";
    const sum = (f: "isolatedMm" | "isolatedIm" | "maxLossMm" | "maxLossIm") => m.expiries.reduce((s, e) => s + e[f], 0);
    check(`${u}OptionMM`, R[`${u}OptionMM`], m.optionMm);
    check(`${u}OptionIM`, R[`${u}OptionIM`], m.optionIm);
    check(`${u}OptionIsolatedMM`, R[`${u}OptionIsolatedMM`], sum("isolatedMm"));
    check(`${u}OptionIsolatedIM`, R[`${u}OptionIsolatedIM`], sum("isolatedIm"));
    // The fixture reports 0 for "bounded" when the market has no options.
    check(`${u}OptionBoundedMM`, R[`${u}OptionBoundedMM`], sum("maxLossMm"));
    check(`${u}OptionBoundedIM`, R[`${u}OptionBoundedIM`], sum("maxLossIm"));
  }
  const total = (f: (m: (typeof r.markets)[number]) => number) => r.markets.reduce((s, m) => s + f(m), 0);
  check(
    "PerpMargin (MM)",
    R.PerpMargin,
    total((m) => m.perpMm),
  );
  check(
    "OracleConts",
    R.OracleConts,
    total((m) => m.perpOracleIm + m.expiries.reduce((s, e) => s + e.oracleIm, 0)),
  );
  check(
    "DepegIMs",
    R.DepegIMs,
    total((m) => m.depegIm),
  );
  check(
    "BaseMargin (MM)",
    R.BaseMargin,
    total((m) => m.baseMm),
  );
  check(
    "UnrealizedPNL + UnsettledFunding",
    R.UnrealizedPNL + R.UnsettledFunding,
    total((m) => m.unrealizedPnlUsd),
  );
  check("Cash", R.Cash, r.marginBalanceMmUsd - total((m) => m.unrealizedPnlUsd + m.baseMm));
  return {
    name,
    kind: "derive-srm",
    headline: [
      { label: "IM", expected: R.realIM, got: r.imNet },
      { label: "MM", expected: R.realMM, got: r.mmNet },
    ],
    checked,
    mismatches,
    error: null,
  };
}
