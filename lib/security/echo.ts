/**
 * Limits on user input echoed back in messages (file names, CSV cells and headers, JSON errors):
 * a message quotes enough to find the problem, never the whole input (a 4.7 MB header once
 * became a 5.3 M-character dialog and a 1.4 s long task).
 */
export const ECHO_LIMITS = {
  /** characters of one echoed line before it is cut */
  maxLineChars: 300,
  /** lines listed before "… and N more" */
  maxLines: 50,
} as const;

/**
 * Cuts `text` to at most `max` characters (never splitting a surrogate pair) and says how much was
 * left out.
 * @example capEcho("x".repeat(1000), 10) // "xxxxxxxxxx… (990 more characters not shown)"
 */
export function capEcho(text: string, max: number = ECHO_LIMITS.maxLineChars): string {
  if (text.length <= max) return text;
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // keep a pair whole
  return `${text.slice(0, end)}… (${(text.length - end).toLocaleString("en-US")} more characters not shown)`;
}

/** The lines of an error notice: at most maxLines, each capped, then "… and N more". */
export function noticeLines(lines: readonly string[]): string[] {
  const shown = lines.slice(0, ECHO_LIMITS.maxLines).map((l) => capEcho(l));
  return lines.length > ECHO_LIMITS.maxLines ? [...shown, `… and ${lines.length - ECHO_LIMITS.maxLines} more`] : shown;
}
