import { describe, expect, it } from "vitest";
import { REPLAY_CRASHES } from "@/components/risk/replay-controls";
import { NAMED_STRESS_DAYS } from "../stress";

describe("the replay panel's crash list", () => {
  it("offers exactly the named crash days of the history, in order, each labelled with its first day", () => {
    expect(REPLAY_CRASHES.map((c) => c.id)).toEqual(NAMED_STRESS_DAYS.map((d) => d.id));
    REPLAY_CRASHES.forEach((c, i) => expect(c.label).toContain(NAMED_STRESS_DAYS[i]!.from));
  });
});
