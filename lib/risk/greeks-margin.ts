import { applyScenario, NO_SCENARIO, type MarketScenario } from "@/lib/market/scenario";
import { referenceVol } from "@/lib/market/reference-vol";
import { yearsBetween } from "@/lib/market/snapshot";
import { COLLATERAL_UNDERLYING, UNDERLYINGS, type MarketSnapshot, type Underlying } from "@/lib/market/types";
import { computeSubAccount } from "@/lib/margin/models/compute";
import { getRulebook, portfolioRulebook } from "@/lib/margin/venues/catalogue";
import type { PortfolioRulebook } from "@/lib/margin/rulebook";
import { positionGreeks, preparePosition, valuePosition } from "@/lib/margin/valuation/position-value";
import { instrumentName } from "@/lib/workspace/instrument-name";
import type { OptionPosition, SubAccount } from "@/lib/workspace/schema";
import { NU, prepareRiskBook, revalue, U_INDEX } from "./book";
import type { GreekCharge, GreeksMarginReport, GreeksMarginRow } from "./types";

/**
 * Greeks-based margin: per underlying, the Taylor estimate of the worst loss on a rulebook's grid —
 * delta charge |Δ$|·h_S, gamma charge ½·max(0, −Γ)·(S·h_S)², vega charge ν·h_σ (vol down for long
 * vega, vol up for short vega), theta over the liquidation horizon max(0, −θ)·days — next to the
 * worst loss by full revaluation on the same grid (9 spot points across ±h_S × vol up / none / down,
 * through the engine's valuation), and the trade that zeroes each charge.
 *
 * Shock sizes: h_S = the largest regular spot move of the portfolio grid (the sub-account's own
 * rulebook when it is a portfolio one, else its portfolio counterpart, e.g. Deribit-style PM ±16 %);
 * h_σ = the grid's vol-up shock at the 30-day pivot on the 30-day ATM vol,
 * max(σ·(1 + rangeUp), minVolUp) − σ, and vol down σ·rangeDown, in vol points, applied as ATM shifts
 * (the smile in proportion). Greeks are the engine's (SubAccountResult.greeks, positions) plus the
 * coin collateral at market value (delta = amount·price/S), so Taylor and full revaluation value the
 * same book.
 *
 * @packageDocumentation
 */

const GRID_POINTS = 9;
/** Options shorter than this are not proposed as gamma / vega hedges. */
const MIN_HEDGE_DAYS = 7;

function fmt(x: number, digits = 2): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
function usd(x: number): string {
  const r = Math.round(x);
  return `${r < 0 ? "−" : ""}$${Math.abs(r).toLocaleString("en-US")}`;
}

/** The portfolio grid that sets the shock sizes for `profileId`. */
export function gridFor(profileId: string): PortfolioRulebook {
  const r = getRulebook(profileId);
  if (r?.model === "portfolio") return r;
  return portfolioRulebook(r?.counterpartId ?? "") ?? (portfolioRulebook("deribit-style-pm") as PortfolioRulebook);
}

/** An at-the-money call of `u` on the listed expiry nearest to `targetDays` (at least 7 days out). */
function atmCall(base: MarketSnapshot, u: Underlying, longest: boolean): OptionPosition | null {
  const m = base.underlyings[u];
  const live = m.expiries.filter((e) => yearsBetween(base.asOf, e.expiryIso) * 365 >= MIN_HEDGE_DAYS && e.strikes.length > 0);
  if (live.length === 0) return null;
  live.sort((a, b) => yearsBetween(base.asOf, a.expiryIso) - yearsBetween(base.asOf, b.expiryIso));
  const e = longest ? live[live.length - 1]! : live[0]!;
  const strike = e.strikes.reduce((best, k) => (Math.abs(k - e.forward) < Math.abs(best - e.forward) ? k : best), e.strikes[0]!);
  return { id: "hedge", kind: "option", underlying: u, expiry: e.id, strike, optionType: "call", size: 1, entryPrice: 1 };
}

function hedgeText(qty: number, what: string, part: string, extra = ""): string {
  return `${qty > 0 ? "buy" : "sell"} ${fmt(Math.abs(qty))} ${what} → ${part} charge 0${extra}`;
}

/**
 * The Greeks-based margin report of `sub` on the snapshot under the what-if `scenario`, with theta
 * over `horizonDays`. Returns a message when the book cannot be valued.
 */
export function greeksMargin(sub: SubAccount, snapshot: MarketSnapshot, scenario: MarketScenario = NO_SCENARIO, horizonDays = 1): GreeksMarginReport | string {
  const res = computeSubAccount(sub, snapshot, { scenario, lite: true });
  if (!res.ok) return res.error;
  const base = applyScenario(snapshot, scenario);
  const book = prepareRiskBook(sub, base, 0);
  if (typeof book === "string") return book;
  const grid = gridFor(sub.profileId);
  const regular = grid.grid.scenarios.filter((s) => s.kind === "regular");
  const hS = regular.length > 0 ? Math.max(...regular.map((s) => Math.abs(s.spotShock - 1))) : 0.16;
  const vs = grid.grid.volShock;
  const rows: GreeksMarginRow[] = [];
  for (const u of UNDERLYINGS) {
    if (!book.underlyings.includes(u)) continue;
    const S = base.underlyings[u].spot;
    const sigma = referenceVol(base, u);
    const upPts = (Math.max(sigma * (1 + vs.rangeUp), vs.minVolUp) - sigma) * 100;
    const downPts = sigma * Math.min(1, vs.rangeDown) * 100;
    const pos = res.result.greeks[u]?.positions;
    let collCoins = 0;
    for (const c of sub.collateral) if (COLLATERAL_UNDERLYING[c.asset] === u) collCoins += (c.amount * base.collateralPrices[c.asset]) / S;
    const delta = (pos?.delta ?? 0) + collCoins;
    const gamma = pos?.gamma ?? 0;
    const vega = pos?.vega ?? 0;
    const theta = pos?.theta ?? 0;

    const deltaUsd = Math.abs(delta * S) * hS;
    const gammaUsd = 0.5 * Math.max(0, -gamma) * (S * hS) ** 2;
    const vegaUsd = vega > 0 ? vega * downPts : -vega * upPts;
    const thetaUsd = Math.max(0, -theta) * horizonDays;

    const perpDelta = base.underlyings[u].perpMark / S;
    const charges: GreekCharge[] = [
      {
        part: "delta",
        usd: deltaUsd,
        formula: `|Δ$|·h_S = |${fmt(delta, 4)} ${u} × ${usd(S)}| × ${fmt(hS * 100, 1)} %`,
        hedge: deltaUsd > 0 ? hedgeText(-delta / perpDelta, `${u} perp`, "delta") : null,
      },
      {
        part: "gamma",
        usd: gammaUsd,
        formula: `½·max(0, −Γ)·(S·h_S)² = ½ × ${fmt(Math.max(0, -gamma) * 1e6, 3)}e−6 /USD × (${usd(S * hS)})²`,
        hedge: null,
      },
      { part: "vega", usd: vegaUsd, formula: `|ν|·h_σ = |${usd(vega)}/pt| × ${fmt(vega > 0 ? downPts : upPts, 1)} pts (vol ${vega > 0 ? "down" : "up"})`, hedge: null },
      {
        part: "theta",
        usd: thetaUsd,
        formula: `max(0, −θ)·days = ${usd(Math.max(0, -theta))}/day × ${horizonDays}`,
        hedge: thetaUsd > 0 ? "theta is the carry of the options held: it goes with the gamma; closing the decaying options zeroes it" : null,
      },
    ];
    for (const [part, longest, value] of [
      ["gamma", false, gamma],
      ["vega", true, vega],
    ] as const) {
      const charge = charges.find((c) => c.part === part)!;
      if (!(charge.usd > 0)) continue;
      const opt = atmCall(base, u, longest);
      const prepared = opt ? preparePosition(opt, base) : "no option listed";
      if (!opt || typeof prepared === "string") continue;
      const g = positionGreeks(prepared, valuePosition(prepared));
      const per = part === "gamma" ? g.gamma : g.vega;
      if (!(Math.abs(per) > 0)) continue;
      const qty = -value / per;
      charge.hedge = hedgeText(qty, instrumentName(opt), part, ` (adds ${fmt(qty * g.delta, 3)} ${u} delta: re-hedge with the perp)`);
    }

    // Full revaluation on the grid: spot across ±h_S (9 points) × vol up / none / down, this underlying only.
    const vols = [upPts, 0, -downPts];
    const n = GRID_POINTS * vols.length;
    const logReturn = new Float64Array(n * NU);
    const volShiftPts = new Float64Array(n * NU);
    for (let i = 0; i < GRID_POINTS; i++)
      for (let j = 0; j < vols.length; j++) {
        const s = i * vols.length + j;
        logReturn[s * NU + U_INDEX[u]] = Math.log(1 - hS + (2 * hS * i) / (GRID_POINTS - 1));
        volShiftPts[s * NU + U_INDEX[u]] = vols[j]!;
      }
    const pnl = revalue(book, { n, logReturn, volShiftPts });
    const nCol = book.columns.length;
    let worst = 0;
    for (let s = 0; s < n; s++) {
      let sum = 0;
      for (let c = 0; c < nCol; c++) if (book.columns[c]!.underlying === u) sum += pnl[s * nCol + c]!;
      worst = Math.max(worst, -sum);
    }
    rows.push({ underlying: u, spot: S, spotShock: hS, volShockPts: upPts, charges, taylorUsd: deltaUsd + gammaUsd + vegaUsd, fullRevaluationUsd: worst });
  }
  return {
    gridSource: `${grid.name} grid: spot ±${fmt(hS * 100, 1)} %, vol up max(σ·${fmt(1 + vs.rangeUp)}, ${fmt(vs.minVolUp * 100, 0)} %) and down σ·${fmt(1 - Math.min(1, vs.rangeDown))} at the 30-day pivot on the 30-day ATM vol. Taylor = delta + gamma + vega charges; theta is shown apart.`,
    horizonDays,
    rows,
    taylorUsd: rows.reduce((a, r) => a + r.taylorUsd, 0),
    fullRevaluationUsd: rows.reduce((a, r) => a + r.fullRevaluationUsd, 0),
  };
}
