import type { BridgeTimers } from "@/lib/engine/client/bridge";

/**
 * An injected clock for the bridge tests: timers fire only when the test moves the clock
 * (`advance`), in the order they fall due, so no test depends on the machine's speed.
 * `whenSet(ms)` resolves the next time a timer of `ms` is set — the bridge arms its silence
 * deadline on every liveness message it credits, so this witnesses that one reached it.
 */
export function manualClock() {
  let now = 0;
  let next = 0;
  const pending = new Map<number, { due: number; ms: number; fire: () => void }>();
  let waiters: { ms: number; resolve: () => void }[] = [];
  const clock = {
    set(fire: () => void, ms: number): number {
      pending.set(++next, { due: now + ms, ms, fire });
      const ready = waiters.filter((w) => w.ms === ms);
      waiters = waiters.filter((w) => w.ms !== ms);
      for (const w of ready) w.resolve();
      return next;
    },
    clear(handle: unknown): void {
      pending.delete(handle as number);
    },
    now: () => now,
    /** resolves the next time a timer of `ms` is set */
    whenSet(ms: number): Promise<void> {
      return new Promise<void>((resolve) => waiters.push({ ms, resolve }));
    },
    /** the durations of the timers pending now */
    pendingMs(): number[] {
      return [...pending.values()].map((t) => t.ms);
    },
    /** moves the clock `ms` forward without firing anything (the page's own work holds the thread); `advance` then fires what is overdue */
    stall(ms: number): void {
      now += ms;
    },
    /** moves the clock `ms` forward, firing every timer that falls due, earliest first; returns the durations of those fired */
    advance(ms: number): number[] {
      const end = now + ms;
      const fired: number[] = [];
      for (;;) {
        let first: number | null = null;
        for (const [h, t] of pending) if (t.due <= end && (first === null || t.due < pending.get(first)!.due)) first = h;
        if (first === null) break;
        const t = pending.get(first)!;
        pending.delete(first);
        now = Math.max(now, t.due);
        fired.push(t.ms);
        t.fire();
      }
      now = end;
      return fired;
    },
  } satisfies BridgeTimers & Record<string, unknown>;
  return clock;
}
