import { expect, it } from "vitest";
import { LruMap } from "./lru-map";

it("LruMap keeps the most recently read or written entries, at most its capacity", () => {
  const m = new LruMap<string, number>(2);
  m.set("a", 1);
  m.set("b", 2);
  expect(m.get("a")).toBe(1); // a is now the most recent: b goes first
  m.set("c", 3);
  expect([m.get("a"), m.get("b"), m.get("c"), m.size]).toEqual([1, undefined, 3, 2]);
  // getOrMake makes on a miss only, and stores what it made
  let made = 0;
  expect(m.getOrMake("c", () => ++made)).toBe(3);
  expect(m.getOrMake("d", () => ++made + 10)).toBe(11);
  expect([made, m.get("d"), m.get("a"), m.size]).toEqual([1, 11, undefined, 2]);
  // writing an existing key replaces it without growing the map
  m.set("d", 12);
  expect([m.get("d"), m.size]).toEqual([12, 2]);
});
