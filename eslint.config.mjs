import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig } from "eslint/config";

export default defineConfig([
  { ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Layering (house style): pure numeric and margin code never imports React, the DOM store or the engine client.
    files: ["lib/quant/**", "lib/margin/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["react", "react-dom", "zustand", "@/lib/state/*", "@/lib/engine/*", "@/components/*"] }],
    },
  },
]);
