"use client";

import { useState } from "react";
import type { SubAccountResult } from "@/lib/margin/result-types";
import type { SubAccount } from "@/lib/workspace/schema";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { SavedScenarios } from "./saved-scenarios";
import { TradeTicket } from "./trade-ticket";

/** The trade ticket's card on the dashboard: closed until asked for (the chain costs a worker batch). */
export function TicketCard({ sub, result }: { sub: SubAccount; result: SubAccountResult | undefined }) {
  const [open, setOpen] = useState(false);
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
