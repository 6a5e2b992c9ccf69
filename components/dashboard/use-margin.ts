"use client";

import { useQuery } from "@tanstack/react-query";
import { subAccountMarginQuery } from "@/lib/engine/queries";
import type { SubAccount } from "@/lib/portfolio/schema";
import { useEngine, useSnapshot } from "../providers";

/** The margin result of a sub-account for its current inputs (never one computed from older inputs). */
export function useSubAccountMargin(sub: SubAccount) {
  const bridge = useEngine();
  const snapshot = useSnapshot();
  const query = useQuery(subAccountMarginQuery(bridge, sub, snapshot));
  const state = query.isError ? "error" : query.data ? "ready" : "computing";
  return { ...query, state } as const;
}
