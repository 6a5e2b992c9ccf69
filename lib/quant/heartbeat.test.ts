import { afterEach, describe, expect, it } from "vitest";
import { beat, beatCount, beatSentAt, installBeatSink } from "./heartbeat";

/** The sink's throttle interval, in ticks of the injected clock. */
const INTERVAL = 250;

let uninstall: (() => void) | null = null;
afterEach(() => uninstall?.());

describe("heartbeat", () => {
  it("does nothing without a sink", () => {
    let posts = 0;
    uninstall = installBeatSink(() => posts++, { intervalMs: 0 });
    uninstall();
    beat();
    expect(posts).toBe(0);
  });

  it("tells the sink at most once per interval of its clock, the first beat always", () => {
    let t = 2 * INTERVAL;
    let posts = 0;
    uninstall = installBeatSink(() => posts++, { intervalMs: INTERVAL, now: () => t });
    beat(); // the first: posted
    t += INTERVAL - 1;
    beat(); // one tick short of an interval: too soon
    expect(posts).toBe(1);
    t += 1;
    beat(); // a whole interval after the first
    expect(posts).toBe(2);
    expect(beatCount()).toBe(3);
  });

  it("waits a full interval after another message said the engine is alive (beatSentAt)", () => {
    let t = 0;
    let posts = 0;
    uninstall = installBeatSink(() => posts++, { intervalMs: 250, now: () => t });
    beatSentAt(0);
    t = 249;
    beat();
    expect(posts).toBe(0);
    t = 250;
    beat();
    expect(posts).toBe(1);
  });

  it("an uninstall of an older sink leaves the newer one in place", () => {
    let older = 0;
    let newer = 0;
    const removeOlder = installBeatSink(() => older++, { intervalMs: 0 });
    uninstall = installBeatSink(() => newer++, { intervalMs: 0 });
    removeOlder();
    beat();
    expect([older, newer]).toEqual([0, 1]);
  });
});
