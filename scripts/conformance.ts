/**
 * Conformance CLI: runs Derive PM2 cases and SRM test-cases files through MarginLab's engines.
 *
 *   npx tsx scripts/conformance.ts <folder-or-file> [...]
 *
 * Prints one line per case and ends with "N passed, M failed". Exit code 0 when every case
 * passed, 1 when a case failed, 2 when a path does not exist or no case was found.
 */
import { collectFixtureFiles } from "@/tools/conformance/files";
import { runConformance } from "@/tools/conformance/runner";

const paths = process.argv.slice(2).filter((a) => a !== "--");
if (paths.length === 0) {
  console.error("usage: npx tsx scripts/conformance.ts <folder-or-file> [...]");
  process.exit(2);
}
const { files, missing } = collectFixtureFiles(paths);
for (const m of missing) console.error(`error: path not found: ${m}`);
const run = runConformance(files);
for (const line of run.lines) console.log(line);
if (missing.length > 0) process.exit(2);
if (run.reports.length === 0) {
  console.error(`error: no conformance cases found in ${paths.join(", ")}`);
  process.exit(2);
}
process.exit(run.ok ? 0 : 1);
