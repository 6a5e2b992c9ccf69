import { isWorkerFault, WorkerSilentError } from "@/lib/engine/client/bridge";

/** The note under a real worker fault's message (a crash, a throw, an unreadable answer): the worker was replaced. */
export const RESTART_NOTE = "The worker has been restarted; your inputs are kept.";

/**
 * What the Margin panel says about a failed margin query: one message, and the restart note only
 * for a real worker fault. A worker that stopped responding twice (WorkerSilentError,
 * STOPPED_RESPONDING) already says what happened and that the inputs are kept: it is shown alone.
 * A refusal (EngineRefusal) kept a healthy worker: it says why, with no note.
 */
export function engineErrorNotice(error: Error): { message: string; restartNote: string | null } {
  if (error instanceof WorkerSilentError) return { message: error.message, restartNote: null };
  if (isWorkerFault(error)) return { message: `The margin engine failed: ${error.message}`, restartNote: RESTART_NOTE };
  return { message: `The margin engine cannot compute this sub-account: ${error.message}`, restartNote: null };
}
