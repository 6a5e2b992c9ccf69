import { UNDERLYINGS } from "@/lib/market/types";
import type { WhatIf } from "@/lib/workspace/schema";
import type { ComputeRequest } from "@/lib/engine/worker/api";

type Options = NonNullable<ComputeRequest["options"]>;

/** Engine options for the what-if sliders: spot ×(1 + move), vol shift and days forward for every underlying. */
export function whatIfOptions(w: WhatIf): Options {
  const shifts: NonNullable<Options["shifts"]> = {};
  for (const u of UNDERLYINGS) shifts[u] = { spotFactor: 1 + w.spotMovePct[u] / 100, volShiftPts: w.volShiftPts, daysForward: w.daysForward };
  return { shifts, collateralVolMultiplier: w.collateralVolMultiplier };
}
