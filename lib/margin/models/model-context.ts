import type { MarketScenario } from "@/lib/market/scenario";
import type { MarketSnapshot } from "@/lib/market/types";
import type { SubAccount } from "@/lib/workspace/schema";

export interface ComputeOptions {
  /** the market scenario (spot moves, vol shift, days forward, collateral vol ×k); default none */
  scenario?: MarketScenario;
  /** points per chart series (default 41) */
  chartPoints?: number;
  /**
   * The spot factors of every chart series, in place of the default grid (which widens to show
   * each liquidation price): the mode comparison reads its fixed-grid curve from the full run's
   * chart instead of running the model once per point.
   */
  chartGrid?: readonly number[];
  /**
   * Requirements and equity only: no liquidation search and no chart (for comparisons and
   * searches that call the model many times). Isolated positions then report only whether they
   * are below maintenance now ("already") or not ("none-in-range" here means "not searched").
   */
  lite?: boolean;
  /**
   * Equity and requirements only, for callers that run the model thousands of times (liquidation
   * replays, forward-margin simulation): implies `lite`, and position and account Greeks are not
   * computed (reported as 0). Every figure that is computed is the same as without it.
   */
  figuresOnly?: boolean;
}

/** What every margin model receives: the sub-account and the market with the scenario applied once. */
export interface ModelContext {
  sub: SubAccount;
  /** applyScenario(snapshot, scenario): the only market the models value on */
  market: MarketSnapshot;
  /** the snapshot before the scenario: read only for inputs fixed today (default isolated allocations) */
  snapshot: MarketSnapshot;
  /** id of the snapshot the figures are keyed by (the one before the scenario) */
  snapshotId: string;
  collateralVolMultiplier: number;
  chartPoints: number;
  /** see {@link ComputeOptions.chartGrid} (null: the default grid) */
  chartGrid: readonly number[] | null;
  lite: boolean;
  /** see {@link ComputeOptions.figuresOnly} */
  figuresOnly: boolean;
}
