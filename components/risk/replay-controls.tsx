"use client";

import type { ReplayRequestOptions } from "@/lib/engine/client/queries";
import { Button } from "../ui/button";
import { PathPad } from "./path-pad";

/** The named crashes of the history (ids of lib/risk/stress.ts NAMED_STRESS_DAYS; lib/risk/replay/crash-list.test.ts keeps them in step). */
export const REPLAY_CRASHES: readonly { id: string; label: string }[] = [
  { id: "covid-2020", label: "COVID crash (2020-03-12)" },
  { id: "may-2021", label: "China mining ban sell-off (2021-05-19)" },
  { id: "terra-2022", label: "Terra / LUNA collapse (2022-05-09)" },
  { id: "celsius-2022", label: "Celsius / 3AC (2022-06-13)" },
  { id: "ftx-2022", label: "FTX collapse (2022-11-08)" },
  { id: "yen-2024", label: "Yen carry unwind (2024-08-05)" },
];

export type PathKind = "gap" | "named" | "drawn";
type Target = "all" | "BTC" | "ETH" | "SOL";

/** What the form holds (text, as typed): the worker validates the numbers and says what is wrong. */
export interface ReplayForm {
  kind: PathKind;
  movePct: string;
  hours: string;
  volUpPts: string;
  holdHours: string;
  target: Target;
  crashId: string;
  seed: string;
  daysAfter: string;
  points: { hour: string; factor: string }[];
  liquidity: string;
}

export const DEFAULT_REPLAY_FORM: ReplayForm = {
  kind: "gap",
  movePct: "-30",
  hours: "6",
  volUpPts: "20",
  holdHours: "18",
  target: "all",
  crashId: "ftx-2022",
  seed: "1",
  daysAfter: "2",
  points: [
    { hour: "0", factor: "1" },
    { hour: "4", factor: "0.85" },
    { hour: "12", factor: "0.75" },
    { hour: "24", factor: "0.8" },
  ],
  liquidity: "1",
};

const LIQUIDITY = ["0.25", "0.5", "1", "2", "4"];

/** Text → number; empty or not a number → NaN (the worker's validation then says so in words). */
function num(text: string): number {
  return text.trim() === "" ? Number.NaN : Number(text);
}

/** The request the form describes (numbers as typed; validated in the worker). */
export function requestOf(f: ReplayForm): ReplayRequestOptions {
  const liquidityMultiplier = num(f.liquidity);
  if (f.kind === "named") return { path: { kind: "named", crashId: f.crashId, seed: num(f.seed), daysAfter: num(f.daysAfter) }, liquidityMultiplier };
  if (f.kind === "drawn") return { path: { kind: "drawn", underlying: f.target, points: f.points.map((p) => ({ hour: num(p.hour), factor: num(p.factor) })) }, liquidityMultiplier };
  return { path: { kind: "gap", movePct: num(f.movePct), hours: num(f.hours), volUpPts: num(f.volUpPts), holdHours: num(f.holdHours), underlying: f.target }, liquidityMultiplier };
}

function Field({ label, value, onChange, testId, width = "w-20" }: { label: string; value: string; onChange: (v: string) => void; testId: string; width?: string }) {
  return (
    <label className="flex flex-col gap-1">
      {label}
      <input className={`${width} rounded bg-slate-800 px-2 py-1 font-mono`} inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

/** Path type, its parameters and the liquidity assumption; "Run replay" sends them to the worker. */
export function ReplayControls({ form, onChange, onRun, running }: { form: ReplayForm; onChange: (f: ReplayForm) => void; onRun: () => void; running: boolean }) {
  const set = <K extends keyof ReplayForm>(k: K, v: ReplayForm[K]) => onChange({ ...form, [k]: v });
  const targetSelect = (
    <label className="flex flex-col gap-1">
      Underlying
      <select className="rounded bg-slate-800 px-2 py-1" value={form.target} onChange={(e) => set("target", e.target.value as Target)} data-testid="replay-target">
        <option value="all">All together</option>
        <option value="BTC">BTC</option>
        <option value="ETH">ETH</option>
        <option value="SOL">SOL</option>
      </select>
    </label>
  );
  return (
    <div className="flex flex-col gap-2 text-xs">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1">
          Path
          <select className="rounded bg-slate-800 px-2 py-1" value={form.kind} onChange={(e) => set("kind", e.target.value as PathKind)} data-testid="replay-path-kind">
            <option value="gap">Stylised gap</option>
            <option value="named">Named crash (history, hourly bridge)</option>
            <option value="drawn">Drawn path</option>
          </select>
        </label>
        {form.kind === "gap" && (
          <>
            <Field label="Move, %" value={form.movePct} onChange={(v) => set("movePct", v)} testId="replay-move" />
            <Field label="Over, hours" value={form.hours} onChange={(v) => set("hours", v)} testId="replay-hours" width="w-16" />
            <Field label="Vol, + pts" value={form.volUpPts} onChange={(v) => set("volUpPts", v)} testId="replay-vol" width="w-16" />
            <Field label="Then hold, hours" value={form.holdHours} onChange={(v) => set("holdHours", v)} testId="replay-hold" width="w-16" />
            {targetSelect}
          </>
        )}
        {form.kind === "named" && (
          <>
            <label className="flex flex-col gap-1">
              Crash
              <select className="rounded bg-slate-800 px-2 py-1" value={form.crashId} onChange={(e) => set("crashId", e.target.value)} data-testid="replay-crash">
                {REPLAY_CRASHES.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <Field label="Days after" value={form.daysAfter} onChange={(v) => set("daysAfter", v)} testId="replay-days-after" width="w-16" />
            <Field label="Bridge seed" value={form.seed} onChange={(v) => set("seed", v)} testId="replay-seed" />
          </>
        )}
        {form.kind === "drawn" && targetSelect}
        <label className="flex flex-col gap-1" title="ASSUMPTION: multiplies the liquidity parameters of the slippage model (2 = twice as deep a book)">
          Liquidity ×
          <select className="rounded bg-slate-800 px-2 py-1" value={form.liquidity} onChange={(e) => set("liquidity", e.target.value)} data-testid="replay-liquidity">
            {LIQUIDITY.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <Button variant="primary" onClick={onRun} disabled={running} data-testid="replay-run">
          {running ? "Replaying…" : "Run replay"}
        </Button>
      </div>
      {form.kind === "drawn" && (
        <div className="flex flex-col gap-1" data-testid="replay-points">
          <span className="text-slate-400">
            Points: hour from now and spot as a multiple of today&apos;s (1 = unchanged, 0.8 = −20 %); joined linearly in log price, hour by hour. Click the chart to place a point (a click at an hour that has one moves
            it), or type them below.
          </span>
          <PathPad points={form.points} onChange={(points) => set("points", points)} />
          {form.points.map((p, i) => (
            <div key={i} className="flex items-center gap-2" data-testid="replay-point">
              <input
                aria-label={`Point ${i + 1} hour`}
                className="w-16 rounded bg-slate-800 px-2 py-0.5 font-mono"
                value={p.hour}
                onChange={(e) =>
                  set(
                    "points",
                    form.points.map((q, j) => (j === i ? { ...q, hour: e.target.value } : q)),
                  )
                }
              />
              <span>h →</span>
              <input
                aria-label={`Point ${i + 1} factor`}
                className="w-20 rounded bg-slate-800 px-2 py-0.5 font-mono"
                value={p.factor}
                onChange={(e) =>
                  set(
                    "points",
                    form.points.map((q, j) => (j === i ? { ...q, factor: e.target.value } : q)),
                  )
                }
              />
              <span>× spot</span>
              <Button
                onClick={() =>
                  set(
                    "points",
                    form.points.filter((_, j) => j !== i),
                  )
                }
                disabled={form.points.length <= 2}
                aria-label={`Remove point ${i + 1}`}
              >
                ✕
              </Button>
            </div>
          ))}
          <div>
            <Button
              onClick={() => {
                const last = form.points[form.points.length - 1];
                const hour = last ? Number(last.hour) + 6 : 0;
                set("points", [...form.points, { hour: Number.isFinite(hour) ? String(hour) : "", factor: last?.factor ?? "1" }]);
              }}
              data-testid="replay-add-point"
            >
              + Add point
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
