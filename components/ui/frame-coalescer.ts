/**
 * At most one value per animation frame, the newest, without waiting for a frame when none went
 * out in the current one. A slider fires an input event per pixel of a drag; the store (and the
 * engine behind it) should see one value per frame — but a single step (a click, a key) should
 * not wait up to a frame for nothing: measured with `npm run bench:browser`, the wait was 0–16 ms
 * of every change → figures time.
 *
 * - the first value after a quiet frame is sent at once (leading edge);
 * - values arriving before the next frame are held; at that frame the newest is sent, if it is not
 *   the one sent last, and the next frame is awaited again (so a drag sends once per frame);
 * - a frame with nothing new ends the burst: `onIdle` runs, and the next value is sent at once.
 */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export interface FrameCoalescer<T> {
  /** a new value (e.g. an input event's) */
  push(value: T): void;
  /** cancels the pending frame (unmount): the values it held are not sent */
  dispose(): void;
}

export function frameCoalescer<T>(send: (value: T) => void, frames: FrameScheduler, onIdle: () => void = () => {}): FrameCoalescer<T> {
  let handle: number | null = null;
  let newest: T;
  let sent: T;
  const tick = () => {
    if (Object.is(newest, sent)) {
      handle = null;
      onIdle();
      return;
    }
    sent = newest;
    send(newest);
    handle = frames.request(tick);
  };
  return {
    push(value) {
      newest = value;
      if (handle !== null) return; // one value went out this frame: the newest follows at the next
      sent = value;
      send(value);
      handle = frames.request(tick);
    },
    dispose() {
      if (handle !== null) frames.cancel(handle);
      handle = null;
    },
  };
}
