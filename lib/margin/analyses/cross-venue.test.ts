import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SAMPLE_SNAPSHOT } from "@/lib/market/sample-snapshot";
import type { Underlying } from "@/lib/market/types";
import { DEMO_WORKSPACE } from "@/lib/workspace/demo";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { engineApi } from "@/lib/engine/worker/api";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { compareModes } from "./mode-comparison";
import { RULEBOOKS } from "@/lib/margin/venues/catalogue";
import { crossVenue, distanceOf, unifiedComparison, usdcOf } from "./cross-venue";
import { allocateCollateral, applyTransfers, type AllocationParams } from "./cross-venue-allocation";

const snap = SAMPLE_SNAPSHOT;
/** Per-position rulebooks that list perps on every underlying (lib/margin/venues/*). */
const PERP_VENUES = ["deribit-standard", "aevo-standard", "bybit-cross", "hyperliquid", "dydx"] as const;
/** Our together-move root (8 bisection steps on a ≤ 15-point bracket, then interpolated) against the model's own root finder, in move points. */
const LIQ_TOL_PCT = 0.05;
/** Sums of one account are the account's figures bit for bit. */
const EXACT = 0;
/** Distances from two root finders on the same model may differ by their tolerances. */
const DIST_TOL_PCT = 0.1;
const SEED = 20261120;

function perp(id: string, u: Underlying, size: number): Position {
  return { id, kind: "perp", underlying: u, size, entryPrice: snap.underlyings[u].perpMark };
}

function sub(id: string, profileId: string, usdc: number, positions: Position[], mode: SubAccount["mode"] = "cross"): SubAccount {
  return { id, name: id, mode, profileId, collateral: [{ asset: "USDC", amount: usdc }], positions };
}

describe("cross-venue grouping", () => {
  it("all positions in one venue reproduce that sub-account's figures exactly (demo hedged book, and each demo silo alone)", () => {
    for (const s of DEMO_WORKSPACE.subAccounts) {
      const full = computeSubAccount(s, snap);
      if (!full.ok) throw new Error(full.error);
      const r = crossVenue([s], snap);
      expect(r.venues).toHaveLength(1);
      const g = r.venues[0]!;
      expect(g.venue).toBe("Deribit");
      expect(Math.abs(g.collateralValue - full.result.collateralValue)).toBe(EXACT);
      expect(Math.abs(g.equity - full.result.equity)).toBe(EXACT);
      expect(Math.abs(g.im - full.result.im)).toBe(EXACT);
      expect(Math.abs(g.mm - full.result.mm)).toBe(EXACT);
      expect(Math.abs(g.freeCollateral - full.result.freeCollateral)).toBe(EXACT);
      if (s.mode !== "isolated") {
        // the model's own all-together liquidation (root-found on the full model)
        const t = full.result.liquidationTogether!;
        expect(Math.abs(g.liquidation.downMovePct! - t.downMovePct!)).toBeLessThan(LIQ_TOL_PCT);
        expect(Math.abs(g.liquidation.upMovePct! - t.upMovePct!)).toBeLessThan(LIQ_TOL_PCT);
      }
    }
  });

  it("property: a single sub-account on any venue — the group is its figures, and pooling it alone under its own portfolio rulebook is its IM", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PERP_VENUES),
        fc.constantFrom<Underlying>("BTC", "ETH", "SOL"),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        (venue, u, coinsK, usdcK) => {
          const coins = coinsK * (u === "BTC" ? 1 : u === "ETH" ? 30 : 500);
          const notional = coins * snap.underlyings[u].perpMark;
          const s = sub("one", venue, notional * usdcK, [perp("p", u, coins)]);
          const full = computeSubAccount(s, snap, { lite: true });
          if (!full.ok) throw new Error(full.error);
          const g = crossVenue([s], snap).venues[0]!;
          expect(g.im).toBe(full.result.im);
          expect(g.mm).toBe(full.result.mm);
          expect(g.equity).toBe(full.result.equity);
          expect(g.freeCollateral).toBe(full.result.freeCollateral);
          const pm = { ...s, mode: "portfolio" as const, profileId: "derive-pm2" };
          const alone = computeSubAccount(pm, snap, { lite: true });
          const unified = crossVenue([pm], snap).unified.candidates.find((c) => c.profile.id === "derive-pm2");
          if (!alone.ok || !unified?.ok) throw new Error("PM2 failed");
          expect(unified.im).toBe(alone.result.im);
        },
      ),
      { seed: SEED, numRuns: 25 },
    );
  });
});

describe("siloed vs unified", () => {
  // A hedged pair: equal and opposite perps. (An imperfect hedge can need more pooled: the portfolio grids
  // shock the residual by ±16 % where standard perp IM is 1–2 % — the sentence then says "pooling would cost more".)
  it("property: a hedged pair split across two venues never needs less siloed than unified", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PERP_VENUES),
        fc.constantFrom(...PERP_VENUES),
        fc.constantFrom<Underlying>("BTC", "ETH", "SOL"),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 0.2, max: 2, noNaN: true }),
        fc.boolean(),
        (va, vb, u, coinsK, usdcK, longFirst) => {
          fc.pre(va !== vb);
          const coins = coinsK * (u === "BTC" ? 1 : u === "ETH" ? 30 : 500);
          const notional = coins * snap.underlyings[u].perpMark;
          const sign = longFirst ? 1 : -1;
          const subs = [sub("a", va, notional * usdcK, [perp("x", u, sign * coins)]), sub("b", vb, notional * usdcK, [perp("y", u, -sign * coins)])];
          const r = crossVenue(subs, snap);
          expect(r.unified.basis).toBe("portfolio");
          expect(r.unified.fragmentationCostUsd).not.toBeNull();
          expect(r.unified.fragmentationCostUsd!).toBeGreaterThanOrEqual(0);
          // and the pair is listed as an uncredited hedge (perp P&L is linear: correlation −1)
          expect(r.hedges).toHaveLength(1);
          expect(r.hedges[0]!.correlation).toBeLessThan(-0.999999);
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("the demo workspace: fragmentation cost = siloed IM − the best pooled IM, and the sentence says so", () => {
    const r = crossVenue(DEMO_WORKSPACE.subAccounts, snap);
    const siloed = DEMO_WORKSPACE.subAccounts.reduce((s, x) => {
      const c = computeSubAccount(x, snap, { lite: true });
      if (!c.ok) throw new Error(c.error);
      return s + c.result.im;
    }, 0);
    expect(r.unified.siloedIm).toBe(siloed);
    const best = r.unified.candidates.filter((c) => c.ok).reduce((b, c) => (c.ok && b.ok && c.im < b.im ? c : b));
    expect(best.ok && r.unified.fragmentationCostUsd).toBe(best.ok ? siloed - best.im : false);
    expect(r.unified.sentence).toMatch(/^Siloed needs \$[\d,]+, unified on .+ needs \$[\d,]+: fragmentation costs \$[\d,]+\.$/);
  });

  it("falls back to cross when no portfolio rulebook can hold the book (a portfolio rulebook variant without a haircut table)", () => {
    const broken = RULEBOOKS.map((r) => (r.model === "portfolio" || r.model === "okx-pm" ? { ...r, haircutsFrom: "no-such-table" } : r));
    const subs = [sub("a", "deribit-standard", 100_000, [perp("x", "BTC", 1)]), sub("b", "hyperliquid", 100_000, [perp("y", "BTC", -1)])];
    const accounts = crossVenue(subs, snap).accounts;
    const u = unifiedComparison(subs, accounts, snap, {}, broken);
    expect(u.basis).toBe("cross");
    expect(u.candidates.filter((c) => c.mode === "portfolio").every((c) => !c.ok)).toBe(true);
    const best = u.candidates.find((c) => c.profile.id === u.bestProfileId);
    expect(best?.ok && best.mode).toBe("cross");
    expect(u.sentence).toContain("(cross)");
  });
});

describe("stress across venues", () => {
  it("one cross silo: each named move's loss is the mode comparison's (same model, same move)", () => {
    const s = DEMO_WORKSPACE.subAccounts[0]!;
    const cross = compareModes(s, snap, {}, ["cross"])[0]!;
    if (!cross.ok) throw new Error("cross failed");
    const r = crossVenue([s], snap);
    for (const st of cross.stress) {
      const cell = r.stress.find((x) => x.movePct === st.movePct)!.venues[0]!;
      expect(cell.lossUsd).toBe(st.lossUsd);
      expect(cell.liquidatedAccounts > 0).toBe(st.accountLiquidated);
    }
  });

  it("names the venue that liquidates first in each direction (hand-built: a thin Hyperliquid long, a deep Deribit short)", () => {
    const subs = [sub("hl", "hyperliquid", 60_000, [perp("a", "BTC", 5)]), sub("db", "deribit-standard", 300_000, [perp("b", "BTC", -5)])];
    const r = crossVenue(subs, snap);
    const down = r.firstLiquidation.find((f) => f.direction === "down")!;
    const up = r.firstLiquidation.find((f) => f.direction === "up")!;
    expect(down.venue).toBe("Hyperliquid");
    expect(down.equityAtRiskUsd).toBe(60_000); // USDC at par, no P&L at entry = mark
    expect(up.venue).toBe("Deribit");
    // −20 %: 5 BTC × 95,019 × 0.2 = 95,019 lost on a 60,000 account → liquidated, loss capped at its equity
    const m20 = r.stress.find((s) => s.movePct === -20)!;
    expect(m20.firstVenue).toBe("Hyperliquid");
    expect(m20.venues.find((v) => v.venue === "Hyperliquid")!.lossUsd).toBe(60_000);
  });
});

describe("collateral allocation", () => {
  const params: AllocationParams = { costPerTransferUsd: 25, minTransferUsd: 1_000 };

  it("moves USDC from the deep silo to the thin one and equalises their distances (hand-built pair)", () => {
    const subs = [sub("hl", "hyperliquid", 60_000, [perp("a", "BTC", 5)]), sub("db", "deribit-standard", 300_000, [perp("b", "BTC", -5)])];
    const a = allocateCollateral(subs, snap, {}, params);
    expect(a.transfers).toHaveLength(1);
    expect(a.transfers[0]).toMatchObject({ fromId: "db", toId: "hl", costUsd: 25 });
    expect(a.afterMinDistancePct!).toBeGreaterThan(a.beforeMinDistancePct! + 10);
    const [hl, db] = a.rows;
    expect(Math.abs(hl!.after.distancePct! - db!.after.distancePct!)).toBeLessThan(DIST_TOL_PCT);
  });

  it("the demo: no silo holds spare USDC for the hedged book, so nothing moves and nothing gets worse", () => {
    const a = allocateCollateral(DEMO_WORKSPACE.subAccounts, snap, {}, params);
    expect(a.transfers).toHaveLength(0);
    expect(a.afterMinDistancePct).toBe(a.beforeMinDistancePct);
  });

  it("property: transfers never lower the smallest liquidation distance (checked on the full model) and respect the collateral available", () => {
    const silo = fc.record({
      venue: fc.constantFrom(...PERP_VENUES),
      u: fc.constantFrom<Underlying>("BTC", "ETH", "SOL"),
      coinsK: fc.double({ min: -4, max: 4, noNaN: true }).filter((x) => Math.abs(x) > 0.05),
      usdcK: fc.double({ min: 0.01, max: 1.5, noNaN: true }),
    });
    let withTransfers = 0;
    fc.assert(
      fc.property(fc.array(silo, { minLength: 2, maxLength: 4 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 20_000 }), (specs, cost, minT) => {
        const subs = specs.map((s, i) => {
          const coins = s.coinsK * (s.u === "BTC" ? 1 : s.u === "ETH" ? 30 : 500);
          return sub(`s${i}`, s.venue, Math.abs(coins) * snap.underlyings[s.u].perpMark * s.usdcK, [perp(`p${i}`, s.u, coins)]);
        });
        const p = { costPerTransferUsd: cost, minTransferUsd: minT };
        const a = allocateCollateral(subs, snap, {}, p);
        if (a.transfers.length > 0) withTransfers++;
        // collateral available: each source sends at most its USDC, keeps its IM covered; each move ≥ the minimum
        for (const s of subs) {
          const out = a.transfers.filter((t) => t.fromId === s.id).reduce((x, t) => x + t.amountUsd + t.costUsd, 0);
          expect(out).toBeLessThanOrEqual(usdcOf(s) * (1 + 1e-12));
        }
        for (const t of a.transfers) {
          expect(t.amountUsd).toBeGreaterThanOrEqual(minT);
          expect(t.costUsd).toBe(cost);
        }
        const dist = (ss: SubAccount[]) =>
          ss.map((s) => {
            const r = computeSubAccount(s, snap);
            if (!r.ok) throw new Error(r.error);
            const t = r.result.liquidationTogether!;
            return { d: distanceOf({ state: t.state, downMovePct: t.downMovePct, upMovePct: t.upMovePct }), free: r.result.freeCollateral };
          });
        const before = dist(subs);
        const after = dist(applyTransfers(subs, a.transfers));
        const minOf = (xs: { d: number | null }[]) => Math.min(...xs.map((x) => x.d ?? Infinity));
        expect(minOf(after)).toBeGreaterThanOrEqual(minOf(before) - DIST_TOL_PCT);
        subs.forEach((s, i) => {
          if (a.transfers.some((t) => t.fromId === s.id)) expect(after[i]!.free).toBeGreaterThanOrEqual(-1e-6);
        });
        expect(a.rows.map((r) => r.id)).toEqual(subs.map((s) => s.id));
      }),
      { seed: SEED, numRuns: 30 },
    );
    // not vacuous: a good share of the generated workspaces get transfers
    expect(withTransfers).toBeGreaterThan(5);
  });
});

describe("worker API", () => {
  it("validates the whole-workspace request: bad input comes back as { ok: false }, good input as the analysis", () => {
    expect(engineApi.crossVenue({ subAccounts: "nope", snapshot: snap }).ok).toBe(false);
    expect(engineApi.allocateCollateral({ subAccounts: [], snapshot: snap, allocation: { costPerTransferUsd: -1, minTransferUsd: 0 } }).ok).toBe(false);
    const r = engineApi.crossVenue({ subAccounts: DEMO_WORKSPACE.subAccounts, snapshot: snap });
    if (!r.ok) throw new Error(r.error);
    expect(r.result.unified.sentence).toBe(crossVenue(DEMO_WORKSPACE.subAccounts, snap).unified.sentence);
  });
});

describe("collateral allocation: an account below maintenance", () => {
  it("is a receiver: the deep silo tops it up until both sit at the same distance", () => {
    // 5 BTC long on Hyperliquid with 2,000 USDC: MM > equity now (hand-check: MM ≈ 5 × 95,019 × 1.25 % ≈ 5,939 > 2,000)
    const subs = [sub("hl", "hyperliquid", 2_000, [perp("a", "BTC", 5)]), sub("db", "deribit-standard", 300_000, [perp("b", "BTC", -5)])];
    const r = crossVenue(subs, snap);
    expect(r.accounts[0]!.liquidation.state).toBe("already");
    const a = allocateCollateral(subs, snap, {}, { costPerTransferUsd: 0, minTransferUsd: 0 });
    expect(a.beforeMinDistancePct).toBe(0);
    expect(a.transfers).toHaveLength(1);
    expect(a.afterMinDistancePct!).toBeGreaterThan(10);
  });
});
