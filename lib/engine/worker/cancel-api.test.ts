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
