"use client";

import { useState } from "react";
import { isStale } from "@/lib/market/feed/client";
import type { LiveMeta } from "@/lib/market/feed/api-schema";
import { VENUE_NAMES, venuePreferenceSchema, type VenuePreference } from "@/lib/market/feed/venues";
import { UNDERLYINGS } from "@/lib/market/types";
import { Button } from "../ui/button";
import { MarketOverridesPanel } from "./market-overrides";
import { useLiveStatus, useMarketActions, useMarketStore, useMarketView } from "./market-provider";
import { formatAge, formatUtc, useNow } from "./use-now";

const VENUE_CHOICES: { value: VenuePreference; label: string }[] = [
  { value: "auto", label: "Auto (Deribit · Bybit · Derive)" },
  { value: "deribit", label: "Prefer Deribit" },
  { value: "okx", label: "Prefer OKX" },
  { value: "bybit", label: "Prefer Bybit" },
];

/** True when the failure is that the venues could not be reached at all (no network), not a bad answer. */
function offline(error: string | null | undefined): boolean {
  return !error || /could not be reached|unreachable|resolve|timed out|timeout|network/i.test(error);
}

/** Sources, fit errors and warnings of a live snapshot (collapsed by default). */
function Provenance({ meta }: { meta: LiveMeta }) {
  return (
    <details className="mt-1 text-xs text-slate-400" data-testid="market-provenance">
      <summary className="cursor-pointer select-none">Sources and SVI fit{meta.warnings.length > 0 ? ` — ${meta.warnings.length} note${meta.warnings.length === 1 ? "" : "s"}` : ""}</summary>
      <table className="mt-1 w-full text-left">
        <thead className="text-slate-500">
          <tr>
            <th className="pr-3 font-normal">Underlying</th>
            <th className="pr-3 font-normal">Venue</th>
            <th className="pr-3 font-normal">Index · perp (funding interval)</th>
            <th className="font-normal">Expiries: SVI fit RMSE (vol pts)</th>
          </tr>
        </thead>
        <tbody>
          {UNDERLYINGS.map((u) => {
            const p = meta.underlyings[u];
            return (
              <tr key={u} data-testid={`market-provenance-${u}`}>
                <td className="pr-3 align-top text-slate-200">{u}</td>
                <td className="pr-3 align-top">{VENUE_NAMES[p.venue]}</td>
                <td className="pr-3 align-top font-mono">
                  {p.indexSource} · {p.perpSymbol} ({p.fundingIntervalHours} h)
                </td>
                <td className="align-top font-mono">{p.fits.map((f) => `${f.expiryId}: ${f.rmseVolPts.toFixed(2)}`).join(" · ")}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="mt-1">
        Collateral: {meta.collateral.venue ? `USDC, USDT, wstETH from ${VENUE_NAMES[meta.collateral.venue]}` : "no collateral venue answered"}
        {meta.collateral.assumed.length > 0 ? `; assumed ${meta.collateral.assumed.join(", ")}` : ""}; BTC, ETH, SOL at their index.
      </p>
      {meta.warnings.length > 0 && (
        <ul className="mt-1 list-disc pl-4 text-amber-200" data-testid="market-warnings">
          {meta.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </details>
  );
}

/**
 * Says which market data every number on the page uses — sample, live or pinned, plus any
 * overrides — with its timestamp and age, flags stale data and failed refreshes, and holds the
 * pin, refresh, venue and override controls. `data-testid="market-source"` carries the source.
 */
export function MarketBanner() {
  const view = useMarketView();
  const { fetching, refetch } = useLiveStatus();
  const venue = useMarketStore((s) => s.venue);
  const storageProblem = useMarketStore((s) => s.storageProblem);
  const { pin, unpin, setVenue, dismissStorageProblem } = useMarketActions();
  const [showOverrides, setShowOverrides] = useState(false);
  const now = useNow();
  const { base, mode } = view;
  const ageMs = now === null ? null : now - Date.parse(base.asOf);
  // A pinned snapshot is old on purpose: only data presented as current can be stale.
  const stale = mode === "live" && now !== null && isStale(base.asOf, now);
  const tone = mode === "sample" ? "border-amber-600/70 bg-amber-950/30" : stale ? "border-amber-500 bg-amber-950/30" : "border-emerald-700/70 bg-emerald-950/20";
  return (
    <div
      className={`rounded border px-3 py-1.5 text-xs text-slate-300 ${tone}`}
      data-testid="market-source"
      data-source={mode === "sample" ? "sample" : "live"}
      data-mode={mode}
      data-snapshot-id={view.snapshot.id}
      data-as-of={base.asOf}
      data-stale={stale ? "true" : "false"}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="min-w-0 flex-1">
          {mode === "sample" ? (
            view.sampleReason === "loading" ? (
              <>
                <strong className="text-amber-300">Sample market data</strong> — the built-in snapshot of {base.asOf.slice(0, 10)} until live data arrives.{" "}
                <span className="text-slate-400" data-testid="market-loading">
                  Fetching live market data…
                </span>
              </>
            ) : (
              <>
                <strong className="text-amber-300">Sample market data</strong> —{" "}
                <span data-testid="market-offline">
                  {offline(view.liveError) ? "offline" : "live data unavailable"}: using the sample snapshot of {base.asOf.slice(0, 10)}
                </span>
                ; every figure uses it, not live prices.{" "}
                <details className="inline" data-testid="market-fallback" role="status">
                  <summary className="inline cursor-pointer select-none text-amber-200 underline decoration-dotted">why</summary>
                  <span className="mt-1 block break-words text-amber-200">{view.liveError ?? "Live market data unavailable."}</span>
                </details>
              </>
            )
          ) : (
            <>
              <strong className={mode === "pinned" ? "text-sky-300" : "text-emerald-300"}>{mode === "pinned" ? "Pinned live market data" : "Live market data"}</strong> — {base.label} · as of{" "}
              <span data-testid="market-as-of">{formatUtc(base.asOf)}</span>
              {ageMs !== null && (
                <>
                  {" "}
                  · <span data-testid="market-age">{formatAge(ageMs)} old</span>
                </>
              )}
              {stale && (
                <span className="ml-2 rounded bg-amber-600 px-1.5 py-0.5 font-semibold text-white" data-testid="market-stale">
                  stale
                </span>
              )}
              {mode === "pinned" && <span className="ml-2 text-sky-200">— what-if stays on this snapshot{view.newerLiveAvailable ? "; newer live data is available" : ""}</span>}
              {view.liveError && (
                <span className="ml-2 text-amber-200" data-testid="market-refresh-error">
                  Last refresh failed: {view.liveError}
                </span>
              )}
            </>
          )}
        </span>
        <span className="flex flex-wrap items-center gap-2">
          {mode === "pinned" ? (
            <Button className="text-xs" onClick={unpin} data-testid="market-unpin">
              Unpin
            </Button>
          ) : (
            <Button
              className="text-xs"
              disabled={mode !== "live" || !view.latestLive}
              onClick={() => view.latestLive && pin(view.latestLive, view.meta)}
              data-testid="market-pin"
              title="Keep computing on this snapshot while markets move"
            >
              Pin snapshot
            </Button>
          )}
          <Button className="text-xs" onClick={refetch} disabled={fetching} data-testid="market-refresh">
            {fetching ? "Refreshing…" : "Refresh"}
          </Button>
          <select
            aria-label="Preferred venue"
            className="rounded border border-slate-700 bg-slate-950 px-1 py-0.5 text-xs"
            value={venue}
            onChange={(e) => {
              const v = venuePreferenceSchema.safeParse(e.target.value);
              if (v.success) setVenue(v.data);
            }}
            data-testid="market-venue"
          >
            {VENUE_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <Button className="text-xs" onClick={() => setShowOverrides((v) => !v)} aria-expanded={showOverrides} data-testid="market-overrides-toggle">
            Market overrides{view.overridesText ? " (on)" : ""}
          </Button>
        </span>
      </div>
      {storageProblem && (
        <p className="mt-1 text-amber-200" data-testid="market-storage-problem">
          Saved market settings could not be used ({storageProblem}); starting from live data without pin or overrides.{" "}
          <button type="button" className="underline" onClick={dismissStorageProblem}>
            Dismiss
          </button>
        </p>
      )}
      {view.overridesText && (
        <p className="mt-1 text-amber-200" data-testid="market-overrides-active">
          Overrides applied to this snapshot: {view.overridesText}.
        </p>
      )}
      {showOverrides && <MarketOverridesPanel />}
      {view.meta && mode !== "sample" && <Provenance meta={view.meta} />}
    </div>
  );
}
