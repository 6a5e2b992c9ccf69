"use client";

import { UNDERLYINGS, type Underlying } from "@/lib/market/types";
import { COLLATERAL_VOL_MULTIPLIER, DAYS_FORWARD, SPOT_MOVE_PCT, VOL_SHIFT_PTS } from "@/lib/market/limits";
import { NO_WHAT_IF } from "@/lib/workspace/schema";
import { z } from "zod";
import { useEffect, useRef, useState } from "react";
import { frameCoalescer, type FrameCoalescer } from "../ui/frame-coalescer";
import { NumberField } from "../ui/number-field";
import { useActions, useWorkspace } from "../providers";
import { Button } from "../ui/button";

/** A what-if value as a trader writes it: "+50 pts", "−20%", "40d", "1.5×". */
function signed(v: number, unit: string): string {
  const sign = v > 0 && unit !== "d" && unit !== "×" ? "+" : v < 0 ? "−" : "";
  return `${sign}${Math.abs(v)}${unit}`;
}

function Slider({
  label,
  value,
  min,
  max,
  step,
  unit,
  onChange,
  testId,
  exactMin = min,
  exactMax = max,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  unit: string;
  onChange: (v: number) => void;
  testId: string;
  exactMin?: number;
  exactMax?: number;
}) {
  // A drag fires an input event per pixel; the scenario takes at most one value per frame, the newest
  // (the thumb follows every event), and a single step goes at once (frame-coalescer.ts). Values a
  // frame skipped never reach the store, so never reach the engine.
  const [dragged, setDragged] = useState<number | null>(null);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  }, [onChange]);
  const coalescer = useRef<FrameCoalescer<number> | null>(null);
  useEffect(() => () => coalescer.current?.dispose(), []);
  const drag = (v: number) => {
    setDragged(v);
    coalescer.current ??= frameCoalescer<number>(
      (x) => latest.current(x),
      { request: (cb) => requestAnimationFrame(cb), cancel: (h) => cancelAnimationFrame(h) },
      () => setDragged(null),
    );
    coalescer.current.push(v);
  };
  return (
    <label className="flex min-w-[180px] flex-1 flex-col text-xs">
      <span className="flex justify-between text-slate-400">
        <span>{label}</span>
        <span className="font-mono text-slate-200" data-testid={`${testId}-value`}>
          {signed(dragged ?? value, unit)}
        </span>
      </span>
      <span className="flex items-start gap-2">
        <input
          type="range"
          min={min}
          max={max}
          step={step}
          value={Math.min(max, Math.max(min, dragged ?? value))}
          onChange={(e) => drag(Number(e.target.value))}
          data-testid={testId}
          className="mt-2 min-w-0 flex-1 accent-sky-500"
          aria-label={label}
        />
        <NumberField
          label={`${label} (exact)`}
          hideLabel
          value={value}
          schema={z
            .number({ error: "Not a number" })
            .min(exactMin, { error: `${label} goes from ${signed(exactMin, unit)} to ${signed(exactMax, unit)}` })
            .max(exactMax, { error: `${label} goes from ${signed(exactMin, unit)} to ${signed(exactMax, unit)}` })}
          describeValue={(v) => (v === null ? "none" : signed(v, unit))}
          onCommit={onChange}
          testId={`${testId}-exact`}
          wideError
          className="w-20"
        />
      </span>
    </label>
  );
}

/** What-if sliders: spot move per underlying, implied-vol shift, days forward, collateral vol ×k. All panels follow. */
export function WhatIfPanel() {
  const w = useWorkspace((s) => s.whatIf);
  const { setWhatIf, resetWhatIf } = useActions();
  const active = JSON.stringify(w) !== JSON.stringify(NO_WHAT_IF);
  const setSpot = (u: Underlying, v: number) => setWhatIf({ spotMovePct: { ...w.spotMovePct, [u]: v } });
  return (
    <div className={`flex flex-col gap-2 rounded-lg border p-3 ${active ? "border-amber-500 bg-amber-950/20" : "border-slate-700 bg-slate-900/60"}`} data-testid="what-if" data-active={active}>
      <div className="flex items-center justify-between">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-300">
          What-if {active && <span className="ml-2 text-xs normal-case text-amber-300">active — every figure below includes these moves</span>}
        </h2>
        <Button onClick={resetWhatIf} disabled={!active} data-testid="what-if-reset">
          Reset
        </Button>
      </div>
      <p className="text-xs text-slate-400">
        One scenario for every model and panel: spot, perp, forwards and coin collateral move together; the vol shift moves each expiry&apos;s at-the-money vol by exactly its points and the rest of the smile in
        proportion; days forward roll forwards along their basis.
      </p>
      <div className="flex flex-wrap gap-4">
        {UNDERLYINGS.map((u) => (
          <Slider
            key={u}
            label={`${u} spot move`}
            value={w.spotMovePct[u]}
            min={-60}
            max={100}
            step={0.5}
            unit="%"
            onChange={(v) => setSpot(u, v)}
            testId={`what-if-spot-${u}`}
            exactMin={SPOT_MOVE_PCT.min}
            exactMax={SPOT_MOVE_PCT.max}
          />
        ))}
        <Slider
          label="Implied vol shift"
          value={w.volShiftPts}
          min={-40}
          max={100}
          step={1}
          unit=" pts"
          onChange={(v) => setWhatIf({ volShiftPts: v })}
          testId="what-if-vol"
          exactMin={VOL_SHIFT_PTS.min}
          exactMax={VOL_SHIFT_PTS.max}
        />
        <Slider
          label="Days forward"
          value={w.daysForward}
          min={0}
          max={190}
          step={1}
          unit="d"
          onChange={(v) => setWhatIf({ daysForward: v })}
          testId="what-if-days"
          exactMin={DAYS_FORWARD.min}
          exactMax={DAYS_FORWARD.max}
        />
        <Slider
          label="Collateral volatility"
          value={w.collateralVolMultiplier}
          min={0}
          max={5}
          step={0.1}
          unit="×"
          onChange={(v) => setWhatIf({ collateralVolMultiplier: v })}
          testId="what-if-collvol"
          exactMin={COLLATERAL_VOL_MULTIPLIER.min}
          exactMax={COLLATERAL_VOL_MULTIPLIER.max}
        />
      </div>
    </div>
  );
}
