"use client";

import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { optionChainQuery, tradeImpactExtrasQuery, tradeImpactQuery } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import type { ChainExpiry, ChainQuote, OptionChain, SubAccountResult, TradeImpact, TradeImpactExtras } from "@/lib/margin/result-types";
import { UNDERLYINGS, type Underlying } from "@/lib/market/types";
import { getRulebook } from "@/lib/margin/venues/catalogue";
import { checkSize, instrumentSpec, SPEC_VENUE_NAMES, specVenueOf, type SizeCheck } from "@/lib/market/instrument-specs";
import { formatNumber, formatPct, formatUsd } from "@/lib/format";
import { parseNumberInput } from "@/lib/workspace/number-input";
import { sizeSchema, type NewPosition, type SubAccount } from "@/lib/workspace/schema";
import { buildTemplate, TEMPLATE_IDS, TEMPLATE_NAMES, type StagedLeg, type TemplateId } from "@/lib/workspace/strategy-templates";
import { instrumentKey } from "@/lib/workspace/venue-import/match";
import { instrumentName } from "@/lib/workspace/instrument-name";
import { useActions, useAnalysisEngine, useEngine, useSnapshot, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { useShownStale } from "../ui/updating";
import { PayoffPanel } from "./payoff-panel";
import { ImportPanel } from "./import-panel";

const legName = (l: StagedLeg) => instrumentName({ ...l, id: "", entryPrice: 1 } as Parameters<typeof instrumentName>[0]);
/** The engine's positions for staged legs (the engine enters them at the mark; the price here is a placeholder). */
const toEngineLegs = (legs: StagedLeg[]): NewPosition[] => legs.map(({ label: _label, ...l }) => ({ ...l, entryPrice: 1 }) as NewPosition);

function Quote({ q, testId, onStage, title }: { q: ChainQuote; testId: string; onStage: (short: boolean) => void; title: string }) {
  const click = (e: MouseEvent) => onStage(e.shiftKey);
  return (
    <button
      type="button"
      className="w-full rounded px-1 py-0.5 text-right font-mono text-xs hover:bg-sky-900/60 focus:outline focus:outline-sky-500"
      onClick={click}
      data-testid={testId}
      data-enter-adds
      title={`${title}: click to buy (again: sell), shift-click to sell; Enter adds the staged legs`}
    >
      <span>{formatNumber(q.mark, 2)}</span>
      <span className="ml-2 text-slate-400">{q.iv === null ? "—" : `${(q.iv * 100).toFixed(1)}%`}</span>
      <span className="ml-2 text-slate-300">{formatNumber(q.delta, 2)}</span>
    </button>
  );
}

/** Estimated height of one chain row (px): a quote button in text-xs with its padding. */
const CHAIN_ROW_PX = 26;
/** Rows rendered beyond the visible ones on each side (keeps clicks near the money in the DOM). */
const CHAIN_OVERSCAN = 12;

type ChainRowProps = { row: ChainExpiry["rows"][number]; expiryId: string; atm: boolean; u: Underlying; callSide: number | undefined; putSide: number | undefined; onStage: (leg: StagedLeg, short: boolean) => void };

/** One strike of the chain; memoised: a staged leg re-renders only its own row. */
const ChainRow = memo(function ChainRow({ row: r, expiryId, atm, u, callSide, putSide, onStage }: ChainRowProps) {
  const call: StagedLeg = { kind: "option", underlying: u, expiry: expiryId, strike: r.strike, optionType: "call", size: 1, label: "call" };
  const put: StagedLeg = { kind: "option", underlying: u, expiry: expiryId, strike: r.strike, optionType: "put", size: 1, label: "put" };
  const mark = (side: number | undefined) => (side === undefined ? "" : side > 0 ? "bg-emerald-900/50" : "bg-rose-900/50");
  return (
    <tr className={atm ? "border-y border-amber-500/60 bg-amber-900/20" : ""} data-testid={atm ? "chain-atm-row" : undefined} style={{ height: CHAIN_ROW_PX }}>
      <td className={mark(callSide)}>
        <Quote q={r.call} testId={`chain-call-${r.strike}`} title={`${u} ${expiryId} ${r.strike} call`} onStage={(short) => onStage(call, short)} />
      </td>
      <td className="px-2 text-center font-mono">
        {formatNumber(r.strike, 2)}
        {atm && <span className="ml-1 rounded bg-amber-600/40 px-1 text-[10px]">ATM</span>}
      </td>
      <td className={mark(putSide)}>
        <Quote q={r.put} testId={`chain-put-${r.strike}`} title={`${u} ${expiryId} ${r.strike} put`} onStage={(short) => onStage(put, short)} />
      </td>
    </tr>
  );
});

/**
 * One expiry of the chain: call and put columns (mark, IV, delta) per strike, the ATM row marked.
 * Rows are virtualised (TanStack Virtual: only the visible strikes and an overscan are in the DOM,
 * spacer rows keep the scroll height) and the list opens centred on the at-the-money strike.
 */
const ChainTable = memo(function ChainTable({ expiry, u, stagedSide, onStage }: { expiry: ChainExpiry; u: Underlying; stagedSide: Map<string, number>; onStage: (leg: StagedLeg, short: boolean) => void }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atmIndex = Math.max(
    0,
    expiry.rows.findIndex((r) => r.strike === expiry.atmStrike),
  );
  // The React Compiler is not enabled here; TanStack Virtual's non-memoisable API is fine without it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: expiry.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CHAIN_ROW_PX,
    overscan: CHAIN_OVERSCAN,
    initialOffset: () => Math.max(0, (atmIndex + 0.5) * CHAIN_ROW_PX - (scrollRef.current?.clientHeight ?? 0) / 2),
  });
  useLayoutEffect(() => {
    virtualizer.scrollToIndex(atmIndex, { align: "center" });
  }, [expiry.id, atmIndex, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const key = (optionType: "call" | "put", strike: number) => instrumentKey({ kind: "option", underlying: u, expiry: expiry.id, strike, optionType });
  return (
    <div ref={scrollRef} className="max-h-96 overflow-y-auto rounded border border-slate-800">
      <table className="w-full text-xs" data-testid="chain-table" data-expiry={expiry.id} data-rows={expiry.rows.length}>
        <thead className="sticky top-0 z-10 bg-slate-900 text-slate-400">
          <tr>
            <th className="px-1 text-right">Call mark · IV · Δ</th>
            <th className="px-1">Strike</th>
            <th className="px-1 text-right">Put mark · IV · Δ</th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr aria-hidden style={{ height: top }} />}
          {items.map((item) => {
            const r = expiry.rows[item.index]!;
            return (
              <ChainRow
                key={r.strike}
                row={r}
                expiryId={expiry.id}
                atm={r.strike === expiry.atmStrike}
                u={u}
                callSide={stagedSide.get(key("call", r.strike))}
                putSide={stagedSide.get(key("put", r.strike))}
                onStage={onStage}
              />
            );
          })}
          {bottom > 0 && <tr aria-hidden style={{ height: bottom }} />}
        </tbody>
      </table>
    </div>
  );
});

function Liq({ side }: { side: TradeImpact["before"] }) {
  const l = side.liquidation;
  if (!l) return <span>—</span>;
  if (l.state === "already") return <span className="text-rose-300">now</span>;
  const d = l.down ? formatPct(l.down.movePct, 1) : "none";
  const up = l.up ? formatPct(l.up.movePct, 1) : "none";
  return (
    <span>
      {d} / {up}
    </span>
  );
}

/** ΔIM, ΔMM, free collateral after, liquidation before → after, pass/fail, per-venue lines, largest size. */
/** Largest size and the per-venue lines (the analysis worker's part; shown when it arrives). */
function ImpactExtras({ extras, onLargest }: { extras: { data: TradeImpactExtras | undefined; stale: boolean; error: Error | null }; onLargest: (sizes: number[]) => void }) {
  const dimmed = useShownStale(extras.stale);
  if (extras.error) return <p className="text-xs text-rose-300">{extras.error.message}</p>;
  const x = extras.data;
  if (!x) return <p className="text-xs text-slate-400">Computing the largest size and the venue lines…</p>;
  return (
    <div className={`flex flex-col gap-2 ${dimmed ? "opacity-60" : ""}`} data-testid="impact-extras" data-state={extras.stale ? "computing" : "ready"}>
      <p className="text-slate-300" data-testid="impact-largest">
        Largest size that keeps IM ≤ equity: ×{formatNumber(x.largestFactor, 3)}
        {x.largestFactor >= x.maxFactor ? " (the size limit)" : ""} of the staged sizes ({x.largestSizes.map((s) => formatNumber(s, 4)).join(", ")})
        {x.largestFactor > 0 && !extras.stale && (
          <Button className="ml-2 text-xs" onClick={() => onLargest(x.largestSizes)} data-testid="impact-use-largest">
            Use these sizes
          </Button>
        )}
      </p>
      <ul className="grid gap-x-4 text-xs text-slate-300 sm:grid-cols-2" data-testid="impact-venues">
        {x.venues.map((v) => (
          <li key={v.profile.id} data-testid={`impact-venue-${v.profile.id}`}>
            <span className="text-slate-400">{v.profile.name}: </span>
            {v.ok ? (
              <span className={v.pass ? "" : "text-rose-300"}>
                ΔIM {formatUsd(v.deltaIm, 0)}, free after {formatUsd(v.freeAfter, 0)} {v.pass ? "✓" : "✗"}
              </span>
            ) : (
              <span className="text-slate-500">{v.error}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ImpactPanel({
  impact,
  stale,
  extras,
  onLargest,
}: {
  impact: TradeImpact | undefined;
  stale: boolean;
  extras: { data: TradeImpactExtras | undefined; stale: boolean; error: Error | null };
  onLargest: (sizes: number[]) => void;
}) {
  const dimmed = useShownStale(stale);
  if (!impact) return <p className="text-sm text-slate-400">Computing the impact…</p>;
  return (
    <div className={`flex flex-col gap-2 text-sm ${dimmed ? "opacity-60" : ""}`} data-testid="impact" data-state={stale ? "computing" : "ready"} data-pass={impact.pass ? "yes" : "no"}>
      <div className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
        <span className="text-slate-400">ΔIM</span>
        <span className="font-mono" data-testid="impact-dim">
          {formatUsd(impact.deltaIm)}
        </span>
        <span className="text-slate-400">ΔMM</span>
        <span className="font-mono" data-testid="impact-dmm">
          {formatUsd(impact.deltaMm)}
        </span>
        <span className="text-slate-400">Free collateral</span>
        <span className="font-mono" data-testid="impact-free">
          {formatUsd(impact.before.freeCollateral, 0)} → {formatUsd(impact.after.freeCollateral, 0)}
        </span>
        <span className="text-slate-400">Liquidation {impact.underlying} (down / up)</span>
        <span className="font-mono" data-testid="impact-liq">
          <Liq side={impact.before} /> → <Liq side={impact.after} />
        </span>
      </div>
      <p className={impact.pass ? "text-emerald-300" : "text-rose-300"} data-testid="impact-verdict" role="status">
        {impact.pass ? "Pass: IM stays within equity" : `Fail: ${impact.failReason}`}
      </p>
      <ImpactExtras extras={extras} onLargest={onLargest} />
    </div>
  );
}

/**
 * The trade ticket: option chain with expiry tabs (days to expiry), perps and futures, strategy
 * templates, staged legs with their margin impact before they are added, payoff views and
 * imports from the venues. Every number comes from the worker (lib/margin/analyses/trade-impact.ts).
 */
export function TradeTicket({ sub, result }: { sub: SubAccount; result: SubAccountResult | undefined }) {
  const bridge = useEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const { appendPositions } = useActions();
  const options = useMemo(() => whatIfOptions(whatIf), [whatIf]);
  const [u, setU] = useState<Underlying>("BTC");
  const [expiryIndex, setExpiryIndex] = useState(3);
  const [sizeText, setSizeText] = useState("1");
  const [legs, setLegs] = useState<StagedLeg[]>([]);
  const [template, setTemplate] = useState<TemplateId>("strangle");
  const [strikeBy, setStrikeBy] = useState<"delta" | "distance">("delta");
  const [param, setParam] = useState("0.25");
  const [message, setMessage] = useState<string | null>(null);
  const chainQ = useQuery({ ...optionChainQuery(bridge, snapshot, u, options), placeholderData: keepPreviousData });
  const chain: OptionChain | undefined = chainQ.data?.underlying === u ? chainQ.data : undefined;
  const engineLegs = useMemo(() => toEngineLegs(legs), [legs]);
  const impactQ = useQuery({ ...tradeImpactQuery(bridge, sub, engineLegs, snapshot, options), enabled: legs.length > 0, placeholderData: keepPreviousData });
  const impactReady = legs.length > 0 && impactQ.data !== undefined && !impactQ.isPlaceholderData;
  const analysis = useAnalysisEngine();
  const extrasQ = useQuery({ ...tradeImpactExtrasQuery(analysis, sub, engineLegs, snapshot, options), enabled: legs.length > 0, placeholderData: keepPreviousData });
  const extras = { data: extrasQ.data, stale: extrasQ.isPlaceholderData || extrasQ.isFetching, error: extrasQ.error };
  const size = parseNumberInput(sizeText, sizeSchema);
  const expiry = chain?.expiries[Math.min(expiryIndex, (chain?.expiries.length ?? 1) - 1)];
  const stagedSide = useMemo(() => new Map(legs.map((l) => [instrumentKey(l), l.size])), [legs]);
  // Staged sizes against the sub-account's venue: minimum order, size step, maximum order and position
  // (lib/market/instrument-specs, each with its source); MarginLab's own size limit stays the outer bound.
  const venue = specVenueOf(getRulebook(sub.profileId)?.venue ?? "");
  const legChecks = useMemo(
    (): SizeCheck[] => legs.map((l) => (venue ? checkSize(instrumentSpec(venue, l.kind, l.underlying), l.size, snapshot.underlyings[l.underlying].spot) : { ok: true, notes: [] })),
    [legs, venue, snapshot],
  );
  const refusedLeg = legChecks.findIndex((c) => !c.ok);

  const qty = size.ok ? Math.abs(size.value) : 1;
  // Stable across renders (memoised chain rows re-render only when their own staged side changes).
  const stage = useCallback(
    (leg: StagedLeg, short: boolean) => {
      setMessage(null);
      setLegs((cur) => {
        const key = instrumentKey(leg);
        const at = cur.findIndex((l) => instrumentKey(l) === key);
        if (at < 0) return [...cur, { ...leg, size: short ? -qty : qty, label: short ? "sell" : "buy" }];
        const existing = cur[at]!;
        // Click again: a long becomes a short; a short is removed. Shift-click: always short.
        if (existing.size > 0) return cur.map((l, i) => (i === at ? { ...l, size: -Math.abs(l.size), label: "sell" } : l));
        return short ? cur : cur.filter((_, i) => i !== at);
      });
    },
    [qty],
  );
  const add = () => {
    if (!legs.length) return;
    const refused = legChecks[refusedLeg];
    if (refused && !refused.ok) {
      setMessage(`Not added: leg ${refusedLeg + 1} (${legName(legs[refusedLeg]!)}): ${refused.reason}.`);
      return;
    }
    if (!impactReady || !impactQ.data) {
      setMessage("Wait for the impact to be computed, then add.");
      return;
    }
    const marks = impactQ.data.legMarks;
    const positions = engineLegs.map((l, i) => ({ ...l, entryPrice: marks[i]! }) as NewPosition);
    if (appendPositions(sub.id, positions)) {
      setMessage(`Added ${positions.length} leg${positions.length === 1 ? "" : "s"} at the mark.`);
      setLegs([]);
    } else setMessage("These legs do not fit: the sub-account would exceed its position limit.");
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Enter") return;
    const t = e.target as HTMLElement;
    if (t.closest("[data-enter-adds]")) {
      e.preventDefault();
      add();
    }
  };
  const applyTemplate = () => {
    if (!chain) return;
    const p = parseFloat(param);
    try {
      const built = buildTemplate(template, chain, {
        size: size.ok ? size.value : 1,
        expiryIndex: Math.min(expiryIndex, chain.expiries.length - 1),
        strikeBy,
        delta: strikeBy === "delta" && p > 0 && p < 1 ? p : undefined,
        distancePct: strikeBy === "distance" && p > 0 ? p : undefined,
        wingDistancePct: strikeBy === "distance" && p > 0 ? 2 * p : undefined,
        accountDelta: result?.greeks[u]?.total.delta,
      });
      setLegs((cur) => [...cur, ...built]);
      setMessage(null);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  };
  const setLegSize = (i: number, text: string) => {
    const r = parseNumberInput(text, sizeSchema);
    if (r.ok) setLegs((cur) => cur.map((l, j) => (j === i ? { ...l, size: r.value } : l)));
  };

  return (
    <div className="flex flex-col gap-3" data-testid="ticket" data-state={chain ? "ready" : "computing"} onKeyDown={onKeyDown}>
      <div className="flex flex-wrap items-end gap-2">
        <div role="tablist" aria-label="Underlying" className="flex gap-1">
          {UNDERLYINGS.map((x) => (
            <Button key={x} role="tab" aria-selected={x === u} variant={x === u ? "primary" : "ghost"} onClick={() => setU(x)} data-testid={`ticket-u-${x}`}>
              {x}
            </Button>
          ))}
        </div>
        <label className="flex flex-col text-xs text-slate-400">
          Size (coins)
          <input className="w-24 rounded bg-slate-800 px-2 py-1 text-sm text-slate-100" value={sizeText} onChange={(e) => setSizeText(e.target.value)} data-testid="ticket-size" data-enter-adds aria-invalid={!size.ok} />
        </label>
        {!size.ok && <span className="text-xs text-rose-300">{size.error}</span>}
        {chain && (
          <>
            <Button onClick={() => stage({ kind: "perp", underlying: u, size: 1, label: "perp" }, false)} data-testid="ticket-perp-buy" data-enter-adds title="Stage a long perp (shift-click or click again: short)">
              Perp {formatNumber(chain.perp.mark, 2)} · Δ {formatNumber(chain.perp.delta, 3)}
            </Button>
            <Button onClick={() => stage({ kind: "perp", underlying: u, size: 1, label: "perp" }, true)} data-testid="ticket-perp-sell" data-enter-adds>
              Sell perp
            </Button>
            {expiry && (
              <Button onClick={(e) => stage({ kind: "future", underlying: u, expiry: expiry.id, size: 1, label: "future" }, e.shiftKey)} data-testid="ticket-future" data-enter-adds>
                Future {expiry.id} {formatNumber(expiry.future.mark, 2)}
              </Button>
            )}
          </>
        )}
      </div>
      {chain && (
        <div role="tablist" aria-label="Expiry" className="flex flex-wrap gap-1" data-testid="expiry-tabs">
          {chain.expiries.map((e, i) => (
            <Button key={e.id} role="tab" aria-selected={expiry?.id === e.id} variant={expiry?.id === e.id ? "primary" : "ghost"} className="text-xs" onClick={() => setExpiryIndex(i)} data-testid={`expiry-tab-${e.id}`}>
              {e.id} <span className="text-slate-300">({e.days < 1 ? e.days.toFixed(1) : Math.round(e.days)} d)</span>
            </Button>
          ))}
        </div>
      )}
      {chainQ.isError && <p className="text-sm text-rose-300">{chainQ.error.message}</p>}
      {expiry && <ChainTable expiry={expiry} u={u} stagedSide={stagedSide} onStage={stage} />}
      <div className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col text-xs text-slate-400">
          Template
          <select className="rounded bg-slate-800 px-2 py-1 text-sm text-slate-100" value={template} onChange={(e) => setTemplate(e.target.value as TemplateId)} data-testid="template-select">
            {TEMPLATE_IDS.map((id) => (
              <option key={id} value={id}>
                {TEMPLATE_NAMES[id]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-400">
          Strikes by
          <select
            className="rounded bg-slate-800 px-2 py-1 text-sm text-slate-100"
            value={strikeBy}
            onChange={(e) => {
              const by = e.target.value as "delta" | "distance";
              setStrikeBy(by);
              setParam(by === "delta" ? "0.25" : "5");
            }}
            data-testid="template-by"
          >
            <option value="delta">delta</option>
            <option value="distance">distance from forward (%)</option>
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-400">
          {strikeBy === "delta" ? "|Δ|" : "%"}
          <input className="w-16 rounded bg-slate-800 px-2 py-1 text-sm text-slate-100" value={param} onChange={(e) => setParam(e.target.value)} data-testid="template-param" />
        </label>
        <Button onClick={applyTemplate} data-testid="template-stage" data-enter-adds disabled={!chain}>
          Stage template
        </Button>
      </div>
      {legs.length > 0 && (
        <div className="flex flex-col gap-2 rounded border border-slate-800 p-2" data-testid="staged">
          <ul className="flex flex-col gap-1 text-sm" data-testid="staged-legs" data-count={legs.length}>
            {legs.map((l, i) => (
              <li key={`${instrumentKey(l)}-${i}`} className="flex items-center gap-2">
                <span className={l.size > 0 ? "text-emerald-300" : "text-rose-300"}>{l.size > 0 ? "Buy" : "Sell"}</span>
                <input
                  className="w-24 rounded bg-slate-800 px-2 py-0.5 font-mono text-xs"
                  defaultValue={String(l.size)}
                  onBlur={(e) => setLegSize(i, e.target.value)}
                  aria-label={`Size of ${legName(l)}`}
                  data-enter-adds
                />
                <span className="font-mono">{legName(l)}</span>
                <span className="text-xs text-slate-500">{l.label}</span>
                {legChecks[i] && !legChecks[i].ok && (
                  <span className="text-xs text-rose-300" data-testid="staged-leg-refused" title={`Source: ${legChecks[i].source}`}>
                    {legChecks[i].reason}
                  </span>
                )}
                {impactReady && impactQ.data && <span className="text-xs text-slate-400">@ {formatNumber(impactQ.data.legMarks[i] ?? Number.NaN, 2)}</span>}
                <Button className="ml-auto text-xs" onClick={() => setLegs((cur) => cur.filter((_, j) => j !== i))} aria-label={`Remove ${legName(l)}`}>
                  ×
                </Button>
              </li>
            ))}
          </ul>
          <p className="text-xs text-slate-500" data-testid="ticket-venue-limits">
            {venue
              ? `Sizes checked against ${SPEC_VENUE_NAMES[venue]}'s published limits where known (README, "Instrument specifications"); where a venue publishes none: ASSUMPTION, only MarginLab's limit applies.`
              : "ASSUMPTION: this rulebook names no venue with published size limits; only MarginLab's limit applies."}
          </p>
          {impactQ.isError ? (
            <p className="text-sm text-rose-300">{impactQ.error.message}</p>
          ) : (
            <ImpactPanel impact={impactQ.data} stale={!impactReady} extras={extras} onLargest={(s) => setLegs((cur) => cur.map((l, i) => ({ ...l, size: s[i] ?? l.size })))} />
          )}
          <div className="flex gap-2">
            <Button variant="primary" onClick={add} disabled={!impactReady || refusedLeg >= 0} data-testid="ticket-add">
              Add {legs.length} leg{legs.length === 1 ? "" : "s"} (Enter)
            </Button>
            <Button onClick={() => setLegs([])} data-testid="ticket-clear">
              Clear
            </Button>
          </div>
        </div>
      )}
      {message && (
        <p className="text-sm text-slate-300" role="status" data-testid="ticket-message">
          {message}
        </p>
      )}
      <PayoffPanel sub={sub} legs={engineLegs} />
      <ImportPanel sub={sub} />
    </div>
  );
}
