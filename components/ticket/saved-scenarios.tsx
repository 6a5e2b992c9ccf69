"use client";

import { useState } from "react";
import { MAX_SAVED_SCENARIOS, type SavedScenario } from "@/lib/workspace/schema";
import { useActions, useWorkspace } from "../providers";
import { Button } from "../ui/button";

/** One empty list: a selector must return the same value while nothing changes (a new [] each call loops). */
const NONE: SavedScenario[] = [];

/** Name and save the current what-if (spot moves, vol shift, days forward, collateral vol); recall one in one click. */
export function SavedScenarios() {
  const saved = useWorkspace((s) => s.workspace.savedScenarios ?? NONE);
  const { saveScenario, deleteScenario, setWhatIf } = useActions();
  const [name, setName] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const save = () => {
    if (saveScenario(name)) {
      setNote(`Saved "${name.trim()}".`);
      setName("");
    } else setNote(name.trim() ? `Not saved: at most ${MAX_SAVED_SCENARIOS} scenarios (delete one first) and names of at most 60 characters.` : "Give the scenario a name.");
  };
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="saved-scenarios" data-count={saved.length}>
      <span className="text-xs text-slate-400">What-if scenarios:</span>
      {saved.map((s) => (
        <span key={s.name} className="flex items-center rounded bg-slate-800">
          <Button
            className="text-xs"
            onClick={() => setWhatIf(s.whatIf)}
            data-testid={`scenario-recall-${s.name}`}
            title={`spot BTC ${s.whatIf.spotMovePct.BTC}% ETH ${s.whatIf.spotMovePct.ETH}% SOL ${s.whatIf.spotMovePct.SOL}%, vol ${s.whatIf.volShiftPts} pts, ${s.whatIf.daysForward} d forward`}
          >
            {s.name}
          </Button>
          <button type="button" className="px-1 text-xs text-slate-400 hover:text-rose-300" onClick={() => deleteScenario(s.name)} aria-label={`Delete scenario ${s.name}`}>
            ×
          </button>
        </span>
      ))}
      <input
        className="w-36 rounded bg-slate-800 px-2 py-0.5 text-xs"
        placeholder="name this what-if"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") save();
        }}
        aria-label="Scenario name"
        data-testid="scenario-name"
      />
      <Button className="text-xs" onClick={save} data-testid="scenario-save">
        Save what-if
      </Button>
      {note && (
        <span className="text-xs text-slate-400" role="status">
          {note}
        </span>
      )}
    </div>
  );
}
