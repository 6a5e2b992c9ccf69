/**
 * Aevo: Aevo-style standard margin (per position, isolated and cross), as plain data.
 *
 * @packageDocumentation
 */

import type { PerPositionRulebook } from "@/lib/margin/rulebook";
import { staticHaircuts } from "./collateral-sets";
import { DERIBIT_LINEAR, DERIBIT_STANDARD_HAIRCUTS } from "./deribit";

/**
 * Aevo-style standard margin (margin-models.md §2.2, "Aevo standard"): short call
 * IM = max(0.15 − OTM/S, 0.1)·S + mark, MM = 0.1·S + mark; short put MM = max(0.1·S, 0.1·mark) + mark.
 * Perps and futures reuse the Deribit-style rates, collateral the Deribit-style haircuts (see notes).
 * Aevo has no portfolio rulebook here: a switch to portfolio mode moves to Deribit-style PM.
 *
 * @example
 * ```ts
 * AEVO_STANDARD.shortOptions; // { kind: "deribit-family", imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.1, … }
 * ```
 */
export const AEVO_STANDARD: PerPositionRulebook = {
  model: "per-position",
  id: "aevo-standard",
  venue: "Aevo",
  name: "Aevo-style standard",
  version: "1.0.0",
  asOf: "2026-11-20",
  sources: ["Aevo documentation — standard margin for options"],
  notes: ["Perp and futures rates are not in the models document: MarginLab uses the Deribit-style rates for them.", "Collateral haircuts are MarginLab defaults, not published Aevo figures."],
  modes: ["isolated", "cross"],
  counterpartId: "deribit-style-pm",
  linear: DERIBIT_LINEAR,
  shortOptions: { kind: "deribit-family", imOtmBase: 0.15, imFloor: 0.1, mmCallSpotRate: 0.1, mmPutSpotRate: 0.1, mmPutMarkRate: 0.1 },
  haircuts: staticHaircuts(DERIBIT_STANDARD_HAIRCUTS),
  lists: { futures: true, options: true },
};
