import { z } from "zod";
import type { PersistStorage, StorageValue } from "zustand/middleware";
import { describeIssues, whatIfSchema, workspaceSchema, type Workspace } from "@/lib/workspace/schema";

export const STORAGE_KEY = "marginlab.workspace";
export const BACKUP_PREFIX = "marginlab.backup.";
/** Version of the persisted shape. Bump it with a migration below. */
export const STORE_VERSION = 1;

/** What is persisted: inputs only (results live in the query cache). */
export const persistedSchema = z.object({
  workspace: workspaceSchema,
  selectedId: z.string().nullable(),
  /** added after the first release: absent in older stores, which read as "no what-if" */
  whatIf: whatIfSchema.optional(),
});
export type PersistedState = z.infer<typeof persistedSchema>;

/**
 * Migrations from each older version to the next. Version 0 is the unversioned shape: a bare
 * workspace object `{ subAccounts }` (what an exported workspace file holds).
 */
export const MIGRATIONS: Record<number, (state: unknown) => unknown> = {
  0: (state) => ({ workspace: state, selectedId: null }),
};

/** Runs the migrations from `version` up to STORE_VERSION; throws when the version is unknown. */
export function migrate(state: unknown, version: number): unknown {
  if (version > STORE_VERSION) throw new Error(`it was saved by a newer version of MarginLab (format ${version}, this app reads up to ${STORE_VERSION})`);
  let s = state;
  for (let v = version; v < STORE_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no migration from format ${v}`);
    s = step(s);
  }
  return s;
}

export interface StorageProblem {
  reason: string;
  backupKey: string | null;
  raw: string;
}

/** Parses and validates a raw stored string; returns the state or the reason it is unusable. */
export function readStored(raw: string): { ok: true; state: PersistedState } | { ok: false; reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "the saved workspace is not valid JSON" };
  }
  if (!parsed || typeof parsed !== "object" || !("state" in parsed)) return { ok: false, reason: "the saved workspace has an unrecognised format" };
  const value = parsed as StorageValue<unknown>;
  const version = typeof value.version === "number" ? value.version : 0;
  let migrated: unknown;
  try {
    migrated = migrate(value.state, version);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
  const checked = persistedSchema.safeParse(migrated);
  if (!checked.success) return { ok: false, reason: `the saved workspace failed validation (${describeIssues(checked.error)})` };
  const ids = new Set(checked.data.workspace.subAccounts.map((s) => s.id));
  if (ids.size !== checked.data.workspace.subAccounts.length) return { ok: false, reason: "the saved workspace has duplicate sub-account ids" };
  return { ok: true, state: checked.data };
}

export type StoredRead<S> = { ok: true; state: S } | { ok: false; reason: string };

/**
 * A zustand PersistStorage over a Storage that validates what it reads with `read` (which also
 * migrates) and reports, never throws: an unusable entry goes to `onUnusable` (and reads as
 * nothing stored); every write's outcome goes to `onWriteResult` (null = saved).
 */
export function validatedStorage<S>(
  getStorage: () => Storage,
  read: (raw: string) => StoredRead<S>,
  version: number,
  onUnusable: (raw: string, reason: string) => void,
  onWriteResult: (error: string | null) => void = () => {},
): PersistStorage<S> {
  return {
    getItem(name) {
      let raw: string | null;
      try {
        raw = getStorage().getItem(name);
      } catch {
        return null;
      }
      if (raw === null) return null;
      const res = read(raw);
      if (res.ok) return { state: res.state, version };
      onUnusable(raw, res.reason);
      return null;
    },
    setItem(name, value) {
      try {
        getStorage().setItem(name, JSON.stringify(value));
        onWriteResult(null);
      } catch (e) {
        // Quota or privacy mode: the state keeps working in memory, and the caller is told.
        onWriteResult(e instanceof Error && e.name ? `${e.name}: the browser refused to save (storage full or disabled)` : "the browser refused to save");
      }
    },
    removeItem(name) {
      try {
        getStorage().removeItem(name);
      } catch {
        // ignore
      }
    },
  };
}

/**
 * A zustand PersistStorage over localStorage that validates what it reads. A stored entry that
 * fails (bad JSON, unknown version, invalid field) is copied to a backup key and reported through
 * `onProblem`; the app then starts from the demo. Nothing is ever dropped silently.
 */
export function createSafeStorage(getStorage: () => Storage, onProblem: (p: StorageProblem) => void, onWriteResult: (error: string | null) => void = () => {}): PersistStorage<PersistedState> {
  return validatedStorage(
    getStorage,
    readStored,
    STORE_VERSION,
    (raw, reason) => {
      let backupKey: string | null = `${BACKUP_PREFIX}${new Date().toISOString()}`;
      try {
        getStorage().setItem(backupKey, raw);
      } catch {
        backupKey = null;
      }
      onProblem({ reason, backupKey, raw });
    },
    onWriteResult,
  );
}

export type { Workspace };
