import { afterEach, describe, expect, it } from "vitest";
import { bridgeOnFakeWorkers, type FakeWorker } from "@/lib/test-support/fake-worker";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import type { EngineApi } from "@/lib/engine/worker/api";
import { EngineRefusal, isWorkerFault, type EngineBridge } from "./bridge";
import * as queries from "./queries";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { venueRowsByWorker } from "./venue-split";

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

describe("the venue table split between the analysis pool and the headline worker", () => {
  /** A bridge whose worker answers compareVenues with one row per requested profile, and records the profiles each request named. */
  function venueBridge(calls: { profiles: string[] | undefined }[]) {
    return bridgeOnFakeWorkers(
      {
        loadSnapshot: () => ({ ok: true }),
        compareVenues: (r: { profiles?: string[] }) => {
          calls.push({ profiles: r.profiles });
          const wanted = RULEBOOK_INFOS.filter((p) => !r.profiles || r.profiles.includes(p.id));
          return { ok: true, rows: wanted.map((p) => ({ ok: false, profile: { id: p.id }, mode: "cross", error: `row of ${p.id}` })) };
        },
      },
      workers,
    );
  }

  it("each worker computes its own rows only, and the table comes back whole in catalogue order", async () => {
    const onAnalysis: { profiles: string[] | undefined }[] = [];
    const onHeadline: { profiles: string[] | undefined }[] = [];
    const rows = (await run(queries.venueComparisonQuery(venueBridge(onAnalysis), sub, snapshot, {}, venueBridge(onHeadline)))) as { profile: { id: string } }[];
    const split = venueRowsByWorker(sub);
    expect(split.headline.length).toBeGreaterThan(0);
    expect(onAnalysis).toEqual([{ profiles: split.analysis }]);
    expect(onHeadline).toEqual([{ profiles: split.headline }]);
    expect(rows.map((r) => r.profile.id)).toEqual(RULEBOOK_INFOS.map((p) => p.id));
  });

  it("without the headline bridge, one job computes every row", async () => {
    const calls: { profiles: string[] | undefined }[] = [];
    const rows = (await run(queries.venueComparisonQuery(venueBridge(calls), sub, snapshot))) as unknown[];
    expect(calls).toEqual([{ profiles: undefined }]);
    expect(rows.length).toBe(RULEBOOK_INFOS.length);
  });

  it("a refusal from either worker is the table's refusal", async () => {
    const refusing = bridgeAnswering("compareVenues", { ok: false, error: "Invalid input: positions" });
    const e = await run(queries.venueComparisonQuery(venueBridge([]), sub, snapshot, {}, refusing)).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(EngineRefusal);
    expect((e as Error).message).toBe("Invalid input: positions");
  });
});
