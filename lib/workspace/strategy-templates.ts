import type { Underlying } from "@/lib/market/types";
import type { NewPosition } from "./schema";

/**
 * Strategy templates of the trade ticket: each builds its legs from the option chain the engine
 * computed (strikes chosen by delta or by distance from the forward), ready to stage and edit.
 * Templates choose strikes and sizes only; every price, delta and margin comes from the engine.
 *
 * @packageDocumentation
 */

/** The parts of the engine's option chain (result-types OptionChain) a template reads. */
export interface TemplateChain {
  underlying: Underlying;
  spot: number;
  perp: { mark: number; delta: number };
  expiries: {
    id: string;
    days: number;
    forward: number;
    atmStrike: number;
    rows: { strike: number; call: { delta: number }; put: { delta: number } }[];
  }[];
}

export const TEMPLATE_IDS = ["bull-call-spread", "bear-put-spread", "straddle", "strangle", "calendar", "butterfly", "iron-condor", "risk-reversal", "covered-call", "collar", "delta-hedge"] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export const TEMPLATE_NAMES: Record<TemplateId, string> = {
  "bull-call-spread": "Bull call spread",
  "bear-put-spread": "Bear put spread",
  straddle: "Straddle",
  strangle: "Strangle",
  calendar: "Calendar",
  butterfly: "Butterfly",
  "iron-condor": "Iron condor",
  "risk-reversal": "Risk reversal",
  "covered-call": "Covered call",
  collar: "Collar",
  "delta-hedge": "Delta hedge (perp)",
};

export interface TemplateParams {
  /** coins per leg (a butterfly's body is 2×); negative = the whole strategy reversed (sold) */
  size: number;
  /** index of the expiry in the chain (calendars: the near leg) */
  expiryIndex: number;
  /** calendars: the far expiry's index (default: the next one) */
  farExpiryIndex?: number;
  /** how out-of-the-money strikes are chosen */
  strikeBy: "delta" | "distance";
  /** |delta| of the short/inner out-of-the-money strikes (default 0.25) */
  delta?: number;
  /** |delta| of the wings (iron condor; default 0.10) */
  wingDelta?: number;
  /** distance of the inner strikes from the forward, percent (default 5) */
  distancePct?: number;
  /** distance of the wings, percent (default 10) */
  wingDistancePct?: number;
  /** delta hedge: the account's delta on the underlying, coins (from the engine's account Greeks) */
  accountDelta?: number;
}

/** A staged leg: a position without an entry price yet (the engine enters it at the mark). */
export type StagedLeg = NewPosition extends infer P ? (P extends NewPosition ? Omit<P, "entryPrice"> & { label: string } : never) : never;

type Row = TemplateChain["expiries"][number]["rows"][number];
type Expiry = TemplateChain["expiries"][number];

function nearest<T>(items: readonly T[], score: (t: T) => number): T {
  let best = items[0] as T;
  let min = Infinity;
  for (const t of items) {
    const s = score(t);
    if (s < min) [best, min] = [t, s];
  }
  return best;
}

/**
 * The out-of-the-money strike of `type` at `delta` (|Δ|) or `pct` % from the forward.
 *
 * @example
 * ```ts
 * otmStrike(expiry, "call", "delta", 0.25, 5); // the listed strike whose call delta is nearest +0.25
 * ```
 */
export function otmStrike(e: Expiry, type: "call" | "put", by: "delta" | "distance", delta: number, pct: number): number {
  if (by === "delta") return nearest(e.rows, (r: Row) => Math.abs((type === "call" ? r.call.delta : -r.put.delta) - delta)).strike;
  const target = e.forward * (1 + ((type === "call" ? 1 : -1) * pct) / 100);
  return nearest(e.rows, (r: Row) => Math.abs(r.strike - target)).strike;
}

/**
 * Builds a template's legs from the chain. Throws with a message when the chain cannot hold the
 * template (no expiry at the index, no later expiry for a calendar, no account delta to hedge).
 *
 * @example
 * ```ts
 * buildTemplate("straddle", chain, { size: 1, expiryIndex: 3, strikeBy: "delta" });
 * // [ long 1 ATM call, long 1 ATM put ] on the 4th expiry
 * ```
 */
export function buildTemplate(id: TemplateId, chain: TemplateChain, p: TemplateParams): StagedLeg[] {
  const u = chain.underlying;
  const n = p.size;
  const delta = p.delta ?? 0.25;
  const wingDelta = p.wingDelta ?? 0.1;
  const dist = p.distancePct ?? 5;
  const wingDist = p.wingDistancePct ?? 10;
  const perp = (size: number, label: string): StagedLeg => ({ kind: "perp", underlying: u, size, label });
  if (id === "delta-hedge") {
    if (p.accountDelta === undefined || !Number.isFinite(p.accountDelta)) throw new Error("no account delta to neutralise");
    if (Math.abs(p.accountDelta) < 1e-9) throw new Error(`the account's ${u} delta is already 0`);
    // One perp coin has delta perpMark/spot (the engine's perp delta): size = −account delta / that.
    return [perp(-p.accountDelta / chain.perp.delta, `neutralise ${u} delta ${p.accountDelta.toFixed(4)}`)];
  }
  const e = chain.expiries[p.expiryIndex];
  if (!e) throw new Error(`no expiry #${p.expiryIndex + 1} in the ${u} chain`);
  const opt = (exp: Expiry, strike: number, optionType: "call" | "put", size: number, label: string): StagedLeg => ({ kind: "option", underlying: u, expiry: exp.id, strike, optionType, size, label });
  const atm = e.atmStrike;
  const callOtm = otmStrike(e, "call", p.strikeBy, delta, dist);
  const putOtm = otmStrike(e, "put", p.strikeBy, delta, dist);
  const callWing = otmStrike(e, "call", p.strikeBy, wingDelta, wingDist);
  const putWing = otmStrike(e, "put", p.strikeBy, wingDelta, wingDist);
  switch (id) {
    case "bull-call-spread":
      return [opt(e, atm, "call", n, "long ATM call"), opt(e, callOtm, "call", -n, "short OTM call")];
    case "bear-put-spread":
      return [opt(e, atm, "put", n, "long ATM put"), opt(e, putOtm, "put", -n, "short OTM put")];
    case "straddle":
      return [opt(e, atm, "call", n, "ATM call"), opt(e, atm, "put", n, "ATM put")];
    case "strangle":
      return [opt(e, callOtm, "call", n, "OTM call"), opt(e, putOtm, "put", n, "OTM put")];
    case "calendar": {
      const far = chain.expiries[p.farExpiryIndex ?? p.expiryIndex + 1];
      if (!far || far.days <= e.days) throw new Error("a calendar needs a later expiry than the near one");
      const k = nearest(far.rows, (r: Row) => Math.abs(r.strike - atm)).strike;
      return [opt(e, atm, "call", -n, "short near ATM call"), opt(far, k, "call", n, "long far ATM call")];
    }
    case "butterfly": {
      // Symmetric wings: the OTM call strike's distance from the body, mirrored below.
      const width = Math.max(callOtm - atm, 1e-9);
      const lower = nearest(e.rows, (r: Row) => Math.abs(r.strike - (atm - width))).strike;
      return [opt(e, lower, "call", n, "long lower call"), opt(e, atm, "call", -2 * n, "short 2× body call"), opt(e, callOtm, "call", n, "long upper call")];
    }
    case "iron-condor":
      return [opt(e, putWing, "put", n, "long put wing"), opt(e, putOtm, "put", -n, "short put"), opt(e, callOtm, "call", -n, "short call"), opt(e, callWing, "call", n, "long call wing")];
    case "risk-reversal":
      return [opt(e, callOtm, "call", n, "long OTM call"), opt(e, putOtm, "put", -n, "short OTM put")];
    case "covered-call":
      return [perp(n, "long perp"), opt(e, callOtm, "call", -n, "short OTM call")];
    case "collar":
      return [perp(n, "long perp"), opt(e, putOtm, "put", n, "long OTM put"), opt(e, callOtm, "call", -n, "short OTM call")];
  }
}
