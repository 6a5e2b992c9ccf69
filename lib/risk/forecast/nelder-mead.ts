/**
 * Nelder–Mead downhill simplex minimisation of a function of a few unconstrained variables.
 *
 * Source: J. A. Nelder and R. Mead, "A simplex method for function minimization", The Computer
 * Journal 7 (1965) 308–313; the standard coefficients (reflection 1, expansion 2, contraction ½,
 * shrink ½) and the ordering/tie rules of J. C. Lagarias, J. A. Reeds, M. H. Wright and P. E. Wright,
 * "Convergence properties of the Nelder–Mead simplex method in low dimensions", SIAM J. Optim. 9
 * (1998) 112–147, §2. No npm optimiser is well kept enough to depend on (`fmin` 0.0.4 has not been
 * published since 2016), so the method is written here; constraints are handled by the caller's
 * change of variables (see ./garch.ts), not by this routine.
 *
 * @packageDocumentation
 */

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** initial simplex: x0 plus x0 + step·e_i (default 0.5 in every coordinate) */
  step?: number;
  /** stop when max |f(vertex) − f(best)| ≤ fTol and the simplex diameter ≤ xTol */
  fTol?: number;
  xTol?: number;
  maxIterations?: number;
}

/** Result of {@link nelderMead}. */
export interface NelderMeadResult {
  x: number[];
  f: number;
  iterations: number;
  converged: boolean;
}

const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

/**
 * Minimises `f` from `x0`. Non-finite values of f count as +∞ (the simplex moves away from them).
 *
 * @example
 * ```ts
 * nelderMead(([x, y]) => (x! - 1) ** 2 + (y! + 2) ** 2, [0, 0]).x; // ≈ [1, −2]
 * ```
 */
export function nelderMead(f: (x: number[]) => number, x0: readonly number[], opts: NelderMeadOptions = {}): NelderMeadResult {
  const n = x0.length;
  const step = opts.step ?? 0.5;
  const fTol = opts.fTol ?? 1e-10;
  const xTol = opts.xTol ?? 1e-8;
  const maxIt = opts.maxIterations ?? 200 * n;
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const v = x0.slice();
    v[i] = v[i]! + step;
    simplex.push(v);
  }
  let values = simplex.map(safe);
  let it = 0;
  let converged = false;
  const point = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i]! - ai));
  for (; it < maxIt; it++) {
    // order best → worst (stable: ties keep the older vertex first, Lagarias et al. §2)
    const order = values.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    simplex = order.map(([, i]) => simplex[i]!);
    values = order.map(([v]) => v);
    const best = values[0]!;
    const worst = values[n]!;
    let diam = 0;
    for (let i = 1; i <= n; i++) for (let j = 0; j < n; j++) diam = Math.max(diam, Math.abs(simplex[i]![j]! - simplex[0]![j]!));
    if (Math.abs(worst - best) <= fTol && diam <= xTol) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + simplex[i]![j]! / n;
    const xr = point(centroid, simplex[n]!, -REFLECT);
    const fr = safe(xr);
    if (fr < best) {
      const xe = point(centroid, simplex[n]!, -EXPAND);
      const fe = safe(xe);
      if (fe < fr) {
        simplex[n] = xe;
        values[n] = fe;
      } else {
        simplex[n] = xr;
        values[n] = fr;
      }
      continue;
    }
    if (fr < values[n - 1]!) {
      simplex[n] = xr;
      values[n] = fr;
      continue;
    }
    // contraction: outside when the reflection improved on the worst, inside otherwise
    const outside = fr < worst;
    const xc = outside ? point(centroid, xr, CONTRACT) : point(centroid, simplex[n]!, CONTRACT);
    const fc = safe(xc);
    if (fc < (outside ? fr : worst)) {
      simplex[n] = xc;
      values[n] = fc;
      continue;
    }
    for (let i = 1; i <= n; i++) {
      simplex[i] = point(simplex[0]!, simplex[i]!, SHRINK);
      values[i] = safe(simplex[i]!);
    }
  }
  let bi = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[bi]!) bi = i;
  return { x: simplex[bi]!, f: values[bi]!, iterations: it, converged };
}
