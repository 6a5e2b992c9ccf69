/**
 * One-dimensional root finding: Brent's method and a scan for the first sign change.
 *
 * Reference: R. P. Brent, "Algorithms for Minimization without Derivatives", Prentice-Hall 1973,
 * chapter 4 (the "zero" procedure): bisection safeguarded inverse quadratic / secant
 * interpolation; the bracket shrinks every step, convergence is guaranteed for continuous f.
 *
 * @packageDocumentation
 */

/** Outcome of {@link brent}. */
export interface RootResult {
  /** best estimate of the root (the bracket end with the smaller |f|) */
  root: number;
  /** number of iterations performed (one function evaluation each) */
  iterations: number;
  /** true if the bracket shrank below the tolerance (or f hit exactly 0) */
  converged: boolean;
}

const EPS = Number.EPSILON;
const DEFAULT_TOL = 1e-12;
const DEFAULT_MAX_ITER = 100;

function oppositeSigns(a: number, b: number): boolean {
  return (a < 0 && b > 0) || (a > 0 && b < 0);
}

/**
 * Brent's root finder on a bracket [lo, hi] (lo > hi is allowed).
 *
 * Stops when the bracket half-width is ≤ 2·ε·|x| + tol/2 (tol is an absolute tolerance in x,
 * default 1e-12) or f hits exactly 0; gives up after `maxIter` iterations (default 100) with
 * `converged: false` and the best point so far, or earlier if f returns NaN.
 *
 * @param f - continuous function
 * @param lo - one end of the bracket
 * @param hi - other end of the bracket
 * @param opts - `tol` (absolute x tolerance), `maxIter`
 * @returns the root, or null when f(lo) and f(hi) have the same (non-zero) sign or are NaN
 *
 * @example
 * ```ts
 * brent((x) => x * x - 2, 0, 2)?.root; // 1.4142135623730951
 * brent((x) => x * x + 1, -1, 1);      // null (no sign change)
 * ```
 */
export function brent(f: (x: number) => number, lo: number, hi: number, opts?: { tol?: number; maxIter?: number }): RootResult | null {
  const tol = Math.max(opts?.tol ?? DEFAULT_TOL, 0);
  const maxIter = opts?.maxIter ?? DEFAULT_MAX_ITER;
  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) return null;
  if (fa === 0) return { root: a, iterations: 0, converged: true };
  if (fb === 0) return { root: b, iterations: 0, converged: true };
  if (!oppositeSigns(fa, fb)) return null;

  // Invariant at the top of each step: the root lies between b and c, and |f(b)| ≤ |f(c)|;
  // a is the previous b (used for interpolation).
  let c = a;
  let fc = fa;
  let step = b - a; // last step taken
  let prevStep = step; // the step before that
  for (let iter = 1; iter <= maxIter; iter++) {
    if (!oppositeSigns(fb, fc)) {
      c = a;
      fc = fa;
      step = b - a;
      prevStep = step;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      fa = fb;
      b = c;
      fb = fc;
      c = a;
      fc = fa;
    }
    const tol1 = 2 * EPS * Math.abs(b) + 0.5 * tol;
    const half = 0.5 * (c - b);
    if (fb === 0 || Math.abs(half) <= tol1) return { root: b, iterations: iter - 1, converged: true };

    let useBisection = true;
    if (Math.abs(prevStep) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const sb = fb / fa;
      if (a === c) {
        // secant through (a, fa), (b, fb)
        p = 2 * half * sb;
        q = 1 - sb;
      } else {
        // inverse quadratic through a, b, c
        const qa = fa / fc;
        const rb = fb / fc;
        p = sb * (2 * half * qa * (qa - rb) - (b - a) * (rb - 1));
        q = (qa - 1) * (rb - 1) * (sb - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      // accept the interpolated point only if it stays well inside the bracket and the steps shrink
      if (2 * p < Math.min(3 * half * q - Math.abs(tol1 * q), Math.abs(prevStep * q))) {
        prevStep = step;
        step = p / q;
        useBisection = false;
      }
    }
    if (useBisection) {
      step = half;
      prevStep = half;
    }
    a = b;
    fa = fb;
    b += Math.abs(step) > tol1 ? step : half > 0 ? tol1 : -tol1;
    fb = f(b);
    if (Number.isNaN(fb)) return { root: a, iterations: iter, converged: false };
  }
  return { root: Math.abs(fc) < Math.abs(fb) ? c : b, iterations: maxIter, converged: false };
}

/**
 * First root of f when walking from `from` to `to` (either direction).
 *
 * Splits [from, to] into `steps` equal sub-intervals (at least 1), evaluates f at their ends in
 * order starting at `from`, and returns the first point where f is exactly 0 or the root
 * (refined with {@link brent}) inside the first sub-interval where f changes sign. Points where f
 * is NaN never count as a sign change.
 *
 * @param f - function to scan
 * @param from - start of the scan
 * @param to - end of the scan (may be below `from`: the scan then walks downward)
 * @param steps - number of sub-intervals
 * @param opts - `tol` passed to brent (absolute x tolerance, default 1e-12)
 * @returns the first crossing, or null if f keeps its sign on all scanned points
 *
 * @example
 * ```ts
 * findFirstCrossing(Math.sin, 0.5, 10, 100);  // π (not 2π or 3π)
 * findFirstCrossing(Math.sin, 10, 0.5, 100);  // 3π (scanning downward)
 * ```
 */
export function findFirstCrossing(f: (x: number) => number, from: number, to: number, steps: number, opts?: { tol?: number }): number | null {
  const n = Number.isFinite(steps) && steps >= 1 ? Math.floor(steps) : 1;
  const tol = opts?.tol ?? DEFAULT_TOL;
  let xPrev = from;
  let fPrev = f(from);
  if (fPrev === 0) return from;
  const span = to - from;
  for (let i = 1; i <= n; i++) {
    const x = i === n ? to : from + (span * i) / n;
    const fx = f(x);
    if (fx === 0) return x;
    if (oppositeSigns(fPrev, fx)) {
      const r = brent(f, xPrev, x, { tol });
      if (r) return r.root;
    }
    xPrev = x;
    fPrev = fx;
  }
  return null;
}
