import { expect, it } from "vitest";
import { engineApi } from "./api";
import { JOB_CANCELLED } from "@/lib/engine/protocol";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import { MARGIN_MODES, type SubAccount } from "@/lib/workspace/schema";

/** The comparisons run in parts: cancelled between two parts, they answer JOB_CANCELLED; uncancelled, every part. */

const sub: SubAccount = {
  id: "c",
  name: "cancel",
  mode: "cross",
  profileId: "deribit-standard",
  collateral: [{ asset: "USDC", amount: 100_000 }],
  positions: [{ id: "p", kind: "perp", underlying: "BTC", size: 1, entryPrice: 95_000 }],
};
const request = { subAccount: sub, snapshot: SAMPLE_SNAPSHOT };

it("compareVenues: a job cancelled after its first row stops there; the same call uncancelled returns one row per venue profile", async () => {
  engineApi.beginJob(101);
  const cancelled = engineApi.compareVenues(request); // the first row is computed before the first checkpoint
  engineApi.cancelJob(101);
  await expect(cancelled).resolves.toMatchObject({ ok: false, code: JOB_CANCELLED });
  engineApi.beginJob(102);
  const whole = await engineApi.compareVenues(request);
  expect(whole.ok && whole.rows.length).toBe(RULEBOOK_INFOS.length);
});

it("compareModes: a cancel of another job id changes nothing; a cancel of this one stops it", async () => {
  engineApi.beginJob(201);
  const kept = engineApi.compareModes(request);
  engineApi.cancelJob(200); // an older job's id
  const r = await kept;
  expect(r.ok && r.views.length).toBe(MARGIN_MODES.length);
  engineApi.beginJob(202);
  const stopped = engineApi.compareModes(request);
  engineApi.cancelJob(202);
  await expect(stopped).resolves.toMatchObject({ ok: false, code: JOB_CANCELLED });
});

it("riskReport: a job cancelled after its first measure stops there; uncancelled, it returns all eight measures", async () => {
  const risk = { subAccount: sub, snapshot: SAMPLE_SNAPSHOT, risk: { mcPaths: 1_000 } };
  engineApi.beginJob(301);
  const cancelled = engineApi.riskReport(risk); // the first measure is computed before the first checkpoint
  engineApi.cancelJob(301);
  await expect(cancelled).resolves.toMatchObject({ ok: false, code: JOB_CANCELLED });
  engineApi.beginJob(302);
  const whole = await engineApi.riskReport(risk);
  // historical, filtered historical, Monte Carlo normal and Student-t, each over 1 day and the horizon
  expect(whole.ok && whole.report.measures.length).toBe(8);
});

it("with a stop flag (connectStopFlag), a job whose id is in the flag stops at its next stop point, even a single model run; another id changes nothing", async () => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  engineApi.connectStopFlag(flag);
  const pm = { subAccount: { ...sub, mode: "portfolio" as const, profileId: "deribit-style-pm" }, snapshot: SAMPLE_SNAPSHOT };
  engineApi.beginJob(401);
  Atomics.store(flag, 0, 400); // an older job's id
  const kept = engineApi.computeSubAccount(pm);
  expect(kept.ok).toBe(true);
  Atomics.store(flag, 0, 401);
  expect(engineApi.computeSubAccount(pm)).toMatchObject({ ok: false, code: JOB_CANCELLED });
  expect(engineApi.offsetSavings(pm)).toMatchObject({ ok: false, code: JOB_CANCELLED });
  await expect(engineApi.compareVenues(pm)).resolves.toMatchObject({ ok: false, code: JOB_CANCELLED });
  // the next job runs in full, with the same figures as before the stops
  engineApi.beginJob(402);
  const again = engineApi.computeSubAccount(pm);
  expect(again).toEqual(kept);
  Atomics.store(flag, 0, 0);
});

it("connectStopFlag ignores anything but an Int32Array on shared memory", () => {
  // each names job 503, yet is not a flag the page shares: accepted, it would stop the job below
  engineApi.connectStopFlag(new Int32Array([503])); // not on shared memory
  engineApi.connectStopFlag({ 0: 503, length: 1 });
  engineApi.beginJob(503);
  expect(engineApi.computeSubAccount(request).ok).toBe(true);
});

it("compareVenues for named profiles: those rows only, in catalogue order, the same figures as the whole table's; an unknown profile is refused", async () => {
  const pm: SubAccount = {
    ...sub,
    positions: [
      ...sub.positions,
      {
        id: "o",
        kind: "option",
        underlying: "BTC",
        expiry: SAMPLE_SNAPSHOT.underlyings.BTC.expiries[2]!.id,
        strike: SAMPLE_SNAPSHOT.underlyings.BTC.expiries[2]!.strikes[4]!,
        optionType: "put",
        size: -2,
        entryPrice: 900,
      },
    ],
  };
  engineApi.beginJob(401);
  const whole = await engineApi.compareVenues({ subAccount: pm, snapshot: SAMPLE_SNAPSHOT });
  if (!whole.ok) throw new Error(whole.error);
  const named = ["okx-pm", "derive-pm2", "bybit-pm"];
  engineApi.beginJob(402);
  const some = await engineApi.compareVenues({ subAccount: pm, snapshot: SAMPLE_SNAPSHOT, profiles: named });
  if (!some.ok) throw new Error(some.error);
  const order = RULEBOOK_INFOS.map((p) => p.id).filter((id) => named.includes(id));
  expect(some.rows.map((r) => r.profile.id)).toEqual(order);
  expect(some.rows).toEqual(whole.rows.filter((r) => named.includes(r.profile.id)));
  engineApi.beginJob(403);
  await expect(engineApi.compareVenues({ subAccount: pm, snapshot: SAMPLE_SNAPSHOT, profiles: ["okx-pm", "no-such-venue"] })).resolves.toEqual({ ok: false, error: 'Unknown venue profile "no-such-venue"' });
});

it("compareModes for named modes: those columns only, in mode order, the same figures as the whole comparison's, no verdict (the page writes it from every column); a bad mode list is refused", async () => {
  engineApi.beginJob(501);
  const whole = await engineApi.compareModes(request);
  if (!whole.ok) throw new Error(whole.error);
  expect(typeof whole.verdict).toBe("string");
  engineApi.beginJob(502);
  // asked out of order: answered in MARGIN_MODES order
  const some = await engineApi.compareModes({ ...request, modes: ["portfolio", "isolated"] });
  if (!some.ok) throw new Error(some.error);
  expect(some.views.map((v) => v.mode)).toEqual(["isolated", "portfolio"]);
  expect(some.views).toEqual(whole.views.filter((v) => v.mode !== "cross"));
  expect(some.verdict).toBeNull();
  for (const modes of [[], ["margin"], ["cross", "cross", "cross", "cross"]]) {
    engineApi.beginJob(503);
    const refused = await engineApi.compareModes({ ...request, modes });
    expect(refused.ok).toBe(false);
  }
});
