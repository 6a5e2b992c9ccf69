import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // ccxt is large and server-only: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ["ccxt"],
  // `npm test` runs `tsc --noEmit` over the whole project before building; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Share links carry the portfolio in the URL fragment; send no referrer at all.
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          // With COOP, makes the page cross-origin isolated: it may share memory with its engine workers,
          // so a cancelled computation stops at once (lib/quant/stop-point.ts). Every asset is same-origin.
          { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
          // Ignored by browsers over plain http (localhost); binding once the app is served over https.
          { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
        ],
      },
    ];
  },
};

export default nextConfig;
