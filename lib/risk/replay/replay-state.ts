import type { MarketScenario } from "@/lib/market/scenario";
import type { MarketSnapshot } from "@/lib/market/types";
import { computeWithRulebook } from "@/lib/margin/models/compute";
import type { Rulebook } from "@/lib/margin/rulebook";
import type { PositionResult, SubAccountResult } from "@/lib/margin/result-types";
import { instrumentName } from "@/lib/workspace/instrument-name";
import type { Position, SubAccount } from "@/lib/workspace/schema";
import { liquidationFill, type Liquidity } from "./slippage";
import type { ReplayEvent, ReplayEventKind } from "./types";

/**
 * The book as the liquidation engine leaves it along a replay, and the two things that change it: a
 * fill (part of a position closed at the slippage assumption, with a fee) and a takeover (positions
 * and the equity left go to the venue's backstop, insurance fund or auction).
 *
 * Bookkeeping: the margin engine values the remaining positions on the step's market
 * (`computeWithRulebook` through `applyScenario`: the one valuation); what the fills realised sits in
 * a cash ledger beside it: equity = engine equity + ledger. Closing q coins (same sign as the size) at
 * fill F with fee φ adds q·(F − entry) − φ to the ledger, so equity after = equity before − q·(mark −
 * F) − φ = equity before − slippage − fee exactly. Isolated positions carry their allocation
 * (pinned at the start of the replay) plus what their own fills realised, and a closed isolated
 * position loses at most its allocation.
 *
 * @packageDocumentation
 */

/** Coins as a trader reads them (up to 4 decimals, trailing zeros dropped). */
function formatCoins(x: number): string {
  return `${Number(x.toFixed(4))}`;
}

/** Sizes this small (relative) count as closed. */
export const CLOSED_SIZE_TOLERANCE = 1e-9;

export interface StepContext {
  hour: number;
  scenario: MarketScenario;
}

export class ReplayState {
  sub: SubAccount;
  /** realised cash of the fills and takeovers, USD */
  ledgerUsd = 0;
  readonly events: ReplayEvent[] = [];
  feesUsd = 0;
  slippageUsd = 0;
  /** the last engine result on the current step */
  result!: SubAccountResult;
  private byId = new Map<string, PositionResult>();
  private indexed: SubAccountResult | null = null;
  /** incremental liquidation: the slice (coins) of each position, fixed at its first liquidation */
  readonly sliceCoins = new Map<string, number>();
  /** called before every valuation (the replay reports progress from it: a long liquidation still shows life) */
  onValue?: () => void;

  constructor(
    sub: SubAccount,
    readonly rulebook: Rulebook,
    readonly snapshot: MarketSnapshot,
    readonly liquidity: Liquidity,
  ) {
    this.sub = sub;
  }

  /** Values the current book on the step's market; a message when the model cannot. */
  value(step: StepContext): string | null {
    this.onValue?.();
    const r = computeWithRulebook(this.sub, this.rulebook, this.snapshot, { scenario: step.scenario, figuresOnly: true });
    if (!r.ok) return r.error;
    this.result = r.result;
    return null;
  }

  /**
   * Cross margin under a per-position rulebook: the account's IM, MM and P&L are sums over positions
   * (lib/margin/models/per-position.ts), so after a fill only the changed position needs valuing.
   */
  get additive(): boolean {
    return this.rulebook.model === "per-position" && this.sub.mode === "cross";
  }

  /**
   * The result after one position changed (`next` null: closed), valuing only that position through
   * the same engine call (a one-position sub-account) and replacing its share of the sums.
   */
  revaluePosition(step: StepContext, id: string, next: Position | null): string | null {
    this.onValue?.();
    const old = this.positionResult(id);
    let fresh: PositionResult | null = null;
    if (next) {
      const r = computeWithRulebook({ ...this.sub, collateral: [], positions: [next] }, this.rulebook, this.snapshot, { scenario: step.scenario, figuresOnly: true });
      if (!r.ok) return r.error;
      fresh = r.result.positions[0]!;
    }
    const positions = fresh ? this.result.positions.map((x) => (x.id === id ? fresh! : x)) : this.result.positions.filter((x) => x.id !== id);
    const dPnl = (fresh?.pnlUsd ?? 0) - old.pnlUsd;
    this.result = {
      ...this.result,
      positions,
      im: this.result.im - old.im + (fresh?.im ?? 0),
      mm: this.result.mm - old.mm + (fresh?.mm ?? 0),
      pnlUsd: this.result.pnlUsd + dPnl,
      equity: this.result.equity + dPnl,
    };
    return null;
  }

  get equity(): number {
    return this.result.equity + this.ledgerUsd;
  }

  get mm(): number {
    return this.result.mm;
  }

  get isolated(): boolean {
    return this.sub.mode === "isolated";
  }

  positionResult(id: string): PositionResult {
    if (this.indexed !== this.result) {
      this.byId = new Map(this.result.positions.map((p) => [p.id, p] as const));
      this.indexed = this.result;
    }
    const r = this.byId.get(id);
    if (!r) throw new Error(`position ${id} has no result`);
    return r;
  }

  /** Isolated: the position's equity (allocation + P&L) and whether it is below its maintenance now. */
  isolatedState(id: string): { equity: number; breached: boolean } {
    const r = this.positionResult(id);
    return { equity: r.isolated?.equity ?? 0, breached: r.isolated?.liquidation.state === "already" };
  }

  /** Positions currently below maintenance (isolated mode). */
  breachedIsolated(): Position[] {
    return this.sub.positions.filter((p) => this.isolatedState(p.id).breached);
  }

  /**
   * Closes `fraction` (0 < f ≤ 1) of position `id` at the step's mark with slippage and a fee of
   * `feeRate` × closed underlying notional (+ `extraFeeUsd`), records the event and revalues.
   */
  close(step: StepContext, id: string, fraction: number, kind: ReplayEventKind, rule: string, feeRate: number, extraFee?: (equityAfterFill: number, notionalUsd: number) => number): ReplayEvent | string {
    const i = this.sub.positions.findIndex((p) => p.id === id);
    const p = this.sub.positions[i]!;
    const res = this.positionResult(id);
    const equityBefore = this.isolated ? this.isolatedState(id).equity : this.equity;
    const accountEquityBefore = this.equity;
    const f = Math.min(1, fraction);
    const q = f >= 1 - CLOSED_SIZE_TOLERANCE ? p.size : p.size * f;
    const spot = res.size !== 0 ? res.notionalUsd / Math.abs(res.size) : 0;
    const liquidityUsd = p.kind === "option" ? this.liquidity.optionUsd : this.liquidity.linearUsd[p.underlying];
    const fill = liquidationFill(-q, res.mark, liquidityUsd);
    const notionalUsd = Math.abs(q) * spot;
    let fee = feeRate * notionalUsd;
    const realised = q * (fill.fillPrice - p.entryPrice);
    if (extraFee) fee += Math.max(0, extraFee(equityBefore - fill.slippageUsd - fee, notionalUsd));
    let cash = realised - fee;
    const remaining = p.size - q;
    const closedWhole = Math.abs(remaining) <= CLOSED_SIZE_TOLERANCE * Math.abs(p.size) || f >= 1;
    const positions = [...this.sub.positions];
    if (this.isolated) {
      // An isolated position loses at most its allocation (beyond it, the insurance fund pays); what a
      // partial fill realises stays in the position's margin.
      const alloc = res.isolated?.allocated ?? 0;
      cash = Math.max(cash, -alloc);
      if (closedWhole) positions.splice(i, 1);
      else positions[i] = { ...p, size: remaining, isolatedMargin: alloc + cash };
    } else if (closedWhole) positions.splice(i, 1);
    else positions[i] = { ...p, size: remaining };
    this.sub = { ...this.sub, positions };
    this.ledgerUsd += cash;
    this.feesUsd += fee;
    this.slippageUsd += fill.slippageUsd;
    const err = this.additive ? this.revaluePosition(step, p.id, closedWhole ? null : positions[i]!) : this.value(step);
    if (err) return err;
    const event: ReplayEvent = {
      hour: step.hour,
      kind,
      positionId: p.id,
      what: closedWhole ? `All of ${instrumentName(p)} (${formatCoins(Math.abs(q))})` : `${formatCoins(Math.abs(q))} of ${formatCoins(Math.abs(p.size))} ${instrumentName(p)}`,
      sizeClosed: -q,
      markPrice: res.mark,
      fillPrice: fill.fillPrice,
      shareSold: null,
      feeUsd: fee,
      slippageUsd: fill.slippageUsd,
      equityBefore: accountEquityBefore,
      equityAfter: this.equity,
      mmAfter: this.mm,
      rule,
    };
    this.events.push(event);
    return event;
  }

  /**
   * A takeover: `ids` (all positions when absent) leave the book and the equity they carry goes to
   * the venue (backstop vault, insurance fund, auction bidders): cross — the account's equity is set
   * to 0 (never below: a deficit is the venue's); isolated — the positions' allocations are lost.
   */
  takeover(step: StepContext, kind: ReplayEventKind, rule: string, ids?: readonly string[]): ReplayEvent | string {
    const equityBefore = this.equity;
    const taken = ids ? this.sub.positions.filter((p) => ids.includes(p.id)) : [...this.sub.positions];
    let lost: number;
    if (this.isolated) {
      lost = taken.reduce((s, p) => s + Math.max(0, this.isolatedState(p.id).equity), 0);
      // The engine drops the positions' (capped) P&L with them; their allocation leaves the account too.
      this.ledgerUsd -= taken.reduce((s, p) => s + (this.positionResult(p.id).isolated?.allocated ?? 0), 0);
    } else lost = Math.max(0, equityBefore);
    this.sub = { ...this.sub, positions: this.sub.positions.filter((p) => !taken.includes(p)) };
    const err = this.value(step);
    if (err) return err;
    if (!this.isolated) this.ledgerUsd = -this.result.equity; // equity after = 0
    this.feesUsd += lost;
    const event: ReplayEvent = {
      hour: step.hour,
      kind,
      positionId: taken.length === 1 ? taken[0]!.id : null,
      what: taken.length === 1 ? `All of ${instrumentName(taken[0]!)}` : taken.length === 0 ? "The deficit (no position left)" : `Every position (${taken.length})`,
      sizeClosed: taken.length === 1 ? -taken[0]!.size : null,
      markPrice: null,
      fillPrice: null,
      shareSold: null,
      feeUsd: lost,
      slippageUsd: 0,
      equityBefore,
      equityAfter: this.equity,
      mmAfter: this.mm,
      rule,
    };
    this.events.push(event);
    return event;
  }
}

/** What {@link ReplayState} holds at a moment, to try a fill and take it back. */
export interface Checkpoint {
  sub: SubAccount;
  ledgerUsd: number;
  feesUsd: number;
  slippageUsd: number;
  events: number;
  result: SubAccountResult;
}

export function checkpoint(s: ReplayState): Checkpoint {
  return { sub: s.sub, ledgerUsd: s.ledgerUsd, feesUsd: s.feesUsd, slippageUsd: s.slippageUsd, events: s.events.length, result: s.result };
}

export function restore(s: ReplayState, c: Checkpoint): void {
  s.sub = c.sub;
  s.ledgerUsd = c.ledgerUsd;
  s.feesUsd = c.feesUsd;
  s.slippageUsd = c.slippageUsd;
  s.events.length = c.events;
  s.result = c.result;
}
