import type { LiquidationProcedure } from "@/lib/margin/venues/liquidation-procedure-types";
import type { Position } from "@/lib/workspace/schema";
import { checkpoint, restore, type ReplayState, type StepContext } from "./replay-state";
import { liquidationFill } from "./slippage";

/**
 * The venue procedures of lib/margin/venues/<venue>-liquidation.ts applied to a book below
 * maintenance at one step of a replay (prices held within the step: the engine's rounds take seconds,
 * a step an hour). Cross and portfolio accounts are liquidated as a whole (equity < MM); isolated
 * positions one by one (their own equity < their MM). Whatever the procedure, an account left with
 * equity ≤ 0 and open positions is taken over (the venue's insurance fund takes the deficit: an
 * assumption common to every venue).
 *
 * @packageDocumentation
 */

/** Most liquidation rounds in one step (a guard; real books stop long before). */
export const MAX_ROUNDS_PER_STEP = 2_000;
/** Slices tried and taken back (they did not lower the shortfall) before a step gives up. */
const MAX_FAILED_TRIALS = 8;
/** Bisection steps of the auction share. */
const AUCTION_BISECTIONS = 16;
/** A negative equity smaller than this (USD, rounding of a full close) is not a deficit. */
const DEFICIT_TOLERANCE_USD = 1e-6;
/** Shortfall changes smaller than this (USD) count as no change. */
const SHORTFALL_TOLERANCE_USD = 1e-9;

type Outcome = string | null;

function accountBreached(s: ReplayState): boolean {
  return s.sub.positions.length > 0 && s.equity < s.mm;
}

/** Largest maintenance first, then largest notional (portfolio models report no per-position MM). */
function riskiestFirst(s: ReplayState, positions: readonly Position[]): Position[] {
  const key = (p: Position) => {
    const r = s.positionResult(p.id);
    return [r.mm, r.notionalUsd] as const;
  };
  return [...positions].sort((a, b) => {
    const [ma, na] = key(a);
    const [mb, nb] = key(b);
    return mb - ma || nb - na;
  });
}

/** Deribit order: perps and futures (largest notional first), then options (riskiest first). */
function futuresFirst(s: ReplayState): Position[] {
  const linear = s.sub.positions.filter((p) => p.kind !== "option").sort((a, b) => s.positionResult(b.id).notionalUsd - s.positionResult(a.id).notionalUsd);
  return [
    ...linear,
    ...riskiestFirst(
      s,
      s.sub.positions.filter((p) => p.kind === "option"),
    ),
  ];
}

function feeRateOf(procedure: LiquidationProcedure, p: Position): number {
  if (!("fees" in procedure)) return 0;
  return p.kind === "option" ? procedure.fees.option : procedure.fees.linear[p.underlying];
}

function incremental(s: ReplayState, step: StepContext, proc: Extract<LiquidationProcedure, { kind: "incremental" }>): Outcome {
  const sliceOf = (p: Position) => {
    if (!s.sliceCoins.has(p.id)) s.sliceCoins.set(p.id, Math.abs(p.size) * proc.sliceFraction);
    return s.sliceCoins.get(p.id)!;
  };
  const rule = `Incremental: ${proc.sliceFraction * 100} % of the position (its size at its first liquidation) per round, futures first (ASSUMPTION: slice size)`;
  if (s.isolated) {
    for (const p0 of s.breachedIsolated()) {
      for (let round = 0; round < MAX_ROUNDS_PER_STEP; round++) {
        const p = s.sub.positions.find((x) => x.id === p0.id);
        if (!p || !s.isolatedState(p.id).breached) break;
        const f = Math.min(1, sliceOf(p) / Math.abs(p.size));
        const e = s.close(step, p.id, f, f >= 1 - 1e-12 ? "full" : "partial", rule, feeRateOf(proc, p));
        if (typeof e === "string") return e;
      }
    }
    return null;
  }
  // "In such a way that the risk of the position will be reduced": a slice must lower the shortfall
  // (MM − equity). Per-position models add MM position by position, so a slice's effect is known in
  // advance (its share of the position's MM against the fee and slippage it costs); a portfolio
  // model's is tried, and taken back when it does not help (at most MAX_FAILED_TRIALS a step).
  const additive = s.result.perPositionRequirements;
  const skip = new Set<string>();
  let failed = 0;
  for (let round = 0; round < MAX_ROUNDS_PER_STEP && accountBreached(s) && failed < MAX_FAILED_TRIALS; round++) {
    const p = futuresFirst(s).find((x) => !skip.has(x.id));
    if (!p) break;
    const f = Math.min(1, sliceOf(p) / Math.abs(p.size));
    if (additive) {
      const r = s.positionResult(p.id);
      const spot = r.size !== 0 ? r.notionalUsd / Math.abs(r.size) : 0;
      const liquidityUsd = p.kind === "option" ? s.liquidity.optionUsd : s.liquidity.linearUsd[p.underlying];
      const cost = feeRateOf(proc, p) * f * Math.abs(p.size) * spot + liquidationFill(-f * p.size, r.mark, liquidityUsd).slippageUsd;
      if (f * r.mm <= cost) {
        skip.add(p.id);
        continue;
      }
    }
    const shortfall = s.mm - s.equity;
    const before = checkpoint(s);
    const e = s.close(step, p.id, f, f >= 1 - 1e-12 ? "full" : "partial", rule, feeRateOf(proc, p));
    if (typeof e === "string") return e;
    if (s.mm - s.equity >= shortfall - SHORTFALL_TOLERANCE_USD) {
      restore(s, before);
      skip.add(p.id);
      failed++;
    }
  }
  return null;
}

function partialThenFull(s: ReplayState, step: StepContext, proc: Extract<LiquidationProcedure, { kind: "partial-then-full" }>): Outcome {
  const backstopRule = `Backstop: equity below ${(proc.backstopFractionOfMm * 100).toFixed(1)} % of maintenance — the liquidator vault takes the positions and the margin left`;
  const partialRule = `Partial: ${proc.partialFraction * 100} % of a position above ${proc.largePositionUsd.toLocaleString("en-US")} USD, then a ${proc.cooldownSeconds} s cool-down`;
  const fullRule = `Market liquidation of the entire position${proc.cooldownSeconds > 0 ? " (during the cool-down, or a small position)" : ""}`;
  let cooldown = false;
  if (s.isolated) {
    for (const p0 of s.breachedIsolated()) {
      const pos = () => s.sub.positions.find((x) => x.id === p0.id);
      const mmOf = (id: string) => s.positionResult(id).mm;
      for (let round = 0; round < 3; round++) {
        const p = pos();
        if (!p || !s.isolatedState(p.id).breached) break;
        if (s.isolatedState(p.id).equity < proc.backstopFractionOfMm * mmOf(p.id)) {
          const e = s.takeover(step, "backstop", backstopRule, [p.id]);
          if (typeof e === "string") return e;
          break;
        }
        const partial = !cooldown && s.positionResult(p.id).notionalUsd > proc.largePositionUsd;
        const e = s.close(step, p.id, partial ? proc.partialFraction : 1, partial ? "partial" : "full", partial ? partialRule : fullRule, feeRateOf(proc, p));
        if (typeof e === "string") return e;
        if (partial) cooldown = true;
      }
    }
    return null;
  }
  const backstopIfDeep = (): Outcome | "done" => {
    if (accountBreached(s) && s.equity < proc.backstopFractionOfMm * s.mm) {
      const e = s.takeover(step, "backstop", backstopRule);
      return typeof e === "string" ? e : "done";
    }
    return null;
  };
  const first = backstopIfDeep();
  if (first !== null) return first === "done" ? null : first;
  for (let round = 0; round < MAX_ROUNDS_PER_STEP && accountBreached(s); round++) {
    const p = riskiestFirst(s, s.sub.positions)[0];
    if (!p) break;
    const partial = !cooldown && s.positionResult(p.id).notionalUsd > proc.largePositionUsd;
    const e = s.close(step, p.id, partial ? proc.partialFraction : 1, partial ? "partial" : "full", partial ? partialRule : fullRule, feeRateOf(proc, p));
    if (typeof e === "string") return e;
    if (partial) cooldown = true;
    const deep = backstopIfDeep();
    if (deep !== null) return deep === "done" ? null : deep;
  }
  return null;
}

/** Risk-limit tier ceilings (USD notional, ascending) of a position's linear rule, or null (options, untiered rules). */
function tierCeilings(s: ReplayState, p: Position): number[] | null {
  if (p.kind === "option" || s.rulebook.model !== "per-position") return null;
  const rule = s.rulebook.linear[p.underlying];
  return rule.kind === "tiered" ? rule.tiers.map((t) => t.upToNotionalUsd) : null;
}

function tiered(s: ReplayState, step: StepContext, proc: Extract<LiquidationProcedure, { kind: "tiered" }>): Outcome {
  const bankruptcyRule = "Lowest tier reached (or no tiers): taken over at the bankruptcy price, the margin left to the insurance fund";
  const cutDown = (p0: Position, breached: () => boolean): Outcome => {
    const ceilings = tierCeilings(s, p0);
    if (!ceilings) return null;
    for (let round = 0; round < ceilings.length && breached(); round++) {
      const p = s.sub.positions.find((x) => x.id === p0.id);
      if (!p) break;
      const n = s.positionResult(p.id).notionalUsd;
      const tier = ceilings.findIndex((c) => n <= c);
      const t = tier < 0 ? ceilings.length - 1 : tier;
      if (t === 0) break;
      const target = ceilings[Math.max(0, t - proc.tiersPerCut)]!;
      const e = s.close(step, p.id, 1 - target / n, "tier-cut", `Cut ${proc.tiersPerCut} tier${proc.tiersPerCut > 1 ? "s" : ""} down (${target.toLocaleString("en-US")} USD risk limit)`, feeRateOf(proc, p));
      if (typeof e === "string") return e;
    }
    return null;
  };
  if (s.isolated) {
    for (const p0 of s.breachedIsolated()) {
      const err = cutDown(p0, () => s.sub.positions.some((x) => x.id === p0.id) && s.isolatedState(p0.id).breached);
      if (err) return err;
      if (s.sub.positions.some((x) => x.id === p0.id) && s.isolatedState(p0.id).breached) {
        const e = s.takeover(step, "bankruptcy", bankruptcyRule, [p0.id]);
        if (typeof e === "string") return e;
      }
    }
    return null;
  }
  for (const p0 of riskiestFirst(s, s.sub.positions)) {
    if (!accountBreached(s)) break;
    const err = cutDown(p0, () => accountBreached(s));
    if (err) return err;
  }
  if (accountBreached(s)) {
    const e = s.takeover(step, "bankruptcy", bankruptcyRule);
    if (typeof e === "string") return e;
  }
  return null;
}

function fullClose(s: ReplayState, step: StepContext, proc: { maxPenaltyRate: number }): Outcome {
  const rule = proc.maxPenaltyRate > 0 ? `Full close; penalty up to ${(proc.maxPenaltyRate * 100).toFixed(1)} % of the notional, never more than the equity left` : "Full close (ASSUMPTION: no sourced procedure)";
  const penalty = (equityLeft: number, notionalUsd: number) => Math.min(proc.maxPenaltyRate * notionalUsd, Math.max(0, equityLeft));
  const targets = s.isolated ? s.breachedIsolated() : accountBreached(s) ? riskiestFirst(s, s.sub.positions) : [];
  for (const p of targets) {
    const e = s.close(step, p.id, 1, "full", rule, 0, penalty);
    if (typeof e === "string") return e;
  }
  return null;
}

function auction(s: ReplayState, step: StepContext, proc: Extract<LiquidationProcedure, { kind: "auction" }>): Outcome {
  if (s.isolated) return fullClose(s, step, { maxPenaltyRate: 0 });
  if (!accountBreached(s) || s.equity <= 0) return null; // insolvent: the common takeover below
  const start = checkpoint(s);
  const e0 = s.equity;
  const discountRate = 1 - proc.startFactor;
  const marks = new Map(s.sub.positions.map((p) => [p.id, s.positionResult(p.id).mark] as const));
  /** Sells share f of the sub-account at startFactor × its mark-to-market; true when equity ≥ bufferScale × MM after. */
  const sell = (f: number): Outcome | boolean => {
    restore(s, start);
    let realised = 0;
    const positions: Position[] = [];
    for (const p of start.sub.positions) {
      realised += f * p.size * (marks.get(p.id)! - p.entryPrice);
      if (f < 1) positions.push({ ...p, size: p.size * (1 - f) });
    }
    s.sub = { ...start.sub, positions };
    s.ledgerUsd = start.ledgerUsd + realised - discountRate * f * e0;
    const err = s.value(step);
    if (err) return err;
    return s.equity >= proc.bufferScale * s.mm;
  };
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < AUCTION_BISECTIONS; i++) {
    const mid = 0.5 * (lo + hi);
    const ok = sell(mid);
    if (typeof ok === "string") return ok;
    if (ok) hi = mid;
    else lo = mid;
  }
  const done = sell(hi);
  if (typeof done === "string") return done;
  const fee = discountRate * hi * e0;
  s.feesUsd = start.feesUsd + fee;
  s.events.push({
    hour: step.hour,
    kind: "auction",
    positionId: null,
    what: `${(hi * 100).toFixed(1)} % of the sub-account (every position)`,
    sizeClosed: null,
    markPrice: null,
    fillPrice: null,
    shareSold: hi,
    feeUsd: fee,
    slippageUsd: 0,
    equityBefore: e0,
    equityAfter: s.equity,
    mmAfter: s.mm,
    rule: `Dutch auction: bid at ${proc.startFactor * 100} % of mark-to-market until equity ≥ ${proc.bufferScale} × MM (buffer margin)`,
  });
  return null;
}

/**
 * Applies `procedure` to the book at this step if it is below maintenance (the account, or isolated
 * positions); returns a message when the margin model cannot value the book.
 */
export function liquidateStep(s: ReplayState, step: StepContext, procedure: LiquidationProcedure): Outcome {
  const breached = s.isolated ? s.breachedIsolated().length > 0 : accountBreached(s);
  if (!breached) return null;
  if (s.isolated) {
    // A position already past its margin is the insurance fund's: taken over, whatever the venue.
    const bankrupt = s.breachedIsolated().filter((p) => s.isolatedState(p.id).equity <= 0);
    for (const p of bankrupt) {
      const e = s.takeover(step, "insolvent", "Position equity at or below zero: taken over, the deficit is the venue's (insurance fund) — ASSUMPTION common to every venue", [p.id]);
      if (typeof e === "string") return e;
    }
  }
  let err: Outcome;
  switch (procedure.kind) {
    case "incremental":
      err = incremental(s, step, procedure);
      break;
    case "partial-then-full":
      err = partialThenFull(s, step, procedure);
      break;
    case "tiered":
      err = tiered(s, step, procedure);
      break;
    case "full-close":
      err = fullClose(s, step, procedure);
      break;
    case "auction":
      err = auction(s, step, procedure);
      break;
  }
  if (err) return err;
  if (!s.isolated && (s.sub.positions.length > 0 ? s.equity <= 0 : s.equity < -DEFICIT_TOLERANCE_USD)) {
    const e = s.takeover(step, "insolvent", "Equity at or below zero: the positions are taken over and the deficit is the venue's (insurance fund) — ASSUMPTION common to every venue");
    if (typeof e === "string") return e;
  }
  return null;
}
