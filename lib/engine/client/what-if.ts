import type { WhatIf } from "@/lib/workspace/schema";
import { whatIfScenario } from "@/lib/workspace/what-if-scenario";
import type { ComputeRequest } from "@/lib/engine/worker/api";

type Options = NonNullable<ComputeRequest["options"]>;

/** Engine options for the what-if sliders (the market scenario they describe). */
export function whatIfOptions(w: WhatIf): Options {
  return { scenario: whatIfScenario(w) };
}
