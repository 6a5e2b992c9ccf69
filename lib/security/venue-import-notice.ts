import type { ImportRowError } from "@/lib/workspace/venue-import/venue-import";
import { capEcho, noticeLines } from "./echo";

/** Characters of a file name quoted in a message before it is cut (as the workspace toolbar's). */
export const FILE_NAME_CHARS = 80;

/** Characters of an instrument name quoted in a refused row before it is cut: the reason after it stays in view. */
export const ROW_NAME_CHARS = 80;

/**
 * The text the venue import panel (components/ticket/import-panel.tsx) shows for input it echoes —
 * the parser's error, a file's name, each refused row's name and reason — bounded like every
 * notice (lib/security/echo.ts): a 4.7 MB instrument name once became 9.4 M characters on screen.
 */

/** The parser's error (which may quote the input), capped. */
export function importErrorText(error: string): string {
  return capEcho(error);
}

/** "<name> is larger than N MB", the name capped. */
export function fileTooLargeText(fileName: string, limitBytes: number): string {
  return `${capEcho(fileName, FILE_NAME_CHARS)} is larger than ${limitBytes / 1e6} MB`;
}

/**
 * The refused rows as the panel lists them, "line N (name): reason": the name capped at
 * ROW_NAME_CHARS, each line at ECHO_LIMITS.maxLineChars, at most ECHO_LIMITS.maxLines lines, then
 * "… and N more".
 * @example refusedRowLines([{ line: 7, name: null, reason: "size is missing" }]) // ["line 7: size is missing"]
 */
export function refusedRowLines(errors: readonly ImportRowError[]): string[] {
  return noticeLines(errors.map((e) => `line ${e.line}${e.name ? ` (${capEcho(e.name, ROW_NAME_CHARS)})` : ""}: ${e.reason}`));
}
