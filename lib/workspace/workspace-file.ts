import { z } from "zod";
import { describeIssues, workspaceSchema, type Workspace } from "./schema";

/** JSON export of the whole workspace: full fidelity, versioned, validated on import. */
export const WORKSPACE_FILE_FORMAT = "marginlab-workspace";
export const WORKSPACE_FILE_VERSION = 1;
/** A larger file is refused before parsing. */
export const MAX_WORKSPACE_FILE_BYTES = 20_000_000;

const fileSchema = z.object({
  format: z.literal(WORKSPACE_FILE_FORMAT, { error: `Not a MarginLab workspace file (format must be "${WORKSPACE_FILE_FORMAT}")` }),
  version: z.number().int(),
  exportedAt: z.string().optional(),
  workspace: z.unknown(),
});

/**
 * Serialises a workspace to the export format.
 * @example exportWorkspace(ws) // '{\n  "format": "marginlab-workspace",\n  "version": 1, …'
 */
export function exportWorkspace(workspace: Workspace, now: Date = new Date()): string {
  return JSON.stringify({ format: WORKSPACE_FILE_FORMAT, version: WORKSPACE_FILE_VERSION, exportedAt: now.toISOString(), workspace }, null, 2);
}

export type WorkspaceImport = { ok: true; workspace: Workspace } | { ok: false; error: string };

/** Reads an exported workspace file. Never throws; says what is wrong. */
export function importWorkspace(text: string): WorkspaceImport {
  if (text.length > MAX_WORKSPACE_FILE_BYTES) return { ok: false, error: `The file is too large (over ${MAX_WORKSPACE_FILE_BYTES / 1e6} MB).` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: "The file is not valid JSON." };
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) return { ok: false, error: describeIssues(file.error) };
  if (file.data.version > WORKSPACE_FILE_VERSION) return { ok: false, error: `The file was written by a newer version of MarginLab (format ${file.data.version}; this app reads up to ${WORKSPACE_FILE_VERSION}).` };
  if (file.data.version < 1) return { ok: false, error: `Unknown workspace file version ${file.data.version}.` };
  const ws = workspaceSchema.safeParse(file.data.workspace);
  if (!ws.success) return { ok: false, error: `Invalid workspace: ${describeIssues(ws.error)}` };
  const subIds = new Set<string>();
  for (const s of ws.data.subAccounts) {
    if (subIds.has(s.id)) return { ok: false, error: `Invalid workspace: duplicate sub-account id "${s.id}"` };
    subIds.add(s.id);
  }
  return { ok: true, workspace: ws.data };
}
