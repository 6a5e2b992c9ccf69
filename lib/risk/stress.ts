import { applyScenario, moveOf, NO_SCENARIO, type MarketScenario } from "@/lib/market/scenario";
import { SPOT_FACTOR, VOL_SHIFT_PTS } from "@/lib/market/limits";
import { UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { comparisonModeOf, RULEBOOK_INFOS } from "@/lib/margin/venues/catalogue";
import type { SubAccount } from "@/lib/workspace/schema";
import { NU, prepareRiskBook, revalue, totals, U_INDEX } from "./book";
import { dayOf, firstDayAtOrAfter, isoDay, type PriceHistory } from "./history/returns";
import type { StressReplay, StressReport, StressVenueOutcome } from "./types";
import { volShiftFor } from "./vol-rule";

/**
 * Historical stress replays: the joint moves of named crash days (from the price history) applied
 * at once to today's book, implied vols spiked by the vol-beta rule (./vol-rule.ts), then the
 * book's P&L by full revaluation and the margin after it under the sub-account's rulebook and under
 * every venue profile (per-position profiles in cross mode, scenario profiles in portfolio mode,
 * as in the venue table).
 *
 * The move of a range of days d1…d2 is P(first price after d2) / P(d1): with Yahoo's 00:00 UTC
 * opens (ETH, SOL) that is the move from the start of d1 to the end of d2; blockchain.com's BTC
 * value of a date is close to the previous day's close, so BTC's window sits up to a day earlier
 * (the series are not sampled at one instant — the data README says so).
 *
 * @packageDocumentation
 */

/** The named days (data README, "Crash days inside the range"). */
export const NAMED_STRESS_DAYS: readonly { id: string; label: string; from: string; to: string }[] = [
  { id: "covid-2020", label: "COVID crash", from: "2020-03-12", to: "2020-03-13" },
  { id: "may-2021", label: "China mining ban sell-off", from: "2021-05-19", to: "2021-05-19" },
  { id: "terra-2022", label: "Terra / LUNA collapse", from: "2022-05-09", to: "2022-05-12" },
  { id: "celsius-2022", label: "Celsius / 3AC", from: "2022-06-13", to: "2022-06-13" },
  { id: "ftx-2022", label: "FTX collapse", from: "2022-11-08", to: "2022-11-09" },
  { id: "yen-2024", label: "Yen carry unwind", from: "2024-08-05", to: "2024-08-05" },
];

/** Log move of `u` over the named range, or null when the history does not cover it. */
export function rangeMove(history: PriceHistory, u: Underlying, fromIso: string, toIso: string): number | null {
  const s = history.series[u];
  if (!s) return null;
  const a = firstDayAtOrAfter(s.days, dayOf(fromIso));
  if (a >= s.days.length || s.days[a] !== dayOf(fromIso)) return null;
  const b = firstDayAtOrAfter(s.days, dayOf(toIso) + 1);
  if (b >= s.days.length) return null;
  return Math.log(s.usd[b]! / s.usd[a]!);
}

/** `base` with the stress moves on top (spot factors multiply, vol shifts add, both clamped). */
function compose(base: MarketScenario, moves: Partial<Record<Underlying, { f: number; dv: number }>>): MarketScenario {
  const out: MarketScenario = { ...base, moves: { ...base.moves } };
  for (const u of UNDERLYINGS) {
    const m = moves[u];
    if (!m) continue;
    const b = moveOf(base, u);
    out.moves[u] = {
      spotFactor: Math.min(SPOT_FACTOR.max, Math.max(SPOT_FACTOR.min, b.spotFactor * m.f)),
      volShiftPts: Math.min(VOL_SHIFT_PTS.max, Math.max(VOL_SHIFT_PTS.min, b.volShiftPts + m.dv)),
    };
  }
  return out;
}

/**
 * Replays every named day on `sub` (on the snapshot under the user's what-if `scenario`).
 * Returns a message when the book cannot be valued.
 */
export function stressReplays(sub: SubAccount, snapshot: MarketSnapshot, history: PriceHistory, scenario: MarketScenario = NO_SCENARIO): StressReport | string {
  const base = applyScenario(snapshot, scenario);
  const book = prepareRiskBook(sub, base, 0);
  if (typeof book === "string") return book;
  const replays: StressReplay[] = NAMED_STRESS_DAYS.map((d) => {
    const moves: StressReplay["moves"] = {};
    const applied: Partial<Record<Underlying, { f: number; dv: number }>> = {};
    const logReturn = new Float64Array(NU);
    const volShiftPts = new Float64Array(NU);
    for (const u of UNDERLYINGS) {
      const r = rangeMove(history, u, d.from, d.to);
      if (r === null) {
        moves[u] = null;
        continue;
      }
      const dv = volShiftFor(u, r);
      moves[u] = { movePct: (Math.exp(r) - 1) * 100, volShiftPts: dv };
      applied[u] = { f: Math.exp(r), dv };
      logReturn[U_INDEX[u]] = r;
      volShiftPts[U_INDEX[u]] = dv;
    }
    const pnl = totals(revalue(book, { n: 1, logReturn, volShiftPts }), 1, book.columns.length)[0]!;
    const stressed = compose(scenario, applied);
    const own = computeSubAccount(sub, snapshot, { scenario: stressed, lite: true });
    const venues = RULEBOOK_INFOS.map((p): StressVenueOutcome => {
      const mode = comparisonModeOf(p);
      const r = computeSubAccount({ ...sub, mode, profileId: p.id }, snapshot, { scenario: stressed, lite: true });
      if (!r.ok) return { profileId: p.id, name: p.name, mode, ok: false, error: r.error };
      return { profileId: p.id, name: p.name, mode, ok: true, equityAfter: r.result.equity, mmAfter: r.result.mm, liquidated: r.result.status === "liquidation" };
    });
    return {
      id: d.id,
      label: d.label,
      fromIso: d.from,
      toIso: d.to,
      moves,
      pnlUsd: pnl,
      equityAfter: own.ok ? own.result.equity : null,
      mmAfter: own.ok ? own.result.mm : null,
      liquidated: own.ok ? own.result.status === "liquidation" : null,
      venues,
    };
  });
  return {
    replays,
    note: `Moves from ${history.source === "sample" ? "the embedded dated sample" : "live history"} (to ${isoDay(Math.max(...Object.values(history.series).map((s) => s!.days[s!.days.length - 1]!)))}), applied at once to today's book; an underlying without history that day does not move. Vols spike by the vol-beta rule.`,
  };
}
