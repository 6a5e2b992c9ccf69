/**
 * High-precision reference for Black-76 (for accuracy checks only — slow).
 *
 * Arithmetic: binary fixed point on BigInt, value = n / 2^bits, with the working precision chosen
 * per evaluation (≥ 200 bits, plus enough guard bits to absorb the cancellation of 1 − N(x) in
 * the far tails). Every input double is converted exactly (a double is a dyadic rational), so the
 * result is the exact Black-76 value of the given doubles to ~1e-40 relative, then rounded once to
 * a double.
 *
 * Functions: exp (argument reduction by ln 2 and by 2^-16, then Taylor), ln (reduction to
 * [1, 2), then 2·atanh series), sqrt (integer Newton), the normal CDF by its everywhere-convergent
 * series N(x) = ½ + φ(x)·Σ x^{2n+1}/(2n+1)!! (all terms of one sign), π by Machin's formula.
 *
 * @packageDocumentation
 */

/** Default working precision in bits (before tail guard bits). */
const BASE_BITS = 200;
/** Beyond |x| = 40, N(−|x|) < 1e-349: the CDF is taken as exactly 0 or 1. */
const CDF_SATURATION = 40;

/** A fixed-point context: every BigInt is a value scaled by 2^bits. */
class Fixed {
  readonly bits: bigint;
  readonly one: bigint;
  private lnTwo: bigint | null = null;
  private piValue: bigint | null = null;

  constructor(bits: number) {
    this.bits = BigInt(bits);
    this.one = 1n << this.bits;
  }

  /** exact conversion of a finite double */
  fromDouble(x: number): bigint {
    if (!Number.isFinite(x)) throw new Error(`hp: not a finite number: ${x}`);
    if (x === 0) return 0n;
    const buf = new DataView(new ArrayBuffer(8));
    buf.setFloat64(0, x);
    const hi = buf.getUint32(0);
    const lo = buf.getUint32(4);
    const sign = hi >>> 31 ? -1n : 1n;
    const expBits = (hi >>> 20) & 0x7ff;
    let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    let e: number;
    if (expBits === 0) e = -1074;
    else {
      mant |= 1n << 52n;
      e = expBits - 1075;
    }
    const shift = BigInt(e) + this.bits;
    const v = shift >= 0n ? mant << shift : mant >> -shift;
    return sign * v;
  }

  /** round to the nearest double (via a decimal string of ample length) */
  toDouble(v: bigint): number {
    const neg = v < 0n;
    const a = neg ? -v : v;
    const intPart = a >> this.bits;
    const frac = a - (intPart << this.bits);
    // 60 significant decimal digits after the point are plenty for a correctly rounded double
    // of values ≥ 1e-300 relative to the scale used here.
    const digits = 60n + BigInt(Math.ceil(Number(this.bits) * 0.30103));
    const scaled = (frac * 10n ** digits) >> this.bits;
    const s = `${intPart}.${scaled.toString().padStart(Number(digits), "0")}`;
    const x = Number(s);
    return neg ? -x : x;
  }

  mul(a: bigint, b: bigint): bigint {
    return (a * b) >> this.bits;
  }

  div(a: bigint, b: bigint): bigint {
    return (a << this.bits) / b;
  }

  sqrt(a: bigint): bigint {
    if (a < 0n) throw new Error("hp: sqrt of a negative number");
    if (a === 0n) return 0n;
    const n = a << this.bits; // sqrt(a·2^b · 2^b) = sqrt(a/2^b)·2^b
    let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
    for (;;) {
      const y = (x + n / x) >> 1n;
      if (y >= x) return x;
      x = y;
    }
  }

  ln2(): bigint {
    if (this.lnTwo === null) {
      // ln 2 = 2·atanh(1/3)
      this.lnTwo = 2n * this.atanhSmall(this.div(this.one, 3n * this.one));
    }
    return this.lnTwo;
  }

  pi(): bigint {
    if (this.piValue === null) {
      // Machin: π = 16·atan(1/5) − 4·atan(1/239)
      const atanInv = (k: bigint) => {
        const x = this.one / k;
        const x2 = this.mul(x, x);
        let term = x;
        let sum = 0n;
        for (let n = 1n; term !== 0n; n += 2n) {
          sum += (n / 2n) % 2n === 0n ? term / n : -term / n;
          term = this.mul(term, x2);
        }
        return sum;
      };
      this.piValue = 16n * atanInv(5n) - 4n * atanInv(239n);
    }
    return this.piValue;
  }

  /** atanh(x) = Σ x^{2n+1}/(2n+1) for |x| ≤ 1/3 */
  private atanhSmall(x: bigint): bigint {
    const x2 = this.mul(x, x);
    let term = x;
    let sum = 0n;
    for (let n = 1n; term !== 0n; n += 2n) {
      sum += term / n;
      term = this.mul(term, x2);
    }
    return sum;
  }

  /** natural log of a > 0 */
  ln(a: bigint): bigint {
    if (a <= 0n) throw new Error("hp: ln of a non-positive number");
    // a = m·2^k with m in [1, 2)
    const len = a.toString(2).length - 1; // floor(log2(a))
    const k = BigInt(len) - this.bits;
    const m = k >= 0n ? a >> k : a << -k;
    const t = this.div(m - this.one, m + this.one); // ≤ 1/3
    return 2n * this.atanhSmall(t) + k * this.ln2();
  }

  /** e^a */
  exp(a: bigint): bigint {
    // a = k·ln2 + r, |r| ≤ ln2/2; e^r by Taylor on r/2^16, then squared 16 times
    const l2 = this.ln2();
    let k = a / l2;
    let r = a - k * l2;
    if (2n * r > l2) {
      r -= l2;
      k += 1n;
    } else if (2n * r < -l2) {
      r += l2;
      k -= 1n;
    }
    const squarings = 16n;
    const rs = r >> squarings;
    let term = this.one;
    let sum = this.one;
    for (let n = 1n; term !== 0n; n++) {
      term = this.mul(term, rs) / n;
      sum += term;
    }
    for (let i = 0n; i < squarings; i++) sum = this.mul(sum, sum);
    return k >= 0n ? sum << k : sum >> -k;
  }

  /** standard normal CDF N(x) */
  normCdf(x: bigint): bigint {
    const neg = x < 0n;
    const ax = neg ? -x : x;
    if (ax > BigInt(CDF_SATURATION) * this.one) return neg ? 0n : this.one;
    const x2 = this.mul(ax, ax);
    // φ(x) = e^{−x²/2}/√(2π)
    const phi = this.div(this.exp(-(x2 >> 1n)), this.sqrt(2n * this.pi()));
    // S = Σ x^{2n+1}/(2n+1)!!, terms all positive
    let term = ax;
    let sum = 0n;
    for (let n = 1n; term !== 0n; n += 2n) {
      sum += term;
      term = this.mul(term, x2) / (n + 2n);
    }
    const half = this.one >> 1n;
    const tail = this.mul(phi, sum);
    return neg ? half - tail : half + tail;
  }
}

/** Result of {@link hpBlack76}: the price and first Greeks rounded to doubles. */
export interface HpBlack76Result {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
}

/**
 * High-precision Black-76 price, delta, gamma and vega (per vol point) of the given doubles.
 * Conventions as lib/quant/black76.ts: D = e^{−r·T}, s = σ√T, d₁ = ln(F/K)/s + s/2.
 * Requires F, K, T, σ > 0 (finite); throws otherwise (it is a test reference, not an engine).
 *
 * @param forward - F
 * @param strike - K
 * @param years - T
 * @param vol - σ
 * @param rate - r
 * @param isCall - call or put
 * @returns the price and Greeks, each correctly rounded to ~1 ulp
 *
 * @example
 * ```ts
 * hpBlack76(100, 100, 0.5, 0.6, 0.03, true).price; // 16.549548… (to the last bit)
 * ```
 */
export function hpBlack76(forward: number, strike: number, years: number, vol: number, rate: number, isCall: boolean): HpBlack76Result {
  if (!(forward > 0 && strike > 0 && years > 0 && vol > 0) || !Number.isFinite(rate)) {
    throw new Error("hpBlack76: F, K, T, σ must be positive and finite, r finite");
  }
  // rough |d| to size the guard bits: φ(d) ≈ e^{−d²/2} is held in fixed point (losing 0.72·d² bits of
  // relative precision) and N(−|d|) = ½ − φ·S cancels as many again
  const sApprox = vol * Math.sqrt(years);
  const dApprox = Math.min(Math.abs(Math.log(forward / strike)) / sApprox + sApprox, CDF_SATURATION);
  const guard = Math.ceil(dApprox * dApprox * 1.5) + 64;
  const fx = new Fixed(BASE_BITS + guard);
  const F = fx.fromDouble(forward);
  const K = fx.fromDouble(strike);
  const T = fx.fromDouble(years);
  const sigma = fx.fromDouble(vol);
  const r = fx.fromDouble(rate);
  const D = fx.exp(-fx.mul(r, T));
  const sqrtT = fx.sqrt(T);
  const s = fx.mul(sigma, sqrtT);
  const lnFK = fx.ln(fx.div(F, K));
  const d1 = fx.div(lnFK, s) + (s >> 1n);
  const d2 = d1 - s;
  const Nd1 = fx.normCdf(d1);
  const Nd2 = fx.normCdf(d2);
  const one = fx.one;
  let undiscounted: bigint;
  let deltaU: bigint;
  if (isCall) {
    undiscounted = fx.mul(F, Nd1) - fx.mul(K, Nd2);
    deltaU = Nd1;
  } else {
    undiscounted = fx.mul(K, one - Nd2) - fx.mul(F, one - Nd1);
    deltaU = Nd1 - one;
  }
  const phiD1 = fx.div(fx.exp(-(fx.mul(d1, d1) >> 1n)), fx.sqrt(2n * fx.pi()));
  const price = fx.mul(D, undiscounted);
  const delta = fx.mul(D, deltaU);
  const gamma = fx.div(fx.div(fx.mul(D, phiD1), F), s);
  const vega = fx.mul(fx.mul(fx.mul(D, F), phiD1), sqrtT) / 100n;
  return { price: fx.toDouble(price), delta: fx.toDouble(delta), gamma: fx.toDouble(gamma), vega: fx.toDouble(vega) };
}
