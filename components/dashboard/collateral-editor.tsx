"use client";

import { memo, useDeferredValue, useMemo, useState } from "react";
import { COLLATERAL_ASSETS, type CollateralAsset } from "@/lib/market/types";
import { collateralBalanceSchema, type SubAccount } from "@/lib/workspace/schema";
import type { SubAccountResult } from "@/lib/margin/result-types";
import { formatNumber, formatUsd } from "@/lib/format";
import { useActions } from "../providers";
import { NumberField } from "../ui/number-field";
import { Button } from "../ui/button";
import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from "recharts";
import { useElementWidth } from "../ui/use-element-width";
import { HAIRCUT_CHOICES, HAIRCUT_CHOICE_LABEL, type HaircutChoice } from "@/lib/workspace/haircut-choice";

const amountSchema = collateralBalanceSchema.shape.amount;

/** A plain <rect> per bar: recharts' default shape measures its path length on every render. */
function plainBar(props: unknown) {
  const { x, y, width, height, fill } = props as { x: number; y: number; width: number; height: number; fill: string };
  return <rect x={x} y={Math.min(y, y + height)} width={Math.max(0, width)} height={Math.abs(height)} fill={fill} />;
}

/** Market vs collateral value per asset; memoised so it renders only for a new result. */
function CollateralChart({ collateral }: { collateral: SubAccountResult["collateral"] }) {
  // Deferred (transition priority), and the memoised inner chart is skipped in the urgent render.
  return <CollateralChartInner collateral={useDeferredValue(collateral)} />;
}

/** Same assets and values: the chart would draw the same bars (every result is a new object, most often with the same collateral). */
function sameBars(a: { collateral: SubAccountResult["collateral"] }, b: { collateral: SubAccountResult["collateral"] }): boolean {
  return (
    a.collateral.length === b.collateral.length &&
    a.collateral.every((c, i) => c.asset === b.collateral[i]!.asset && c.marketValue === b.collateral[i]!.marketValue && c.collateralValue === b.collateral[i]!.collateralValue)
  );
}

const CollateralChartInner = memo(function CollateralChartInner({ collateral }: { collateral: SubAccountResult["collateral"] }) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const data = useMemo(() => collateral.map((c) => ({ asset: c.asset, market: c.marketValue, collateral: c.collateralValue })), [collateral]);
  return (
    <div className="h-40" ref={boxRef}>
      {width > 0 && (
        <BarChart width={width} height={160} data={data} margin={{ top: 4, right: 8, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#94a3b8" strokeOpacity={0.25} />
          {/* A numeric interval: recharts then skips measuring every tick label (getBoundingClientRect per label per render). */}
          <XAxis dataKey="asset" stroke="#94a3b8" fontSize={11} interval={0} />
          <YAxis stroke="#94a3b8" fontSize={11} width={64} tickFormatter={(v: number) => formatUsd(v, 0)} interval={0} />
          <Bar dataKey="market" name="Market value" fill="#64748b" isAnimationActive={false} shape={plainBar} />
          <Bar dataKey="collateral" name="Collateral value" fill="#38bdf8" isAnimationActive={false} shape={plainBar} />
        </BarChart>
      )}
    </div>
  );
}, sameBars);

/** Collateral balances of a sub-account, with market value, haircut and collateral value. */
export function CollateralEditor({ sub, result, held }: { sub: SubAccount; result: SubAccountResult | undefined; held?: SubAccountResult | undefined }) {
  const { setCollateral, removeCollateral, setHaircutModel } = useActions();
  const missing = COLLATERAL_ASSETS.filter((a) => !sub.collateral.some((c) => c.asset === a));
  const [pick, setPick] = useState<CollateralAsset | "">("");
  const toAdd = pick && missing.includes(pick) ? pick : missing[0];
  const shown = result ?? held; // the previous figures stay while the next ones compute
  const byAsset = new Map(shown?.collateral.map((c) => [c.asset, c]));
  return (
    <div className="flex flex-col gap-2" data-testid="collateral-editor">
      <label className="flex flex-wrap items-center gap-2 text-xs text-slate-400">
        Haircut model
        <select
          className="min-w-0 max-w-full rounded border border-slate-700 bg-slate-950 px-2 py-1 text-sm text-slate-100"
          value={sub.haircutModel ?? "venue"}
          onChange={(e) => setHaircutModel(sub.id, e.target.value as HaircutChoice)}
          data-testid="haircut-model"
          disabled={sub.profileId === "derive-standard"}
        >
          {HAIRCUT_CHOICES.map((c) => (
            <option key={c} value={c}>
              {HAIRCUT_CHOICE_LABEL[c]}
            </option>
          ))}
        </select>
        {sub.haircutModel === "dynamic" && <span>moves with the “collateral volatility” slider</span>}
      </label>
      <div className="overflow-x-auto" data-scroll="x">
        <table className="w-full text-sm">
          <thead>
            <tr className="text-xs text-slate-400">
              <th className="text-left font-normal">Asset</th>
              <th className="text-right font-normal">Amount</th>
              <th className="text-right font-normal">Price</th>
              <th className="text-right font-normal">Market value</th>
              <th className="text-right font-normal">Haircut</th>
              <th className="text-right font-normal">Collateral value</th>
              <th className="text-right font-normal">Lost to haircut</th>
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
                    <NumberField
                      label={`${c.asset} amount`}
                      hideLabel
                      value={c.amount}
                      schema={amountSchema}
                      onCommit={(v) => setCollateral(sub.id, c.asset, v)}
                      ambiguousComma="thousands"
                      testId={`collateral-${c.asset}`}
                    />
                  </td>
                  <td className="text-right font-mono text-xs">{r ? formatNumber(r.price, 2) : "…"}</td>
                  <td className="text-right font-mono text-xs">{r ? formatUsd(r.marketValue, 0) : "…"}</td>
                  <td className="text-right font-mono text-xs">{r ? `${(r.haircut * 100).toFixed(1)}%` : "…"}</td>
                  <td className="text-right font-mono text-xs">{r ? formatUsd(r.collateralValue, 0) : "…"}</td>
                  <td className="text-right font-mono text-xs text-rose-300" data-testid={`haircut-lost-${c.asset}`}>
                    {r ? formatUsd(r.marketValue - r.collateralValue, 0) : "…"}
                  </td>
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
      </div>
      {sub.collateral.length === 0 && <p className="text-sm text-slate-400">No collateral.</p>}
      {result && result.collateral.length > 0 && (
        <>
          <p className="text-xs text-slate-300" data-testid="haircut-total">
            Market value {formatUsd(result.collateralMarketValue, 0)} → collateral value {formatUsd(result.collateralValue, 0)}:{" "}
            <span className="text-rose-300">{formatUsd(result.collateralMarketValue - result.collateralValue, 0)} lost to haircuts</span>
            {result.mode === "portfolio" && " · in portfolio mode, coin collateral is revalued in every scenario (BTC collateral falls with BTC)."}
          </p>
          {byAsset.get("wstETH") && (
            <p className="text-xs text-emerald-300">
              wstETH keeps earning while posted: ≈ {formatUsd(byAsset.get("wstETH")!.annualYieldUsd, 0)} a year at {(byAsset.get("wstETH")!.yieldApr * 100).toFixed(0)}% staking yield (sample figure), valued through ETH
              with a de-peg haircut.
            </p>
          )}
        </>
      )}
      {shown && shown.collateral.length > 0 && (
        // One position in the tree: while the next result computes, the chart stays mounted but hidden (never shown).
        <div className={result ? "" : "invisible h-0 overflow-hidden"} aria-hidden={result ? undefined : true}>
          <CollateralChart collateral={shown.collateral} />
          <p className="text-xs text-slate-400">
            <span className="mr-1 inline-block h-2 w-3 bg-slate-500" />
            market value <span className="ml-3 mr-1 inline-block h-2 w-3 bg-sky-400" />
            collateral value
          </p>
        </div>
      )}
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
