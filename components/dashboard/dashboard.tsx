"use client";

import { useState } from "react";

import { useQueryClient } from "@tanstack/react-query";
import { useActions, useEngine, useWorkspace } from "../providers";
import { MarketBanner } from "../market/market-banner";
import { Card } from "../ui/card";
import { Button } from "../ui/button";
import { AccountHeader } from "./account-header";
import { AddPositionForm } from "./add-position-form";
import { CollateralEditor } from "./collateral-editor";
import { EquityChart } from "./equity-chart";
import { GreeksTable } from "./greeks-table";
import { PositionsTable } from "./positions-table";
import { StorageNotice } from "./storage-notice";
import { SubAccountList } from "./sub-account-list";
import { SummaryCards } from "./summary-cards";
import { useSubAccountMargin } from "./use-margin";
import { WorkspaceOverview } from "./workspace-overview";
import { ModeComparison } from "./mode-comparison";
import { OffsetSavingsPanel } from "./offset-savings";
import { PortfolioBreakdown } from "./portfolio-breakdown";
import { VenueComparison } from "./venue-comparison";
import { WhatIfPanel } from "./what-if-panel";
import type { SubAccount } from "@/lib/workspace/schema";
import { SharePreview } from "../workspace/share-preview";
import { WorkspaceToolbar } from "../workspace/workspace-toolbar";

/** Which market data the numbers use (sample, live or pinned) — see components/market. */
function SampleDataBanner() {
  return <MarketBanner />;
}

/** Above this many positions the heavy analyses (attribution, mode and venue comparisons) run on request. */
const ANALYSES_ON_REQUEST_ABOVE = 100;

function SelectedAccount({ sub }: { sub: SubAccount }) {
  const q = useSubAccountMargin(sub);
  const [analysesRequested, setAnalyses] = useState(false);
  const analysesOn = analysesRequested || sub.positions.length <= ANALYSES_ON_REQUEST_ABOVE;
  const bridge = useEngine();
  const queryClient = useQueryClient();
  return (
    <div className="flex flex-col gap-4" data-testid="account-panel" data-state={q.state}>
      <AccountHeader sub={sub} />
      <Card title="Margin">
        {q.isError ? (
          <div role="alert" className="text-sm text-rose-300" data-testid="engine-error">
            <p>The margin engine failed: {q.error.message}</p>
            <p className="mt-1 text-slate-400">The worker has been restarted; your inputs are kept.</p>
            <Button
              className="mt-2"
              onClick={() => {
                bridge.restart();
                void queryClient.invalidateQueries({ queryKey: ["margin"] });
              }}
            >
              Retry
            </Button>
          </div>
        ) : q.data ? (
          <SummaryCards result={q.data} />
        ) : (
          <p className="text-sm text-slate-400">Computing…</p>
        )}
      </Card>
      {q.data?.portfolio && (
        <Card title="Portfolio margin: scenarios and breakdown">
          <PortfolioBreakdown details={q.data.portfolio} />
        </Card>
      )}
      {analysesOn ? (
        <>
          <Card title="Offset savings">
            <OffsetSavingsPanel sub={sub} />
          </Card>
          <Card title="Isolated vs cross vs portfolio">
            <ModeComparison sub={sub} />
          </Card>
          <Card title="Venue vs venue">
            <VenueComparison sub={sub} />
          </Card>
        </>
      ) : (
        <Card title="Comparisons and attribution">
          <p className="text-sm text-slate-400">With {sub.positions.length} positions, offset attribution, the mode comparison and the venue table take seconds of worker time on every edit, so they run on request.</p>
          <Button className="mt-2" variant="primary" onClick={() => setAnalyses(true)} data-testid="show-analyses">
            Compute comparisons and attribution
          </Button>
        </Card>
      )}
      <Card title="Equity and margin vs price">
        {q.held ? (
          // Kept mounted (hidden) while the next result computes: mounting a chart is the costly part.
          <div className="relative">
            <div className={q.data ? "" : "invisible"} aria-hidden={q.data ? undefined : true}>
              <EquityChart result={q.held} />
            </div>
            {!q.data && <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-400">Computing…</p>}
          </div>
        ) : (
          <div className="h-72" />
        )}
      </Card>
      <Card title={`Positions (${sub.positions.length})`}>
        <div className="flex flex-col gap-3">
          <PositionsTable sub={sub} result={q.data} />
          <AddPositionForm sub={sub} />
        </div>
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Collateral">
          <CollateralEditor sub={sub} result={q.data} held={q.held} />
        </Card>
        <Card title="Greeks by underlying">{q.data ? <GreeksTable result={q.data} /> : <p className="text-sm text-slate-400">Computing…</p>}</Card>
      </div>
    </div>
  );
}

/** The MarginLab dashboard: sub-accounts, their margin, positions, collateral and chart. */
export function Dashboard() {
  const hydrated = useWorkspace((s) => s.hydrated);
  const subs = useWorkspace((s) => s.workspace.subAccounts);
  const selectedId = useWorkspace((s) => s.selectedId);
  const { resetToDemo } = useActions();
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
      <div className="grid gap-4 lg:grid-cols-[260px_1fr]">
        <aside className="flex flex-col gap-3">
          <SubAccountList />
          <Button onClick={resetToDemo} className="self-start text-xs">
            Reset to demo workspace
          </Button>
        </aside>
        <main>{selected ? <SelectedAccount key={selected.id} sub={selected} /> : <p className="text-slate-400">Add a sub-account to begin.</p>}</main>
      </div>
    </div>
  );
}
