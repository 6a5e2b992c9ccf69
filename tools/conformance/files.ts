/**
 * Node-only helper of the conformance runner: collects fixture files from paths (files or
 * folders, searched recursively for *.json). Not imported by the engine or the browser code.
 *
 * @packageDocumentation
 */

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { FixtureFile } from "./runner";

/** Files found under the given paths, and the paths that do not exist. */
export interface CollectedFiles {
  files: FixtureFile[];
  missing: string[];
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (name.toLowerCase().endsWith(".json")) out.push(p);
  }
}

/**
 * Reads every *.json file under each path (a file is taken whatever its extension).
 *
 * @param paths - files or folders
 * @returns the files (sorted per folder) and the paths that do not exist
 *
 * @example
 * ```ts
 * collectFixtureFiles(["../shared/fixtures"]).files.length; // 71 (70 PM2 cases + the SRM file)
 * ```
 */
export function collectFixtureFiles(paths: readonly string[]): CollectedFiles {
  const files: FixtureFile[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) {
      missing.push(p);
      continue;
    }
    const found: string[] = [];
    if (statSync(p).isDirectory()) walk(p, found);
    else found.push(p);
    for (const f of found) files.push({ path: f, text: readFileSync(f, "utf8") });
  }
  return { files, missing };
}
