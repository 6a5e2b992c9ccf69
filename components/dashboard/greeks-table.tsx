"use client";

import { UNDERLYINGS } from "@/lib/market/types";
import type { CollateralBasis, GreekTotals, SubAccountResult } from "@/lib/margin/result-types";
import { formatNumber, formatSignificant, formatUsd } from "@/lib/format";

const CONVENTION =
  "Derivatives of the engine's own revaluation: Δ = dV/dS and Γ = d²V/dS² with forwards and the smile moving with spot (sticky moneyness); " +
  "Δ$ = Δ·S per 100 % move (÷100 for 1 %); Γ$ = ½·Γ·S²·(1 %)², the convexity P&L of a 1 % move; vega = P&L of +1 vol point of the what-if vol shift " +
  "(ATM +1 pt, smile in proportion); Θ = P&L over one calendar day with forwards rolling along their basis (as 'days forward').";

const BASIS: Record<CollateralBasis, string> = {
  "after-haircuts": "collateral counted after haircuts",
  "market-value": "collateral at market value (haircuts are charged in the requirement)",
  "margin-factor": "collateral as Derive credits it (base assets at their margin factor)",
};

function Row({ label, g, strong, testId }: { label: string; g: GreekTotals; strong?: boolean; testId: string }) {
  return (
    <tr className={`border-t border-slate-800 font-mono text-xs ${strong ? "font-semibold" : "text-slate-300"}`} data-testid={testId}>
      <td className="py-1 pl-3 font-sans">{label}</td>
      <td className="text-right" data-testid={`${testId}-delta`}>
        {formatNumber(g.delta, 4)}
      </td>
      <td className="text-right">{formatUsd(g.cashDelta / 100, 0)}</td>
      <td className="text-right">{formatSignificant(g.gamma)}</td>
      <td className="text-right">{formatUsd(g.cashGamma, 0)}</td>
      <td className="text-right">{formatNumber(g.vega, 1)}</td>
      <td className="text-right">{formatNumber(g.theta, 1)}</td>
    </tr>
  );
}

/** Account Greeks per underlying: positions, the collateral that moves with it, and the total. */
export function GreeksTable({ result }: { result: SubAccountResult }) {
  const rows = UNDERLYINGS.flatMap((u) => {
    const g = result.greeks[u];
    return g ? [{ u, g }] : [];
  });
  if (rows.length === 0) return <p className="text-sm text-slate-400">No positions and no coin collateral.</p>;
  return (
    <div>
      <div className="overflow-x-auto" data-scroll="x">
        <table className="w-full text-sm" data-testid="greeks-table" title={CONVENTION}>
          <thead>
            <tr className="text-xs text-slate-400">
              <th className="text-left font-normal">Underlying</th>
              <th className="text-right font-normal" title="dV/dS, coins of the underlying">
                Δ (coin)
              </th>
              <th className="text-right font-normal" title="Δ·S·1 %: USD P&L of a +1 % move">
                Δ$ (1 % move)
              </th>
              <th className="text-right font-normal" title="d²V/dS², per USD">
                Γ (per $)
              </th>
              <th className="text-right font-normal" title="½·Γ·S²·(1 %)²">
                Γ$ (1 % move)
              </th>
              <th className="text-right font-normal" title="USD per +1 vol point (ATM +1, smile in proportion)">
                Vega ($/vol pt)
              </th>
              <th className="text-right font-normal" title="USD over one calendar day, forwards rolling along their basis">
                Θ ($/day)
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ u, g }) => (
              <UnderlyingRows key={u} u={u} g={g} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-1 text-xs text-slate-500" title={CONVENTION}>
        Account Greeks include coin collateral ({BASIS[result.collateralBasis]}); hover for the convention.
      </p>
    </div>
  );
}

function UnderlyingRows({ u, g }: { u: string; g: NonNullable<SubAccountResult["greeks"]["BTC"]> }) {
  return (
    <>
      <tr className="border-t border-slate-700">
        <td colSpan={7} className="pt-1 text-xs font-semibold text-slate-200">
          {u}
        </td>
      </tr>
      <Row label="Positions" g={g.positions} testId={`greeks-${u}-positions`} />
      <Row label="Collateral" g={g.collateral} testId={`greeks-${u}-collateral`} />
      <Row label="Account" g={g.total} strong testId={`greeks-${u}-total`} />
    </>
  );
}
