import { handleQuotesRequest } from "@/lib/market/server/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/market/quotes?venue=deribit|okx|bybit|derive&underlying=BTC|ETH|SOL — one venue's normalised quotes and SVI fits. */
export function GET(request: Request): Promise<Response> {
  return handleQuotesRequest(request);
}
