"use client";

import { formatVersion } from "@/lib/format";

import { profilesForMode, rulebookInfo } from "@/lib/margin/venues/catalogue";
import { MARGIN_MODES, type MarginMode, type SubAccount } from "@/lib/workspace/schema";
import { useActions } from "../providers";

const MODE_LABEL: Record<MarginMode, string> = { isolated: "Isolated", cross: "Cross (standard)", portfolio: "Portfolio (risk-based)" };

/** Name, margin mode and venue profile of the selected sub-account. */
export function AccountHeader({ sub }: { sub: SubAccount }) {
  const { setMode, setProfile } = useActions();
  const profile = rulebookInfo(sub.profileId);
  const choices = profilesForMode(sub.mode);
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <h1 className="truncate text-xl font-semibold" data-testid="account-title">
        {sub.name}
      </h1>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">
          <span className="text-xs text-slate-400">Margin mode</span>
          <select data-testid="mode-select" value={sub.mode} onChange={(e) => setMode(sub.id, e.target.value as MarginMode)} className="rounded border border-slate-700 bg-slate-950 px-2 py-1">
            {MARGIN_MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABEL[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-slate-400">Venue profile</span>
          <select data-testid="profile-select" value={sub.profileId} onChange={(e) => setProfile(sub.id, e.target.value)} className="rounded border border-slate-700 bg-slate-950 px-2 py-1">
            {!choices.some((p) => p.id === sub.profileId) && <option value={sub.profileId}>{profile ? `${profile.name} (not for ${sub.mode} mode)` : `Unknown profile (${sub.profileId})`}</option>}
            {choices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {profile && (
          <span className="pb-1 text-xs text-slate-400" title={[...profile.sources, ...profile.notes].join("\n")}>
            {formatVersion(profile.version)} · as of {profile.asOf}
          </span>
        )}
      </div>
    </div>
  );
}
