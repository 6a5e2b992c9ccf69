/**
 * One probe's outcome, as the reliability probe (`npm run probe`, scripts/probe/index.ts) prints
 * it: how many inputs it tried, how many behaved, and the first failures in full. A probe never
 * throws on a failure and never sets an exit code: it reports (this is not a test).
 */
export interface ProbeResult {
  /** short name, e.g. "links: one-character changes" */
  probe: string;
  /** inputs tried */
  runs: number;
  /** the count for this probe (issue 9), printed beside `runs` */
  minimum: number;
  /** inputs that behaved as required */
  passed: number;
  /** one line of counts, e.g. "20,842 refused, 17 identical, 0 different" */
  detail: string;
  /** the first failures, each with the input that caused it (at most MAX_EXAMPLES kept) */
  failures: string[];
}

/** Failures kept in full per probe (the count is always exact). */
export const MAX_EXAMPLES = 10;

/** A failure recorder: counts every failure, keeps the first MAX_EXAMPLES (each cut to 400 characters). */
export class Failures {
  readonly examples: string[] = [];
  count = 0;
  add(text: string): void {
    this.count++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(text.length > 400 ? `${text.slice(0, 400)}…` : text);
  }
}

/** "20,842" */
export const n = (x: number) => x.toLocaleString("en-US");
