"use client";

import { z } from "zod";
import { VOL_SHIFT_PTS } from "@/lib/market/limits";
import { UNDERLYINGS } from "@/lib/market/types";
import { formatNumber } from "@/lib/format";
import { Button } from "../ui/button";
import { NumberField } from "../ui/number-field";
import { useMarketActions, useMarketStore, useMarketView } from "./market-provider";

const spotSchema = z.number({ error: "Not a number" }).positive({ error: "Must be above 0" }).max(1e9, { error: "Too large" });
const volSchema = z
  .number({ error: "Not a number" })
  .min(VOL_SHIFT_PTS.min, { error: `At least −${-VOL_SHIFT_PTS.min}` })
  .max(VOL_SHIFT_PTS.max, { error: `At most +${VOL_SHIFT_PTS.max}` });

/**
 * Market overrides per underlying: replace the spot (perp, forwards and coin collateral follow)
 * and shift implied vol (each expiry's ATM vol moves by the points given). They change the
 * snapshot itself — its id and label say so — and the What-if panel moves from there.
 */
export function MarketOverridesPanel() {
  const overrides = useMarketStore((s) => s.overrides);
  const { setSpot, setVolShift, clearOverrides } = useMarketActions();
  const { base } = useMarketView();
  const any = Object.keys(overrides).length > 0;
  return (
    <div className="mt-2 flex flex-col gap-2 rounded border border-slate-700 bg-slate-900/60 p-2" data-testid="market-overrides">
      <div className="flex flex-wrap gap-4">
        {UNDERLYINGS.map((u) => {
          const o = overrides[u];
          return (
            <fieldset key={u} className="flex items-end gap-2">
              <legend className="sr-only">{u} overrides</legend>
              <NumberField
                label={`${u} spot (market ${formatNumber(base.underlyings[u].spot, 2)})`}
                value={o?.spot ?? null}
                placeholder={formatNumber(base.underlyings[u].spot, 2).replace(/,/g, "")}
                schema={spotSchema}
                onCommit={(v) => setSpot(u, v)}
                testId={`market-override-spot-${u}`}
                className="w-44"
              />
              <NumberField label={`${u} vol shift (pts)`} value={o?.volShiftPts ?? null} placeholder="0" schema={volSchema} onCommit={(v) => setVolShift(u, v)} testId={`market-override-vol-${u}`} className="w-28" />
              <Button
                className="text-xs"
                disabled={!o}
                onClick={() => {
                  setSpot(u, null);
                  setVolShift(u, null);
                }}
                data-testid={`market-override-clear-${u}`}
                aria-label={`Clear ${u} overrides`}
              >
                ×
              </Button>
            </fieldset>
          );
        })}
      </div>
      <div className="flex items-center gap-2 text-xs text-slate-400">
        <span>Overrides change the market snapshot itself (its id and label say so); the What-if panel moves from there.</span>
        <Button className="text-xs" disabled={!any} onClick={clearOverrides} data-testid="market-override-clear">
          Clear all
        </Button>
      </div>
    </div>
  );
}
