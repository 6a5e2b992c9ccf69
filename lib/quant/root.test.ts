import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { brent, findFirstCrossing } from "./root";

/** Dottie number: the unique real root of cos x = x (OEIS A003957: 0.7390851332151606416…). */
const DOTTIE = 0.7390851332151607;

describe("brent", () => {
  it("x² − 2 on [0, 2] → √2", () => {
    const r = brent((x) => x * x - 2, 0, 2);
    expect(r).not.toBeNull();
    expect(r!.converged).toBe(true);
    expect(Math.abs(r!.root - Math.SQRT2)).toBeLessThan(1e-12);
    expect(r!.iterations).toBeLessThan(20);
  });

  it("cos x − x → Dottie number, to a tight tolerance", () => {
    const r = brent((x) => Math.cos(x) - x, 0, 1, { tol: 1e-15 });
    expect(r!.converged).toBe(true);
    expect(Math.abs(r!.root - DOTTIE)).toBeLessThan(4e-16);
  });

  it("accepts a reversed bracket (lo > hi)", () => {
    const r = brent((x) => x * x - 2, 2, 0);
    expect(Math.abs(r!.root - Math.SQRT2)).toBeLessThan(1e-12);
  });

  it("returns null when f(lo) and f(hi) have the same sign (or are NaN)", () => {
    expect(brent((x) => x * x + 1, -1, 1)).toBeNull();
    expect(brent((x) => x * x - 2, 2, 3)).toBeNull();
    expect(brent(() => NaN, 0, 1)).toBeNull();
  });

  it("returns an endpoint that is an exact root", () => {
    expect(brent((x) => x - 1, 1, 5)).toEqual({ root: 1, iterations: 0, converged: true });
    expect(brent((x) => x - 5, 1, 5)).toEqual({ root: 5, iterations: 0, converged: true });
  });

  it("reports non-convergence when maxIter is too small", () => {
    const r = brent((x) => Math.exp(x) - 1e6, 0, 100, { maxIter: 3, tol: 1e-15 });
    expect(r!.converged).toBe(false);
    expect(r!.iterations).toBe(3);
  });

  it("handles a discontinuous sign change (converges to the jump) and flat regions", () => {
    const r = brent((x) => (x < 0.3 ? -1 : 1), 0, 1, { tol: 1e-13 });
    expect(r!.converged).toBe(true);
    expect(Math.abs(r!.root - 0.3)).toBeLessThan(1e-12);
    const cubic = brent((x) => (x - 1) ** 3, -10, 3, { tol: 1e-14 });
    expect(Math.abs(cubic!.root - 1)).toBeLessThan(1e-4); // (x−1)³ is flat at the root: |f| < 1e-12 there
  });

  it("finds the root of random monotone cubics within tolerance (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), (root, c) => {
        const f = (x: number) => c * (x - root) + (x - root) ** 3;
        const r = brent(f, root - 50 - Math.abs(root), root + 37 + Math.abs(root), { tol: 1e-10 });
        expect(r!.converged).toBe(true);
        expect(Math.abs(r!.root - root)).toBeLessThan(1e-9);
      }),
    );
  });
});

describe("findFirstCrossing", () => {
  it("picks the first of several roots when scanning upward", () => {
    // sin has roots π, 2π, 3π in [0.5, 10]
    expect(Math.abs(findFirstCrossing(Math.sin, 0.5, 10, 100)! - Math.PI)).toBeLessThan(1e-12);
    // coarse scan: only 2 sub-intervals, [0.5, 5.25] contains π
    expect(Math.abs(findFirstCrossing(Math.sin, 0.5, 10, 2)! - Math.PI)).toBeLessThan(1e-12);
  });

  it("scans downward when from > to", () => {
    expect(Math.abs(findFirstCrossing(Math.sin, 10, 0.5, 100)! - 3 * Math.PI)).toBeLessThan(1e-12);
  });

  it("returns null when there is no sign change on the scanned points", () => {
    expect(findFirstCrossing((x) => x * x + 1, -5, 5, 50)).toBeNull();
    // a double root between grid points is (by design) invisible to a sign-change scan
    expect(findFirstCrossing((x) => (x - 0.55) ** 2, 0, 1, 10)).toBeNull();
  });

  it("returns a scanned point where f is exactly 0, including `from`", () => {
    expect(findFirstCrossing((x) => x - 2, 0, 4, 4)).toBe(2);
    expect(findFirstCrossing((x) => x, 0, 4, 4)).toBe(0);
    expect(findFirstCrossing((x) => x - 4, 0, 4, 4)).toBe(4);
  });

  it("uses at least one sub-interval and respects tol", () => {
    expect(Math.abs(findFirstCrossing((x) => x * x - 2, 0, 2, 0)! - Math.SQRT2)).toBeLessThan(1e-12);
    expect(Math.abs(findFirstCrossing((x) => x * x - 2, 0, 2, 3.7, { tol: 1e-4 })! - Math.SQRT2)).toBeLessThan(1e-4);
  });

  it("finds the crossing closest to `from` among random roots (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.double({ min: 0.013, max: 9.987, noNaN: true }), { minLength: 1, maxLength: 5 }), fc.boolean(), (roots, upward) => {
        const sorted = [...roots].sort((a, b) => a - b);
        // keep roots well separated so each grid cell holds at most one
        for (let i = 1; i < sorted.length; i++) fc.pre((sorted[i] as number) - (sorted[i - 1] as number) > 0.05);
        const f = (x: number) => sorted.reduce((p, r) => p * (x - r), 1);
        const got = upward ? findFirstCrossing(f, 0, 10, 1000) : findFirstCrossing(f, 10, 0, 1000);
        const want = upward ? sorted[0]! : sorted[sorted.length - 1]!;
        expect(Math.abs(got! - want)).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });
});
