/** The collateral haircut model a sub-account uses: the venue's own, or one of MarginLab's presets. */
export const HAIRCUT_CHOICES = ["venue", "dynamic", "tiered", "size-scaled"] as const;
export type HaircutChoice = (typeof HAIRCUT_CHOICES)[number];

export const HAIRCUT_CHOICE_LABEL: Record<HaircutChoice, string> = {
  venue: "Venue's haircuts",
  dynamic: "Dynamic (volatility over a 2-day horizon)",
  tiered: "Tiered by value",
  "size-scaled": "Size-scaled weights (Drift-style)",
};
