/**
 * Runs one Derive PM2 fixture case through the PM engine and compares every intermediate the
 * fixture records: IM, MM, each scenario's loss, the worst of each kind (value and scenario),
 * the basis (forward) contingency, perp / collateral / option / oracle contingencies, MtM split,
 * per-expiry MtM (plain and static-discounted), static discounts, vol-shock multipliers and
 * evaluated vols, mark vols, and the skew helpers (k, caps, k*, multipliers).
 *
 * @packageDocumentation
 */

import { computePm } from "@/lib/margin/models/pm/engine";
import { logMoneyness } from "@/lib/quant/black76-batch";
import { skewMultipliers } from "@/lib/margin/models/pm/shocks";
import type { PmResult, PmVolShock } from "@/lib/margin/models/pm/types";
import { pm2CasePortfolio, pm2CaseParams, pm2CaseSchema, SECONDS_PER_YEAR, type Pm2Case } from "./pm2-case";
import type { CaseReport, Mismatch } from "./report";
import { withinTolerance } from "./tolerance";

const DIR_CODE: Record<PmVolShock, number> = { up: 1, none: 0, down: -1, linear: 2, abs: 3 };

class Checker {
  checked = 0;
  mismatches: Mismatch[] = [];
  num(quantity: string, expected: number, got: number): void {
    this.checked++;
    if (!withinTolerance(got, expected)) this.mismatches.push({ quantity, expected, got });
  }
  exact(quantity: string, expected: string | number, got: string | number): void {
    this.checked++;
    if (expected !== got) this.mismatches.push({ quantity, expected, got });
  }
}

function compare(c: Pm2Case, r: PmResult, vols: number[], k: Checker): void {
  const R = c.Result;
  const book = r.books[0];
  if (!book) {
    k.exact("book", "present", "missing");
    return;
  }
  k.num("IM", R.IM, r.imSurplusUsd);
  k.num("MM", R.MM, r.mmSurplusUsd);

  // scenario losses, in the fixture's order (regular, tail, skew)
  const reg = book.scenarios.filter((s) => s.kind === "regular");
  const tail = book.scenarios.filter((s) => s.kind === "tail");
  const skew = book.scenarios.filter((s) => s.kind === "skew");
  k.exact("number of regular scenarios", R.reg_losses.length, reg.length);
  k.exact("number of tail scenarios", R.tail_losses.length, tail.length);
  k.exact("number of skew scenarios", R.skew_losses.length, skew.length);
  R.reg_losses.forEach(([move, dir, loss], i) => {
    const s = reg[i];
    if (!s) return;
    const label = `reg_losses[${i}] (${move >= 0 ? "+" : ""}${(move * 100).toFixed(1)}% vol ${dir})`;
    k.num(`${label} loss`, loss, s.pnlUsd);
    k.num(`${label} spot move`, move, s.spotShock - 1);
    k.exact(`${label} vol direction`, dir, DIR_CODE[s.volShock]);
  });
  R.tail_losses.forEach(([move, dir, loss], i) => {
    const s = tail[i];
    if (!s) return;
    const label = `tail_losses[${i}] (${move >= 0 ? "+" : ""}${(move * 100).toFixed(0)}%)`;
    k.num(`${label} loss`, loss, s.pnlUsd);
    k.num(`${label} spot move`, move, s.spotShock - 1);
    k.exact(`${label} vol direction`, dir, DIR_CODE[s.volShock]);
  });
  R.skew_losses.forEach(([label, loss], i) => {
    const s = skew[i];
    if (!s) return;
    k.num(`skew_losses[${i}] (${label}) loss`, loss, s.pnlUsd);
    k.exact(`skew_losses[${i}] type`, label.startsWith("LINEAR") ? "linear" : "abs", s.volShock);
  });

  // worst of each kind
  k.num("worst_reg_loss", R.worst_reg_loss, book.worstRegular?.pnlUsd ?? 0);
  k.num("worst_tail_loss", R.worst_tail_loss, book.worstTail?.pnlUsd ?? 0);
  k.num("worst_skew_loss", R.worst_skew_loss, book.worstSkew?.pnlUsd ?? 0);
  // The scenario of the worst: compared only when it is unique (cases without risk tie at 0).
  const uniqueWorst = (list: typeof reg, w: number) => list.filter((s) => withinTolerance(s.pnlUsd, w)).length === 1;
  if (book.worstRegular && uniqueWorst(reg, R.worst_reg_loss)) {
    k.num("worst_reg_scenario spot move", R.worst_reg_scenario[0], book.worstRegular.spotShock - 1);
    k.exact("worst_reg_scenario vol direction", R.worst_reg_scenario[1], DIR_CODE[book.worstRegular.volShock]);
  }
  if (book.worstTail && R.worst_tail_scenario && uniqueWorst(tail, R.worst_tail_loss)) {
    k.num("worst_tail_scenario spot move", R.worst_tail_scenario[0], book.worstTail.spotShock - 1);
    k.num("worst_tail_scenario dampening", R.worst_tail_scenario[2], book.worstTail.dampening);
  }
  if (book.worstSkew && R.worst_skew_scenario && uniqueWorst(skew, R.worst_skew_loss)) {
    k.exact("worst_skew_scenario", R.worst_skew_scenario.startsWith("LINEAR") ? "linear" : "abs", book.worstSkew.volShock);
  }
  k.num("ForwardContingency", R.ForwardContingency, book.basisContingencyUsd);

  // contingencies (fixture: negative amounts; IM…Normal = MM part + IM add-on)
  const sum = (id: string, f: "mmUsd" | "imUsd") => r.contingencies.filter((x) => x.id === id).reduce((s, x) => s + x[f], 0);
  k.num("MMPerpCont", -R.MMPerpCont, sum("perp", "mmUsd"));
  k.num("IMPerpContNormal", -R.IMPerpContNormal, sum("perp", "imUsd"));
  k.num("MMBaseCont", -R.MMBaseCont, sum("collateral", "mmUsd"));
  k.num("IMBaseContNormal", -R.IMBaseContNormal, sum("collateral", "imUsd"));
  k.num("MMOptionCont", -R.MMOptionCont, sum("option", "mmUsd"));
  k.num("IMOptionContNormal", -R.IMOptionContNormal, sum("option", "imUsd"));
  k.num("OracleCont", -R.OracleCont, sum("oracle", "imUsd"));
  k.num("im_loss_factor", R.im_loss_factor, r.imLossFactor + r.pegLossFactorAddOn);

  // MtM split
  k.num("PortfolioMTM", R.PortfolioMTM, r.mtmUsd);
  k.num("Cash", R.Cash, r.mtm.cashUsd);
  k.num("OptionMTM", R.OptionMTM, r.mtm.optionsUsd);
  k.num("CollateralMTM", R.CollateralMTM, r.mtm.collateralUsd);
  R.OptionMTMPerExpiry.forEach((v, i) => k.num(`OptionMTMPerExpiry[${i}]`, v, book.expiries[i]?.optionMtmUsd ?? NaN));
  R.OptionMTMPerExpiryDiscounted.forEach((v, i) => k.num(`OptionMTMPerExpiryDiscounted[${i}]`, v, book.expiries[i]?.optionMtmDiscountedUsd ?? NaN));
  R.discount_factors.forEach(([pos, neg], i) => {
    k.num(`discount_factors[${i}] pos`, pos, book.expiries[i]?.staticDiscountPos ?? NaN);
    k.num(`discount_factors[${i}] neg`, neg, book.expiries[i]?.staticDiscountNeg ?? NaN);
  });

  // per-option intermediates (case order)
  const feeds = c.Scenario.OptionFeeds;
  const params = pm2CaseParams(c);
  c.Scenario.Options.forEach((o, i) => {
    const at = feeds.findIndex((f) => f.FeedExpiry === o.Expiry);
    const e = book.expiries[at];
    const feed = feeds[at];
    if (!e || !feed) return;
    const tag = `option[${i}] ${o.Strike} ${o.IsCall ? "C" : "P"}`;
    const vol = vols[i] ?? NaN;
    k.num(`${tag} MarkVol`, o.MarkVol, vol);
    // the feed's discount at the raw rate (PMRM_2 prices with the rate floored at 0)
    k.num(`${tag} MarkDiscount`, o.MarkDiscount, Math.exp(-feed.Rate * (o.Expiry / SECONDS_PER_YEAR)));
    const up = R.VolShockUpMultiplier[i];
    const down = R.VolShockDownMultiplier[i];
    const upEval = R.VolShockUpEvaluated[i];
    const downEval = R.VolShockDownEvaluated[i];
    // null / absent: the case reports no shock for this option (e.g. expired), nothing to compare
    if (up != null) k.num(`${tag} VolShockUpMultiplier`, up, e.volShockUpMultiplier);
    if (down != null) k.num(`${tag} VolShockDownMultiplier`, down, e.volShockDownMultiplier);
    if (upEval != null) k.num(`${tag} VolShockUpEvaluated`, upEval, Math.max(vol * e.volShockUpMultiplier, params.volShock.minVolUp));
    if (downEval != null) k.num(`${tag} VolShockDownEvaluated`, downEval, vol * e.volShockDownMultiplier);
    if (params.skewShock) {
      const kk = logMoneyness(o.Strike, e.forward);
      const m = skewMultipliers(kk, o.Expiry / SECONDS_PER_YEAR, params.skewShock);
      // null: the case reports no skew quantities for this option (expired options have no skew-shock caps)
      if (o.k !== null) k.num(`${tag} k`, o.k, kk);
      if (o.linear_mult_cap !== null) k.num(`${tag} linear_mult_cap`, o.linear_mult_cap, m.linearCap);
      if (o.abs_mult_cap !== null) k.num(`${tag} abs_mult_cap`, o.abs_mult_cap, m.absCap);
      if (o.k_star !== null) k.num(`${tag} k_star`, o.k_star, m.kStar);
      // the fixture reports the multiplier before its floor at 0
      if (o.linear_multiplier !== null) k.num(`${tag} linear_multiplier`, o.linear_multiplier, m.linearRaw);
      if (o.abs_multiplier !== null) k.num(`${tag} abs_multiplier`, o.abs_multiplier, m.absRaw);
    }
  });
}

/**
 * Runs a PM2 case given as parsed JSON and reports every mismatch.
 *
 * @param name - the case name (file name without .json)
 * @param json - the parsed fixture
 * @returns the case report (headline: IM and MM, Derive sign convention)
 *
 * @example
 * ```ts
 * const report = runPm2Case("test_13_risk_cancelling_btc_covered_call", JSON.parse(text));
 * casePassed(report); // true when every intermediate is within 1e-8 relative / 1e-6 absolute
 * ```
 */
export function runPm2Case(name: string, json: unknown): CaseReport {
  const parsed = pm2CaseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { name, kind: "derive-pm2", headline: [], checked: 0, mismatches: [], error: `not a valid PM2 case: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown shape"}` };
  }
  const c = parsed.data;
  let portfolio;
  let vols: number[];
  try {
    ({ portfolio, vols } = pm2CasePortfolio(c));
  } catch (e) {
    return { name, kind: "derive-pm2", headline: [], checked: 0, mismatches: [], error: e instanceof Error ? e.message : String(e) };
  }
  const out = computePm(portfolio, pm2CaseParams(c));
  if (!out.ok) return { name, kind: "derive-pm2", headline: [], checked: 0, mismatches: [], error: out.error };
  const k = new Checker();
  compare(c, out.result, vols, k);
  return {
    name,
    kind: "derive-pm2",
    headline: [
      { label: "IM", expected: c.Result.IM, got: out.result.imSurplusUsd },
      { label: "MM", expected: c.Result.MM, got: out.result.mmSurplusUsd },
    ],
    checked: k.checked,
    mismatches: k.mismatches,
    error: null,
  };
}
