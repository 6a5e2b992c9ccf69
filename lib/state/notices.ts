import type { StorageProblem } from "./persistence";

/** What the storage notice area shows, most urgent first. */
export type StorageNoticeItem = { kind: "save-error"; message: string } | { kind: "storage-problem"; problem: StorageProblem };

/**
 * Every notice about saving, whatever else is on screen: a failed save is never hidden behind the
 * "could not be restored" notice (both are shown, the failed save first).
 * @example storageNotices({ saveError: "storage full", storageProblem: null }) // [{ kind: "save-error", … }]
 */
export function storageNotices(s: { saveError: string | null; storageProblem: StorageProblem | null }): StorageNoticeItem[] {
  const out: StorageNoticeItem[] = [];
  if (s.saveError) out.push({ kind: "save-error", message: s.saveError });
  if (s.storageProblem) out.push({ kind: "storage-problem", problem: s.storageProblem });
  return out;
}

/**
 * True while this tab holds work that is not in storage: the last save failed, or a saved value
 * that could not be backed up is being kept until the trader downloads it. Leaving the page then
 * asks first (beforeunload).
 */
export function unsavedWork(s: { saveError: string | null; storageProblem: StorageProblem | null }): boolean {
  return s.saveError !== null || s.storageProblem?.held === true;
}
