import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/security/csp";

/**
 * Sets a per-request nonce-based Content-Security-Policy. (The static security headers —
 * Referrer-Policy, X-Frame-Options, nosniff, Permissions-Policy — come from next.config.ts; the
 * CSP cannot, because its nonce must be fresh for every response.)
 */
export function proxy(request: NextRequest) {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const nonce = btoa(String.fromCharCode(...bytes));
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

/**
 * Every request except the build's static assets: a 404 under /api…, /favicon.ico (there is none:
 * its 404 is an HTML page) and prefetch requests all answer with HTML or an RSC payload, and every
 * HTML response must carry the policy. (JSON from /api/market gets it too, harmlessly.)
 */
export const config = {
  matcher: ["/((?!_next/static|_next/image|screenshot.png).*)"],
};
