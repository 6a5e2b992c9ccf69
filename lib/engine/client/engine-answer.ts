import { UNREADABLE_ANSWER } from "@/lib/engine/protocol";
import { EngineRefusal, WorkerFailedError } from "./bridge";

export { UNREADABLE_ANSWER };

/**
 * Reads one answer of the engine worker strictly, inside the bridge job (so a fault replaces the
 * worker): `{ ok: true }` carrying its `field` is the result; `{ ok: false, error }` with a
 * non-empty reason is an {@link EngineRefusal} (deterministic: the worker is kept); anything else
 * (`{ weird: true }`, `{ ok: false }` without a reason, `{ ok: true }` without its result, null) is a
 * {@link WorkerFailedError} saying {@link UNREADABLE_ANSWER}.
 * @example readEngineAnswer(await api.computeSubAccount(request), "result").result
 */
export function readEngineAnswer<R, K extends keyof Extract<R, { ok: true }>>(answer: R, field: K): Extract<R, { ok: true }> {
  if (typeof answer === "object" && answer !== null) {
    const a = answer as { ok?: unknown; error?: unknown; code?: unknown } & Partial<Record<K, unknown>>;
    if (a.ok === true && a[field] !== undefined) return answer as Extract<R, { ok: true }>;
    if (a.ok === false && typeof a.error === "string" && a.error.trim() !== "") throw new EngineRefusal(a.error, typeof a.code === "string" ? a.code : undefined);
  }
  throw new WorkerFailedError(UNREADABLE_ANSWER);
}
