import { describe, expect, it } from "vitest";
import { TtlCache } from "./cache";

/** A controllable clock and a loader that counts its calls. */
function setup(opts: { ttlMs: number; errorTtlMs: number }) {
  let t = 1_000;
  let calls = 0;
  const cache = new TtlCache<number>({ ...opts, now: () => t });
  return {
    cache,
    advance: (ms: number) => (t += ms),
    calls: () => calls,
    load: (value: number | Error) => async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      if (value instanceof Error) throw value;
      return value;
    },
  };
}

describe("TtlCache", () => {
  it("serves a value until its TTL ends, then loads again", async () => {
    const s = setup({ ttlMs: 100, errorTtlMs: 10 });
    expect(await s.cache.get("k", s.load(1))).toMatchObject({ hit: false, entry: { value: 1 } });
    s.advance(99);
    expect(await s.cache.get("k", s.load(2))).toMatchObject({ hit: true, entry: { value: 1 } });
    s.advance(1);
    expect(await s.cache.get("k", s.load(3))).toMatchObject({ hit: false, entry: { value: 3 } });
    expect(s.calls()).toBe(2);
  });

  it("coalesces concurrent loads of one key; keys are independent", async () => {
    const s = setup({ ttlMs: 100, errorTtlMs: 10 });
    const [a, b, c] = await Promise.all([s.cache.get("k", s.load(1)), s.cache.get("k", s.load(2)), s.cache.get("other", s.load(3))]);
    expect([a.entry.value, b.entry.value, c.entry.value]).toEqual([1, 1, 3]);
    expect([a.hit, b.hit]).toEqual([false, true]);
    expect(s.calls()).toBe(2);
  });

  it("remembers a failure for the error TTL only, and shares it with concurrent callers", async () => {
    const s = setup({ ttlMs: 100, errorTtlMs: 10 });
    const boom = new Error("down");
    const both = await Promise.allSettled([s.cache.get("k", s.load(boom)), s.cache.get("k", s.load(boom))]);
    expect(both.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await expect(s.cache.get("k", s.load(5))).rejects.toBe(boom);
    expect(s.calls()).toBe(1);
    s.advance(10);
    expect((await s.cache.get("k", s.load(5))).entry.value).toBe(5);
  });

  it("TTL 0 never serves from memory", async () => {
    const s = setup({ ttlMs: 0, errorTtlMs: 0 });
    await s.cache.get("k", s.load(1));
    expect((await s.cache.get("k", s.load(2))).entry.value).toBe(2);
  });

  it("evicts the oldest key beyond maxEntries", async () => {
    const cache = new TtlCache<number>({ ttlMs: 1_000, errorTtlMs: 0, now: () => 0, maxEntries: 2 });
    for (const k of ["a", "b", "c"]) await cache.get(k, async () => 1);
    let reloaded = false;
    await cache.get("a", async () => ((reloaded = true), 2));
    expect(reloaded).toBe(true);
  });
});
