/** True when every number anywhere inside `x` (objects, arrays) is finite: no NaN, no ±Infinity. For tests. */
export function allFinite(x: unknown): boolean {
  if (typeof x === "number") return Number.isFinite(x);
  if (Array.isArray(x)) return x.every(allFinite);
  if (x && typeof x === "object") return Object.values(x).every(allFinite);
  return true;
}
