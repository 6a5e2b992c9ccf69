import { NO_SCENARIO, type MarketScenario } from "@/lib/market/scenario";
import type { MarketSnapshot } from "@/lib/market/types";
import { getRulebook, profileIdForMode } from "@/lib/margin/venues/catalogue";
import { liquidationProcedureFor } from "@/lib/margin/venues/liquidation-procedures";
import { MARGIN_MODES, type SubAccount } from "@/lib/workspace/schema";
import type { PriceHistory } from "../history/returns";
import { buildPath } from "./paths";
import type { ReplayOptions } from "./schema";
import { replayMode } from "./simulate";
import { DEFAULT_LIQUIDITY_USD, DEFAULT_OPTION_LIQUIDITY_USD, liquidityOf, SLIPPAGE_FORMULA } from "./slippage";
import type { ReplayModeResult, ReplayReport } from "./types";

/**
 * The liquidation-engine replay of a sub-account along a path, in its own margin mode and in the
 * other two side by side (each mode on the rulebook a mode switch would use, with that venue's
 * liquidation procedure). Returns a message when the path cannot be built.
 *
 * @param onProgress - called with the fraction done (0…1) every few steps
 *
 * @example
 * ```ts
 * const r = replay(sub, SAMPLE_SNAPSHOT, SAMPLE_HISTORY, { path: { kind: "gap", movePct: -30, hours: 6, volUpPts: 20, underlying: "all" } });
 * typeof r !== "string" && r.modes.map((m) => m.ok && m.survived); // e.g. [false, false, true]
 * ```
 */
export function replay(sub: SubAccount, snapshot: MarketSnapshot, history: PriceHistory, options: ReplayOptions, base: MarketScenario = NO_SCENARIO, onProgress?: (fraction: number) => void): ReplayReport | string {
  const path = buildPath(options.path, history);
  if (typeof path === "string") return path;
  const multiplier = options.liquidityMultiplier ?? 1;
  const liquidity = liquidityOf(multiplier);
  const modes = [sub.mode, ...MARGIN_MODES.filter((m) => m !== sub.mode)];
  const results: ReplayModeResult[] = modes.map((mode, k) => {
    const profileId = mode === sub.mode ? sub.profileId : profileIdForMode(mode, sub.profileId);
    const rulebook = getRulebook(profileId);
    if (!rulebook) return { ok: false, mode, error: `Unknown venue profile "${profileId}"` };
    return replayMode({
      sub: { ...sub, mode, profileId },
      rulebook,
      procedure: liquidationProcedureFor(profileId),
      snapshot,
      base,
      path,
      liquidity,
      onProgress: onProgress ? (f) => onProgress((k + f) / modes.length) : undefined,
    });
  });
  return {
    path,
    modes: results,
    slippage: {
      formula: SLIPPAGE_FORMULA,
      liquidityUsd: liquidity.linearUsd,
      optionLiquidityUsd: liquidity.optionUsd,
      note: `ASSUMPTION (MarginLab, not a venue figure): square-root market impact; liquidity L = ${DEFAULT_LIQUIDITY_USD.BTC.toLocaleString("en-US")} (BTC), ${DEFAULT_LIQUIDITY_USD.ETH.toLocaleString("en-US")} (ETH), ${DEFAULT_LIQUIDITY_USD.SOL.toLocaleString("en-US")} (SOL), ${DEFAULT_OPTION_LIQUIDITY_USD.toLocaleString("en-US")} (options, premium) USD × ${multiplier}.`,
    },
    notes: [
      "Hourly steps; within a step prices are held while the liquidation engine acts.",
      "Hours pass as days forward: options and futures that expire on the path settle (applyScenario).",
      "No funding payments and no trading fees; liquidation fees as each venue publishes them.",
      "An account left with equity ≤ 0 is taken over (the deficit is the venue's insurance fund's): ASSUMPTION.",
      "Without liquidation a cross or portfolio account can show negative equity: a venue would have stepped in.",
    ],
  };
}
