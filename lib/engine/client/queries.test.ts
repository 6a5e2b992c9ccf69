import { afterEach, describe, expect, it } from "vitest";
import { bridgeOnFakeWorkers, deferred, type FakeWorker } from "@/lib/test-support/fake-worker";
import { until } from "@/lib/test-support/until";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import type { EngineApi } from "@/lib/engine/worker/api";
import { EngineRefusal, isWorkerFault, type EngineBridge } from "./bridge";
import * as queries from "./queries";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { venueRowsByWorker } from "./worker-split";

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

const sub = DEMO_WORKSPACE.subAccounts[0]!;
const position = sub.positions[0]!;
const legs = [position];
const snapshot = SAMPLE_SNAPSHOT;

/** A query's function called as TanStack Query calls it. */
type Fn = (ctx: { signal: AbortSignal }) => Promise<unknown>;
const run = (q: { queryFn?: unknown }) => (q.queryFn as Fn)({ signal: new AbortController().signal });

/** Every job of lib/engine/client/queries.ts, with the worker method it calls. */
const JOBS: { method: keyof EngineApi; job: (b: EngineBridge) => Promise<unknown> }[] = [
  { method: "computeSubAccount", job: (b) => run(queries.subAccountMarginQuery(b, sub, snapshot, { lite: true })) },
  { method: "quote", job: (b) => run(queries.instrumentQuoteQuery(b, position, snapshot)) },
  { method: "compareModes", job: (b) => run(queries.modeComparisonQuery(b, sub, snapshot)) },
  { method: "offsetSavings", job: (b) => run(queries.offsetSavingsQuery(b, sub, snapshot)) },
  { method: "compareVenues", job: (b) => run(queries.venueComparisonQuery(b, sub, snapshot)) },
  { method: "crossVenue", job: (b) => run(queries.crossVenueQuery(b, [sub], snapshot)) },
  { method: "allocateCollateral", job: (b) => run(queries.collateralAllocationQuery(b, [sub], snapshot, {}, { costPerTransferUsd: 0, minTransferUsd: 0 })) },
  { method: "riskReport", job: (b) => run(queries.riskReportQuery(b, sub, snapshot)) },
  { method: "greeksMargin", job: (b) => run(queries.greeksMarginQuery(b, sub, snapshot)) },
  { method: "stressReplays", job: (b) => run(queries.stressReplaysQuery(b, sub, snapshot)) },
  { method: "forecast", job: (b) => run(queries.forecastQuery(b, sub, snapshot)) },
  { method: "replay", job: (b) => run(queries.replayQuery(b, sub, snapshot, {}, { path: { kind: "gap", movePct: -10, hours: 1, volUpPts: 0, underlying: "BTC" } })) },
  { method: "optionChain", job: (b) => run(queries.optionChainQuery(b, snapshot, "BTC")) },
  { method: "tradeImpact", job: (b) => run(queries.tradeImpactQuery(b, sub, legs, snapshot)) },
  { method: "tradeImpactExtras", job: (b) => run(queries.tradeImpactExtrasQuery(b, sub, legs, snapshot)) },
  { method: "payoff", job: (b) => run(queries.payoffQuery(b, sub, legs, snapshot)) },
  { method: "spotVolMatrix", job: (b) => run(queries.spotVolMatrixQuery(b, sub, legs, snapshot)) },
  { method: "marks", job: (b) => queries.fetchMarks(b, legs, snapshot) },
];

/** A worker whose every job method answers `answer` (the snapshot loads fine). */
function bridgeAnswering(method: string, answer: unknown) {
  return bridgeOnFakeWorkers({ loadSnapshot: () => ({ ok: true }), [method]: () => answer }, workers);
}

/** Answers that are neither a result nor a refusal with a reason: a broken worker, not the engine's verdict. */
const MALFORMED: { name: string; answer: unknown }[] = [
  { name: "{ weird: true }", answer: { weird: true } },
  { name: "{ ok: false } without an error", answer: { ok: false } },
  { name: "{ ok: false, error: '' }", answer: { ok: false, error: "" } },
  { name: "{ ok: false, error: 42 }", answer: { ok: false, error: 42 } },
  { name: "null", answer: null },
  { name: '"garbage"', answer: "garbage" },
];

describe("engine answers are read strictly: a malformed answer is a worker fault, a reason is a refusal", () => {
  for (const { method, job } of JOBS) {
    for (const { name, answer } of MALFORMED) {
      it(`${method} answering ${name}: a worker fault with a readable message, and the worker is replaced`, async () => {
        const bridge = bridgeAnswering(method, answer);
        const e = await job(bridge).then(
          () => null,
          (x: unknown) => x,
        );
        expect(e).toBeInstanceOf(Error);
        expect(e).not.toBeInstanceOf(EngineRefusal);
        expect(isWorkerFault(e)).toBe(true);
        expect((e as Error).message).toMatch(/could not be read/);
        expect(workers[0]!.terminated).toBe(true); // the broken worker is not kept
      });
    }

    it(`${method} answering { ok: true } without its result: a worker fault`, async () => {
      const bridge = bridgeAnswering(method, { ok: true });
      const e = await job(bridge).then(
        () => null,
        (x: unknown) => x,
      );
      expect(isWorkerFault(e)).toBe(true);
      expect(workers[0]!.terminated).toBe(true);
    });

    it(`${method} answering a refusal with its reason: an EngineRefusal saying why, and the worker is kept`, async () => {
      const bridge = bridgeAnswering(method, { ok: false, error: 'Unknown venue profile "no-such-venue"' });
      const e = await job(bridge).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(EngineRefusal);
      expect((e as Error).message).toBe('Unknown venue profile "no-such-venue"');
      expect(workers[0]!.terminated).toBe(false);
      expect(bridge.startedWorkers).toBe(1);
    });
  }
});

describe("the venue table shared between the analysis pool and the headline worker", () => {
  /**
   * A bridge whose worker answers compareVenues with one row per requested profile (or a refusal,
   * given `refuse`), and records the profiles each request named; while `hold` is pending its first
   * request waits for it.
   */
  function venueBridge(calls: (string[] | undefined)[], opts: { hold?: Promise<void>; refuse?: string } = {}) {
    return bridgeOnFakeWorkers(
      {
        loadSnapshot: () => ({ ok: true }),
        compareVenues: async (r: { profiles?: string[] }) => {
          calls.push(r.profiles);
          if (opts.hold && calls.length === 1) await opts.hold;
          if (opts.refuse) return { ok: false, error: opts.refuse };
          const wanted = RULEBOOK_INFOS.filter((p) => !r.profiles || r.profiles.includes(p.id));
          return { ok: true, rows: wanted.map((p) => ({ ok: false, profile: { id: p.id }, mode: "cross", error: `row of ${p.id}` })) };
        },
      },
      workers,
    );
  }
  const split = venueRowsByWorker(sub);

  it("every row is computed once, each mode column's row on the worker that ran the column, and the table comes back whole in catalogue order", async () => {
    const onAnalysis: (string[] | undefined)[] = [];
    const onHeadline: (string[] | undefined)[] = [];
    const rows = (await run(queries.venueComparisonQuery(venueBridge(onAnalysis), sub, snapshot, {}, venueBridge(onHeadline)))) as { profile: { id: string } }[];
    expect(split.shared.length).toBeGreaterThan(1);
    // the demo account (cross, Deribit standard): its own row on the headline worker, the portfolio column's on the analysis pool
    expect(split.headline).toEqual(["deribit-standard"]);
    expect(split.analysis).toEqual(["deribit-style-pm"]);
    expect(onAnalysis[0]).toEqual(split.analysis);
    expect(onHeadline[0]).toEqual(split.headline);
    // after that, one shared row per job on either worker: the headline worker from the front, the analysis worker from the back
    const singles = [...onAnalysis.slice(1), ...onHeadline.slice(1)];
    for (const c of singles) expect(c).toHaveLength(1);
    expect(singles.map((c) => c![0]).sort()).toEqual([...split.shared].sort());
    if (onHeadline.length > 1) expect(onHeadline[1]).toEqual([split.shared[0]]);
    if (onAnalysis.length > 1) expect(onAnalysis[1]).toEqual([split.shared.at(-1)]);
    expect(rows.map((r) => r.profile.id)).toEqual(RULEBOOK_INFOS.map((p) => p.id));
  });

  it("while one worker is busy the other computes the rows left: the headline worker held on its own row, the analysis worker takes all the shared ones", async () => {
    const held = deferred<void>();
    const onAnalysis: (string[] | undefined)[] = [];
    const onHeadline: (string[] | undefined)[] = [];
    const table = run(queries.venueComparisonQuery(venueBridge(onAnalysis), sub, snapshot, {}, venueBridge(onHeadline, { hold: held.promise })));
    // its own rows' job, then every shared row, from the back: 1 + shared jobs
    await until(() => onAnalysis.length === 1 + split.shared.length);
    expect(onHeadline).toEqual([split.headline]);
    expect(onAnalysis).toEqual([split.analysis, ...[...split.shared].reverse().map((id) => [id])]);
    held.resolve();
    const rows = (await table) as { profile: { id: string } }[];
    expect(rows.map((r) => r.profile.id)).toEqual(RULEBOOK_INFOS.map((p) => p.id));
    expect(onHeadline).toHaveLength(1);
  });

  it("without the headline bridge, one job computes every row", async () => {
    const calls: (string[] | undefined)[] = [];
    const rows = (await run(queries.venueComparisonQuery(venueBridge(calls), sub, snapshot))) as unknown[];
    expect(calls).toEqual([undefined]);
    expect(rows.length).toBe(RULEBOOK_INFOS.length);
  });

  it("a refusal from either worker is the table's refusal, and no further row is started", async () => {
    for (const refusingSide of ["analysis", "headline"] as const) {
      const held = deferred<void>();
      const onAnalysis: (string[] | undefined)[] = [];
      const onHeadline: (string[] | undefined)[] = [];
      const refusal = { refuse: "Invalid input: positions" };
      const analysisBridge = venueBridge(onAnalysis, refusingSide === "analysis" ? refusal : { hold: held.promise });
      const headlineBridge = venueBridge(onHeadline, refusingSide === "headline" ? refusal : { hold: held.promise });
      const e = run(queries.venueComparisonQuery(analysisBridge, sub, snapshot, {}, headlineBridge)).then(
        () => null,
        (x: unknown) => x,
      );
      // the table is refused as soon as the refusal arrives, while the other worker is still held on its first job
      const refused = await e;
      expect(refused).toBeInstanceOf(EngineRefusal);
      expect((refused as Error).message).toBe("Invalid input: positions");
      held.resolve(); // the other worker's job ends after the refusal: it starts no further row
      await until(() => onAnalysis.length > 0 && onHeadline.length > 0 && analysisBridge.busyWorkers === 0 && headlineBridge.busyWorkers === 0);
      expect(onAnalysis.length + onHeadline.length).toBe(2);
    }
  });
});

describe("the mode comparison shared between the headline worker and the analysis pool", () => {
  /** A column as the engine answers it, with the figures the verdict reads. */
  const column = (mode: string, im: number, togetherDownPct: number) => ({ ok: true, mode, im, togetherDownPct, liquidation: [] });
  const COLUMNS: Record<string, ReturnType<typeof column>> = { isolated: column("isolated", 100, -60), cross: column("cross", 80, -40), portfolio: column("portfolio", 50, -30) };
  /**
   * A bridge whose worker answers compareModes with the requested columns (or a refusal, given
   * `refuse`), and records the modes each request named; while `hold` is pending it waits for it.
   */
  function modesBridge(calls: (string[] | undefined)[], opts: { hold?: Promise<void>; refuse?: string } = {}) {
    return bridgeOnFakeWorkers(
      {
        loadSnapshot: () => ({ ok: true }),
        compareModes: async (r: { modes?: string[] }) => {
          calls.push(r.modes);
          if (opts.hold) await opts.hold;
          if (opts.refuse) return { ok: false, error: opts.refuse };
          const views = ["isolated", "cross", "portfolio"].filter((m) => !r.modes || r.modes.includes(m)).map((m) => COLUMNS[m]);
          return { ok: true, views, verdict: r.modes ? null : "the engine's verdict" };
        },
      },
      workers,
    );
  }

  it("the account's own mode on the headline worker, the other two on the analysis pool, at the same time; merged in mode order with the verdict of all three", async () => {
    const held = deferred<void>();
    const onAnalysis: (string[] | undefined)[] = [];
    const onHeadline: (string[] | undefined)[] = [];
    const comparison = run(queries.modeComparisonQuery(modesBridge(onAnalysis, { hold: held.promise }), sub, snapshot, {}, modesBridge(onHeadline)));
    // both asked before either answered
    await until(() => onAnalysis.length === 1 && onHeadline.length === 1);
    expect(onHeadline).toEqual([["cross"]]);
    expect(onAnalysis).toEqual([["isolated", "portfolio"]]);
    held.resolve();
    const r = (await comparison) as { views: { mode: string }[]; verdict: string };
    expect(r.views.map((v) => v.mode)).toEqual(["isolated", "cross", "portfolio"]);
    // cross (IM 80) against the least, portfolio (IM 50): saves 30 = 37.5 % → "38%"; the nearest downward liquidation moves from −40 % to −30 % (closer: "but")
    expect(r.verdict).toBe("Portfolio margin frees $30 (38%) but liquidation moves from −40% to −30%.");
  });

  it("without the headline bridge, one job computes every column, and the engine's verdict is kept", async () => {
    const calls: (string[] | undefined)[] = [];
    const r = (await run(queries.modeComparisonQuery(modesBridge(calls), sub, snapshot))) as { views: unknown[]; verdict: string };
    expect(calls).toEqual([undefined]);
    expect(r.views).toHaveLength(3);
    expect(r.verdict).toBe("the engine's verdict");
  });

  it("a refusal from either worker is the comparison's refusal", async () => {
    for (const refusingSide of ["analysis", "headline"] as const) {
      const refusal = { refuse: "Invalid input: positions" };
      const e = await run(queries.modeComparisonQuery(modesBridge([], refusingSide === "analysis" ? refusal : {}), sub, snapshot, {}, modesBridge([], refusingSide === "headline" ? refusal : {}))).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(EngineRefusal);
      expect((e as Error).message).toBe("Invalid input: positions");
    }
  });

  it("on the headline worker the column runs before the venue rows and the chain fetched ahead, after the live figures and the full job", () => {
    const [live, full, modes, rows, ahead] = [sub.id, queries.fullMarginChannel(sub.id), queries.headlineModesChannel(sub.id), queries.headlineVenuesChannel(sub.id), queries.CHAIN_PREFETCH_CHANNEL].map(
      queries.headlinePriority,
    );
    expect(live).toBe(full);
    expect(modes).toBeGreaterThan(full!);
    expect(rows).toBeGreaterThan(modes!);
    expect(ahead).toBe(rows);
  });
});

describe("the option chain: fetched ahead of the ticket, or for the open ticket", () => {
  it("the chain fetched ahead runs on its own channel (after the headline worker's venue rows); the open ticket's on the chain channel", async () => {
    const channels: string[] = [];
    const recorder = { run: (channel: string) => (channels.push(channel), Promise.resolve({ ok: true, chain: [] })) } as unknown as EngineBridge;
    await run(queries.optionChainQuery(recorder, snapshot, "BTC", {}, true));
    await run(queries.optionChainQuery(recorder, snapshot, "BTC"));
    expect(channels).toEqual([queries.CHAIN_PREFETCH_CHANNEL, "chain"]);
    expect(channels.map(queries.headlinePriority)).toEqual([queries.headlinePriority(queries.headlineVenuesChannel("a")), 0]);
    // the same query either way, so the open ticket reads what was fetched ahead
    expect(queries.optionChainQuery(recorder, snapshot, "BTC", {}, true).queryKey).toEqual(queries.optionChainQuery(recorder, snapshot, "BTC").queryKey);
  });
});
