"use client";

import { useCallback } from "react";
import { getRulebook } from "@/lib/margin/venues/catalogue";
import { entryPriceText, specVenueOf } from "@/lib/market/instrument-specs";
import type { Position } from "@/lib/workspace/schema";
import { useSnapshot, useWorkspace } from "../providers";

/**
 * The entry-price formatter of a sub-account's positions: each price rounded to the instrument's
 * tick on the sub-account's venue (coin ticks converted at the snapshot's index), display only.
 */
export function useEntryPriceText(subId: string): (pos: Position, priceUsd: number) => string {
  const profileId = useWorkspace((s) => s.workspace.subAccounts.find((x) => x.id === subId)?.profileId);
  const snapshot = useSnapshot();
  const venue = specVenueOf(getRulebook(profileId ?? "")?.venue ?? "");
  return useCallback((pos: Position, priceUsd: number) => entryPriceText(pos, venue, snapshot.underlyings[pos.underlying].spot, priceUsd), [venue, snapshot]);
}
