import { describe, expect, it } from "vitest";
import { EngineRefusal, STOPPED_RESPONDING, WorkerFailedError, WorkerSilentError } from "@/lib/engine/client/bridge";
import { UNREADABLE_ANSWER } from "@/lib/engine/client/engine-answer";
import { engineErrorNotice, RESTART_NOTE } from "./engine-error";

/** How often `text` occurs in `within`. */
const occurrences = (within: string, text: string) => within.split(text).length - 1;

describe("the Margin panel's engine error: one message, the restart note only for a real worker fault", () => {
  it("a worker that stopped responding twice: the liveness message alone, no second 'restarted' note", () => {
    const n = engineErrorNotice(new WorkerSilentError(STOPPED_RESPONDING));
    expect(n.restartNote).toBeNull();
    expect(n.message).toBe(STOPPED_RESPONDING);
    const shown = [n.message, n.restartNote ?? ""].join(" ");
    expect(occurrences(shown, "kept")).toBe(1); // "Your positions and settings are kept", said once
    expect(shown).not.toMatch(/restarted/);
  });

  it("a crashed worker: the failure with its message, then the restart note", () => {
    const n = engineErrorNotice(new WorkerFailedError("Margin worker crashed: out of memory"));
    expect(n.message).toBe("The margin engine failed: Margin worker crashed: out of memory");
    expect(n.restartNote).toBe(RESTART_NOTE);
  });

  it("an unreadable answer (a worker fault): the failure, then the restart note", () => {
    const n = engineErrorNotice(new WorkerFailedError(UNREADABLE_ANSWER));
    expect(n.message).toBe(`The margin engine failed: ${UNREADABLE_ANSWER}`);
    expect(n.restartNote).toBe(RESTART_NOTE);
  });

  it("a refusal: why the engine cannot compute the sub-account, and no restart note (the worker was kept)", () => {
    const n = engineErrorNotice(new EngineRefusal('Unknown venue profile "no-such-venue"'));
    expect(n.message).toBe('The margin engine cannot compute this sub-account: Unknown venue profile "no-such-venue"');
    expect(n.restartNote).toBeNull();
  });
});
