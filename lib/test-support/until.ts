/**
 * Resolves once `met()` holds, polled every millisecond: for tests whose fakes answer asynchronously
 * (a fake worker's messages). No deadline of its own: the test runner's timeout is the limit.
 */
export function until(met: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (met() ? resolve() : setTimeout(poll, 1));
    poll();
  });
}
