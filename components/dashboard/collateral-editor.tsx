"use client";

import { useState } from "react";
import { COLLATERAL_ASSETS, type CollateralAsset } from "@/lib/market/types";
import { collateralBalanceSchema, type SubAccount } from "@/lib/portfolio/schema";
import type { SubAccountResult } from "@/lib/margin/result-types";
import { formatNumber, formatUsd } from "@/lib/format";
import { useActions } from "../providers";
import { NumberField } from "../ui/number-field";
import { Button } from "../ui/button";

const amountSchema = collateralBalanceSchema.shape.amount;

/** Collateral balances of a sub-account, with market value, haircut and collateral value. */
export function CollateralEditor({ sub, result }: { sub: SubAccount; result: SubAccountResult | undefined }) {
  const { setCollateral, removeCollateral } = useActions();
  const missing = COLLATERAL_ASSETS.filter((a) => !sub.collateral.some((c) => c.asset === a));
  const [pick, setPick] = useState<CollateralAsset | "">("");
  const toAdd = pick && missing.includes(pick) ? pick : missing[0];
  const byAsset = new Map(result?.collateral.map((c) => [c.asset, c]));
  return (
    <div className="flex flex-col gap-2" data-testid="collateral-editor">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-xs text-slate-400">
            <th className="text-left font-normal">Asset</th>
            <th className="text-right font-normal">Amount</th>
            <th className="text-right font-normal">Price</th>
            <th className="text-right font-normal">Market value</th>
            <th className="text-right font-normal">Haircut</th>
            <th className="text-right font-normal">Collateral value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sub.collateral.map((c) => {
            const r = byAsset.get(c.asset);
            return (
              <tr key={c.asset} className="border-t border-slate-800" data-testid="collateral-row">
                <td className="py-1 font-semibold">
                  {c.asset}
                  {c.asset === "wstETH" && <span className="ml-1 text-xs font-normal text-slate-400">(staked ETH, valued via ETH)</span>}
                </td>
                <td className="w-36 py-1">
                  <NumberField label={`${c.asset} amount`} hideLabel value={c.amount} schema={amountSchema} onCommit={(v) => setCollateral(sub.id, c.asset, v)} testId={`collateral-${c.asset}`} />
                </td>
                <td className="text-right font-mono text-xs">{r ? formatNumber(r.price, 2) : "…"}</td>
                <td className="text-right font-mono text-xs">{r ? formatUsd(r.marketValue, 0) : "…"}</td>
                <td className="text-right font-mono text-xs">{r ? `${(r.haircut * 100).toFixed(1)}%` : "…"}</td>
                <td className="text-right font-mono text-xs">{r ? formatUsd(r.collateralValue, 0) : "…"}</td>
                <td className="text-right">
                  <button type="button" aria-label={`Remove ${c.asset}`} className="rounded px-2 text-slate-400 hover:bg-rose-800 hover:text-white" onClick={() => removeCollateral(sub.id, c.asset)}>
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {sub.collateral.length === 0 && <p className="text-sm text-slate-400">No collateral.</p>}
      {toAdd && (
        <div className="flex items-center gap-2">
          <select aria-label="Collateral asset to add" className="rounded border border-slate-700 bg-slate-950 px-2 py-1 text-sm" value={toAdd} onChange={(e) => setPick(e.target.value as CollateralAsset)}>
            {missing.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
          <Button onClick={() => setCollateral(sub.id, toAdd, 0)} data-testid="add-collateral">
            + Add collateral
          </Button>
        </div>
      )}
    </div>
  );
}
