"use client";

import { createContext, startTransition, useContext, useEffect, useState, type ReactNode } from "react";

import { useQueryClient } from "@tanstack/react-query";
import { useActions, useEngine, useWorkspace } from "../providers";
import { MarketBanner } from "../market/market-banner";
import { Card } from "../ui/card";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Updating } from "../ui/updating";
import { AccountHeader } from "./account-header";
import { AddPositionForm } from "./add-position-form";
import { CollateralEditor } from "./collateral-editor";
import { EquityChart } from "./equity-chart";
import { GreeksTable } from "./greeks-table";
import { PositionsTable } from "./positions-table";
import { StorageNotice } from "./storage-notice";
import { SubAccountList } from "./sub-account-list";
import { SummaryCards } from "./summary-cards";
import { useSubAccountLiquidation, useSubAccountMargin } from "./use-margin";
import { WorkspaceOverview } from "./workspace-overview";
import { ModeComparison } from "./mode-comparison";
import { OffsetSavingsPanel } from "./offset-savings";
import { PortfolioBreakdown } from "./portfolio-breakdown";
import { VenueComparison } from "./venue-comparison";
import { RiskPanel } from "../risk/risk-panel";
import { ForecastPanel } from "../risk/forecast-panel";
import { ReplayPanel } from "../risk/replay-panel";
import { WhatIfPanel } from "./what-if-panel";
import type { SubAccount } from "@/lib/workspace/schema";
import { SharePreview } from "../workspace/share-preview";
import { WorkspaceToolbar } from "../workspace/workspace-toolbar";
import { isWorkerFault } from "@/lib/engine/client/bridge";
import { engineErrorNotice } from "./engine-error";
import { TicketCard } from "../ticket/ticket-card";

/** Which market data the numbers use (sample, live or pinned) — see components/market. */
function SampleDataBanner() {
  return <MarketBanner />;
}

/** The headline figures (lite job) and, in `liq`, the full result the liquidation figures and the chart are drawn from. */
type MarginView = ReturnType<typeof useSubAccountMargin> & { liq: ReturnType<typeof useSubAccountLiquidation> };
const MarginViewContext = createContext<MarginView | null>(null);
/** The `data-state` of the liquidation figures and the chart, as the body shows them (see AccountFrame). */
const LiquidationStateContext = createContext<"ready" | "computing" | "error">("computing");

/** The margin of the selected account as the panel's body draws it (following the query at transition priority). */
function useMarginView(): MarginView {
  const v = useContext(MarginViewContext);
  if (!v) throw new Error("useMarginView outside <AccountFrame>");
  return v;
}

/**
 * The account panel's frame: it owns the margin query, so a new result or a what-if step
 * re-renders this frame alone, synchronously (its children are the same elements), and hands the
 * result to the body at transition priority — an interruptible, time-sliced render, never a long
 * task (a query or zustand update otherwise renders the whole panel in one blocking pass).
 * `data-state` is "ready" only once the body shows the result of the current inputs.
 */
function AccountFrame({ sub, children }: { sub: SubAccount; children: ReactNode }) {
  const q = useSubAccountMargin(sub);
  const l = useSubAccountLiquidation(sub);
  const [view, setView] = useState<MarginView>(() => ({ ...q, liq: l }));
  const { data, shown, state, stale, asOf, isError, error, held } = q;
  useEffect(() => {
    startTransition(() => setView({ ...q, liq: l }));
    // q and l are new objects on every render; these are what the body draws
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, shown, state, stale, asOf, isError, error, held, l.data, l.shown, l.state, l.stale, l.asOf, l.isError]);
  const caughtUp = view.data === data && view.state === state && view.isError === isError;
  const liqCaughtUp = view.liq.data === l.data && view.liq.state === l.state && view.liq.isError === l.isError;
  // account-panel: "ready" once the headline figures are the current inputs' (the lite job); the
  // liquidation figures and chart (the full job, after them) say so on their own marker.
  return (
    <div className="flex min-w-0 flex-col gap-4" data-testid="account-panel" data-state={caughtUp ? state : "computing"}>
      <LiquidationStateContext.Provider value={liqCaughtUp ? l.state : "computing"}>
        <MarginViewContext.Provider value={view}>{children}</MarginViewContext.Provider>
      </LiquidationStateContext.Provider>
    </div>
  );
}

/**
 * The marker of the full result's figures: `data-state` is "ready" once the body shows the full
 * result of the current inputs — the liquidation distances and odds (Margin panel, isolated positions'
 * column) and the equity chart. e2e tests wait on it before reading any of those.
 */
function LiquidationMarker({ children }: { children: ReactNode }) {
  const state = useContext(LiquidationStateContext);
  return (
    <div data-testid="liquidation-and-chart" data-state={state}>
      {children}
    </div>
  );
}

function SelectedAccount({ sub }: { sub: SubAccount }) {
  return (
    <AccountFrame sub={sub}>
      <AccountBody sub={sub} />
    </AccountFrame>
  );
}

/** The Margin panel's engine error: one message, and the restart note only for a real worker fault (engine-error.ts). */
function EngineErrorText({ error }: { error: Error }) {
  const { message, restartNote } = engineErrorNotice(error);
  return (
    <>
      <p>{message}</p>
      {restartNote && <p className="mt-1 text-slate-400">{restartNote}</p>}
    </>
  );
}

function AccountBody({ sub }: { sub: SubAccount }) {
  const q = useMarginView();
  const bridge = useEngine();
  const queryClient = useQueryClient();
  return (
    <>
      <AccountHeader sub={sub} />
      <Card title="Margin">
        {q.isError ? (
          <div role="alert" className="text-sm text-rose-300" data-testid="engine-error">
            <EngineErrorText error={q.error} />
            <Button
              className="mt-2"
              onClick={() => {
                if (isWorkerFault(q.error)) bridge.restart();
                void queryClient.invalidateQueries({ queryKey: ["margin"] });
              }}
            >
              Retry
            </Button>
          </div>
        ) : q.shown ? (
          <Updating stale={q.stale} asOf={q.asOf}>
            <SummaryCards result={q.shown} full={q.liq.shown} fullStale={q.liq.stale} fullAsOf={q.liq.asOf} />
          </Updating>
        ) : (
          <p className="text-sm text-slate-400">Computing…</p>
        )}
      </Card>
      <TicketCard sub={sub} result={q.data} />
      {q.shown?.portfolio && (
        <Card title="Portfolio margin: scenarios and breakdown">
          <Updating stale={q.stale} asOf={q.asOf}>
            <PortfolioBreakdown details={q.shown.portfolio} />
          </Updating>
        </Card>
      )}
      {/* Every panel is live at any book size (analyses run on the analysis worker pool; the newest inputs win). */}
      <Card title="Offset savings">
        <OffsetSavingsPanel sub={sub} />
      </Card>
      <Card title="Isolated vs cross vs portfolio">
        <ModeComparison sub={sub} />
      </Card>
      <Card title="Venue vs venue">
        <VenueComparison sub={sub} />
      </Card>
      <Card title="Risk: VaR, Expected Shortfall, Greeks margin and crash replays">
        <RiskPanel sub={sub} />
      </Card>
      <Card title="Liquidation-engine replay: a path, the venue's procedure, three margin modes">
        <ReplayPanel sub={sub} />
      </Card>
      <Card title="Predictive margin: volatility forecast, forward IM/MM, margin-call odds">
        <ForecastPanel sub={sub} />
      </Card>
      <Card title="Equity and margin vs price">
        <LiquidationMarker>
          {q.liq.isError ? (
            <p role="alert" className="text-sm text-rose-300" data-testid="liquidation-error">
              The liquidation search and chart could not be computed: {q.liq.error.message}
            </p>
          ) : q.liq.shown ? (
            // The previous chart stays on screen, dimmed, while the next full result computes.
            <Updating stale={q.liq.stale} asOf={q.liq.asOf}>
              <EquityChart result={q.liq.shown} />
            </Updating>
          ) : (
            <div className="h-72" />
          )}
        </LiquidationMarker>
      </Card>
      <Card title={`Positions (${sub.positions.length})`}>
        <div className="flex flex-col gap-3">
          <Updating stale={q.stale} asOf={q.asOf}>
            <PositionsTable sub={sub} result={q.shown} full={q.liq.shown} fullStale={q.liq.stale} />
          </Updating>
          <AddPositionForm sub={sub} />
        </div>
      </Card>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="Collateral">
          <CollateralEditor sub={sub} result={q.data} held={q.held} />
        </Card>
        <Card title="Greeks by underlying">
          {q.shown ? (
            <Updating stale={q.stale} asOf={q.asOf}>
              <GreeksTable result={q.shown} />
            </Updating>
          ) : (
            <p className="text-sm text-slate-400">Computing…</p>
          )}
        </Card>
      </div>
    </>
  );
}

/** "Reset to demo workspace", asked first: it replaces every sub-account (Undo brings them back). */
function ResetToDemo() {
  const { resetToDemo } = useActions();
  const count = useWorkspace((s) => s.workspace.subAccounts.length);
  const positions = useWorkspace((s) => s.workspace.subAccounts.reduce((n, sub) => n + sub.positions.length, 0));
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} className="self-start text-xs" data-testid="reset-demo">
        Reset to demo workspace
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Replace your workspace with the demo?" testId="reset-demo-confirm">
        <p className="text-sm">
          Your {count} sub-account{count === 1 ? "" : "s"} and {positions} position{positions === 1 ? "" : "s"} will be replaced by the demo workspace. Undo (Ctrl+Z) brings them back.
        </p>
        <div className="flex gap-2">
          <Button
            variant="danger"
            data-testid="reset-demo-yes"
            onClick={() => {
              resetToDemo();
              setOpen(false);
            }}
          >
            Replace with the demo
          </Button>
          <Button onClick={() => setOpen(false)} data-testid="reset-demo-cancel">
            Keep my workspace
          </Button>
        </div>
      </Dialog>
    </>
  );
}

/** The MarginLab dashboard: sub-accounts, their margin, positions, collateral and chart. */
export function Dashboard() {
  const hydrated = useWorkspace((s) => s.hydrated);
  const subs = useWorkspace((s) => s.workspace.subAccounts);
  const selectedId = useWorkspace((s) => s.selectedId);
  if (!hydrated) {
    return (
      <div data-state="loading" data-testid="dashboard" className="p-6 text-slate-400">
        Loading workspace…
      </div>
    );
  }
  const selected = subs.find((s) => s.id === selectedId) ?? subs[0];
  return (
    <div data-state="ready" data-testid="dashboard" className="flex flex-col gap-4">
      <StorageNotice />
      <SharePreview />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <SampleDataBanner />
        <WorkspaceToolbar selected={selected} />
      </div>
      <WorkspaceOverview />
      <WhatIfPanel />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[260px_minmax(0,1fr)]">
        <aside className="flex flex-col gap-3">
          <SubAccountList />
          <ResetToDemo />
        </aside>
        <main className="min-w-0">{selected ? <SelectedAccount key={selected.id} sub={selected} /> : <p className="text-slate-400">Add a sub-account to begin.</p>}</main>
      </div>
    </div>
  );
}
