import path from "node:path";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import eslintConfigPrettier from "eslint-config-prettier/flat";
import { defineConfig } from "eslint/config";

/**
 * Layers (house style, "Layers, and which way they point"): arrows point down — UI → state / engine client → worker → margin →
 * workspace → market → quant. Two mechanisms enforce them:
 *
 * - `import-x/no-restricted-paths` checks the *resolved file* of every import (so `@/lib/…`, `../…`
 *   and `./…` are all caught the same way). It cannot tell `import type` apart, so it carries every
 *   rule that holds for types too.
 * - core `no-restricted-imports` checks the *specifier*: package bans (react, zustand, ccxt, …) and
 *   the one rule that lets types through (`allowTypeImports`): the engine client may import only
 *   types from the engine worker.
 *
 * Test files are harnesses run by Vitest in Node and never bundled: the layer rules skip them
 * (they may, say, check a market override through a margin model). `import-x/no-cycle` covers them.
 */

const ROOT = path.dirname(fileURLToPath(import.meta.url));

const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx"];
const CODE_FILES = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];

/** Browser-safe market code: all of lib/market except lib/market/server/**. */
const BROWSER_SAFE_MARKET = ["lib/market/*.{ts,tsx}", "lib/market/!(server)/**"];

// ---- import-x/no-restricted-paths zones (paths relative to ROOT; `except` relative to `from`) ----
const zones = [
  {
    target: "lib/quant",
    from: ".",
    except: ["lib/quant", "node_modules"],
    message: "lib/quant is the bottom layer: it imports only lib/quant and packages.",
  },
  {
    target: "lib/market",
    from: ".",
    except: ["lib/quant", "lib/market", "node_modules"],
    message: "lib/market imports only lib/quant and lib/market.",
  },
  {
    target: BROWSER_SAFE_MARKET,
    from: "lib/market/server",
    message: "Browser-safe lib/market code never imports lib/market/server/** (server-only, ccxt).",
  },
  {
    target: "lib/workspace",
    from: ".",
    except: ["lib/quant", "lib/market", "lib/workspace", "node_modules"],
    message: "lib/workspace imports only lib/quant, lib/market and lib/workspace.",
  },
  {
    target: "lib/margin",
    from: ".",
    except: ["lib/quant", "lib/market", "lib/workspace", "lib/margin", "node_modules"],
    message: "lib/margin imports only lib/quant, lib/market, lib/workspace and lib/margin.",
  },
  {
    target: "lib/risk",
    from: ".",
    except: ["lib/quant", "lib/market", "lib/workspace", "lib/margin", "lib/risk", "node_modules"],
    message: "lib/risk imports only lib/quant, lib/market, lib/workspace, lib/margin and lib/risk.",
  },
  {
    target: "components",
    from: "lib/risk",
    except: ["types.ts"],
    message: "Components import from lib/risk only lib/risk/types; results come through lib/engine/client.",
  },
  {
    target: "lib/engine/worker",
    from: ["lib/engine/client", "lib/state", "components", "app"],
    message: "The engine worker never imports the engine client, the store, components or app.",
  },
  {
    target: "lib/state",
    from: ["components", "app", "lib/engine/worker"],
    message: "lib/state never imports components, app or the engine worker (go through lib/engine/client).",
  },
  {
    target: "components",
    from: "lib/margin",
    except: ["result-types.ts", "venues/catalogue.ts"],
    message: "Components import from lib/margin only lib/margin/result-types and lib/margin/venues/catalogue; results come through lib/engine/client.",
  },
  {
    target: "components",
    from: "lib/engine/worker",
    message: "Components never import the engine worker; use lib/engine/client.",
  },
  {
    // Only app/api/** route handlers (and lib/market/server itself) reach the server-side market code.
    target: ["components", "lib/state", "lib/engine", "workers", "app/*.{ts,tsx}", "app/!(api)/**"],
    from: "lib/market/server",
    message: "Only app/api/** route handlers may import lib/market/server/**.",
  },
  {
    target: "workers",
    from: ".",
    except: ["lib/engine/worker/api.ts", "node_modules/comlink"],
    message: "workers/*.worker.ts import only comlink and lib/engine/worker/api (`expose(api)` and nothing else).",
  },
];

// ---- package bans, by specifier (regexes) ----
const UI_PACKAGES = "^(react|react-dom|zustand|zundo|next|recharts)(/|$)";
const QUERY_PACKAGES = "^@tanstack/";
const SERVER_PACKAGES = "^(ccxt|server-only)(/|$)";
const WORKER_BRIDGE = "^comlink(/|$)";

const noUi = { regex: UI_PACKAGES, message: "This layer never imports React, the store, Next or chart libraries." };
const noServer = {
  regex: SERVER_PACKAGES,
  message: "ccxt and server-only belong to lib/market/server/** (reached only from app/api/**).",
};
// TanStack Query stays out of quant, workspace, margin and the engine worker. lib/market is not banned from it:
// lib/market/feed/client.ts is the market domain's `queryOptions` factory.
const noQuery = { regex: QUERY_PACKAGES, message: "TanStack Query belongs to lib/engine/client, lib/market/feed and components." };
const noBridge = { regex: WORKER_BRIDGE, message: "comlink belongs to workers/*.worker.ts and lib/engine/client." };

/** One block per layer for `no-restricted-imports`: each file must match at most one (options do not merge). */
const restrictImports = (name, files, patterns, ignores = []) => ({
  name: `marginlab/layers/${name}`,
  files,
  ignores: [...TEST_FILES, ...ignores],
  rules: { "no-restricted-imports": ["error", { patterns }] },
});

export default defineConfig([
  {
    ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "coverage/**", "out/**", "next-env.d.ts"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },

  // ---- imports: resolver shared by the import-x rules ----
  {
    name: "marginlab/imports",
    files: CODE_FILES,
    plugins: { "import-x": importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: path.join(ROOT, "tsconfig.json"), alwaysTryTypes: true })],
    },
    rules: {
      // Type-only imports never form a cycle here: import-x skips `import type` / all-`type` specifiers.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    name: "marginlab/layers/paths",
    files: CODE_FILES,
    ignores: TEST_FILES,
    rules: { "import-x/no-restricted-paths": ["error", { basePath: ROOT, zones }] },
  },

  // ---- layers: packages, and the engine client's type-only view of the worker ----
  restrictImports("quant", ["lib/quant/**"], [noUi, noQuery, noServer, noBridge]),
  restrictImports("market-browser", ["lib/market/**"], [noUi, noServer, noBridge], ["lib/market/server/**"]),
  restrictImports("market-server", ["lib/market/server/**"], [noUi, noBridge]),
  restrictImports("workspace", ["lib/workspace/**"], [noUi, noQuery, noServer, noBridge]),
  restrictImports("margin", ["lib/margin/**"], [noUi, noQuery, noServer, noBridge]),
  restrictImports("risk", ["lib/risk/**"], [noUi, noQuery, noServer, noBridge]),
  restrictImports("engine-worker", ["lib/engine/worker/**"], [noUi, noQuery, noServer]),
  restrictImports(
    "engine-client",
    ["lib/engine/client/**"],
    [
      noServer,
      {
        regex: "(^|/)engine/worker(/|$)|^\\.\\./worker(/|$)",
        allowTypeImports: true,
        message: "The engine client imports only types from lib/engine/worker (`import type`); the worker itself runs in workers/*.worker.ts.",
      },
    ],
  ),
  restrictImports("state", ["lib/state/**"], [noServer]),
  restrictImports("components", ["components/**"], [noServer]),
  restrictImports("app", ["app/**"], [noServer], ["app/api/**"]),

  // Last: turn off stylistic rules that would fight Prettier.
  eslintConfigPrettier,
]);
