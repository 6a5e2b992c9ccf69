import { handleDailyHistoryRequest } from "@/lib/market/server/daily-history";

// Live data: never prerendered or cached by Next (the handler keeps its own hour-long cache).
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/market/history — daily BTC/ETH/SOL candles after the embedded sample (see lib/market/server/daily-history.ts). */
export function GET(): Promise<Response> {
  return handleDailyHistoryRequest();
}
