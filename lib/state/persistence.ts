import { str as crc32 } from "crc-32";
import { z } from "zod";
import type { PersistStorage, StorageValue } from "zustand/middleware";
import { describeIssues, whatIfSchema, workspaceSchema, type Workspace } from "@/lib/workspace/schema";

export const STORAGE_KEY = "marginlab.workspace";
export const BACKUP_PREFIX = "marginlab.backup.";

export const BACKUP_LIMITS = {
  /**
   * All backups together, in UTF-16 code units (what browsers count against the usual 5 M quota):
   * a value that would pass it is not copied, but kept where it is until the trader downloads it.
   */
  maxTotalChars: 1_000_000,
} as const;
/** Version of the persisted shape. Bump it with a migration below. */
export const STORE_VERSION = 1;

/** What is persisted: inputs only (results live in the query cache). */
export const persistedSchema = z.object({
  workspace: workspaceSchema,
  selectedId: z.string().nullable(),
  /** added after the first release: absent in older stores, which read as "no what-if" */
  whatIf: whatIfSchema.optional(),
  /** per sub-account edit clocks and deletion tombstones of each tab (lib/state/tab-merge.ts); absent = none */
  clocks: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())).optional(),
  tombstones: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())).optional(),
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
  /** where a copy is kept in this browser (null: no copy, or deleted after download) */
  backupKey: string | null;
  raw: string;
  /**
   * true when no copy could be made (too large for the backup cap, or the browser refused): the
   * value stays under the workspace key, and nothing is saved over it until the trader has
   * downloaded it or chosen to discard it.
   */
  held?: boolean;
  /** why no copy was made, in the trader's words */
  backupRefusal?: string;
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

/** The backup keys in a Storage, oldest first (their names start with the time of the copy). */
export function backupKeys(storage: Storage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(BACKUP_PREFIX)) keys.push(k);
  }
  return keys.sort();
}

/** A short fingerprint of a stored value (CRC-32 and length): equal contents share one backup. */
export function contentTag(raw: string): string {
  return `${(crc32(raw) >>> 0).toString(16).padStart(8, "0")}-${raw.length.toString(36)}`;
}

/**
 * Copies an unusable stored value to `marginlab.backup.<time>.<content tag>`, once per distinct
 * content, within BACKUP_LIMITS. Returns the key, or why no copy was made.
 */
export function backUp(storage: Storage, raw: string, now: number): { key: string } | { refused: string } {
  const tag = contentTag(raw);
  const keys = backupKeys(storage);
  const same = keys.find((k) => k.endsWith(`.${tag}`) && storage.getItem(k) === raw);
  if (same) return { key: same };
  const used = keys.reduce((n, k) => n + k.length + (storage.getItem(k)?.length ?? 0), 0);
  const key = `${BACKUP_PREFIX}${new Date(now).toISOString()}.${tag}`;
  if (used + key.length + raw.length > BACKUP_LIMITS.maxTotalChars) {
    return {
      refused: `it is too large to keep another copy in this browser (${(raw.length / 1_000).toFixed(0)} k characters; the backups already hold ${(used / 1_000).toFixed(0)} k of ${(BACKUP_LIMITS.maxTotalChars / 1_000).toFixed(0)} k)`,
    };
  }
  try {
    storage.setItem(key, raw);
    return { key };
  } catch {
    return { refused: "the browser refused to store a copy (storage full or disabled)" };
  }
}

/** The message of a save that is held back until the trader has downloaded the unusable value. */
export const HELD_SAVE_ERROR = "your earlier saved workspace could not be backed up, so nothing is saved over it until you download it (or choose to discard it)";

export interface SafeStorage extends PersistStorage<PersistedState> {
  /** lifts the hold of a value that could not be backed up (after download or discard) */
  release(): void;
}

/**
 * A zustand PersistStorage over localStorage that validates what it reads. A stored entry that
 * fails (bad JSON, unknown version, invalid field) is copied to a backup key (one per distinct
 * content, within a size cap) and reported through `onProblem`; the app then starts from the demo.
 * An entry that cannot be copied is held: no write replaces it until `release()`. Nothing is ever
 * dropped silently, and every failed or held write is reported through `onWriteResult`.
 */
export function createSafeStorage(getStorage: () => Storage, onProblem: (p: StorageProblem) => void, onWriteResult: (error: string | null) => void = () => {}, now: () => number = Date.now): SafeStorage {
  let held: string | null = null;
  const inner = validatedStorage(
    getStorage,
    readStored,
    STORE_VERSION,
    (raw, reason) => {
      let result: { key: string } | { refused: string };
      try {
        result = backUp(getStorage(), raw, now());
      } catch {
        result = { refused: "the browser's storage could not be read" };
      }
      if ("key" in result) onProblem({ reason, backupKey: result.key, raw });
      else {
        held = STORAGE_KEY;
        onProblem({ reason, backupKey: null, raw, held: true, backupRefusal: result.refused });
      }
    },
    onWriteResult,
  );
  return {
    ...inner,
    setItem(name, value) {
      if (held === name) {
        onWriteResult(HELD_SAVE_ERROR);
        return;
      }
      return inner.setItem(name, value);
    },
    release() {
      held = null;
    },
  };
}

export type { Workspace };
