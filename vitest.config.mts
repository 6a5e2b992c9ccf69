import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // lib/market/server/** starts with `import "server-only"`, which throws outside a React server
      // bundle; tests run those modules in plain Node, so the marker resolves to an empty module here.
      "server-only": fileURLToPath(new URL("./lib/test-support/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "workers/**/*.test.ts", "scripts/**/*.test.ts", "tools/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
  },
});
