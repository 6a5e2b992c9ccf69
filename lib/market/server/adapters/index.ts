import "server-only";
import type { VenueQuotes } from "@/lib/market/feed/venue-quotes";
import type { VenueId } from "@/lib/market/feed/venues";
import { fetchBybitQuotes } from "./bybit";
import type { AdapterInput } from "./common";
import { fetchDeribitQuotes } from "./deribit";
import { fetchDeriveQuotes } from "./derive";
import { fetchOkxQuotes } from "./okx";

export { fetchDeriveCollateral } from "./derive";
export type { AdapterInput } from "./common";

/** The quotes reader of each venue (all through ccxt's unified methods). */
export const ADAPTERS: Record<VenueId, (input: AdapterInput) => Promise<VenueQuotes>> = {
  deribit: fetchDeribitQuotes,
  okx: fetchOkxQuotes,
  bybit: fetchBybitQuotes,
  derive: fetchDeriveQuotes,
};
