import { describe, expect, it } from "vitest";
import type { Position } from "@/lib/workspace/schema";
import { CONTENT_ID_ENTRIES, positionsByUnderlying } from "./positions-by-underlying";

const perp = (id: string, underlying: Position["underlying"], size: number): Position => ({ id, kind: "perp", underlying, size, entryPrice: 100 });

/** A fresh positions array each time, as a worker message makes it (the split is remembered per array). */
const book = () => [perp("b1", "BTC", 1), perp("e1", "ETH", 2), perp("e2", "ETH", -1), perp("s1", "SOL", 3)];

describe("positionsByUnderlying content ids", () => {
  it("equal content, equal id; a changed underlying gets a new id, the others keep theirs", () => {
    const a = positionsByUnderlying({ positions: book() }).key;
    const b = positionsByUnderlying({ positions: book() }).key;
    expect(b).toEqual(a);
    const edited = book().map((p) => (p.id === "b1" ? { ...p, size: 1.5 } : p));
    const c = positionsByUnderlying({ positions: edited }).key;
    expect(c.BTC).not.toBe(a.BTC);
    expect([c.ETH, c.SOL]).toEqual([a.ETH, a.SOL]);
  });

  it("lists used on every call keep their ids while an edit's analyses make many other lists", () => {
    const first = positionsByUnderlying({ positions: book() }).key;
    // one edit at 1,000 positions: a one-position book per position (attribution) and ~100
    // variants of the BTC list (the largest extra position); the account's own lists are used
    // between them, as every analysis call reads them; over enough edits to pass the cap twice
    const edits = Math.ceil((2 * CONTENT_ID_ENTRIES) / 1_100);
    for (let edit = 0; edit < edits; edit++) {
      for (let i = 0; i < 1_100; i++) {
        positionsByUnderlying({ positions: [perp(`x${edit}-${i}`, "BTC", 1 + i)] });
        if (i % 100 === 0) positionsByUnderlying({ positions: book() });
      }
    }
    expect(positionsByUnderlying({ positions: book() }).key).toEqual(first);
    // the cap holds one edit's lists with room to spare
    expect(1_100).toBeLessThan(CONTENT_ID_ENTRIES);
  });
});
