/**
 * The page's Content-Security-Policy. Scripts run only from this origin and only when they carry
 * the per-request nonce (Next.js puts it on its own inline bootstrap scripts); no eval in
 * production; the page talks only to its own origin; no framing; no plugins; no <base> tricks.
 * Styles allow inline attributes (the chart library positions elements with style="…"); no
 * user text is ever rendered as HTML.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
