/**
 * Stands in for the `server-only` package under Vitest (see vitest.config.mts).
 *
 * `server-only` throws when imported outside React's "react-server" export condition. Next.js
 * resolves that condition for route handlers and server components, so there the import is a
 * no-op; Vitest runs lib/market/server/** as plain Node modules, where it would throw. The real
 * guard stays in force for the Next.js build: a client component that reaches lib/market/server
 * fails to compile.
 */
export {};
