"use client";

import { useEffect, useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { optionChainQuery } from "@/lib/engine/client/queries";
import { whatIfOptions } from "@/lib/engine/client/what-if";
import type { SubAccountResult } from "@/lib/margin/result-types";
import type { SubAccount } from "@/lib/workspace/schema";
import { useEngine, useSnapshot, useWorkspace } from "../providers";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { SavedScenarios } from "./saved-scenarios";
import { TradeTicket } from "./trade-ticket";

/** How long the browser may hold the chain prefetch back waiting for an idle moment (ms). */
const CHAIN_PREFETCH_IDLE_TIMEOUT_MS = 3_000;
/** Quiet time after the last change of snapshot or what-if before the chain is prefetched (ms). */
const CHAIN_PREFETCH_SETTLE_MS = 500;

/**
 * The trade ticket's card on the dashboard: closed until asked for. The BTC chain (one worker batch,
 * the ticket's first view) is fetched in the browser's idle time once the snapshot is in memory, so
 * opening the ticket renders from memory; it runs on the worker, never on the main thread.
 */
export function TicketCard({ sub, result }: { sub: SubAccount; result: SubAccountResult | undefined }) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const bridge = useEngine();
  const snapshot = useSnapshot();
  const whatIf = useWorkspace((s) => s.whatIf);
  const options = useMemo(() => whatIfOptions(whatIf), [whatIf]);
  useEffect(() => {
    if (open) return; // the open ticket asks for its own chain
    const prefetch = () => void queryClient.prefetchQuery(optionChainQuery(bridge, snapshot, "BTC", options, true));
    let idle: number | null = null;
    // Settle first (a what-if drag changes the key on every step), then wait for an idle moment.
    const settle = window.setTimeout(() => {
      if (typeof window.requestIdleCallback === "function") idle = window.requestIdleCallback(prefetch, { timeout: CHAIN_PREFETCH_IDLE_TIMEOUT_MS });
      else prefetch();
    }, CHAIN_PREFETCH_SETTLE_MS);
    return () => {
      window.clearTimeout(settle);
      if (idle !== null) window.cancelIdleCallback(idle);
    };
  }, [open, queryClient, bridge, snapshot, options]);
  return (
    <Card
      title="Trade ticket"
      testId="ticket-card"
      actions={
        <Button onClick={() => setOpen((o) => !o)} data-testid="ticket-open" aria-expanded={open}>
          {open ? "Close ticket" : "Open trade ticket"}
        </Button>
      }
    >
      <div className="mb-3">
        <SavedScenarios />
      </div>
      {open ? (
        <TradeTicket sub={sub} result={result} />
      ) : (
        <p className="text-sm text-slate-400">Option chain with deltas, strategy templates, the margin impact of a trade on every venue before you add it, payoff views, and import from Deribit, OKX and Bybit.</p>
      )}
    </Card>
  );
}
