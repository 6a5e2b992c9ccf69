/**
 * Allocation-free Black-76 kernel for the portfolio-margin hot loops.
 *
 * The portfolio-margin engine revalues every option of a book under ~30 scenarios, so the price
 * (and, for the risk report, the Greeks) are computed here with no object allocation and with
 * the work shared between price and Greeks: one logarithm, at most one exponential and two
 * rational functions per option.
 *
 * Method (the cancellation-free formulation of lib/quant/black76.ts, specialised):
 *  - the out-of-the-money side is priced directly, the in-the-money side as intrinsic + the OTM
 *    counterpart (undiscounted Black is symmetric: put(F, K) = call(K, F)), so every price is an
 *    OTM call with forward lo = min(F, K) and strike hi = max(F, K);
 *  - with x = ln(lo/hi) ≤ 0, d₁,₂ = x/s ± s/2 and u ∓ δ = −d₁,₂/√2, the OTM call is
 *        c = ½·(lo·erfc(u − δ) − hi·erfc(u + δ)) = ½·g·[erfcx(u − δ) − erfcx(u + δ)],
 *    g = lo·e^{−d₁²/2} = hi·e^{−d₂²/2} (P. Jäckel, "Let's be rational", 2015). Each term is taken
 *    in the form that needs no exponential when its argument is small (Cody's erf form) and as
 *    g·erfcx(·) otherwise, so there is at most one exponential; for small δ the bracket is summed
 *    as a Taylor series (no cancellation); for d₁ > 0.85 the textbook lo·N(d₁) − hi·N(d₂) has
 *    no cancellation and is used as is;
 *  - ln(lo/hi) is log1p of the exact difference when σ√T is tiny (where the rounding of lo/hi
 *    would matter), a plain log otherwise; b76PriceLog takes ln F − ln K precomputed.
 *
 * Accuracy (checked against a high-precision reference in scripts/bench.ts and the tests):
 * ≤ 1e-12 relative for prices above 1e-6·F and ≤ 1e-12·F absolute below.
 *
 * Conventions: vol σ annualised, T in years, D = discount factor; delta = ∂price/∂F,
 * gamma = ∂²price/∂F², vega per vol point (÷100), theta per calendar day (÷365) with F fixed:
 * theta = (r·price − D·F·φ(d₁)·σ/(2√T))/365.
 *
 * @packageDocumentation
 */

const INV_SQRT_PI = 0.5641895835477563;
const INV_SQRT_2PI = 0.3989422804014327;
/** δ = s/(2√2) below which erfcx(u − δ) − erfcx(u + δ) is summed as a Taylor series */
const TAYLOR_DELTA = 0.02;
/** d₁ above which the textbook formula is used for the OTM call (its two terms differ by ≥ 4×) */
const DIRECT_D1 = 0.85;
/** beyond this |d| the Gaussian factor underflows whatever the scale */
const GAUSS_CUTOFF = 40;
const DAYS_PER_YEAR = 365;
const INV_DAYS_PER_YEAR = 1 / DAYS_PER_YEAR;
const INV3 = 1 / 3;
const INV6 = 1 / 6;
const INV7 = 1 / 7;
const INV9 = 1 / 9;
const INV20 = 1 / 20;
const INV42 = 1 / 42;
const INV72 = 1 / 72;

// fdlibm (Sun Microsystems, 1993) e_exp.c and e_log.c: the algorithms and coefficients V8's Math.exp
// and Math.log run (src/base/ieee754.cc), written out in b76Batch. Math.exp and Math.log are calls
// into C++ from optimised code, which spill every live double around the call; in the batch, with
// three of them per row on the critical path, replacing the log alone by a placeholder took the
// batch from 10.8 to 15.1 M rows/s (scripts/bench.ts inputs). Inline they cost a few
// multiplications and one division each, with an error bound of an ulp or two (tested).
/** ln 2 split: LN2_HI has 32 significant bits, so k·LN2_HI is exact for |k| < 2^21 */
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const EXP_P1 = 1.66666666666666019037e-1;
const EXP_P2 = -2.77777777770155933842e-3;
const EXP_P3 = 6.61375632143793436117e-5;
const EXP_P4 = -1.6533902205465251539e-6;
const EXP_P5 = 4.13813679705723846039e-8;
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
/** 1/k! for expSmall's Taylor polynomial */
const E2 = 1 / 2;
const E3 = 1 / 6;
const E4 = 1 / 24;
const E5 = 1 / 120;
const E6 = 1 / 720;
const E7 = 1 / 5040;
const E8 = 1 / 40320;
const E9 = 1 / 362880;
const E10 = 1 / 3628800;
const E11 = 1 / 39916800;
const E12 = 1 / 479001600;
const E13 = 1 / 6227020800;
/** POW2[k + POW2_OFFSET] = 2^k for k = −POW2_OFFSET … POW2_MAX (0 below the subnormal range) */
const POW2_OFFSET = 1100;
const POW2_MAX = 8;
const POW2 = new Float64Array(POW2_OFFSET + POW2_MAX + 1);
for (let k = -POW2_OFFSET; k <= POW2_MAX; k++) POW2[k + POW2_OFFSET] = Math.pow(2, k);
/** e^x is computed inline for x in [EXP_INLINE_MIN, EXP_INLINE_MAX] (2^k within the table), by Math.exp outside */
const EXP_INLINE_MIN = -760;
const EXP_INLINE_MAX = 5;

/**
 * e^x by fdlibm's method (x = k·ln2 + r, |r| ≤ ln2/2; e^r = 1 + 2r/(2 − c), c = r − r²·P(r²)),
 * for x in [EXP_INLINE_MIN, EXP_INLINE_MAX]. The loops call it (through expInRange): V8 inlines
 * it, as fast as the copies written out in each loop were (bench: batch 12.6 M/s, PM2 10,000
 * distinct 17.4 ms, both before and after); exported so the tests hold it to Math.exp and arithmetic.
 *
 * @param x - exponent in [−760, 5]
 * @returns e^x (error < 1 ulp)
 *
 * @example
 * ```ts
 * expFdlibm(1); // 2.718281828459045
 * ```
 */
export function expFdlibm(x: number): number {
  const kk = Math.round(x * INV_LN2);
  const rh = x - kk * LN2_HI;
  const rl = kk * LN2_LO;
  const rr = rh - rl;
  const tt = rr * rr;
  const tq = tt * tt;
  const cc = rr - tt * (EXP_P1 + tt * EXP_P2 + tq * (EXP_P3 + tt * EXP_P4 + tq * EXP_P5));
  return (1 - (rl - (rr * cc) / (2 - cc) - rh)) * (POW2[kk + POW2_OFFSET] as number);
}

/** e^x: {@link expFdlibm} inside its range [EXP_INLINE_MIN, EXP_INLINE_MAX], Math.exp outside it. */
function expInRange(x: number): number {
  return x >= EXP_INLINE_MIN && x <= EXP_INLINE_MAX ? expFdlibm(x) : Math.exp(x);
}

/** |x| up to which {@link expSmall}'s Taylor polynomial is used (its 14th term is < 4.4e-18 there) */
const EXP_SMALL_MAX = 0.35;

/**
 * e^x for |x| ≤ 0.35 as its Taylor polynomial of degree 13 (the first omitted term is below
 * 0.35¹⁴/14! ≈ 4.3e-18), evaluated by Estrin's scheme: no division and no table, cheaper than
 * {@link expFdlibm} for a discount factor e^{−rT}. The same steps as the code written out in
 * b76Batch, exported for the tests.
 *
 * @param x - exponent, |x| ≤ 0.35
 * @returns e^x (error ~1 ulp)
 *
 * @example
 * ```ts
 * expSmall(-0.05); // 0.951229424500714
 * ```
 */
export function expSmall(x: number): number {
  const x2 = x * x;
  const x4 = x2 * x2;
  return 1 + x + x2 * (E2 + x * E3) + x4 * (E4 + x * E5 + x2 * (E6 + x * E7)) + x4 * x4 * (E8 + x * E9 + x2 * (E10 + x * E11) + x4 * (E12 + x * E13));
}

/**
 * ln(lo/hi) for 0 < lo ≤ hi, by fdlibm's method with the reduced argument taken as an exact
 * difference: f = (lo − hi)/hi when lo/hi ≥ 1/√2, f = (2lo − hi)/hi (and −ln 2) when
 * 1/2 ≤ lo/hi < 1/√2 — both differences are exact (Sterbenz), so near the money the result is
 * as accurate as log1p of the exact difference; Math.log(lo/hi) below 1/2. The same steps as
 * the code written out in b76Batch, exported for the tests.
 *
 * @param lo - the smaller of F and K
 * @param hi - the larger
 * @returns ln(lo/hi) ≤ 0
 *
 * @example
 * ```ts
 * logRatioFdlibm(1, 2); // −0.6931471805599453
 * ```
 */
export function logRatioFdlibm(lo: number, hi: number): number {
  if (!(2 * lo >= hi)) return Math.log(lo / hi);
  const half = lo * Math.SQRT2 < hi;
  const lo2 = half ? 2 * lo : lo;
  const sv = (lo2 - hi) / (lo2 + hi);
  const z = sv * sv;
  const w = z * z;
  const rq = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
  const l1p = 2 * sv + sv * rq;
  return half ? l1p - LN2_LO - LN2_HI : l1p;
}

// Cody (1969) rational approximations: the same coefficients as lib/quant/normal.ts, kept local on
// purpose. Importing normal.ts's functions instead measured 66% of the bench ceiling against 78%
// inlined here (scripts/bench.ts, same run conditions); black76-kernel.test.ts checks that the
// two stay identical.
const A0 = 3.1611237438705655;
const A1 = 113.86415415105016;
const A2 = 377.485237685302;
const A3 = 3209.3775891384694;
const A4 = 0.185777706184603153;
const B0 = 23.601290952344122;
const B1 = 244.02463793444417;
const B2 = 1282.6165260773723;
const B3 = 2844.236833439171;
// erfcx on 0.46875 < y ≤ 4 (numerator c, denominator d)
const C0 = 0.5641884969886701;
const C1 = 8.883149794388377;
const C2 = 66.11919063714163;
const C3 = 298.6351381974001;
const C4 = 881.952221241769;
const C5 = 1712.0476126340707;
const C6 = 2051.0783778260716;
const C7 = 1230.3393547979972;
const C8 = 2.1531153547440383e-8;
const D0 = 15.744926110709835;
const D1 = 117.6939508913125;
const D2 = 537.1811018620099;
const D3 = 1621.3895745666903;
const D4 = 3290.7992357334597;
const D5 = 4362.619090143247;
const D6 = 3439.3676741437216;
const D7 = 1230.3393548037495;
// erfcx on y > 4 (numerator p, denominator q), in z = 1/y²
const P0 = 0.30532663496123236;
const P1 = 0.36034489994980445;
const P2 = 0.12578172611122926;
const P3 = 0.016083785148742275;
const P4 = 0.0006587491615298378;
const P5 = 0.016315387137302097;
const Q0 = 2.568520192289822;
const Q1 = 1.8729528499234604;
const Q2 = 0.5279051029514285;
const Q3 = 0.0605183413124413191;
const Q4 = 0.0023352049762686918;

/**
 * Scratch for passing doubles to and from the helpers below. V8 passes arguments and return
 * values of a call it does not inline as tagged values, so every double crossing such a call is
 * allocated as a heap number: with plain double arguments and returns, computePm for 10,000
 * instruments allocated ~18 MB per call in the kernel alone (sampling heap profile, node
 * inspector) and spent ~10 % of its time in the garbage collector. The helpers therefore read
 * their input from, and leave their result in, typed arrays; the one-line readers (erfOverY,
 * erfcxLarge) are small enough to be inlined wherever they are called.
 */
const SCRATCH = new Float64Array(1);

function erfOverYScratch(): void {
  const t = SCRATCH[0] as number;
  const num = (((A4 * t + A0) * t + A1) * t + A2) * t + A3;
  const den = (((t + B0) * t + B1) * t + B2) * t + B3;
  SCRATCH[0] = num / den;
}
/** erf(y)/y as a rational function of t = y² (Cody), |y| ≤ 0.46875. */
function erfOverY(t: number): number {
  SCRATCH[0] = t;
  erfOverYScratch();
  return SCRATCH[0] as number;
}
/** erfcx(y) for y > 0.46875, from and into SCRATCH[0] (see SCRATCH). */
function erfcxLargeScratch(): void {
  const y = SCRATCH[0] as number;
  if (y <= 4) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
    SCRATCH[0] = num / den;
    return;
  }
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  SCRATCH[0] = (INV_SQRT_PI - (z * num) / den) / y;
}
/** erfcx(y) = e^{y²}·erfc(y) for y > 0.46875 (Cody's two rational forms). */
function erfcxLarge(y: number): number {
  SCRATCH[0] = y;
  erfcxLargeScratch();
  return SCRATCH[0] as number;
}
/** SMALL: boundary between Cody's erf form and his erfcx forms (in erf's argument). */
const SMALL = 0.46875;

/** erfc(y) = 1 − y·P(y²)/Q(y²) for |y| ≤ 0.46875 (no exponential). */
function erfcSmall(y: number): number {
  return 1 - y * erfOverY(y * y);
}

/** erfcx(y) for y ≥ −0.65 (the Taylor branch's argument u ≥ 0, and its side term u − δ). */
function erfcxKernel(y: number): number {
  if (y > SMALL) return erfcxLarge(y);
  if (y >= -SMALL) return Math.exp(y * y) * erfcSmall(y);
  return 2 * Math.exp(y * y) - erfcxLarge(-y);
}

/**
 * Standard normal CDF for the textbook branch (exported so tests can hold it to lib/quant/normal.ts).
 * @example normCdfKernel(0) // 0.5
 */
export function normCdfKernel(x: number): number {
  const y = x * Math.SQRT1_2;
  if (y < -SMALL) return 0.5 * Math.exp(-y * y) * erfcxLarge(-y);
  if (y > SMALL) return 1 - 0.5 * Math.exp(-y * y) * erfcxLarge(y);
  return 0.5 * erfcSmall(-y);
}

/** ln(f/k) for f, k > 0, accurate near the money (f − k is exact there by Sterbenz's lemma). */
export function logMoneyness(f: number, k: number): number {
  const q = f / k;
  if (q >= 0.5 && q <= 2) return Math.log1p((f - k) / k);
  return Math.log(q);
}

/**
 * Total vol above which ln(lo/hi) may be taken as Math.log(lo/hi): the rounding of lo/hi
 * (≤ 1.1e-16 in x) then moves a price ≥ 1e-6·F by at most ~5·1.1e-16/s ≤ 6e-13 relative.
 * Below it, log1p of the exact difference is used.
 */
const PLAIN_LOG_MIN_TOTAL_VOL = 1e-3;

/** ln(lo/hi) for the kernel: plain log when s is large enough, else {@link logMoneyness}. */
function kernelLog(lo: number, hi: number, s: number): number {
  return s >= PLAIN_LOG_MIN_TOTAL_VOL ? Math.log(lo / hi) : logMoneyness(lo, hi);
}

/**
 * Results of otmCallKernel, in a typed array so that passing them back never boxes a number:
 * [OTM call value, then for the Greeks lo·N(d₁), hi·N(d₂), lo·e^{−d₁²/2}]. The kernel is too large
 * for V8 to inline into its callers, and a double RETURNED from a call that is not inlined is
 * allocated as a heap number: with the value returned, computePm for 10,000 instruments allocated
 * ~48 MB per call (3 scavenges, node --trace-gc) — stored here it allocates almost nothing.
 */
const SIDES = new Float64Array(4);
/** Inputs of otmCallKernel: [lo, hi, x, s] (passed here rather than as arguments, see SCRATCH). */
const KIN = new Float64Array(4);
const SIDE_C = 0;
const SIDE_A = 1;
const SIDE_B = 2;
const SIDE_G = 3;

/**
 * Undiscounted Black call for 0 < lo ≤ hi (forward lo, strike hi: out of the money), x = ln(lo/hi),
 * s = σ√T > 0, left in SIDES[SIDE_C] (not returned: see SIDES). With `withSides` it also leaves
 * lo·N(d₁), hi·N(d₂) and lo·e^{−d₁²/2} in the module scratch for the Greeks.
 *
 * With u ∓ δ = −d₁,₂/√2 the value is ½·(T₁ − T₂), T₁ = 2·lo·N(d₁) = lo·erfc(u − δ) and
 * T₂ = 2·hi·N(d₂) = hi·erfc(u + δ), each evaluated without cancellation: erfc directly when its
 * argument is small (no exponential), else as g·erfcx(·) with the one Gaussian factor
 * g = lo·e^{−d₁²/2} = hi·e^{−d₂²/2}. The difference T₁ − T₂ is the Jäckel form
 * g·[erfcx(u − δ) − erfcx(u + δ)] term by term; for small δ it is summed as a Taylor series.
 */
function otmCallKernel(withSides: boolean): void {
  const lo = KIN[0] as number;
  const hi = KIN[1] as number;
  const x = KIN[2] as number;
  const s = KIN[3] as number;
  const h = x / s;
  const t = 0.5 * s;
  const d1 = h + t;
  if (d1 > DIRECT_D1) {
    let a: number;
    let b: number;
    let e1 = 0;
    if (d1 < GAUSS_CUTOFF) {
      // one exponential for both CDFs: e^{−d₂²/2} = e^{−d₁²/2}·e^{x} = e^{−d₁²/2}·lo/hi (d₁² − d₂² = 2x)
      e1 = Math.exp(-0.5 * d1 * d1);
      const e2 = (e1 * lo) / hi;
      a = lo * (1 - 0.5 * e1 * erfcxLarge(d1 * Math.SQRT1_2)); // d₁/√2 > 0.6 > SMALL
      const y2 = (d1 - s) * Math.SQRT1_2;
      b = hi * (y2 > SMALL ? 1 - 0.5 * e2 * erfcxLarge(y2) : y2 < -SMALL ? 0.5 * e2 * erfcxLarge(-y2) : 0.5 * erfcSmall(-y2));
    } else {
      a = lo * normCdfKernel(d1);
      b = hi * normCdfKernel(d1 - s);
    }
    if (withSides) {
      SIDES[SIDE_A] = a;
      SIDES[SIDE_B] = b;
      SIDES[SIDE_G] = lo * e1;
    }
    const c = a - b;
    SIDES[SIDE_C] = c > 0 ? c : 0;
    return;
  }
  const u = -h * Math.SQRT1_2; // ≥ 0
  const delta = t * Math.SQRT1_2;
  const yLo = u - delta; // = −d₁/√2 ≥ −0.61
  const yHi = u + delta; // > 0
  if (delta < TAYLOR_DELTA) {
    const g = yLo < GAUSS_CUTOFF ? lo * Math.exp(-yLo * yLo) : 0;
    if (!(g > 0)) {
      if (withSides) SIDES.fill(0);
      else SIDES[SIDE_C] = 0;
      return;
    }
    // Same series as lib/quant/black76.ts erfcxDiffTaylor, inlined on the local erfcx for speed (see the Cody note above).
    // erfcx(u − δ) − erfcx(u + δ) = −2·Σ f^{(2j+1)}(u)·δ^{2j+1}/(2j+1)!,
    // f' = 2u·f − 2/√π, f^{(n+1)} = 2u·f^{(n)} + 2n·f^{(n−1)}
    const tu = 2 * u;
    const f0 = erfcxKernel(u);
    const f1 = tu * f0 - 2 * INV_SQRT_PI;
    const f2 = tu * f1 + 2 * f0;
    const f3 = tu * f2 + 4 * f1;
    const f4 = tu * f3 + 6 * f2;
    const f5 = tu * f4 + 8 * f3;
    const f6 = tu * f5 + 10 * f4;
    const f7 = tu * f6 + 12 * f5;
    const f8 = tu * f7 + 14 * f6;
    const f9 = tu * f8 + 16 * f7;
    const d2 = delta * delta;
    const diff = -2 * delta * (f1 + (d2 / 6) * (f3 + (d2 / 20) * (f5 + (d2 / 42) * (f7 + (d2 / 72) * f9))));
    if (withSides) {
      // erfcx(u − δ) from the same derivatives (Taylor in −δ; the next term is below 1e-20·f₀ for δ < 0.02)
      const eLo = f0 - delta * (f1 - (delta / 2) * (f2 - (delta / 3) * (f3 - (delta / 4) * (f4 - (delta / 5) * (f5 - (delta / 6) * (f6 - (delta / 7) * (f7 - (delta / 8) * (f8 - (delta / 9) * f9))))))));
      SIDES[SIDE_A] = 0.5 * g * eLo;
      SIDES[SIDE_B] = 0.5 * g * (eLo - diff);
      SIDES[SIDE_G] = g;
    }
    SIDES[SIDE_C] = diff > 0 ? 0.5 * diff * g : 0;
    return;
  }
  // g = lo·e^{−yLo²} is needed unless both arguments are small (then no exponential at all);
  // e^{−y²} underflows to 0 for huge y, which gives the right limit (0) for both terms.
  const needG = yHi > SMALL || yLo < -SMALL;
  const g = needG || withSides ? lo * Math.exp(-yLo * yLo) : 0;
  // erfcxLarge and erfcSmall written out through SCRATCH: the hot path must not depend on V8 inlining them (see SCRATCH)
  let t1: number;
  if (yLo > SMALL) {
    SCRATCH[0] = yLo;
    erfcxLargeScratch();
    t1 = g * (SCRATCH[0] as number);
  } else if (yLo >= -SMALL) {
    SCRATCH[0] = yLo * yLo;
    erfOverYScratch();
    t1 = lo * (1 - yLo * (SCRATCH[0] as number)); // erfcSmall(yLo)
  } else {
    SCRATCH[0] = -yLo;
    erfcxLargeScratch();
    t1 = 2 * lo - g * (SCRATCH[0] as number);
  }
  let t2: number;
  if (yHi > SMALL) {
    SCRATCH[0] = yHi;
    erfcxLargeScratch();
    t2 = g * (SCRATCH[0] as number);
  } else {
    SCRATCH[0] = yHi * yHi;
    erfOverYScratch();
    t2 = hi * (1 - yHi * (SCRATCH[0] as number)); // erfcSmall(yHi)
  }
  if (withSides) {
    SIDES[SIDE_A] = 0.5 * t1;
    SIDES[SIDE_B] = 0.5 * t2;
    SIDES[SIDE_G] = g;
  }
  const c = 0.5 * (t1 - t2);
  SIDES[SIDE_C] = c > 0 ? c : 0;
}

/**
 * Discounted Black-76 price for F, K > 0 finite, s = σ√T ≥ 0 (s = 0: discounted intrinsic;
 * s = ∞: the limit D·F for a call, D·K for a put).
 * The engine's scenario loops call this with precomputed total vol s and discount D.
 *
 * @param forward - forward F (> 0)
 * @param strike - strike K (> 0)
 * @param totalVol - σ·√T (≥ 0)
 * @param discount - discount factor D
 * @param isCall - call or put
 * @returns D·Black(F, K, s)
 *
 * @example
 * ```ts
 * // Haug (2007) Black-76 example: F = K = 19, T = 0.75, r = 10 %, σ = 28 % → ≈ 1.7011
 * b76Price(19, 19, 0.28 * Math.sqrt(0.75), Math.exp(-0.1 * 0.75), true);
 * ```
 */
export function b76Price(forward: number, strike: number, totalVol: number, discount: number, isCall: boolean): number {
  const iv = isCall ? forward - strike : strike - forward;
  const intrinsicValue = iv > 0 ? iv : 0;
  if (!(totalVol > 0)) return discount * intrinsicValue;
  if (totalVol === Infinity) return discount * (isCall ? forward : strike); // the σ√T → ∞ limit
  // the OTM side: a call with forward lo and strike hi (undiscounted Black is symmetric in F, K)
  const lo = forward < strike ? forward : strike;
  const hi = forward < strike ? strike : forward;
  KIN[0] = lo;
  KIN[1] = hi;
  KIN[2] = kernelLog(lo, hi, totalVol);
  KIN[3] = totalVol;
  otmCallKernel(false);
  const v = intrinsicValue + (SIDES[SIDE_C] as number);
  const cap = isCall ? forward : strike;
  return discount * (v < cap ? v : cap);
}

/**
 * Total vol from which {@link b76PriceLog} trusts a log-moneyness computed as ln F − ln K: the
 * absolute error of that difference (≲ 1.1e-16·|ln F| ≈ 1.3e-15 for F ≈ 1e5) then moves a price
 * ≥ 1e-6·F by at most ~5·1.3e-15/s ≤ 3.3e-13 relative. Below it the log is recomputed exactly.
 */
const PRECOMPUTED_LOG_MIN_TOTAL_VOL = 0.02;

/**
 * {@link b76Price} with ln(F/K) supplied (e.g. ln F per scenario minus ln K per option, both
 * precomputed), saving the logarithm in scenario loops. Falls back to the exact log for small
 * total vol, where the rounding of a difference of logs would matter.
 *
 * @param forward - forward F (> 0)
 * @param strike - strike K (> 0)
 * @param logFK - ln(F/K)
 * @param totalVol - σ·√T (≥ 0)
 * @param discount - discount factor D
 * @param isCall - call or put
 * @returns D·Black(F, K, s)
 *
 * @example
 * ```ts
 * b76PriceLog(19, 19, 0, 0.28 * Math.sqrt(0.75), Math.exp(-0.075), true); // = b76Price(19, 19, …) ≈ 1.7011
 * ```
 */
export function b76PriceLog(forward: number, strike: number, logFK: number, totalVol: number, discount: number, isCall: boolean): number {
  const iv = isCall ? forward - strike : strike - forward;
  const intrinsicValue = iv > 0 ? iv : 0;
  if (!(totalVol > 0)) return discount * intrinsicValue;
  if (totalVol === Infinity) return discount * (isCall ? forward : strike); // the σ√T → ∞ limit
  const fLow = forward < strike;
  const lo = fLow ? forward : strike;
  const hi = fLow ? strike : forward;
  const x = totalVol >= PRECOMPUTED_LOG_MIN_TOTAL_VOL ? (fLow ? logFK : -logFK) : logMoneyness(lo, hi);
  KIN[0] = lo;
  KIN[1] = hi;
  KIN[2] = x > 0 ? 0 : x;
  KIN[3] = totalVol;
  otmCallKernel(false);
  const v = intrinsicValue + (SIDES[SIDE_C] as number);
  const cap = isCall ? forward : strike;
  return discount * (v < cap ? v : cap);
}

/**
 * Σ amount·price over the options of one expiry at one forward — the portfolio-margin engine's
 * scenario loop — with every helper written out (no call per option, no scratch traffic, the
 * exponential inline: see expFdlibm). The same method and branches as {@link b76PriceLog} (ln F − ln K
 * trusted from total vol 0.02, the exact log below; the OTM side priced, the ITM side as intrinsic
 * plus it; Taylor series for small total vol); results agree with it to ~1e-15 relative.
 * With `out`, each option's price is also written to out[outOffset + i].
 *
 * @param strike - strikes (K ≥ 0; K = 0 is priced at its limit, the discounted intrinsic)
 * @param lnStrike - ln K per option
 * @param totalVol - σ·√T per option (≥ 0; 0 gives the discounted intrinsic)
 * @param isCall - 1 for a call, 0 for a put
 * @param amount - contracts per option (signed)
 * @param n - number of options
 * @param forward - the forward F (> 0)
 * @param lnForward - ln F
 * @param discount - discount factor D of the expiry
 * @param out - optional per-option prices (null: sum only)
 * @param outOffset - where option 0's price goes in `out`
 * @returns Σ amount[i]·D·Black(F, K[i], s[i])
 *
 * @example
 * ```ts
 * // one long call, F = K = 19, σ√T = 0.28·√0.75, D = e^{−0.075}: Haug's 1.7011
 * b76ExpiryValue(Float64Array.of(19), Float64Array.of(Math.log(19)), Float64Array.of(0.2425), Uint8Array.of(1), Float64Array.of(1), 1, 19, Math.log(19), Math.exp(-0.075), null, 0);
 * ```
 */
export function b76ExpiryValue(
  strike: Float64Array,
  lnStrike: Float64Array,
  totalVol: Float64Array,
  isCall: Uint8Array,
  amount: Float64Array,
  n: number,
  forward: number,
  lnForward: number,
  discount: number,
  out: Float64Array | null,
  outOffset: number,
): number {
  const f = forward;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const k = strike[i] as number;
    const s = totalVol[i] as number;
    const call = isCall[i] === 1;
    const iv = call ? f - k : k - f;
    const ivp = iv > 0 ? iv : 0;
    let v: number;
    if (!(s > 0) || !(k > 0))
      v = ivp; // no time value; K = 0: the limit (call F, put 0)
    else if (s === Infinity)
      v = call ? f : k; // the σ√T → ∞ limit
    else {
      const fLow = f < k;
      const lo = fLow ? f : k;
      const hi = fLow ? k : f;
      // x = ln(lo/hi) ≤ 0: from the logs when s ≥ 0.02, else exactly (logRatioFdlibm written out)
      let x: number;
      if (s >= PRECOMPUTED_LOG_MIN_TOTAL_VOL) {
        const lx = fLow ? lnForward - (lnStrike[i] as number) : (lnStrike[i] as number) - lnForward;
        x = lx > 0 ? 0 : lx;
      } else if (2 * lo >= hi) {
        const half = lo * Math.SQRT2 < hi;
        const lo2 = half ? 2 * lo : lo;
        const sv = (lo2 - hi) / (lo2 + hi);
        const z = sv * sv;
        const w = z * z;
        const rq = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
        const l1p = 2 * sv + sv * rq;
        x = half ? l1p - LN2_LO - LN2_HI : l1p;
      } else x = Math.log(lo / hi);
      // the OTM call ½·(T₁ − T₂) of otmCallKernel (u ∓ δ = −d₁,₂/√2)
      const u = -(x / s) * Math.SQRT1_2; // ≥ 0
      const dl = 0.5 * s * Math.SQRT1_2;
      const yLo = u - dl;
      const yHi = u + dl;
      let c: number;
      if (dl < TAYLOR_DELTA) {
        const gArg = yLo < GAUSS_CUTOFF ? -yLo * yLo : -Infinity;
        const eg = expInRange(gArg);
        const g = lo * eg;
        if (!(g > 0)) c = 0;
        else {
          let f0: number; // erfcx(u), u ≥ 0
          if (u > SMALL) {
            if (u <= 4) {
              const ya = u * u;
              const yb = ya * ya;
              const num = C8 * yb * yb + (((C0 * u + C1) * ya + (C2 * u + C3)) * yb + ((C4 * u + C5) * ya + (C6 * u + C7)));
              const den = yb * yb + (((D0 * u + D1) * ya + (D2 * u + D3)) * yb + ((D4 * u + D5) * ya + (D6 * u + D7)));
              f0 = num / den;
            } else {
              const z = 1 / (u * u);
              const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
              const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
              f0 = (INV_SQRT_PI - (z * num) / den) / u;
            }
          } else {
            const tu2 = u * u;
            const eu = expInRange(tu2);
            const num = (((A4 * tu2 + A0) * tu2 + A1) * tu2 + A2) * tu2 + A3;
            const den = (((tu2 + B0) * tu2 + B1) * tu2 + B2) * tu2 + B3;
            f0 = eu * (1 - (u * num) / den);
          }
          const tu = 2 * u;
          const f1 = tu * f0 - 2 * INV_SQRT_PI;
          const f2 = tu * f1 + 2 * f0;
          const f3 = tu * f2 + 4 * f1;
          const f4 = tu * f3 + 6 * f2;
          const f5 = tu * f4 + 8 * f3;
          const f6 = tu * f5 + 10 * f4;
          const f7 = tu * f6 + 12 * f5;
          const f8 = tu * f7 + 14 * f6;
          const f9 = tu * f8 + 16 * f7;
          const d2 = dl * dl;
          const diff = -2 * dl * (f1 + d2 * INV6 * (f3 + d2 * INV20 * (f5 + d2 * INV42 * (f7 + d2 * INV72 * f9))));
          c = diff > 0 ? 0.5 * diff * g : 0;
        }
      } else {
        // the Gaussian factor only when a term needs it (both arguments small: no exponential)
        const needG = yHi > SMALL || yLo < -SMALL;
        const gArg = -yLo * yLo;
        let g = 0;
        if (needG) {
          const eg = expInRange(gArg);
          g = lo * eg;
        }
        const ay = yLo < 0 ? -yLo : yLo;
        let t1: number;
        if (ay <= SMALL) {
          const tt = yLo * yLo;
          const num = (((A4 * tt + A0) * tt + A1) * tt + A2) * tt + A3;
          const den = (((tt + B0) * tt + B1) * tt + B2) * tt + B3;
          t1 = lo * (1 - (yLo * num) / den);
        } else {
          let e: number;
          if (ay <= 4) {
            const ya = ay * ay;
            const yb = ya * ya;
            const num = C8 * yb * yb + (((C0 * ay + C1) * ya + (C2 * ay + C3)) * yb + ((C4 * ay + C5) * ya + (C6 * ay + C7)));
            const den = yb * yb + (((D0 * ay + D1) * ya + (D2 * ay + D3)) * yb + ((D4 * ay + D5) * ya + (D6 * ay + D7)));
            e = num / den;
          } else {
            const z = 1 / (ay * ay);
            const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
            const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
            e = (INV_SQRT_PI - (z * num) / den) / ay;
          }
          t1 = yLo > 0 ? g * e : 2 * lo - g * e;
        }
        let t2: number;
        if (yHi <= SMALL) {
          const tt = yHi * yHi;
          const num = (((A4 * tt + A0) * tt + A1) * tt + A2) * tt + A3;
          const den = (((tt + B0) * tt + B1) * tt + B2) * tt + B3;
          t2 = hi * (1 - (yHi * num) / den);
        } else if (yHi <= 4) {
          const ya = yHi * yHi;
          const yb = ya * ya;
          const num = C8 * yb * yb + (((C0 * yHi + C1) * ya + (C2 * yHi + C3)) * yb + ((C4 * yHi + C5) * ya + (C6 * yHi + C7)));
          const den = yb * yb + (((D0 * yHi + D1) * ya + (D2 * yHi + D3)) * yb + ((D4 * yHi + D5) * ya + (D6 * yHi + D7)));
          t2 = (g * num) / den;
        } else {
          const z = 1 / (yHi * yHi);
          const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
          const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
          t2 = (g * (INV_SQRT_PI - (z * num) / den)) / yHi;
        }
        const cc = 0.5 * (t1 - t2);
        c = cc > 0 ? cc : 0;
      }
      const w = ivp + c;
      const cap = call ? f : k;
      v = w < cap ? w : cap;
    }
    const price = discount * v;
    if (out !== null) out[outOffset + i] = price;
    total += (amount[i] as number) * price;
  }
  return total;
}

/**
 * Inputs and outputs of {@link b76Batch}: parallel typed arrays of one length.
 * `isCall` holds 1 for a call and 0 for a put.
 */
export interface B76BatchArrays {
  forward: Float64Array;
  strike: Float64Array;
  years: Float64Array;
  vol: Float64Array;
  rate: Float64Array;
  isCall: Uint8Array;
  price: Float64Array;
  delta: Float64Array;
  gamma: Float64Array;
  vega: Float64Array;
  theta: Float64Array;
  /**
   * Optional inputs the caller already has, read instead of computed (as the scenario loops get
   * them: ln K per strike, ln F per expiry, D and σ√T per expiry and row): ln F − ln K, the
   * discount factor e^{−rT} and the total vol σ√T. Each must match forward/strike, rate/years and
   * vol/years; the Greeks still read years, vol and rate.
   */
  logFK?: Float64Array;
  discount?: Float64Array;
  totalVol?: Float64Array;
}

/**
 * Allocates the arrays of a batch of n options (call once, reuse for every revaluation).
 *
 * @param n - number of options
 * @returns zero-filled arrays
 *
 * @example
 * ```ts
 * const b = allocB76Batch(2);
 * b.forward.set([100, 100]); b.strike.set([90, 110]); b.years.fill(0.5); b.vol.fill(0.6); b.isCall.fill(1);
 * b76Batch(b, 2); // b.price, b.delta, … now hold the results
 * ```
 */
export function allocB76Batch(n: number): B76BatchArrays {
  return {
    forward: new Float64Array(n),
    strike: new Float64Array(n),
    years: new Float64Array(n),
    vol: new Float64Array(n),
    rate: new Float64Array(n),
    isCall: new Uint8Array(n),
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    vega: new Float64Array(n),
    theta: new Float64Array(n),
  };
}

/**
 * Black-76 price, delta, gamma, vega (per vol point) and theta (per day) of the first n entries
 * of a batch, sharing d₁/d₂, the Gaussian factor and the erfcx evaluations between price and
 * Greeks; no allocation. Degenerate rows (T ≤ 0 or σ ≤ 0: discounted intrinsic with a step
 * delta; F ≤ 0 or K ≤ 0: the limits of the formula) never produce NaN for finite inputs.
 *
 * @param b - the batch arrays (see {@link allocB76Batch})
 * @param n - number of rows to compute
 *
 * @example
 * ```ts
 * const b = allocB76Batch(1);
 * b.forward[0] = 100; b.strike[0] = 100; b.years[0] = 0.5; b.vol[0] = 0.6; b.rate[0] = 0.03; b.isCall[0] = 1;
 * b76Batch(b, 1);
 * b.price[0]; // ≈ 16.5495 (same as black76() in lib/quant)
 * ```
 */
export function b76Batch(b: B76BatchArrays, n: number): void {
  batchRows(b.forward, b.strike, b.years, b.vol, b.rate, b.isCall, b.price, b.delta, b.gamma, b.vega, b.theta, n, b.logFK ?? null, b.discount ?? null, b.totalVol ?? null);
}

/**
 * The rows of {@link b76Batch}, with the arrays as arguments: a loop that reads them from the batch
 * object was at times left running in its on-stack-replacement code after a deoptimisation at the
 * object's property loads, measured 15 % slower (node --trace-deopt).
 */
function batchRows(
  forward: Float64Array,
  strike: Float64Array,
  years: Float64Array,
  vol: Float64Array,
  rate: Float64Array,
  isCall: Uint8Array,
  price: Float64Array,
  delta: Float64Array,
  gamma: Float64Array,
  vega: Float64Array,
  theta: Float64Array,
  n: number,
  logFK: Float64Array | null,
  discount: Float64Array | null,
  totalVol: Float64Array | null,
): void {
  // One function with every helper written out (no call per row, no scratch arrays), the
  // exponentials and the log inline (see the fdlibm note) and Estrin's scheme for the rational
  // functions (a shorter dependency chain): 12.3 M rows/s against 9.3 when it called otmCallKernel
  // per row (scripts/bench.ts, same machine, issue 12).
  for (let i = 0; i < n; i++) {
    const f = forward[i] as number;
    const k = strike[i] as number;
    const tYears = years[i] as number;
    const sigma = vol[i] as number;
    const r = rate[i] as number;
    const call = isCall[i] === 1;
    // (reusing D and √T across rows of one expiry measured 7 % slower on the benchmark's rows, which
    // all differ, and no caller batches by expiry: not kept)
    const rt = tYears > 0 ? -r * tYears : 0;
    let disc: number;
    if (discount !== null) disc = discount[i] as number;
    else if (rt >= -EXP_SMALL_MAX && rt <= EXP_SMALL_MAX) {
      // expSmall written out (|rT| ≤ 0.35 covers rates to 10 % over 3.5 years)
      const x2 = rt * rt;
      const x4 = x2 * x2;
      disc = 1 + rt + x2 * (E2 + rt * E3) + x4 * (E4 + rt * E5 + x2 * (E6 + rt * E7)) + x4 * x4 * (E8 + rt * E9 + x2 * (E10 + rt * E11) + x4 * (E12 + rt * E13));
    } else disc = Math.exp(rt);
    if (!(k > 0) || !(f > 0)) {
      // limits: K → 0 call = D·F (delta D); F → 0 put = D·K
      let p = 0;
      let dl = 0;
      if (call && f > 0) {
        p = disc * f;
        dl = disc;
      } else if (!call && k > 0 && !(f > 0)) p = disc * k;
      price[i] = p;
      delta[i] = dl;
      gamma[i] = 0;
      vega[i] = 0;
      theta[i] = tYears > 0 ? (r * p) / DAYS_PER_YEAR : 0;
      continue;
    }
    let s = totalVol !== null ? (totalVol[i] as number) : sigma > 0 && tYears > 0 ? sigma * Math.sqrt(tYears) : 0;
    if (s === Infinity) s = Number.MAX_VALUE; // the σ√T → ∞ limit: price → D·F (call) or D·K (put)
    if (!(s > 0)) {
      const iv = call ? f - k : k - f;
      price[i] = iv > 0 ? disc * iv : 0;
      const step = f === k ? 0.5 : iv > 0 ? 1 : 0;
      delta[i] = step === 0 ? 0 : call ? disc * step : -disc * step;
      gamma[i] = 0;
      vega[i] = 0;
      theta[i] = 0;
      continue;
    }
    // OTM side direct (a call with forward lo, strike hi), ITM side as intrinsic + OTM side.
    const fLeK = f <= k;
    const lo = fLeK ? f : k;
    const hi = fLeK ? k : f;
    // x = ln(lo/hi) ≤ 0: logRatioFdlibm written out
    let x: number;
    if (logFK !== null) {
      const l = logFK[i] as number;
      x = l < 0 ? l : -l;
    } else if (2 * lo >= hi) {
      const half = lo * Math.SQRT2 < hi;
      const lo2 = half ? 2 * lo : lo;
      const sv = (lo2 - hi) / (lo2 + hi);
      const z = sv * sv;
      const w = z * z;
      const rq = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
      const l1p = 2 * sv + sv * rq;
      x = half ? l1p - LN2_LO - LN2_HI : l1p;
    } else x = Math.log(lo / hi);
    // u ∓ δ = −d₁,₂/√2 (see otmCallKernel); the OTM call is ½·(T₁ − T₂), T₁ = lo·erfc(yLo), T₂ = hi·erfc(yHi)
    const invS = 1 / s;
    const u = -(x * invS) * Math.SQRT1_2; // ≥ 0
    const dl = 0.5 * s * Math.SQRT1_2;
    const yLo = u - dl;
    const yHi = u + dl; // > 0
    let sideA: number; // lo·N(d₁)
    let sideB: number; // hi·N(d₂)
    let g: number; // lo·e^{−d₁²/2} = hi·e^{−d₂²/2}
    let c: number; // the OTM call
    if (dl < TAYLOR_DELTA) {
      // small total vol: the Taylor series of otmCallKernel (u ≥ 0 here, so yLo ≥ −0.02)
      const gArg = yLo < GAUSS_CUTOFF ? -yLo * yLo : -Infinity;
      const eg = expInRange(gArg);
      g = lo * eg;
      if (!(g > 0)) {
        g = 0;
        sideA = 0;
        sideB = 0;
        c = 0;
      } else {
        // f0 = erfcx(u), u ≥ 0: Cody's erfcx form above SMALL, e^{u²}·erfc(u) (erf form) below
        let f0: number;
        if (u > SMALL) {
          if (u <= 4) {
            const num = (((((((C8 * u + C0) * u + C1) * u + C2) * u + C3) * u + C4) * u + C5) * u + C6) * u + C7;
            const den = (((((((u + D0) * u + D1) * u + D2) * u + D3) * u + D4) * u + D5) * u + D6) * u + D7;
            f0 = num / den;
          } else {
            const z = 1 / (u * u);
            const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
            const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
            f0 = (INV_SQRT_PI - (z * num) / den) / u;
          }
        } else {
          const tt = u * u;
          const num = (((A4 * tt + A0) * tt + A1) * tt + A2) * tt + A3;
          const den = (((tt + B0) * tt + B1) * tt + B2) * tt + B3;
          const eu = expFdlibm(tt); // e^{u²}, u² ≤ 0.22: in expFdlibm's range
          f0 = eu * (1 - (u * num) / den);
        }
        const tu = 2 * u;
        const f1 = tu * f0 - 2 * INV_SQRT_PI;
        const f2 = tu * f1 + 2 * f0;
        const f3 = tu * f2 + 4 * f1;
        const f4 = tu * f3 + 6 * f2;
        const f5 = tu * f4 + 8 * f3;
        const f6 = tu * f5 + 10 * f4;
        const f7 = tu * f6 + 12 * f5;
        const f8 = tu * f7 + 14 * f6;
        const f9 = tu * f8 + 16 * f7;
        const d2 = dl * dl;
        // (the series' constant divisions as multiplications by the reciprocals: a change of an ulp in a correction term)
        const diff = -2 * dl * (f1 + d2 * INV6 * (f3 + d2 * INV20 * (f5 + d2 * INV42 * (f7 + d2 * INV72 * f9))));
        const eLo = f0 - dl * (f1 - dl * 0.5 * (f2 - dl * INV3 * (f3 - dl * 0.25 * (f4 - dl * 0.2 * (f5 - dl * INV6 * (f6 - dl * INV7 * (f7 - dl * 0.125 * (f8 - dl * INV9 * f9))))))));
        sideA = 0.5 * g * eLo;
        sideB = 0.5 * g * (eLo - diff);
        c = diff > 0 ? 0.5 * diff * g : 0;
      }
    } else {
      // T₁ = lo·erfc(yLo), T₂ = hi·erfc(yHi), each with no cancellation: Cody's erf form for a small
      // argument, else through erfcx with the one Gaussian factor g (e^{−y²} underflowing to 0 gives the limits)
      const gArg = -yLo * yLo;
      const eg = expInRange(gArg);
      g = lo * eg;
      const ay = yLo < 0 ? -yLo : yLo;
      let t1: number;
      if (ay <= SMALL) {
        const tt = yLo * yLo;
        const num = (((A4 * tt + A0) * tt + A1) * tt + A2) * tt + A3;
        const den = (((tt + B0) * tt + B1) * tt + B2) * tt + B3;
        t1 = lo * (1 - (yLo * num) / den);
      } else {
        let e: number;
        if (ay <= 4) {
          // Cody's P₈/Q₈ by Estrin's scheme (shorter dependency chain than Horner's; positive terms, no cancellation)
          const ya = ay * ay;
          const yb = ya * ya;
          const num = C8 * yb * yb + (((C0 * ay + C1) * ya + (C2 * ay + C3)) * yb + ((C4 * ay + C5) * ya + (C6 * ay + C7)));
          const den = yb * yb + (((D0 * ay + D1) * ya + (D2 * ay + D3)) * yb + ((D4 * ay + D5) * ya + (D6 * ay + D7)));
          e = num / den;
        } else {
          const z = 1 / (ay * ay);
          const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
          const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
          e = (INV_SQRT_PI - (z * num) / den) / ay;
        }
        t1 = yLo > 0 ? g * e : 2 * lo - g * e;
      }
      let t2: number;
      if (yHi <= SMALL) {
        const tt = yHi * yHi;
        const num = (((A4 * tt + A0) * tt + A1) * tt + A2) * tt + A3;
        const den = (((tt + B0) * tt + B1) * tt + B2) * tt + B3;
        t2 = hi * (1 - (yHi * num) / den);
      } else if (yHi <= 4) {
        // Cody's P₈/Q₈ by Estrin's scheme (shorter dependency chain than Horner's; positive terms, no cancellation)
        const ya = yHi * yHi;
        const yb = ya * ya;
        const num = C8 * yb * yb + (((C0 * yHi + C1) * ya + (C2 * yHi + C3)) * yb + ((C4 * yHi + C5) * ya + (C6 * yHi + C7)));
        const den = yb * yb + (((D0 * yHi + D1) * ya + (D2 * yHi + D3)) * yb + ((D4 * yHi + D5) * ya + (D6 * yHi + D7)));
        t2 = (g * num) / den;
      } else {
        const z = 1 / (yHi * yHi);
        const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
        const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
        t2 = (g * (INV_SQRT_PI - (z * num) / den)) / yHi;
      }
      sideA = 0.5 * t1;
      sideB = 0.5 * t2;
      const cc = 0.5 * (t1 - t2);
      c = cc > 0 ? cc : 0;
    }
    // nd1F = F·N(d₁), nmd1F = F·N(−d₁): the smaller one comes straight from the OTM side
    const nd1F = fLeK ? sideA : f - sideB;
    const nmd1F = fLeK ? f - sideA : sideB;
    const iv = call ? f - k : k - f;
    let v = (iv > 0 ? iv : 0) + c;
    if (call ? v > f : v > k) v = call ? f : k;
    const p = disc * v;
    price[i] = p;
    // reciprocals shared (one division for 1/F, one for 1/s: a division costs several multiplications)
    const invF = 1 / f;
    const dInvF = disc * invF;
    delta[i] = call ? dInvF * nd1F : -dInvF * nmd1F;
    const phiS = g * INV_SQRT_2PI * invS; // F·φ(d₁)/s
    gamma[i] = dInvF * phiS * invF;
    vega[i] = disc * phiS * tYears * sigma * 0.01; // D·F·φ(d₁)·√T (= ·s·T·σ/s: √T = s/σ … written with T and σ, no √T)
    // θ = (r·price − D·F·φ(d₁)·σ/(2√T))/365, with σ/√T = σ²/s
    theta[i] = (r * p - 0.5 * disc * phiS * sigma * sigma) * INV_DAYS_PER_YEAR;
  }
}
