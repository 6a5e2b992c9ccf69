/**
 * Attribution of a portfolio requirement to its positions (margin-models.md §5).
 *
 * The requirement is seen as a cooperative game: `value(mask)` is the requirement R of the
 * sub-portfolio made of the positions i with mask[i] = true. Two attributions:
 *
 *  - incremental: R(all) − R(all without i) — what closing position i alone would release. The
 *    parts do not add up to R(all) in general (offsets are counted once per position involved).
 *  - Shapley: the average, over all orders in which the positions could be added, of each
 *    position's marginal requirement (L. S. Shapley, "A value for n-person games", 1953). The parts
 *    always add up to R(all) − R(none) (efficiency); positions that play the same role get the same
 *    share (symmetry); a position that never changes R gets 0 (dummy).
 *
 * Both call `value` with ONE mask array that they mutate between calls: `value` must read it
 * synchronously and not keep a reference (copy it if needed).
 *
 * @packageDocumentation
 */

import { mulberry32 } from "@/lib/quant/prng";

/** Default largest n computed exactly (2ⁿ evaluations of `value`). */
export const DEFAULT_MAX_EXACT_N = 10;
/** Hard upper limit of the exact path (2²⁰ ≈ 1M evaluations, 8 MB of values). */
export const MAX_EXACT_N_LIMIT = 20;
/** Default number of sampled permutations above maxExactN (each costs n − 1 evaluations). */
export const DEFAULT_PERMUTATIONS = 1000;
/** Default PRNG seed of the sampling path. */
export const DEFAULT_SEED = 0x5eed;

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`attribution: n must be a non-negative integer, got ${n}`);
}

/**
 * Incremental contribution of each position: R(all) − R(all without i). n + 1 evaluations.
 *
 * @param n - number of positions
 * @param value - requirement of the sub-portfolio selected by the mask (read synchronously, not kept)
 * @returns one contribution per position
 *
 * @example
 * ```ts
 * // R = max of the selected sizes: [5, 3] → R(all) = 5, R({1}) = 3, R({0}) = 5
 * const sizes = [5, 3];
 * incrementalContributions(2, (m) => Math.max(0, ...sizes.filter((_, i) => m[i]))); // [2, 0]
 * ```
 */
export function incrementalContributions(n: number, value: (mask: boolean[]) => number): number[] {
  checkCount(n);
  const mask = new Array<boolean>(n).fill(true);
  const all = value(mask);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    mask[i] = false;
    out[i] = all - value(mask);
    mask[i] = true;
  }
  return out;
}

/** Exact Shapley values from all 2ⁿ coalition values (enumerated in Gray-code order: one flip per call). */
function exactShapley(n: number, value: (mask: boolean[]) => number): number[] {
  const size = 1 << n;
  const v = new Float64Array(size);
  const mask = new Array<boolean>(n).fill(false);
  v[0] = value(mask);
  let gray = 0;
  for (let k = 1; k < size; k++) {
    const bit = 31 - Math.clz32(k & -k); // index of the lowest set bit of k: the bit that flips
    gray ^= 1 << bit;
    mask[bit] = !mask[bit];
    v[gray] = value(mask);
  }
  // weight of a coalition of s others: s!(n − s − 1)!/n! = 1/(n·C(n − 1, s))
  const weight = new Float64Array(n);
  let binom = 1; // C(n − 1, s)
  for (let s = 0; s < n; s++) {
    weight[s] = 1 / (n * binom);
    binom = (binom * (n - 1 - s)) / (s + 1);
  }
  const popcount = new Uint8Array(size);
  for (let s = 1; s < size; s++) popcount[s] = popcount[s >> 1]! + (s & 1);
  const phi = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    let acc = 0;
    for (let s = 0; s < size; s++) {
      if (s & bit) continue;
      acc += weight[popcount[s]!]! * (v[s | bit]! - v[s]!);
    }
    phi[i] = acc;
  }
  return phi;
}

/** Shapley values estimated from `permutations` uniformly sampled orders (seeded). */
function sampledShapley(n: number, value: (mask: boolean[]) => number, permutations: number, seed: number, stop?: () => boolean, report?: { permutations: number }): number[] {
  const rand = mulberry32(seed);
  const mask = new Array<boolean>(n).fill(false);
  const none = value(mask);
  mask.fill(true);
  const all = value(mask);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const sums = new Float64Array(n);
  let done = 0;
  for (let p = 0; p < permutations; p++) {
    if (p > 0 && stop?.()) break;
    // Fisher–Yates: a uniform shuffle of any starting order is a uniform permutation
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    mask.fill(false);
    let prev = none;
    for (let k = 0; k < n - 1; k++) {
      const who = order[k]!;
      mask[who] = true;
      const cur = value(mask);
      sums[who]! += cur - prev;
      prev = cur;
    }
    // the last one completes the portfolio: R(all) is known, so each permutation's marginals
    // telescope to exactly R(all) − R(none) (up to rounding)
    sums[order[n - 1]!]! += all - prev;
    done++;
  }
  if (report) report.permutations = done;
  return Array.from(sums, (s) => s / done);
}

/**
 * Shapley attribution of R(all) − R(none) to the positions.
 *
 * - n ≤ maxExactN (default 10, at most 20): exact, from all 2ⁿ sub-portfolios (2ⁿ evaluations).
 * - otherwise: average marginal contributions over `permutations` (default 1000) uniformly
 *   sampled orders, drawn with a seeded PRNG (Mulberry32; `seed` default 0x5eed), so the result
 *   is reproducible. Cost: permutations·(n − 1) + 2 evaluations. Every sampled order's marginal
 *   contributions telescope to R(all) − R(none), so the parts sum to that total on this path too
 *   (up to floating-point rounding); the sampling error is in how the total is split.
 *
 * With R(none) = 0 (an empty portfolio needs nothing) the parts sum to R(all).
 *
 * @param n - number of positions
 * @param value - requirement of the sub-portfolio selected by the mask (read synchronously, not kept)
 * @param opts - `maxExactN`, `permutations` (≥ 1), `seed`; `stop` is asked before every sampled
 *   permutation after the first (e.g. a time budget: sampling ends early, the parts still sum to the
 *   total) and `report.permutations` receives the number actually sampled
 * @returns one share per position
 *
 * @example
 * ```ts
 * // two offsetting positions that need 10 each alone and 12 together: 6 each
 * const r = (m: boolean[]) => (m[0] && m[1] ? 12 : m[0] || m[1] ? 10 : 0);
 * shapleyAllocation(2, r); // [6, 6]
 * ```
 */
export function shapleyAllocation(n: number, value: (mask: boolean[]) => number, opts?: { maxExactN?: number; permutations?: number; seed?: number; stop?: () => boolean; report?: { permutations: number } }): number[] {
  checkCount(n);
  if (n === 0) return [];
  const maxExactN = Math.min(opts?.maxExactN ?? DEFAULT_MAX_EXACT_N, MAX_EXACT_N_LIMIT);
  if (n <= maxExactN) return exactShapley(n, value);
  const permutations = Math.max(1, Math.floor(opts?.permutations ?? DEFAULT_PERMUTATIONS));
  return sampledShapley(n, value, permutations, opts?.seed ?? DEFAULT_SEED, opts?.stop, opts?.report);
}
