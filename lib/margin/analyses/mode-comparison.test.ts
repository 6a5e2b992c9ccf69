import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import { relErr } from "@/lib/quant/precision";
import type { NewPosition, SubAccount } from "@/lib/workspace/schema";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { compareModes, interpolatedRoot } from "./mode-comparison";
import { verdict } from "./mode-verdict";
import type { ModeView } from "@/lib/margin/result-types";

const snap = SAMPLE_SNAPSHOT;
const BTC = snap.underlyings.BTC;

function sub(positions: NewPosition[], usdc = 100_000, mode: SubAccount["mode"] = "cross"): SubAccount {
  return { id: "e", name: "eff", mode, profileId: "deribit-standard", collateral: [{ asset: "USDC", amount: usdc }], positions: positions.map((p, i) => ({ ...p, id: `p${i}` }) as SubAccount["positions"][number]) };
}

const ok = (v: ModeView | undefined) => {
  if (!v || !v.ok) throw new Error("mode failed");
  return v;
};

describe("mode comparison", () => {
  const book = sub([{ kind: "perp", underlying: "BTC", size: 3, entryPrice: BTC.perpMark, isolatedMargin: 30_000 }], 100_000);
  const [iso, cross] = compareModes(book, snap).map(ok);

  it("cross loses the P&L of a stress move; isolated loses at most the position's allocation (hand-computed)", () => {
    // −35%: P&L = 3 × 95,019 × (−0.35) = −99,769.95
    const s35c = cross!.stress.find((s) => s.movePct === -35)!;
    expect(relErr(s35c.lossUsd, 3 * BTC.perpMark * 0.35)).toBeLessThan(1e-9);
    expect(s35c.accountLiquidated).toBe(true); // equity 100,000 − 99,770 = 230 < MM
    const s35i = iso!.stress.find((s) => s.movePct === -35)!;
    // the isolated position can only lose its 30,000 allocation
    expect(s35i.lossUsd).toBeCloseTo(30_000, 6);
    expect(s35i.liquidatedPositions).toBe(1);
    // +25%: both gain 3 × 95,019 × 0.25
    expect(relErr(-cross!.stress.find((s) => s.movePct === 25)!.lossUsd, 3 * BTC.perpMark * 0.25)).toBeLessThan(1e-9);
  });

  it("largest extra long perp in cross solves equity = IM(x) (hand-computed quadratic)", () => {
    const empty = compareModes(sub([], 100_000), snap).map(ok);
    const m = BTC.spot; // Deribit margins linear perps on the index (support.deribit.com Linear Perpetual)
    // IM(x) = (0.02 + 0.00005·x)·x·m = 100,000 → 0.00005·m·x² + 0.02·m·x − 100,000 = 0
    const a = 0.00005 * m;
    const b = 0.02 * m;
    const x = (-b + Math.sqrt(b * b + 4 * a * 100_000)) / (2 * a);
    expect(relErr(empty[1]!.maxExtra!.longCoins, x)).toBeLessThan(1e-6);
    expect(relErr(empty[1]!.maxExtra!.shortCoins, x)).toBeLessThan(1e-6);
    // isolated: the new position's allocation (its IM) must fit in the unallocated collateral: same equation here
    expect(relErr(empty[0]!.maxExtra!.longCoins, x)).toBeLessThan(1e-6);
  });

  it("says which mode frees margin and how liquidation moves", () => {
    const views: ModeView[] = [
      { ...cross!, mode: "cross", im: 65_000, togetherDownPct: -31 },
      { ...cross!, mode: "isolated", im: 23_800, liquidation: [{ underlying: "BTC", spot: 1, state: "found", down: { price: 1, movePct: -22 }, up: null }] },
    ];
    expect(verdict("cross", views)).toBe("Isolated margin frees $41,200 (63%) but liquidation moves from −31% to −22%.");
    expect(verdict("isolated", views)).toBe("Isolated margin already needs the least initial margin of the modes compared ($23,800).");
  });
});

describe("liquidation properties", () => {
  const positionArb = fc.record({
    strikeIndex: fc.nat(),
    size: fc.double({ min: 0.1, max: 20, noNaN: true }),
    call: fc.boolean(),
    perp: fc.double({ min: -5, max: 5, noNaN: true }),
  });

  it("adding collateral never brings liquidation closer", () => {
    fc.assert(
      fc.property(positionArb, fc.double({ min: 1_000, max: 1_000_000, noNaN: true }), ({ strikeIndex, size, call, perp }, extra) => {
        const e = BTC.expiries[3]!;
        const strike = e.strikes[strikeIndex % e.strikes.length]!;
        const positions: NewPosition[] = [{ kind: "option", underlying: "BTC", expiry: e.id, strike, optionType: call ? "call" : "put", size: -size, entryPrice: 1_000 }];
        if (Math.abs(perp) > 0.01) positions.push({ kind: "perp", underlying: "BTC", size: perp, entryPrice: BTC.perpMark });
        const a = computeSubAccount(sub(positions, 60_000), snap);
        const b = computeSubAccount(sub(positions, 60_000 + extra), snap);
        if (!a.ok || !b.ok) return false;
        const la = a.result.liquidation.find((l) => l.underlying === "BTC")!;
        const lb = b.result.liquidation.find((l) => l.underlying === "BTC")!;
        const downOk = !lb.down || (la.down !== null && lb.down.price <= la.down.price + 1e-6) || la.state === "already";
        const upOk = !lb.up || (la.up !== null && lb.up.price >= la.up.price - 1e-6) || la.state === "already";
        return downOk && upOk;
      }),
      { numRuns: 60 },
    );
  });
});

describe("interpolatedRoot (the largest extra position's guesses)", () => {
  it("is exact for a quadratic through three points and for a line through two", () => {
    // y = 10 − x − x²/20 (free collateral under a rate growing linearly with the size): x² + 20x − 200 = 0, roots −10 ± √300; the one in (0, 10)
    const q = (x: number) => 10 - x - (x * x) / 20;
    const root = -10 + Math.sqrt(300); // 7.3205…
    expect(q(root)).toBeCloseTo(0, 12);
    expect(interpolatedRoot([0, q(0)], [10, q(10)], [4, q(4)])).toBeCloseTo(root, 12);
    // y = 6 − 0.75·x: the secant of two points, with or without a third on the same line
    const l = (x: number) => 6 - 0.75 * x;
    expect(interpolatedRoot([1, l(1)], [12, l(12)], null)).toBeCloseTo(8, 12);
    expect(interpolatedRoot([1, l(1)], [12, l(12)], [3, l(3)])).toBeCloseTo(8, 12);
  });

  it("takes the secant when the third point is one of the ends (no quadratic to fit)", () => {
    // the secant of (0, 1) and (4, −3) crosses zero at 1
    expect(interpolatedRoot([0, 1], [4, -3], [4, -3])).toBeCloseTo(1, 12);
  });
});
