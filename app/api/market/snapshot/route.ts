import { handleSnapshotRequest } from "@/lib/market/server/handlers";

// Live data: never prerendered or cached by Next (the service keeps its own short in-memory cache).
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/market/snapshot?venue=auto|deribit|okx|bybit — the live market snapshot (see lib/market/server). */
export function GET(request: Request): Promise<Response> {
  return handleSnapshotRequest(request);
}
