import { describe, expect, it } from "vitest";
import { frameCoalescer, type FrameScheduler } from "./frame-coalescer";

/** Frames fired by the test: `fire()` runs the callbacks requested so far (one frame). */
function manualFrames() {
  let next = 1;
  const pending = new Map<number, () => void>();
  const frames: FrameScheduler = {
    request(cb) {
      pending.set(next, cb);
      return next++;
    },
    cancel(h) {
      pending.delete(h);
    },
  };
  return {
    frames,
    fire() {
      const now = [...pending.values()];
      pending.clear();
      for (const cb of now) cb();
    },
    pending: () => pending.size,
  };
}

/** A coalescer on hand-fired frames, recording what it sends and how many bursts ended. */
function coalescing() {
  const f = manualFrames();
  const sent: number[] = [];
  let idle = 0;
  const c = frameCoalescer(
    (v: number) => sent.push(v),
    f.frames,
    () => idle++,
  );
  return { f, sent, c, idle: () => idle };
}

describe("frameCoalescer", () => {
  it("sends the first value at once, without waiting for a frame", () => {
    const { sent, c } = coalescing();
    c.push(5);
    expect(sent).toEqual([5]);
  });

  it("a burst within one frame sends its first value at once and only its newest at the frame", () => {
    const { f, sent, c } = coalescing();
    for (const v of [1, 2, 3, 4]) c.push(v);
    expect(sent).toEqual([1]);
    f.fire();
    expect(sent).toEqual([1, 4]);
  });

  it("a drag sends at most one value per frame, always the newest, and nothing twice", () => {
    const { f, sent, c, idle } = coalescing();
    c.push(1);
    c.push(2);
    f.fire(); // sends 2
    c.push(3);
    c.push(4);
    c.push(5);
    expect(sent).toEqual([1, 2]); // 3..5 wait for the frame: 2 went out in this one
    f.fire(); // sends 5
    f.fire(); // nothing new: the burst ends
    expect(sent).toEqual([1, 2, 5]);
    expect(idle()).toBe(1);
    expect(f.pending()).toBe(0);
    c.push(6); // after a quiet frame: at once again
    expect(sent).toEqual([1, 2, 5, 6]);
  });

  it("a value equal to the one sent last is not sent again at the frame", () => {
    const { f, sent, c } = coalescing();
    c.push(1);
    c.push(2);
    c.push(1); // back to the value already sent
    f.fire();
    expect(sent).toEqual([1]);
  });

  it("dispose cancels the pending frame: nothing more is sent", () => {
    const { f, sent, c, idle } = coalescing();
    c.push(1);
    c.push(2);
    c.dispose();
    f.fire();
    expect(sent).toEqual([1]);
    expect(idle()).toBe(0);
  });
});
