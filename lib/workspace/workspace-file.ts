import { z } from "zod";
import { describeIssuesPlainly, workspaceSchema, type Workspace } from "./schema";
import { unlistedExpiryLines, type ListedExpiries } from "./import-export";

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

/** `details`: one line per refused position, when the file names expiries the market data does not list. */
export type WorkspaceImport = { ok: true; workspace: Workspace } | { ok: false; error: string; details?: string[] };

/**
 * Reads an exported workspace file. Never throws; says what is wrong. With `listed`, a position on
 * an expiry the market data in use does not list (or one already past) refuses the file, each such
 * position named with the listed expiries nearest to its own.
 */
export function importWorkspace(text: string, listed?: ListedExpiries): WorkspaceImport {
  if (text.length > MAX_WORKSPACE_FILE_BYTES) return { ok: false, error: `The file is too large (over ${MAX_WORKSPACE_FILE_BYTES / 1e6} MB).` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: "The file is not valid JSON." };
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) return { ok: false, error: describeIssuesPlainly(file.error) };
  if (file.data.version > WORKSPACE_FILE_VERSION) return { ok: false, error: `The file was written by a newer version of MarginLab (format ${file.data.version}; this app reads up to ${WORKSPACE_FILE_VERSION}).` };
  if (file.data.version < 1) return { ok: false, error: `Unknown workspace file version ${file.data.version}.` };
  const ws = workspaceSchema.safeParse(file.data.workspace);
  if (!ws.success) return { ok: false, error: `The workspace in the file is not valid: ${describeIssuesPlainly(ws.error)}` };
  const subIds = new Set<string>();
  for (const s of ws.data.subAccounts) {
    if (subIds.has(s.id)) return { ok: false, error: `The workspace in the file is not valid: two sub-accounts share the id "${s.id}"` };
    subIds.add(s.id);
  }
  if (listed) {
    const details = unlistedExpiryLines(ws.data, listed);
    if (details.length) return { ok: false, error: `${details.length} position${details.length === 1 ? "" : "s"} name an expiry the market data does not list:`, details };
  }
  return { ok: true, workspace: ws.data };
}
