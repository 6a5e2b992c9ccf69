import { afterEach, expect, it } from "vitest";
import { installStopCheck, stopPoint, StopRequested } from "./stop-point";

let remove: (() => void) | null = null;
afterEach(() => remove?.());

it("returns at once without a check (tests, scripts, the main thread)", () => {
  expect(() => stopPoint()).not.toThrow();
});

it("throws StopRequested exactly when the installed check says so", () => {
  let stop = false;
  remove = installStopCheck(() => stop);
  expect(() => stopPoint()).not.toThrow();
  stop = true;
  expect(() => stopPoint()).toThrow(StopRequested);
});

it("is a no-op again once the check is removed; removing a replaced check keeps the newer one", () => {
  const first = installStopCheck(() => true);
  first();
  expect(() => stopPoint()).not.toThrow();
  const older = installStopCheck(() => true);
  remove = installStopCheck(() => true);
  older(); // not the installed one any more: nothing changes
  expect(() => stopPoint()).toThrow(StopRequested);
});
